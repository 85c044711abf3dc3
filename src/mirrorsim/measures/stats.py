"""Firing statistics of spiking populations (pure numpy/scipy functions).

All functions take spikes as two 1-D arrays, ``i`` (integer neuron indices in
``[0, n)``) and ``t`` (spike times in **seconds**, plain floats), plus the
population size ``n`` and the analysis window ``[t_start, t_stop]`` in seconds.
This is what ``brian2.SpikeMonitor`` gives via ``mon.i[:]`` and ``mon.t[:] / second``.

Conventions shared by every function:

* Input need not be sorted; it is sorted internally by (time, index), so results
  do not depend on the order of the input spikes.
* Spikes outside ``[t_start, t_stop]`` (both ends inclusive) are silently
  ignored, so one recording can be analysed in several windows. NaN, infinite
  or negative times are errors, as are indices outside ``[0, n)``.
* Binned statistics use ``floor(duration / bin_size)`` bins starting at
  ``t_start``; a trailing partial bin is dropped (with its spikes) and the last
  bin is closed on the right. Bin assignment tolerates floating-point error of
  ``1e-8`` bins, like Elephant's ``BinnedSpikeTrain``.
* Undefined values (too few spikes, silent neurons) are NaN, never warnings.
  :func:`population_mean` averages per-neuron values ignoring NaN.
"""

from __future__ import annotations

import operator

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import signal

__all__ = [
    "validate_spikes",
    "rates_per_neuron",
    "mean_rate",
    "interspike_intervals",
    "isi_cv",
    "cv2",
    "lv",
    "population_mean",
    "spike_counts",
    "fano_factor",
    "psth",
    "pairwise_correlation",
    "golomb_chi",
    "population_rate_psd",
    "summary",
]

#: Tolerance (in units of bins) for spikes that sit on a bin edge up to rounding error.
BIN_TOLERANCE = 1e-8
#: Window of the Fano factor reported by :func:`summary` (s).
SUMMARY_FANO_WINDOW = 0.1
#: Bin of the pairwise count correlation reported by :func:`summary` (s).
SUMMARY_CORRELATION_BIN = 0.01
#: Bin of the synchrony measure chi reported by :func:`summary` (s).
SUMMARY_CHI_BIN = 0.005
#: Upper bound on pairs x bins held in memory at once by :func:`pairwise_correlation`.
_PAIR_CHUNK_ELEMENTS = 2**22

FloatArray = NDArray[np.float64]


# --------------------------------------------------------------------------- validation


def _check_n(n: int) -> int:
    try:
        n_int = operator.index(n)
    except TypeError:
        raise ValueError(f"n must be a positive integer, got {n!r}") from None
    if n_int < 1:
        raise ValueError(f"n must be a positive integer, got {n_int}")
    return n_int


def _check_window(t_start: float, t_stop: float) -> tuple[float, float]:
    t_start, t_stop = float(t_start), float(t_stop)
    if not (np.isfinite(t_start) and np.isfinite(t_stop)):
        raise ValueError(f"t_start and t_stop must be finite, got {t_start} and {t_stop}")
    if t_start < 0:
        raise ValueError(f"t_start must be >= 0 s, got {t_start}")
    if t_stop <= t_start:
        raise ValueError(f"t_stop must be > t_start, got t_start={t_start}, t_stop={t_stop}")
    return t_start, t_stop


def _check_count(value: int, name: str, low: int, high: int | None = None) -> int:
    bound = f"[{low}, {high}]" if high is not None else f">= {low}"
    try:
        count = operator.index(value)
    except TypeError:
        raise ValueError(f"{name} must be an integer {bound}, got {value!r}") from None
    if count < low or (high is not None and count > high):
        raise ValueError(f"{name} must be an integer {bound}, got {count}")
    return count


def _check_positive(value: float, name: str) -> float:
    value = float(value)
    if not (np.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive finite number of seconds, got {value}")
    return value


def _as_times(t: ArrayLike) -> FloatArray:
    try:
        t_arr = np.asarray(t, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError("t must be a 1-D array of real spike times in seconds") from None
    if t_arr.ndim != 1:
        raise ValueError(f"t must be 1-D, got shape {t_arr.shape}")
    if not np.all(np.isfinite(t_arr)):
        raise ValueError("spike times t contain NaN or inf")
    if np.any(t_arr < 0):
        raise ValueError(f"spike times t must be >= 0 s, got min {t_arr.min()}")
    return t_arr


def _as_indices(i: ArrayLike, n: int) -> NDArray[np.intp]:
    i_arr = np.asarray(i)
    if i_arr.ndim != 1:
        raise ValueError(f"i must be 1-D, got shape {i_arr.shape}")
    if i_arr.size and not np.issubdtype(i_arr.dtype, np.integer):
        as_float = np.asarray(i_arr, dtype=np.float64)
        if not np.all(np.isfinite(as_float) & (as_float == np.round(as_float))):
            raise ValueError("neuron indices i must be integers")
        i_arr = as_float
    if i_arr.size and (i_arr.min() < 0 or i_arr.max() >= n):
        raise ValueError(
            f"neuron indices i must lie in [0, {n}), got range [{i_arr.min()}, {i_arr.max()}]"
        )
    return i_arr.astype(np.intp)


def validate_spikes(
    i: ArrayLike, t: ArrayLike, n: int, t_start: float, t_stop: float
) -> tuple[NDArray[np.intp], FloatArray]:
    """Check spike arrays and return them sorted by time, restricted to the window.

    Every statistic in this module calls this first, so the conventions of the
    module docstring hold everywhere.

    Parameters
    ----------
    i : array_like of int, shape (n_spikes,)
        Neuron index of each spike, in ``[0, n)``.
    t : array_like of float, shape (n_spikes,)
        Spike times in seconds (any order).
    n : int
        Number of neurons in the population (silent ones included).
    t_start, t_stop : float
        Analysis window in seconds, ``0 <= t_start < t_stop``.

    Returns
    -------
    i, t : numpy.ndarray
        Indices (``intp``) and times (``float64``) of the spikes with
        ``t_start <= t <= t_stop``, sorted by time, ties by index.

    Raises
    ------
    ValueError
        If ``i`` and ``t`` differ in length or are not 1-D, times are NaN, inf or
        negative, indices are non-integer or outside ``[0, n)``, ``n < 1``, or the
        window is not finite with ``0 <= t_start < t_stop``.
    """
    n = _check_n(n)
    t_start, t_stop = _check_window(t_start, t_stop)
    t_arr = _as_times(t)
    i_arr = _as_indices(i, n)
    if i_arr.shape != t_arr.shape:
        raise ValueError(f"i and t must have the same length, got {i_arr.size} and {t_arr.size}")
    keep = (t_arr >= t_start) & (t_arr <= t_stop)
    i_arr, t_arr = i_arr[keep], t_arr[keep]
    order = np.lexsort((i_arr, t_arr))
    return i_arr[order], t_arr[order]


# --------------------------------------------------------------------------- helpers


def _ratio(num: ArrayLike, den: ArrayLike, valid: ArrayLike) -> FloatArray:
    """``num / den`` where ``valid``, NaN elsewhere, without floating-point warnings."""
    num, den = np.broadcast_arrays(np.asarray(num, float), np.asarray(den, float))
    out = np.full(num.shape, np.nan)
    np.divide(num, den, out=out, where=np.asarray(valid, bool))
    return out


def _group_mean(values: FloatArray, group: NDArray[np.intp], n: int) -> FloatArray:
    """Mean of ``values`` per group label in ``[0, n)``; NaN for empty groups."""
    count = np.bincount(group, minlength=n)
    total = np.bincount(group, weights=values, minlength=n)
    return _ratio(total, count, count > 0)


def _intervals(
    i: ArrayLike, t: ArrayLike, n: int, t_start: float, t_stop: float
) -> tuple[NDArray[np.intp], FloatArray]:
    """ISIs in the window with their neuron, grouped by neuron and in temporal order."""
    i_arr, t_arr = validate_spikes(i, t, n, t_start, t_stop)
    order = np.lexsort((t_arr, i_arr))
    i_arr, t_arr = i_arr[order], t_arr[order]
    same = i_arr[1:] == i_arr[:-1]
    return i_arr[1:][same], np.diff(t_arr)[same]


def _adjacent_ratios(
    owner: NDArray[np.intp], isi: FloatArray
) -> tuple[NDArray[np.intp], FloatArray]:
    """``(I_{k+1} - I_k) / (I_{k+1} + I_k)`` for consecutive ISIs of the same neuron.

    Two zero-length intervals (three coincident spikes) are equal, so their term is 0.
    """
    same = owner[1:] == owner[:-1]
    first, second = isi[:-1][same], isi[1:][same]
    total = first + second
    ratio = np.zeros_like(total)
    np.divide(second - first, total, out=ratio, where=total > 0)
    return owner[1:][same], ratio


def _n_bins(duration: float, bin_size: float) -> int:
    """Number of whole bins in the window; raises if there is not even one."""
    n_bins = int(np.floor(duration / bin_size + BIN_TOLERANCE))
    if n_bins < 1:
        raise ValueError(f"bin size {bin_size} s exceeds the window length {duration} s")
    return n_bins


def _bin_index(
    t: FloatArray, t_start: float, bin_size: float, n_bins: int
) -> tuple[NDArray[np.bool_], NDArray[np.intp]]:
    """Mask of spikes inside the binned range and their bin index."""
    position = (t - t_start) / bin_size
    keep = position <= n_bins + BIN_TOLERANCE
    index = np.floor(position[keep] + BIN_TOLERANCE).astype(np.intp)
    return keep, np.minimum(index, n_bins - 1)


# --------------------------------------------------------------------------- rates


def rates_per_neuron(
    i: ArrayLike, t: ArrayLike, n: int, t_start: float, t_stop: float
) -> FloatArray:
    """Firing rate of each neuron: spike count in the window over its duration.

    Parameters
    ----------
    i, t, n, t_start, t_stop
        Spikes and window, see :func:`validate_spikes`.

    Returns
    -------
    numpy.ndarray, shape (n,)
        Rates in Hz (0 for silent neurons).

    Raises
    ------
    ValueError
        On invalid input, see :func:`validate_spikes`.

    References
    ----------
    Dayan P, Abbott LF (2001) Theoretical Neuroscience, ch. 1. MIT Press.
    """
    i_arr, _ = validate_spikes(i, t, n, t_start, t_stop)
    return np.bincount(i_arr, minlength=n) / (float(t_stop) - float(t_start))


def mean_rate(i: ArrayLike, t: ArrayLike, n: int, t_start: float, t_stop: float) -> float:
    """Population-mean firing rate in Hz, silent neurons included.

    Parameters
    ----------
    i, t, n, t_start, t_stop
        Spikes and window, see :func:`validate_spikes`.

    Returns
    -------
    float
        Total spike count / (n * duration), in Hz.

    Raises
    ------
    ValueError
        On invalid input, see :func:`validate_spikes`.

    References
    ----------
    Dayan P, Abbott LF (2001) Theoretical Neuroscience, ch. 1. MIT Press.
    """
    return float(np.mean(rates_per_neuron(i, t, n, t_start, t_stop)))


# --------------------------------------------------------------------------- ISI statistics


def interspike_intervals(
    i: ArrayLike, t: ArrayLike, n: int, t_start: float, t_stop: float
) -> list[FloatArray]:
    """Inter-spike intervals of each neuron, from spikes inside the window.

    Parameters
    ----------
    i, t, n, t_start, t_stop
        Spikes and window, see :func:`validate_spikes`.

    Returns
    -------
    list of numpy.ndarray
        ``n`` arrays of ISIs in seconds, in temporal order (empty for < 2 spikes).

    Raises
    ------
    ValueError
        On invalid input, see :func:`validate_spikes`.

    References
    ----------
    Dayan P, Abbott LF (2001) Theoretical Neuroscience, ch. 1. MIT Press.
    """
    owner, isi = _intervals(i, t, n, t_start, t_stop)
    boundaries = np.cumsum(np.bincount(owner, minlength=_check_n(n)))[:-1]
    return np.split(isi, boundaries)


def isi_cv(i: ArrayLike, t: ArrayLike, n: int, t_start: float, t_stop: float) -> FloatArray:
    """Coefficient of variation of each neuron's ISIs, ``std / mean``.

    The standard deviation is the population one (``ddof=0``), as in
    ``elephant.statistics.cv``. CV is 0 for a clock, 1 for a Poisson process.

    Parameters
    ----------
    i, t, n, t_start, t_stop
        Spikes and window, see :func:`validate_spikes`.

    Returns
    -------
    numpy.ndarray, shape (n,)
        CV per neuron; NaN for neurons with fewer than 3 spikes (2 ISIs) in the
        window or a mean ISI of 0 (all spikes coincident).

    Raises
    ------
    ValueError
        On invalid input, see :func:`validate_spikes`.

    References
    ----------
    Softky WR, Koch C (1993) The highly irregular firing of cortical cells is
    inconsistent with temporal integration of random EPSPs. J Neurosci 13:334-350.
    """
    n = _check_n(n)
    owner, isi = _intervals(i, t, n, t_start, t_stop)
    count = np.bincount(owner, minlength=n)
    mean = _group_mean(isi, owner, n)
    deviation = isi - mean[owner]
    var = _ratio(np.bincount(owner, weights=deviation**2, minlength=n), count, count > 0)
    return _ratio(np.sqrt(var), mean, (count >= 2) & (mean > 0))


def cv2(i: ArrayLike, t: ArrayLike, n: int, t_start: float, t_stop: float) -> FloatArray:
    """Local coefficient of variation CV2 of each neuron (Holt et al. 1996).

    ``CV2 = mean_k 2 |I_{k+1} - I_k| / (I_{k+1} + I_k)`` over consecutive ISIs.
    Comparing only neighbouring intervals makes it insensitive to slow rate
    changes; it is 0 for a clock and 1 for a Poisson process.

    Parameters
    ----------
    i, t, n, t_start, t_stop
        Spikes and window, see :func:`validate_spikes`.

    Returns
    -------
    numpy.ndarray, shape (n,)
        CV2 per neuron; NaN for neurons with fewer than 3 spikes in the window.
        A pair of zero-length intervals (coincident spikes) contributes 0.

    Raises
    ------
    ValueError
        On invalid input, see :func:`validate_spikes`.

    References
    ----------
    Holt GR, Softky WR, Koch C, Douglas RJ (1996) Comparison of discharge
    variability in vitro and in vivo in cat visual cortex neurons.
    J Neurophysiol 75:1806-1814.
    """
    n = _check_n(n)
    owner, ratio = _adjacent_ratios(*_intervals(i, t, n, t_start, t_stop))
    return 2.0 * _group_mean(np.abs(ratio), owner, n)


def lv(i: ArrayLike, t: ArrayLike, n: int, t_start: float, t_stop: float) -> FloatArray:
    """Local variation LV of each neuron (Shinomoto et al. 2003).

    ``LV = 3 / (m - 1) * sum_k ((I_k - I_{k+1}) / (I_k + I_{k+1}))**2`` for the
    ``m`` ISIs of a neuron: 0 for a clock, 1 for a Poisson process, robust to
    slow rate changes.

    Parameters
    ----------
    i, t, n, t_start, t_stop
        Spikes and window, see :func:`validate_spikes`.

    Returns
    -------
    numpy.ndarray, shape (n,)
        LV per neuron; NaN for neurons with fewer than 3 spikes in the window.
        A pair of zero-length intervals (coincident spikes) contributes 0.

    Raises
    ------
    ValueError
        On invalid input, see :func:`validate_spikes`.

    References
    ----------
    Shinomoto S, Shima K, Tanji J (2003) Differences in spiking patterns among
    cortical neurons. Neural Comput 15:2823-2842.
    """
    n = _check_n(n)
    owner, ratio = _adjacent_ratios(*_intervals(i, t, n, t_start, t_stop))
    return 3.0 * _group_mean(ratio**2, owner, n)


def population_mean(values: ArrayLike) -> float:
    """Mean of per-neuron values ignoring NaN; NaN (without a warning) if none is defined.

    Parameters
    ----------
    values : array_like of float
        Per-neuron statistic, e.g. from :func:`isi_cv`.

    Returns
    -------
    float
        Mean of the non-NaN entries, or NaN if there are none.
    """
    arr = np.asarray(values, dtype=np.float64).ravel()
    defined = arr[~np.isnan(arr)]
    return float(defined.mean()) if defined.size else float("nan")


# --------------------------------------------------------------------------- binned counts


def spike_counts(
    i: ArrayLike, t: ArrayLike, n: int, t_start: float, t_stop: float, bin_size: float
) -> NDArray[np.int64]:
    """Spike counts of each neuron in consecutive bins of ``bin_size`` seconds.

    Parameters
    ----------
    i, t, n, t_start, t_stop
        Spikes and window, see :func:`validate_spikes`.
    bin_size : float
        Bin width in seconds. There are ``floor((t_stop - t_start) / bin_size)``
        bins from ``t_start``; a trailing partial bin is dropped with its spikes.

    Returns
    -------
    numpy.ndarray of int64, shape (n, n_bins)
        Counts; memory is ``8 * n * n_bins`` bytes.

    Raises
    ------
    ValueError
        On invalid spikes (see :func:`validate_spikes`), ``bin_size <= 0``, or a
        bin larger than the window.
    """
    i_arr, t_arr = validate_spikes(i, t, n, t_start, t_stop)
    bin_size = _check_positive(bin_size, "bin_size")
    n_bins = _n_bins(float(t_stop) - float(t_start), bin_size)
    keep, index = _bin_index(t_arr, float(t_start), bin_size, n_bins)
    flat = np.bincount(i_arr[keep] * n_bins + index, minlength=n * n_bins)
    return flat.astype(np.int64).reshape(n, n_bins)


def fano_factor(
    i: ArrayLike, t: ArrayLike, n: int, t_start: float, t_stop: float, window: float
) -> FloatArray:
    """Fano factor of each neuron's spike counts in consecutive windows.

    ``F = Var(counts) / mean(counts)`` (``ddof=0``, as Elephant's ``fanofactor``)
    over the non-overlapping windows of the recording, i.e. the windows play the
    role of trials. F is 0 for a clock and 1 for a Poisson process.

    Parameters
    ----------
    i, t, n, t_start, t_stop
        Spikes and window, see :func:`validate_spikes`.
    window : float
        Counting window in seconds (binned as in :func:`spike_counts`).

    Returns
    -------
    numpy.ndarray, shape (n,)
        Fano factor per neuron; NaN for silent neurons or if fewer than 2 windows fit.

    Raises
    ------
    ValueError
        On invalid spikes, ``window <= 0`` or a window longer than the recording.

    References
    ----------
    Fano U (1947) Ionization yield of radiations. II. The fluctuations of the
    number of ions. Phys Rev 72:26-29.
    """
    counts = spike_counts(i, t, n, t_start, t_stop, window).astype(np.float64)
    mean = counts.mean(axis=1)
    return _ratio(counts.var(axis=1), mean, (mean > 0) & (counts.shape[1] >= 2))


def psth(
    i: ArrayLike, t: ArrayLike, n: int, t_start: float, t_stop: float, bin_size: float
) -> tuple[FloatArray, FloatArray]:
    """Population rate per neuron (peri-stimulus time histogram) in Hz.

    Parameters
    ----------
    i, t, n, t_start, t_stop
        Spikes and window, see :func:`validate_spikes`.
    bin_size : float
        Bin width in seconds, binned as in :func:`spike_counts`.

    Returns
    -------
    centres : numpy.ndarray, shape (n_bins,)
        Bin centres in seconds.
    rate : numpy.ndarray, shape (n_bins,)
        Spikes of all neurons per bin divided by ``n * bin_size`` (Hz per neuron).

    Raises
    ------
    ValueError
        On invalid spikes, ``bin_size <= 0`` or a bin larger than the window.

    References
    ----------
    Gerstein GL, Kiang NY (1960) An approach to the quantitative analysis of
    electrophysiological data from single neurons. Biophys J 1:15-28.
    """
    _, t_arr = validate_spikes(i, t, n, t_start, t_stop)
    bin_size = _check_positive(bin_size, "bin_size")
    n_bins = _n_bins(float(t_stop) - float(t_start), bin_size)
    _, index = _bin_index(t_arr, float(t_start), bin_size, n_bins)
    rate = np.bincount(index, minlength=n_bins) / (n * bin_size)
    centres = float(t_start) + (np.arange(n_bins) + 0.5) * bin_size
    return centres, rate


# --------------------------------------------------------------------------- correlations


def _pair_from_linear(index: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Map ``k = b(b-1)/2 + a`` (``a < b``) back to the pair ``(a, b)``."""
    b = np.floor((1 + np.sqrt(1 + 8 * index.astype(np.float64))) / 2).astype(np.int64)
    b -= b * (b - 1) // 2 > index
    b += (b + 1) * b // 2 <= index
    return index - b * (b - 1) // 2, b


def _mean_pair_correlation(z: FloatArray, n_pairs: int | None, rng: np.random.Generator) -> float:
    """Mean of ``<z_a z_b>`` over pairs ``a < b`` of the z-scored rows of ``z``."""
    k, n_bins = z.shape
    total_pairs = k * (k - 1) // 2
    if n_pairs is None or n_pairs >= total_pairs:
        summed = z.sum(axis=0)
        off_diagonal = summed @ summed - np.einsum("ij,ij->", z, z)
        return float(off_diagonal / (n_bins * 2 * total_pairs))
    first, second = _pair_from_linear(rng.choice(total_pairs, size=n_pairs, replace=False))
    chunk = max(1, _PAIR_CHUNK_ELEMENTS // n_bins)
    total = 0.0
    for start in range(0, n_pairs, chunk):
        a, b = first[start : start + chunk], second[start : start + chunk]
        total += float(np.einsum("ij,ij->", z[a], z[b]))
    return total / (n_bins * n_pairs)


def pairwise_correlation(
    i: ArrayLike,
    t: ArrayLike,
    n: int,
    t_start: float,
    t_stop: float,
    bin_size: float,
    n_pairs: int | None = None,
    rng: np.random.Generator | int | None = None,
) -> float:
    """Mean Pearson correlation of binned spike counts over pairs of neurons.

    Neurons whose binned counts do not vary (silent ones in particular) have no
    defined correlation and are excluded. With all pairs the mean is computed in
    ``O(n * n_bins)`` memory without forming the correlation matrix.

    Parameters
    ----------
    i, t, n, t_start, t_stop
        Spikes and window, see :func:`validate_spikes`.
    bin_size : float
        Counting bin in seconds, binned as in :func:`spike_counts`.
    n_pairs : int, optional
        If given and smaller than the number of pairs, average over this many
        distinct pairs drawn uniformly at random (for large populations).
    rng : numpy.random.Generator or int, optional
        Generator or seed for the pair subsample.

    Returns
    -------
    float
        Mean correlation coefficient in [-1, 1]; NaN if fewer than 2 neurons
        have varying counts or fewer than 2 bins fit.

    Raises
    ------
    ValueError
        On invalid spikes, ``bin_size <= 0``, a bin larger than the window, or
        ``n_pairs < 1``.

    References
    ----------
    de la Rocha J, Doiron B, Shea-Brown E, Josic K, Reyes A (2007) Correlation
    between neural spike trains increases with firing rate. Nature 448:802-806.
    """
    if n_pairs is not None:
        n_pairs = _check_count(n_pairs, "n_pairs", 1)
    counts = spike_counts(i, t, n, t_start, t_stop, bin_size).astype(np.float64)
    std = counts.std(axis=1)
    varying = std > 0
    if counts.shape[1] < 2 or np.count_nonzero(varying) < 2:
        return float("nan")
    active = counts[varying]
    z = (active - active.mean(axis=1, keepdims=True)) / std[varying, None]
    return _mean_pair_correlation(z, n_pairs, np.random.default_rng(rng))


def golomb_chi(
    i: ArrayLike,
    t: ArrayLike,
    n: int,
    t_start: float,
    t_stop: float,
    bin_size: float = SUMMARY_CHI_BIN,
) -> float:
    """Population synchrony measure chi (Golomb 2007) from binned spike counts.

    ``chi**2 = Var_t(mean_i x_i(t)) / mean_i Var_t(x_i(t))`` with ``x_i`` the
    counts of neuron ``i`` in bins of ``bin_size``. chi is 1 for identical trains
    and about ``1/sqrt(n)`` for independent ones. All ``n`` neurons enter, so
    silent neurons lower chi.

    Parameters
    ----------
    i, t, n, t_start, t_stop
        Spikes and window, see :func:`validate_spikes`.
    bin_size : float, optional
        Counting bin in seconds (default 5 ms); larger bins tolerate more jitter.

    Returns
    -------
    float
        chi in [0, 1]; NaN if no neuron's counts vary or fewer than 2 bins fit.

    Raises
    ------
    ValueError
        On invalid spikes, ``bin_size <= 0`` or a bin larger than the window.

    References
    ----------
    Golomb D (2007) Neuronal synchrony measures. Scholarpedia 2(1):1347.
    Golomb D, Rinzel J (1994) Clustering in globally coupled inhibitory
    neurons. Physica D 72:259-282.
    """
    counts = spike_counts(i, t, n, t_start, t_stop, bin_size).astype(np.float64)
    mean_var = counts.var(axis=1).mean()
    if counts.shape[1] < 2 or mean_var <= 0:
        return float("nan")
    chi_squared = counts.mean(axis=0).var() / mean_var
    return float(np.sqrt(min(chi_squared, 1.0)))


# --------------------------------------------------------------------------- spectra


def population_rate_psd(
    i: ArrayLike,
    t: ArrayLike,
    n: int,
    t_start: float,
    t_stop: float,
    bin_size: float = 1e-3,
    nperseg: int | None = None,
) -> tuple[FloatArray, FloatArray]:
    """Welch power spectral density of the population rate (see :func:`psth`).

    Parameters
    ----------
    i, t, n, t_start, t_stop
        Spikes and window, see :func:`validate_spikes`.
    bin_size : float, optional
        Rate sampling period in seconds (default 1 ms, Nyquist 500 Hz).
    nperseg : int, optional
        Welch segment length in bins; default ``min(256, n_bins)``. Frequency
        resolution is ``1 / (nperseg * bin_size)``.

    Returns
    -------
    freqs : numpy.ndarray
        Frequencies in Hz.
    psd : numpy.ndarray
        PSD of the rate in Hz**2/Hz (mean removed per segment).

    Raises
    ------
    ValueError
        On invalid spikes, ``bin_size <= 0``, a bin larger than the window, or
        ``nperseg`` not in ``[1, n_bins]``.

    References
    ----------
    Welch PD (1967) The use of fast Fourier transform for the estimation of power
    spectra. IEEE Trans Audio Electroacoust 15:70-73.
    """
    _, rate = psth(i, t, n, t_start, t_stop, bin_size)
    if nperseg is None:
        nperseg = min(256, rate.size)
    nperseg = _check_count(nperseg, "nperseg (segment length in bins)", 1, rate.size)
    freqs, power = signal.welch(rate, fs=1.0 / float(bin_size), nperseg=nperseg)
    return freqs, power


# --------------------------------------------------------------------------- summary


def _fits(t_start: float, t_stop: float, bin_size: float) -> bool:
    """Whether at least two bins of ``bin_size`` fit in the window."""
    return (float(t_stop) - float(t_start)) / bin_size + BIN_TOLERANCE >= 2


def summary(i: ArrayLike, t: ArrayLike, n: int, t_start: float, t_stop: float) -> dict[str, float]:
    """Population summary of firing statistics as plain floats.

    Keys: ``rate_hz`` (:func:`mean_rate`); ``isi_cv``, ``cv2``, ``lv`` and
    ``fano_factor`` (100 ms windows) as :func:`population_mean` of per-neuron
    values; ``correlation`` (:func:`pairwise_correlation`, 10 ms bins) and
    ``synchrony_chi`` (:func:`golomb_chi`, 5 ms bins).

    Parameters
    ----------
    i, t, n, t_start, t_stop
        Spikes and window, see :func:`validate_spikes`.

    Returns
    -------
    dict of str to float
        Values are NaN where undefined, including binned measures for windows
        shorter than two bins.

    Raises
    ------
    ValueError
        On invalid input, see :func:`validate_spikes`.

    References
    ----------
    See the individual functions.
    """
    i, t = validate_spikes(i, t, n, t_start, t_stop)
    window = (t_start, t_stop)
    nan = float("nan")
    fano = (
        population_mean(fano_factor(i, t, n, *window, SUMMARY_FANO_WINDOW))
        if _fits(*window, SUMMARY_FANO_WINDOW)
        else nan
    )
    correlation = (
        pairwise_correlation(i, t, n, *window, SUMMARY_CORRELATION_BIN)
        if _fits(*window, SUMMARY_CORRELATION_BIN)
        else nan
    )
    chi = golomb_chi(i, t, n, *window, SUMMARY_CHI_BIN) if _fits(*window, SUMMARY_CHI_BIN) else nan
    return {
        "rate_hz": mean_rate(i, t, n, *window),
        "isi_cv": population_mean(isi_cv(i, t, n, *window)),
        "cv2": population_mean(cv2(i, t, n, *window)),
        "lv": population_mean(lv(i, t, n, *window)),
        "fano_factor": fano,
        "correlation": correlation,
        "synchrony_chi": chi,
    }
