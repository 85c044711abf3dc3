"""The C++ standalone draws of mirrorsim.fast_random and the hazard-countdown stimulus
generators have the distributions of the code they replaced (Brian2's BinomialFunction; one
uniform per generator and step against ``rate * dt``)."""

import brian2
import numpy as np
import pytest
from brian2 import Hz, Network, NeuronGroup, SpikeMonitor, StateMonitor, TimedArray, ms, second
from scipy import stats

from mirrorsim.circuit import _inputs
from mirrorsim.fast_random import binomial, binomial_pmf, binomial_thresholds, prepare
from mirrorsim.params import make_params
from mirrorsim.standalone import activate_standalone

N_CELLS, N_GENERATORS, SECONDS = 2000, 600, 2.0
N, P = 100, 0.0024  # the F5 background: 2.4 kHz of 100 synapses, 0.1 ms steps


def test_thresholds_are_the_cumulative_distribution_in_units_of_2_to_the_32():
    pmf = stats.binom.pmf(np.arange(N + 1), N, P)
    thresholds = binomial_thresholds(N, P)
    assert thresholds[-1] == 2**33  # ends the walk
    probabilities = np.diff([0, *thresholds[:-1]]) / 2**32
    np.testing.assert_allclose(probabilities, pmf[: len(probabilities)], atol=2**-31)
    assert 1 - sum(binomial_pmf(N, P)) < 1e-12


@pytest.fixture(scope="module", params=["per call", "per cell"])
def draws(request, tmp_path_factory):
    """One standalone build: background counts of 2000 cells, histogrammed per cell, and 600
    stimulus generators in two pools (pool 0 on in the first second, pool 1 in the second).
    The counts are drawn one call at a time, or (the model's way) made contiguous once per
    step by the ``prepare`` companion and read per cell."""
    build = tmp_path_factory.mktemp("fast_random")
    activate_standalone(build)
    brian2.defaultclock.dt = 0.1 * ms
    brian2.seed(3)
    cells = NeuronGroup(
        N_CELLS, "n0 : 1\nn1 : 1\nn2 : 1\nn3 : 1\nprevious : 1\nlagged : 1", name="counts"
    )
    per_cell = request.param == "per cell"
    draw = binomial(N, P, name="test_background_n", cells=N_CELLS if per_cell else None)
    cells.namespace[draw.name] = draw
    ready = ""
    if per_cell:
        cells.namespace[f"{draw.name}_prepare"] = prepare(draw)
        ready = f"ready = {draw.name}_prepare()\n"
    cells.run_regularly(
        f"{ready}k = {draw.name}()\nn0 += int(k == 0)\nn1 += int(k == 1)\nn2 += int(k == 2)\n"
        "n3 += int(k >= 3)\nlagged += previous * k\nprevious = k",
        name="test_background",
    )
    params = make_params({"n_actions": 2, "rate_input_base": 5 * Hz})
    drive = np.zeros((int(SECONDS * 100) + 1, 2))
    half = int(SECONDS * 50)
    drive[:half, 0] = drive[half:, 1] = 1.0
    generators = _inputs("sts", N_GENERATORS // 2, params, TimedArray(drive, dt=10 * ms))
    spikes = SpikeMonitor(generators, name="test_spikes")
    samples = StateMonitor(cells, "previous", record=True, dt=1 * ms, name="test_samples")
    Network(cells, generators, spikes, samples).run(SECONDS * second)
    brian2.device.build(directory=str(build), compile=True, run=True, with_output=False)
    result = {
        "hist": np.array([np.asarray(getattr(cells, f"n{k}")[:]) for k in range(4)]),
        "lagged": np.asarray(cells.lagged[:]),
        "samples": np.asarray(samples.previous[:]),  # cells x sampled steps
        "params": params,
        "i": np.asarray(spikes.i[:]),
        "t": np.asarray(spikes.t[:] / second),
        "action": np.asarray(generators.action[:]),
    }
    brian2.device.reinit()
    brian2.set_device("runtime")
    return result


def test_background_counts_are_binomial(draws):
    observed = draws["hist"].sum(axis=1)  # k = 0, 1, 2, >= 3 over all cells and steps
    total = observed.sum()
    assert total == N_CELLS * round(SECONDS / 1e-4)
    pmf = stats.binom.pmf([0, 1, 2], N, P)
    expected = total * np.array([*pmf, 1 - pmf.sum()])
    # 40 million draws: a relative error of 1e-3 in P(X = 1) would give chi2 ~ 30
    chi2 = stats.chisquare(observed, expected)
    assert chi2.pvalue > 1e-3, (observed, expected)
    per_cell = draws["hist"][1:].T @ np.array([1, 2, 3])  # ~counts per cell (>= 3 as 3)
    # cells draw independently: the spread across cells is the binomial one
    assert per_cell.std() == pytest.approx(np.sqrt(N * P * (1 - P) * SECONDS / 1e-4), rel=0.1)


def test_background_counts_of_consecutive_steps_are_independent(draws):
    """Each cell's draws in consecutive steps lie 2,000 draws apart in the buffered stream:
    E[k_t k_(t-1)] = (n p)^2 if they are independent."""
    pairs = N_CELLS * (round(SECONDS / 1e-4) - 1)
    mean, variance = N * P, N * P * (1 - P)
    expected = pairs * mean**2
    sd = np.sqrt(pairs * ((variance + mean**2) ** 2 - mean**4))
    assert abs(draws["lagged"].sum() - expected) < 4.5 * sd, (draws["lagged"].sum(), expected)


def test_background_counts_of_cells_in_one_step_are_independent(draws):
    """Cells draw side by side from eight generators, two counts per 64-bit output: the
    population's count per step has the variance of independent cells, and no two cells at
    the lags that share an output or a lane are correlated."""
    counts = draws["samples"]
    total = counts.sum(axis=0)  # one population count per sampled step
    variance = N_CELLS * N * P * (1 - P)
    # the sample variance of 2,000 steps has a relative sd of sqrt(2 / 2000) = 3 %
    assert total.var() == pytest.approx(variance, rel=0.15)
    centred = counts - counts.mean(axis=1, keepdims=True)
    for lag in (1, 2, 8, 16):
        r = np.mean(centred[:-lag] * centred[lag:]) / np.mean(centred**2)
        assert abs(r) < 4.5 / np.sqrt(centred[lag:].size), lag


def test_stimulus_generators_fire_with_probability_rate_dt_per_step(draws):
    p, dt = draws["params"], 1e-4
    steps = round(SECONDS / 2 / dt)
    for pool in (0, 1):
        cells = draws["action"] == pool
        for half, on in ((0, pool == 0), (1, pool == 1)):
            in_half = (draws["t"] >= half * SECONDS / 2) & (draws["t"] < (half + 1) * SECONDS / 2)
            n = np.sum(in_half & cells[draws["i"]])
            rate = float((p.rate_input_active if on else p.rate_input_base) / Hz)
            trials = cells.sum() * steps
            expected = trials * rate * dt
            sd = np.sqrt(trials * rate * dt * (1 - rate * dt))
            assert abs(n - expected) < 4.5 * sd, (pool, half, n, expected)
    # never two spikes of one generator in one step, and inter-spike intervals are geometric
    # (memoryless) while the rate is constant: P(ISI > k steps) = (1 - rate dt)^k
    on = (draws["action"][draws["i"]] == 0) & (draws["t"] < SECONDS / 2)
    isis = []
    for cell in np.unique(draws["i"][on]):
        times = np.sort(draws["t"][on & (draws["i"] == cell)])
        isis.append(np.round(np.diff(times) / dt).astype(int))
    isis = np.concatenate(isis)
    assert isis.min() >= 1
    q = 1 - float(p.rate_input_active / Hz) * dt
    for k in (10, 100, 300):
        observed = np.mean(isis > k)
        sd = np.sqrt(q**k * (1 - q**k) / len(isis))
        assert abs(observed - q**k) < 4.5 * sd, (k, observed, q**k)
