"""The mirror-neuron classifier on synthetic spike counts with known answers."""

import numpy as np
import pytest

from mirrorsim.measures.classification import classify, mirror_index, trial_counts

RNG_SEED = 12  # fixed: the test checks categories of known, strong effects, not error rates


def _poisson(rng, rates, n_trials):
    return rng.poisson(rates, size=(n_trials, len(rates)))


def test_known_categories():
    rng = np.random.default_rng(RNG_SEED)
    n, n_trials, win = 6, 20, 0.45
    base = np.full(n, 5.0 * win)
    high = 30.0 * win
    # neuron 0: strict mirror for action 0; 1: motor only (action 1); 2: visual only;
    # 3: broadly congruent (exec 0 and 1, obs 0); 4: suppression mirror (exec 2, obs 2 lower);
    # 5: nothing.
    exec_rates = [base.copy() for _ in range(3)]
    obs_rates = [base.copy() for _ in range(3)]
    for condition, action, neuron, rate in [
        (exec_rates, 0, 0, high),
        (obs_rates, 0, 0, high),
        (exec_rates, 1, 1, high),
        (obs_rates, 2, 2, high),
        (exec_rates, 0, 3, high),
        (exec_rates, 1, 3, high),
        (obs_rates, 0, 3, high),
        (exec_rates, 2, 4, high),
        (obs_rates, 2, 4, 0.0),
    ]:
        condition[action][neuron] = rate
    rest = _poisson(rng, base, n_trials)
    execute = [_poisson(rng, r, n_trials) for r in exec_rates]
    observe = [_poisson(rng, r, n_trials) for r in obs_rates]
    c = classify(rest, execute, observe, alpha=0.01)
    assert c.execution_responsive.tolist() == [True, True, False, True, True, False]
    assert c.observation_responsive.tolist() == [True, False, True, True, True, False]
    assert c.mirror.tolist() == [True, False, False, True, True, False]
    assert c.strictly_congruent.tolist() == [True, False, False, False, False, False]
    assert c.broadly_congruent.tolist() == [False, False, False, True, False, False]
    assert c.non_congruent.tolist() == [False, False, False, False, True, False]
    f = c.fractions()
    assert f["mirror"] == pytest.approx(3 / 6)
    assert f["strictly_congruent"] + f["broadly_congruent"] + f["non_congruent"] == pytest.approx(1)


def test_null_neurons_are_rarely_called_mirror():
    """Under the null (no response) the false-positive rate stays below alpha."""
    rng = np.random.default_rng(RNG_SEED)
    n, n_trials = 4000, 10
    rates = np.full(n, 2.5)
    rest = _poisson(rng, rates, n_trials)
    execute = [_poisson(rng, rates, n_trials) for _ in range(3)]
    observe = [_poisson(rng, rates, n_trials) for _ in range(3)]
    c = classify(rest, execute, observe, alpha=0.05)
    assert c.execution_responsive.mean() < 0.05
    assert c.observation_responsive.mean() < 0.05
    assert c.mirror.mean() < 0.01


def test_silent_neurons_are_not_responsive():
    zeros = np.zeros((10, 5), dtype=int)
    c = classify(zeros, [zeros] * 2, [zeros] * 2)
    assert not c.mirror.any()
    assert np.isnan(c.fractions()["strictly_congruent"])


def test_trial_counts_half_open_windows():
    i = np.array([0, 0, 1, 1, 1])
    t = np.array([0.10, 0.20, 0.20, 0.30, 0.50])
    counts = trial_counts(i, t, n=3, windows=[(0.1, 0.3), (0.3, 0.6)])
    assert counts.tolist() == [[2, 1, 0], [0, 2, 0]]


def test_mirror_index():
    assert mirror_index([5, 5], [25, 15], [15, 10]) == pytest.approx(0.5)
    assert mirror_index([5], [5], [10]) != mirror_index([5], [5], [10])  # NaN: no exec response


def test_classify_rejects_bad_input():
    with pytest.raises(ValueError, match="one count array per action"):
        classify(np.zeros((3, 2)), [np.zeros((3, 2))], [])
    with pytest.raises(ValueError, match="alpha"):
        classify(np.zeros((3, 2)), [np.zeros((3, 2))], [np.zeros((3, 2))], alpha=2)
