"""Tests for mirrorsim.analysis.firing_summary: synthetic runs with known answers, and the
saved run.

Synthetic runs (:func:`mirrorsim.testing.poisson_run`) use fixed seeds; tolerances are several
standard errors wide, so the checks are deterministic and not tuned to the seeds.
"""

from __future__ import annotations

import csv
import json
import math
import os
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from brian2 import second

from mirrorsim import analysis
from mirrorsim.analysis.firing_summary import (
    POPULATIONS,
    SPONTANEOUS_STATISTICS,
    SUMMARY_CONDITIONS,
    SUMMARY_CSV,
    SUMMARY_JSON,
    _fano_across_trials,
    firing_summary,
    flatten,
    format_table,
    read_summary,
    unflatten,
    write_summary,
)
from mirrorsim.results import params_record, save_run_arrays, write_json
from mirrorsim.simulate import SpikeData
from mirrorsim.testing import SMALL_PARAMS, poisson_run

SAVED_RUN = Path(os.environ.get("MIRRORSIM_SAVED_RUN", "/tmp/plotdata_run1"))
POOLED = ("ipl_e", "f5_e", "m1_e")
RATE, POOL_RATE = 5.0, 40.0


@pytest.fixture(scope="module")
def run():
    # 10 s of spontaneous activity: ~50 spikes per neuron even in the 10-cell gate, so that the
    # +-0.25 bands on CV2/LV/Fano below are several standard errors wide for every population.
    params = {**SMALL_PARAMS, "t_spontaneous": "10 s"}
    return poisson_run(params, seed=3, rate=RATE, pool_rate=POOL_RATE)


@pytest.fixture(scope="module")
def summary(run):
    return firing_summary(run)


def save_synthetic(run, directory: Path) -> Path:
    """A run directory as `mirrorsim run` writes it (params.json, spikes.npz, weights.npz)."""
    directory.mkdir(parents=True, exist_ok=True)
    save_run_arrays(directory, run)
    write_json(
        directory / "params.json",
        params_record(run.params, run.seed, "mirror-emergence", {"code_target": "test"}),
    )
    return directory


# --------------------------------------------------------------------------- structure


def test_structure_populations_conditions_statistics(summary):
    assert tuple(summary) == POPULATIONS
    for pop, conditions in summary.items():
        assert tuple(conditions) == SUMMARY_CONDITIONS
        assert tuple(conditions["spontaneous"]) == SPONTANEOUS_STATISTICS
        assert set(conditions["rest"]) == {"rate_hz", "fano_factor"}
        pooled = {"pool_rate_hz", "other_rate_hz"} if pop in POOLED else set()
        for condition in ("execute", "observe"):
            assert set(conditions[condition]) == {"rate_hz", "fano_factor"} | pooled
        for values in conditions.values():
            assert all(isinstance(v, float) for v in values.values())


def test_flatten_round_trip(summary):
    flat = flatten(summary)
    assert "f5_e.observe.pool_rate_hz" in flat
    assert len(flat) == sum(len(v) for c in summary.values() for v in c.values())
    back = unflatten(flat)
    assert flatten(back) == flat


# --------------------------------------------------------------------------- known answers


def test_poisson_values(run, summary):
    duration = (
        run.protocol.epoch("spontaneous_post").stop - run.protocol.epoch("spontaneous_post").start
    )
    for pop in POPULATIONS:
        n = run.spikes[pop].n
        spont = summary[pop]["spontaneous"]
        assert spont["rate_hz"] == pytest.approx(RATE, abs=6 * math.sqrt(RATE / (n * duration)))
        assert abs(spont["correlation"]) < 0.02
        for stat in ("cv2", "lv", "fano_factor"):
            assert spont[stat] == pytest.approx(1.0, abs=0.25), (pop, stat)
        # unbiased across-trial Fano factor of Poisson counts is 1
        assert summary[pop]["rest"]["fano_factor"] == pytest.approx(1.0, abs=0.3), pop


def test_pool_rates_and_trial_rates(run, summary):
    win = float((run.params.t_trial - run.params.analysis_start) / second)
    n_trials = len(run.protocol.block_trials("post", "observe"))
    for pop in POOLED:
        n = run.spikes[pop].n
        se = math.sqrt(POOL_RATE / (n / 3 * n_trials * win))
        for condition in ("execute", "observe"):
            values = summary[pop][condition]
            assert values["pool_rate_hz"] == pytest.approx(POOL_RATE, abs=6 * se)
            assert values["other_rate_hz"] == pytest.approx(RATE, abs=1.0)
    for pop in ("ipl_i", "f5_i", "gate"):
        for condition in ("rest", "execute", "observe"):
            assert summary[pop][condition]["rate_hz"] == pytest.approx(RATE, abs=1.5)


def test_response_window_edges_exact(run):
    """Spikes at onset + analysis_start count, at onset + t_trial and just before start do not."""
    p = run.params
    start = float(p.analysis_start / second)
    t_trial = float(p.t_trial / second)
    n = run.spikes["f5_e"].n
    times, index = [], []
    for trial in run.protocol.trials:
        for offset in (start - 1e-6, start, t_trial):
            times.append(np.full(n, trial.onset + offset))
            index.append(np.arange(n))
    t, i = np.concatenate(times), np.concatenate(index)
    spikes = dict(run.spikes)
    spikes["f5_e"] = SpikeData(i, t, n, run.spikes["f5_e"].action)
    out = firing_summary(replace(run, spikes=spikes), populations=["f5_e"])["f5_e"]
    win = t_trial - start
    for condition in ("rest", "execute", "observe"):
        assert out[condition]["rate_hz"] == pytest.approx(1 / win, rel=1e-12)
        assert out[condition]["fano_factor"] == 0.0
    assert out["observe"]["pool_rate_hz"] == pytest.approx(1 / win, rel=1e-12)
    assert out["observe"]["other_rate_hz"] == pytest.approx(1 / win, rel=1e-12)
    assert out["spontaneous"]["rate_hz"] == 0.0
    assert math.isnan(out["spontaneous"]["isi_cv"])


def test_fano_across_trials_per_action():
    # neuron 0: counts 0, 2 alternating within each action -> var (ddof=1) 4/3, mean 1
    counts = np.array([[0, 3], [2, 3], [0, 3], [2, 3], [5, 0], [5, 0]])
    actions = np.array([0, 0, 0, 0, 1, 1])
    # neuron 0: action 0 -> 4/3, action 1 -> 0; neuron 1: action 0 -> 0, action 1 silent (NaN)
    assert _fano_across_trials(counts, actions) == pytest.approx(((4 / 3 + 0) / 2 + 0) / 2)
    assert math.isnan(_fano_across_trials(np.zeros((4, 3), int), np.zeros(4, int)))


def test_input_order_does_not_matter(run, summary):
    rng = np.random.default_rng(0)
    spikes = {}
    for pop, s in run.spikes.items():
        order = rng.permutation(s.t.size)
        spikes[pop] = SpikeData(s.i[order], s.t[order], s.n, s.action)
    shuffled = firing_summary(replace(run, spikes=spikes))
    np.testing.assert_allclose(
        list(flatten(shuffled).values()),
        list(flatten(summary).values()),
        rtol=1e-12,
        equal_nan=True,
    )


def test_pre_block_differs_from_post(run, summary):
    pre = firing_summary(run, "pre")
    assert flatten(pre).keys() == flatten(summary).keys()
    assert flatten(pre) != flatten(summary)


# --------------------------------------------------------------------------- output


def test_format_table(summary):
    table = format_table(summary)
    lines = table.splitlines()
    assert lines[0].split()[:4] == ["population", "condition", "rate", "isi_cv"]
    assert len(lines) == 2 + len(POPULATIONS) * len(SUMMARY_CONDITIONS) + 1
    assert all(len(line) <= 104 for line in lines[:-1])
    assert any(line.startswith("f5_e       observe") for line in lines)


def test_format_table_shows_nan():
    table = format_table({"f5_e": {"spontaneous": {"rate_hz": 0.0, "isi_cv": float("nan")}}})
    assert "nan" in table.splitlines()[2]


def test_write_and_read_summary(run, summary, tmp_path):
    run_dir = save_synthetic(run, tmp_path / "run")
    written = write_summary(run_dir)
    np.testing.assert_allclose(
        list(flatten(written).values()), list(flatten(summary).values()), rtol=1e-12, equal_nan=True
    )
    record = json.loads((run_dir / SUMMARY_JSON).read_text())
    assert record["seed"] == run.seed and record["block"] == "post"
    assert flatten(read_summary(run_dir)) == pytest.approx(flatten(summary), nan_ok=True)
    with open(run_dir / SUMMARY_CSV) as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["population", "condition", "statistic", "value"]
    assert len(rows) == 1 + len(flatten(summary))
    assert float(rows[1][3]) == pytest.approx(summary["ipl_e"]["spontaneous"]["rate_hz"])


def test_write_summary_out_dir(run, tmp_path):
    run_dir = save_synthetic(run, tmp_path / "run")
    write_summary(run_dir, block="pre", out_dir=tmp_path / "elsewhere")
    assert (tmp_path / "elsewhere" / SUMMARY_CSV).is_file()
    assert not (run_dir / SUMMARY_JSON).exists()


# --------------------------------------------------------------------------- the saved run


@pytest.mark.skipif(not (SAVED_RUN / "spikes.npz").is_file(), reason="no saved run")
def test_saved_run_fast_and_consistent_with_metrics():
    from mirrorsim.results import load_run

    data = load_run(SAVED_RUN)
    t0 = time.perf_counter()
    out = firing_summary(data)
    assert time.perf_counter() - t0 < 10
    metrics = json.loads((SAVED_RUN / "metrics.json").read_text())
    for pop in POPULATIONS:
        for condition in ("rest", "execute", "observe"):
            assert out[pop][condition]["rate_hz"] == pytest.approx(
                metrics["rate_hz"][pop][condition], rel=1e-9
            )
        assert out[pop]["spontaneous"]["rate_hz"] == pytest.approx(
            metrics["rest_rate_hz"][pop], rel=1e-9
        )
        assert out[pop]["spontaneous"]["isi_cv"] == pytest.approx(
            metrics["isi_cv_rest"][pop], rel=1e-9, nan_ok=True
        )
    # after learning, F5 motor pools respond to observing their action
    assert out["f5_e"]["observe"]["pool_rate_hz"] > 1.5 * out["f5_e"]["observe"]["other_rate_hz"]
    assert out["m1_e"]["execute"]["pool_rate_hz"] > out["m1_e"]["rest"]["rate_hz"]
    assert sum(np.isfinite(v) for v in flatten(out).values()) >= 85
    pre = analysis.analyse_block(data, "pre").rate_hz
    out_pre = firing_summary(data, "pre")
    assert out_pre["f5_e"]["observe"]["rate_hz"] == pytest.approx(pre["f5_e"]["observe"])
