"""Scalp EEG (mirrorsim.measures.eeg and analysis.clinical.scalp_mu) on known inputs."""

import math

import numpy as np
import pytest

from mirrorsim.analysis.clinical import scalp_mu
from mirrorsim.circuit import LFP_AREAS
from mirrorsim.measures.eeg import (
    _LEAD_ANGLES,
    _radial_lead_by_angle,
    scalp_leads,
    scalp_mu_index,
)
from mirrorsim.measures.lfp import MU_BAND, band_power, mu_suppression_index
from mirrorsim.params import make_params
from mirrorsim.testing import poisson_run

FS = 1000.0


def test_lead_under_the_electrode_matches_lfpykits_documented_example():
    """LFPykit's FourSphereVolumeConductor example: a radial dipole of 10 nA·µm at 78 mm gives
    1.06247669e-08 mV on the scalp right above it, i.e. 1.0625 µV per nA·m."""
    assert _radial_lead_by_angle()[0] == pytest.approx(1.06247669, rel=1e-6)


def test_lead_falls_with_distance_and_the_skull_smears_it_over_centimetres():
    lead = _radial_lead_by_angle()
    near = lead[_LEAD_ANGLES <= 30]
    assert np.all(np.diff(near) < 0)
    half = _LEAD_ANGLES[np.argmax(lead < 0.5 * lead[0])] * np.pi / 180 * 78  # mm on the cortex
    assert 5 < half < 25  # EEG's point spread: about a centimetre, not millimetres


def test_patches_under_the_electrode_lead_and_larger_patches_take_a_larger_share():
    shares = []
    for area in (3e-4, 6e-4, 12e-4):
        leads = scalp_leads("C3", area)
        assert leads.area["m1"] > leads.area["ipl"] > 0 and leads.area["m1"] > leads.area["f5"] > 0
        own = sum(v**2 for v in leads.area.values())
        shares.append(own / (own + leads.rest_of_cortex))
    assert shares[0] < shares[1] < shares[2] < 1


def test_bad_electrode_or_area_is_refused():
    with pytest.raises(ValueError, match="electrode"):
        scalp_leads("Oz", 6e-4)
    with pytest.raises(ValueError, match="patch_area"):
        scalp_leads("C3", -1.0)
    with pytest.raises(ValueError, match="patches"):
        scalp_leads("C3", 1.0)
    with pytest.raises(ValueError, match="background"):
        scalp_mu_index([np.ones(500)], [np.ones(500)], math.nan, FS)


def test_index_is_the_local_one_without_background_and_shrinks_towards_zero_with_it():
    rng = np.random.default_rng(3)
    t = np.arange(0, 0.5, 1 / FS)
    rest = [
        np.sin(2 * np.pi * 10 * t + rng.uniform(0, 6)) + 0.1 * rng.normal(size=t.size)
        for _ in range(8)
    ]
    cond = [0.3 * r for r in rest]
    local = mu_suppression_index(cond, rest, FS)
    assert scalp_mu_index(cond, rest, 0.0, FS) == pytest.approx(local)
    values = [scalp_mu_index(cond, rest, b, FS) for b in (0.0, 0.01, 0.1, 1.0, 100.0)]
    assert all(a < b for a, b in zip(values, values[1:], strict=False))
    assert -1e-2 < values[-1] < 0


def _run_with_lfp(execute_flat: bool):
    """A fake run whose LFP proxy is a 10 Hz rhythm plus noise in every area, except (if
    ``execute_flat``) that it is constant in the execute trials' windows."""
    data = poisson_run(seed=2, rate=5.0)
    n = round(data.protocol.duration / data.lfp_dt)
    t = np.arange(n) * data.lfp_dt
    rng = np.random.default_rng(5)
    data.lfp = {}
    for k, area in enumerate(LFP_AREAS):
        x = 1.0 + 0.2 * np.sin(2 * np.pi * 10 * t + k) + 0.05 * rng.normal(size=n)
        if execute_flat:
            for tr in data.protocol.block_trials("post", "execute"):
                x[round(tr.onset / data.lfp_dt) : round((tr.onset + tr.duration) / data.lfp_dt)] = (
                    1.0
                )
        data.lfp[area] = x * 1e-9
    return data


def test_a_rhythm_that_stops_while_executing_leaves_only_the_rest_of_cortex():
    """With the modelled areas silent in the mu band while executing, the electrode keeps only
    the rest of cortex's power: the index is ln(1 - share), a floor set by the geometry."""
    out = scalp_mu(_run_with_lfp(execute_flat=True), "post")
    share = out["eeg_task_share"]
    assert 0 < share < 1
    assert out["eeg_mu_execute"] == pytest.approx(math.log(1 - share), abs=1e-9)
    assert abs(out["eeg_mu_observe"]) < 0.2  # unchanged rhythm: only trial-to-trial noise


def test_larger_patches_deepen_the_scalp_index():
    data = _run_with_lfp(execute_flat=True)
    small = scalp_mu(data, "post")["eeg_mu_execute"]
    data.params = make_params({"eeg_patch_area": "12 cm2"}, base=data.params)
    large = scalp_mu(data, "post")["eeg_mu_execute"]
    assert large < small < 0


def test_band_power_of_a_constant_is_zero():
    assert band_power(np.ones(400), FS, MU_BAND, 400) == pytest.approx(0.0, abs=1e-20)
