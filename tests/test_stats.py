"""Tests for mirrorsim.measures.stats: known answers, validation, properties, Elephant cross-check.

Random spike trains use fixed numpy seeds so that the statistical tolerances
below are deterministic checks rather than flaky ones: with a given seed each
estimate is one fixed number, and the seeds were not tuned (any seed passes
with the tolerances used, which are several standard errors wide).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from mirrorsim.measures import stats

T_STOP = 10.0


# --------------------------------------------------------------------------- helpers


def poisson_train(rng: np.random.Generator, rate: float, duration: float) -> np.ndarray:
    """Homogeneous Poisson spike times in [0, duration) from exponential ISIs."""
    isis = rng.exponential(1.0 / rate, size=int(3 * rate * duration) + 10)
    times = np.cumsum(isis)
    return times[times < duration]


def poisson_population(
    rng: np.random.Generator, n: int, rate: float, duration: float
) -> tuple[np.ndarray, np.ndarray]:
    """Independent Poisson trains for n neurons as (i, t) arrays, shuffled."""
    trains = [poisson_train(rng, rate, duration) for _ in range(n)]
    i = np.concatenate([np.full(train.size, k) for k, train in enumerate(trains)])
    t = np.concatenate(trains)
    order = rng.permutation(t.size)
    return i[order], t[order]


def replicate(train: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The same spike train for each of n neurons."""
    return np.repeat(np.arange(n), train.size), np.tile(train, n)


def regular_train(period: float = 0.01, duration: float = T_STOP) -> np.ndarray:
    """Clock-like train; spikes sit mid-bin for 10 ms and 100 ms bins."""
    return period / 2 + period * np.arange(int(round(duration / period)))


# --------------------------------------------------------------------------- known answers


def test_rate_is_count_over_duration():
    t = np.array([1.9, 0.1, 0.5, 1.2, 0.7, 1.5, 0.3])
    i = np.zeros(t.size, dtype=int)
    assert stats.mean_rate(i, t, 1, 0.0, 2.0) == pytest.approx(7 / 2.0)
    np.testing.assert_allclose(stats.rates_per_neuron(i, t, 2, 0.0, 2.0), [3.5, 0.0])
    assert stats.mean_rate(i, t, 2, 0.0, 2.0) == pytest.approx(1.75)


def test_window_ignores_outside_spikes_and_includes_edges():
    t = np.array([0.5, 1.0, 1.5, 2.0, 2.5])
    i, t_sorted = stats.validate_spikes(np.zeros(5, dtype=int), t[::-1], 1, 1.0, 2.0)
    np.testing.assert_array_equal(t_sorted, [1.0, 1.5, 2.0])
    assert i.dtype == np.intp
    assert stats.mean_rate(np.zeros(5, dtype=int), t, 1, 1.0, 2.0) == pytest.approx(3.0)


def test_validate_sorts_by_time_then_index():
    i, t = stats.validate_spikes([2, 0, 1, 0], [0.3, 0.2, 0.2, 0.1], 3, 0.0, 1.0)
    np.testing.assert_array_equal(t, [0.1, 0.2, 0.2, 0.3])
    np.testing.assert_array_equal(i, [0, 0, 1, 2])


def test_regular_train_has_no_variability():
    i, t = replicate(regular_train(), 3)
    for values in (
        stats.isi_cv(i, t, 3, 0.0, T_STOP),
        stats.cv2(i, t, 3, 0.0, T_STOP),
        stats.lv(i, t, 3, 0.0, T_STOP),
        stats.fano_factor(i, t, 3, 0.0, T_STOP, window=0.1),
    ):
        np.testing.assert_allclose(values, 0.0, atol=1e-9)


def test_poisson_train_statistics():
    rng = np.random.default_rng(20240601)  # fixed seed: deterministic estimates (see top)
    rate = 20.0
    t = poisson_train(rng, rate, 200.0)
    i = np.zeros(t.size, dtype=int)
    assert stats.isi_cv(i, t, 1, 0.0, 200.0)[0] == pytest.approx(1.0, abs=0.1)
    assert stats.lv(i, t, 1, 0.0, 200.0)[0] == pytest.approx(1.0, abs=0.1)
    assert stats.cv2(i, t, 1, 0.0, 200.0)[0] == pytest.approx(1.0, abs=0.1)
    assert stats.fano_factor(i, t, 1, 0.0, 200.0, 1.0)[0] == pytest.approx(1.0, abs=0.25)
    assert stats.mean_rate(i, t, 1, 0.0, 200.0) == pytest.approx(rate, rel=0.05)
    isis = stats.interspike_intervals(i, t, 1, 0.0, 200.0)[0]
    assert isis.size == t.size - 1
    assert sps.kstest(isis, "expon", args=(0.0, 1.0 / rate)).pvalue > 0.01


def test_interspike_intervals_per_neuron():
    isis = stats.interspike_intervals([1, 0, 1, 1, 2], [0.5, 0.2, 0.1, 0.9, 0.3], 4, 0.0, 1.0)
    assert len(isis) == 4
    np.testing.assert_allclose(isis[1], [0.4, 0.4])
    assert isis[0].size == isis[2].size == isis[3].size == 0


def test_cv2_and_lv_hand_computed():
    t = np.array([0.0, 0.1, 0.4, 0.5])  # ISIs 0.1, 0.3, 0.1
    i = np.zeros(4, dtype=int)
    ratios = np.array([0.2 / 0.4, -0.2 / 0.4])
    assert stats.cv2(i, t, 1, 0.0, 1.0)[0] == pytest.approx(2 * np.mean(np.abs(ratios)))
    assert stats.lv(i, t, 1, 0.0, 1.0)[0] == pytest.approx(3 * np.mean(ratios**2))
    isis = np.array([0.1, 0.3, 0.1])
    assert stats.isi_cv(i, t, 1, 0.0, 1.0)[0] == pytest.approx(isis.std() / isis.mean())


def test_too_few_spikes_give_nan_per_neuron():
    i = [0, 0, 0, 1, 1, 2]
    t = [0.1, 0.2, 0.4, 0.1, 0.3, 0.5]
    for func in (stats.isi_cv, stats.cv2, stats.lv):
        values = func(i, t, 4, 0.0, 1.0)
        assert np.isfinite(values[0])
        assert np.all(np.isnan(values[1:]))


def test_population_mean_ignores_nan_without_warning():
    with np.testing.assert_no_warnings():
        assert stats.population_mean([1.0, np.nan, 3.0]) == 2.0
        assert np.isnan(stats.population_mean([np.nan, np.nan]))
        assert np.isnan(stats.population_mean([]))
    assert isinstance(stats.population_mean(np.array([1.0])), float)


def test_spike_counts_binning():
    i = [0, 1, 0, 1, 0, 0]
    t = [0.05, 0.15, 0.1, 0.3, 0.35, 0.4]
    counts = stats.spike_counts(i, t, 3, 0.0, 0.4, bin_size=0.1)
    # 0.1 and 0.3 sit on edges up to rounding and go right; 0.4 = t_stop is in the last bin.
    np.testing.assert_array_equal(counts, [[1, 1, 0, 2], [0, 1, 0, 1], [0, 0, 0, 0]])


def test_spike_counts_drops_trailing_partial_bin():
    counts = stats.spike_counts([0, 0, 0], [0.05, 0.25, 0.29], 1, 0.0, 0.29, bin_size=0.1)
    np.testing.assert_array_equal(counts, [[1, 0]])


def test_spike_counts_with_offset_window():
    counts = stats.spike_counts([0, 0, 0], [1.0, 1.05, 1.15], 1, 1.0, 1.2, bin_size=0.1)
    np.testing.assert_array_equal(counts, [[2, 1]])


def test_psth_rate_per_neuron():
    centres, rate = stats.psth([0, 1, 1, 0], [0.01, 0.02, 0.15, 0.5], 4, 0.0, 0.6, 0.1)
    np.testing.assert_allclose(centres, [0.05, 0.15, 0.25, 0.35, 0.45, 0.55])
    np.testing.assert_allclose(rate, np.array([2, 1, 0, 0, 0, 1]) / (4 * 0.1))


def test_fano_nan_for_silent_neuron_and_single_window():
    i, t = [0, 0, 0], [0.05, 0.15, 0.16]
    fano = stats.fano_factor(i, t, 2, 0.0, 0.3, window=0.1)
    assert fano[0] == pytest.approx(np.var([1, 2, 0]) / 1.0)
    assert np.isnan(fano[1])
    assert np.all(np.isnan(stats.fano_factor(i, t, 2, 0.0, 0.3, window=0.2)))


def test_identical_trains_are_fully_correlated_and_synchronous():
    rng = np.random.default_rng(7)
    i, t = replicate(poisson_train(rng, 20.0, T_STOP), 10)
    assert stats.pairwise_correlation(i, t, 10, 0.0, T_STOP, 0.01) == pytest.approx(1.0)
    assert stats.golomb_chi(i, t, 10, 0.0, T_STOP, 0.005) == pytest.approx(1.0)
    subsampled = stats.pairwise_correlation(i, t, 10, 0.0, T_STOP, 0.01, n_pairs=5, rng=0)
    assert subsampled == pytest.approx(1.0)


def test_independent_trains_are_uncorrelated_and_asynchronous():
    rng = np.random.default_rng(11)  # fixed seed: deterministic estimates (see top)
    n = 100
    i, t = poisson_population(rng, n, 10.0, 20.0)
    assert stats.pairwise_correlation(i, t, n, 0.0, 20.0, 0.01) == pytest.approx(0.0, abs=0.01)
    chi = stats.golomb_chi(i, t, n, 0.0, 20.0, 0.005)
    assert 0.5 / np.sqrt(n) < chi < 2.0 / np.sqrt(n)


def test_correlation_excludes_silent_neurons():
    rng = np.random.default_rng(3)
    i, t = replicate(poisson_train(rng, 20.0, T_STOP), 4)
    # Four identical neurons plus six silent ones: still perfectly correlated.
    assert stats.pairwise_correlation(i, t, 10, 0.0, T_STOP, 0.01) == pytest.approx(1.0)
    assert np.isnan(stats.pairwise_correlation(i[:1], t[:1], 10, 0.0, T_STOP, 0.01))
    # Silent neurons dilute chi: chi**2 = active fraction for identical trains.
    assert stats.golomb_chi(i, t, 10, 0.0, T_STOP) == pytest.approx(np.sqrt(0.4))


def test_correlation_subsample_reproducible_and_close_to_full():
    rng = np.random.default_rng(5)
    n = 60
    i, t = poisson_population(rng, n, 15.0, T_STOP)
    full = stats.pairwise_correlation(i, t, n, 0.0, T_STOP, 0.01)
    a = stats.pairwise_correlation(i, t, n, 0.0, T_STOP, 0.01, n_pairs=300, rng=42)
    b = stats.pairwise_correlation(
        i, t, n, 0.0, T_STOP, 0.01, n_pairs=300, rng=np.random.default_rng(42)
    )
    assert a == b
    assert a == pytest.approx(full, abs=0.01)
    everything = stats.pairwise_correlation(i, t, n, 0.0, T_STOP, 0.01, n_pairs=10**6)
    assert everything == pytest.approx(full, abs=1e-12)


def test_full_correlation_matches_corrcoef_matrix():
    rng = np.random.default_rng(8)
    n = 12
    i, t = poisson_population(rng, n, 30.0, 5.0)
    counts = stats.spike_counts(i, t, n, 0.0, 5.0, 0.02)
    matrix = np.corrcoef(counts)
    expected = matrix[np.triu_indices(n, 1)].mean()
    assert stats.pairwise_correlation(i, t, n, 0.0, 5.0, 0.02) == pytest.approx(expected)
    pairs = stats._pair_from_linear(np.arange(66))
    assert set(zip(*pairs, strict=True)) == set(zip(*np.triu_indices(n, 1), strict=True))
    # The subsample is 20 distinct pairs drawn by Generator.choice, in the same linear order.
    first, second = stats._pair_from_linear(np.random.default_rng(1).choice(66, 20, replace=False))
    sampled = stats.pairwise_correlation(i, t, n, 0.0, 5.0, 0.02, n_pairs=20, rng=1)
    assert sampled == pytest.approx(matrix[first, second].mean())


def test_psd_peaks_at_modulation_frequency():
    rng = np.random.default_rng(2)  # fixed seed: deterministic estimates (see top)
    n, duration, peak_rate = 100, 10.0, 40.0
    i, t = poisson_population(rng, n, peak_rate, duration)
    keep = rng.uniform(size=t.size) < 0.5 * (1 + np.sin(2 * np.pi * 10.0 * t))  # thinning
    freqs, psd = stats.population_rate_psd(i[keep], t[keep], n, 0.0, duration, nperseg=1000)
    assert freqs[1] - freqs[0] == pytest.approx(1.0)
    assert freqs[1:][np.argmax(psd[1:])] == pytest.approx(10.0)


def test_psd_default_segment_length():
    freqs, psd = stats.population_rate_psd([0, 0], [0.1, 0.2], 1, 0.0, 0.1)
    assert freqs.shape == psd.shape == (51,)  # 100 bins < 256: one segment of 100 bins


def test_summary_keys_and_types():
    rng = np.random.default_rng(4)
    i, t = poisson_population(rng, 20, 10.0, 2.0)
    result = stats.summary(i, t, 20, 0.0, 2.0)
    assert set(result) == {
        "rate_hz",
        "isi_cv",
        "cv2",
        "lv",
        "fano_factor",
        "correlation",
        "synchrony_chi",
    }
    assert all(type(value) is float for value in result.values())
    assert all(np.isfinite(value) for value in result.values())


def test_summary_short_window_is_nan_not_error():
    result = stats.summary([0, 0, 0], [0.001, 0.002, 0.004], 1, 0.0, 0.008)
    assert result["rate_hz"] == pytest.approx(3 / 0.008)
    assert result["isi_cv"] == pytest.approx(np.std([1, 2]) / 1.5)
    assert np.isnan(result["fano_factor"])
    assert np.isnan(result["correlation"])
    assert np.isnan(result["synchrony_chi"])


def test_empty_trains():
    empty = np.array([])
    result = stats.summary(empty, empty, 5, 0.0, 1.0)
    assert result["rate_hz"] == 0.0
    assert all(np.isnan(value) for key, value in result.items() if key != "rate_hz")
    assert stats.spike_counts(empty, empty, 5, 0.0, 1.0, 0.1).shape == (5, 10)


# --------------------------------------------------------------------------- validation

BINNED = [
    lambda b: stats.spike_counts([0], [0.1], 1, 0.0, 1.0, b),
    lambda b: stats.fano_factor([0], [0.1], 1, 0.0, 1.0, b),
    lambda b: stats.psth([0], [0.1], 1, 0.0, 1.0, b),
    lambda b: stats.pairwise_correlation([0], [0.1], 1, 0.0, 1.0, b),
    lambda b: stats.golomb_chi([0], [0.1], 1, 0.0, 1.0, b),
    lambda b: stats.population_rate_psd([0], [0.1], 1, 0.0, 1.0, b),
]


@pytest.mark.parametrize(
    ("i", "t", "n", "t_start", "t_stop", "match"),
    [
        ([0, 0], [0.1, np.nan], 1, 0.0, 1.0, "NaN or inf"),
        ([0, 0], [0.1, np.inf], 1, 0.0, 1.0, "NaN or inf"),
        ([0, 0], [0.1, -0.1], 1, 0.0, 1.0, ">= 0"),
        ([0], [0.1], 1, 1.0, 0.5, "t_stop must be > t_start"),
        ([0], [0.1], 1, 1.0, 1.0, "t_stop must be > t_start"),
        ([0], [0.1], 1, -1.0, 1.0, "t_start must be >= 0"),
        ([0], [0.1], 1, 0.0, np.nan, "finite"),
        ([0, 2], [0.1, 0.2], 2, 0.0, 1.0, r"\[0, 2\)"),
        ([0, -1], [0.1, 0.2], 2, 0.0, 1.0, r"\[0, 2\)"),
        ([0, 0.5], [0.1, 0.2], 2, 0.0, 1.0, "integers"),
        ([0, 1], [0.1], 2, 0.0, 1.0, "same length"),
        ([[0]], [[0.1]], 1, 0.0, 1.0, "1-D"),
        ([0], [0.1], 0, 0.0, 1.0, "positive integer"),
        ([0], [0.1], 2.5, 0.0, 1.0, "positive integer"),
        ([0], ["a"], 1, 0.0, 1.0, "real spike times"),
    ],
)
def test_invalid_spikes_raise(i, t, n, t_start, t_stop, match):
    with pytest.raises(ValueError, match=match):
        stats.validate_spikes(i, t, n, t_start, t_stop)
    with pytest.raises(ValueError, match=match):
        stats.summary(i, t, n, t_start, t_stop)


@pytest.mark.parametrize("func", BINNED)
@pytest.mark.parametrize("bin_size", [0.0, -0.01, np.nan])
def test_nonpositive_bin_size_raises(func, bin_size):
    with pytest.raises(ValueError, match="must be a positive finite number"):
        func(bin_size)


@pytest.mark.parametrize("func", BINNED)
def test_bin_longer_than_window_raises(func):
    with pytest.raises(ValueError, match="exceeds the window length"):
        func(2.0)


def test_bad_n_pairs_and_nperseg_raise():
    with pytest.raises(ValueError, match="n_pairs"):
        stats.pairwise_correlation([0], [0.1], 1, 0.0, 1.0, 0.1, n_pairs=0)
    with pytest.raises(ValueError, match="nperseg"):
        stats.population_rate_psd([0], [0.1], 1, 0.0, 1.0, 0.1, nperseg=11)


def test_float_indices_with_integer_values_accepted():
    np.testing.assert_array_equal(stats.rates_per_neuron([0.0, 1.0], [0.1, 0.2], 2, 0, 1), [1, 1])


# --------------------------------------------------------------------------- properties

N_MAX = 4
# A coarse grid makes duplicates and spikes exactly on bin edges and t_stop likely;
# times beyond t_stop = 1 s exercise the out-of-window filter.
times = st.one_of(
    st.sampled_from([0.0, 0.005, 0.1, 0.25, 0.5, 0.999, 1.0, 1.5]),
    st.floats(0.0, 1.2, allow_nan=False, allow_infinity=False),
)


@st.composite
def spike_data(draw, max_spikes: int = 40):
    n = draw(st.integers(1, N_MAX))
    spikes = draw(st.lists(st.tuples(st.integers(0, n - 1), times), max_size=max_spikes))
    i = np.array([s[0] for s in spikes], dtype=int)
    t = np.array([s[1] for s in spikes], dtype=float)
    return i, t, n


def all_statistics(i, t, n) -> dict[str, np.ndarray]:
    window = (0.0, 1.0)
    freqs, psd = stats.population_rate_psd(i, t, n, *window)
    return {
        "rates": stats.rates_per_neuron(i, t, n, *window),
        "cv": stats.isi_cv(i, t, n, *window),
        "cv2": stats.cv2(i, t, n, *window),
        "lv": stats.lv(i, t, n, *window),
        "fano": stats.fano_factor(i, t, n, *window, 0.1),
        "counts": stats.spike_counts(i, t, n, *window, 0.01),
        "psth": stats.psth(i, t, n, *window, 0.01)[1],
        "corr": np.array(stats.pairwise_correlation(i, t, n, *window, 0.01)),
        "corr_sub": np.array(stats.pairwise_correlation(i, t, n, *window, 0.01, n_pairs=2, rng=0)),
        "chi": np.array(stats.golomb_chi(i, t, n, *window)),
        "freqs": freqs,
        "psd": psd,
        "summary": np.array(list(stats.summary(i, t, n, *window).values())),
    }


@pytest.mark.filterwarnings("error")
@settings(max_examples=60, deadline=None)
@given(spike_data())
def test_statistics_are_finite_or_nan_and_in_range(data):
    i, t, n = data
    result = all_statistics(i, t, n)
    for key, value in result.items():
        assert not np.any(np.isinf(value)), key
    assert np.all(result["rates"] >= 0)
    for key in ("cv", "cv2", "lv", "fano"):
        assert not np.any(result[key] < 0), key
    assert not np.any(result["cv2"] > 2), "cv2 is bounded by 2"
    assert not np.any(result["lv"] > 3), "lv is bounded by 3"
    assert not (result["chi"] > 1 or result["chi"] < 0)
    assert not abs(result["corr"]) > 1 + 1e-12
    assert result["counts"].sum() == np.count_nonzero(t <= 1.0)


@pytest.mark.filterwarnings("error")
@settings(max_examples=40, deadline=None)
@given(spike_data(), st.randoms(use_true_random=False))
def test_results_invariant_to_input_order(data, random):
    i, t, n = data
    order = list(range(t.size))
    random.shuffle(order)
    expected = all_statistics(i, t, n)
    shuffled = all_statistics(i[order], t[order], n)
    by_time = np.lexsort((i, t))
    in_time_order = all_statistics(i[by_time], t[by_time], n)
    for key in expected:
        np.testing.assert_array_equal(shuffled[key], expected[key], err_msg=key)
        np.testing.assert_array_equal(in_time_order[key], expected[key], err_msg=key)


@pytest.mark.filterwarnings("error")
@settings(max_examples=40, deadline=None)
@given(spike_data(max_spikes=15), st.integers(2, 3))
def test_duplicate_spikes_never_raise_or_warn(data, copies):
    i, t, n = data
    result = all_statistics(np.repeat(i, copies), np.repeat(t, copies), n)
    for key, value in result.items():
        assert not np.any(np.isinf(value)), key


@pytest.mark.filterwarnings("error")
@settings(max_examples=40, deadline=None)
@given(st.integers(1, N_MAX).flatmap(lambda n: st.tuples(st.just(n), st.lists(times, max_size=n))))
def test_single_spike_trains(data):
    n, spike_times = data
    i = np.arange(len(spike_times))
    t = np.array(spike_times, dtype=float)
    in_window = (t <= 1.0).astype(float)
    np.testing.assert_allclose(stats.rates_per_neuron(i, t, n, 0.0, 1.0)[: i.size], in_window)
    for func in (stats.isi_cv, stats.cv2, stats.lv):
        assert np.all(np.isnan(func(i, t, n, 0.0, 1.0)))
    undefined = np.count_nonzero(in_window) < 2  # one spike in 100 bins still varies
    assert np.isnan(stats.pairwise_correlation(i, t, n, 0.0, 1.0, 0.01)) == undefined


# --------------------------------------------------------------------------- Elephant

ELEPHANT_TOL = 1e-10
# quantities 0.16 deprecates the copy= argument that Elephant 1.2 still passes.
ignore_quantities_copy_warning = pytest.mark.filterwarnings(
    "ignore:The 'copy' argument:DeprecationWarning"
)


@pytest.fixture(scope="module")
def elephant_data():
    """Spike trains and the matching neo objects for the cross-check."""
    pytest.importorskip("elephant")
    neo = pytest.importorskip("neo")
    pq = pytest.importorskip("quantities")
    rng = np.random.default_rng(1234)
    rates = np.linspace(5.0, 40.0, 8)
    trains = [poisson_train(rng, rate, T_STOP) for rate in rates]
    i = np.concatenate([np.full(train.size, k) for k, train in enumerate(trains)])
    t = np.concatenate(trains)
    order = rng.permutation(t.size)
    neo_trains = [
        neo.SpikeTrain(train * pq.s, t_start=0 * pq.s, t_stop=T_STOP * pq.s) for train in trains
    ]
    return {
        "i": i[order],
        "t": t[order],
        "n": len(trains),
        "trains": trains,
        "neo": neo_trains,
        "neo_module": neo,
        "pq": pq,
    }


@ignore_quantities_copy_warning
def test_elephant_rates_and_isi_measures(elephant_data):
    from elephant import statistics as es

    d = elephant_data
    args = (d["i"], d["t"], d["n"], 0.0, T_STOP)
    expected_rates = [es.mean_firing_rate(st).rescale("Hz").magnitude for st in d["neo"]]
    np.testing.assert_allclose(stats.rates_per_neuron(*args), expected_rates, rtol=ELEPHANT_TOL)
    isis = [es.isi(st).rescale("s").magnitude for st in d["neo"]]
    np.testing.assert_allclose(stats.isi_cv(*args), [es.cv(x) for x in isis], rtol=ELEPHANT_TOL)
    np.testing.assert_allclose(stats.cv2(*args), [es.cv2(x) for x in isis], rtol=ELEPHANT_TOL)
    np.testing.assert_allclose(stats.lv(*args), [es.lv(x) for x in isis], rtol=ELEPHANT_TOL)


@ignore_quantities_copy_warning
def test_elephant_fano_factor(elephant_data):
    # Elephant's fanofactor is var/mean of the counts of a *list* of trains (trials).
    # Ours is per neuron over consecutive windows, so each window becomes one trial.
    from elephant import statistics as es

    d = elephant_data
    neo, pq, window = d["neo_module"], d["pq"], 0.5
    starts = window * np.arange(int(T_STOP / window))
    expected = []
    for train in d["trains"]:
        trials = [
            neo.SpikeTrain(
                train[(train >= a) & (train < a + window)] - a, units="s", t_stop=window * pq.s
            )
            for a in starts
        ]
        expected.append(es.fanofactor(trials))
    got = stats.fano_factor(d["i"], d["t"], d["n"], 0.0, T_STOP, window)
    np.testing.assert_allclose(got, expected, rtol=ELEPHANT_TOL)


@ignore_quantities_copy_warning
def test_elephant_binned_counts_and_correlation(elephant_data):
    from elephant.conversion import BinnedSpikeTrain
    from elephant.spike_train_correlation import correlation_coefficient
    from elephant.statistics import time_histogram

    d, pq, bin_size = elephant_data, elephant_data["pq"], 0.01
    args = (d["i"], d["t"], d["n"], 0.0, T_STOP, bin_size)
    binned = BinnedSpikeTrain(d["neo"], bin_size=bin_size * pq.s)
    np.testing.assert_array_equal(stats.spike_counts(*args), binned.to_array())
    matrix = correlation_coefficient(binned)
    expected = matrix[np.triu_indices(d["n"], 1)].mean()
    assert stats.pairwise_correlation(*args) == pytest.approx(expected, rel=ELEPHANT_TOL)
    histogram = time_histogram(d["neo"], bin_size * pq.s, output="rate")
    _, rate = stats.psth(*args)
    np.testing.assert_allclose(rate, histogram.rescale("Hz").magnitude.ravel(), rtol=ELEPHANT_TOL)
