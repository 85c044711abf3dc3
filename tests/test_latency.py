"""Onset latency of a population response (contiguity, model §6.8): known answers, bad input,
and the record's latencies on a synthetic run whose pools start firing at trial onset."""

import math

import numpy as np
import pytest

from mirrorsim.measures.latency import onset_latency

EDGES = np.arange(-40, 101) * 0.005  # 200 ms of baseline, 500 ms after onset


def _psth(onset_s: float, rng: np.random.Generator) -> np.ndarray:
    rate = rng.poisson(5.0, EDGES.size - 1).astype(float)
    rate[EDGES[:-1] >= onset_s - 1e-9] += 40.0
    return rate


@pytest.mark.parametrize("onset", [0.0, 0.035, 0.12, 0.3])
def test_finds_the_onset(onset):
    rng = np.random.default_rng(1)
    assert onset_latency(_psth(onset, rng), EDGES) == pytest.approx(onset, abs=1e-9)


def test_no_response_is_nan_and_single_bins_do_not_count():
    rng = np.random.default_rng(2)
    flat = rng.poisson(5.0, EDGES.size - 1).astype(float)
    assert math.isnan(onset_latency(flat, EDGES, n_sd=5))
    blips = flat.copy()
    blips[[60, 62, 64]] += 100  # isolated bins: no run of three
    assert math.isnan(onset_latency(blips, EDGES, n_sd=5))


@pytest.mark.parametrize(
    "psth, edges, match",
    [
        (np.ones(5), np.arange(5), "len"),
        (np.array([1.0, np.nan, 1.0]), np.arange(-2, 2), "non-finite"),
        (np.ones(3), np.arange(0, 4), "baseline"),
    ],
)
def test_bad_input_is_refused(psth, edges, match):
    with pytest.raises(ValueError, match=match):
        onset_latency(psth, edges)


def test_record_latencies_on_a_synthetic_run():
    from mirrorsim.analysis.run_metrics import observation_latencies
    from mirrorsim.testing import poisson_run

    latencies = observation_latencies(poisson_run(seed=1, rate=5.0, pool_rate=40.0))
    assert set(latencies) == {"sts", "ipl_e", "f5_e", "m1_e"}
    for pop in ("ipl_e", "f5_e", "m1_e"):  # the synthetic pools fire from the trial's onset
        assert latencies[pop] == pytest.approx(0.0)
    assert math.isnan(latencies["sts"])  # its synthetic cells have no action pool
