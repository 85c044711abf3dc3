"""Cutting a run into trial windows: the one place that knows where a response is measured.

A trial's response window is ``[onset + analysis_start, onset + duration)`` (seconds): the
first ``analysis_start`` of a trial is skipped so that onset transients do not count (model
§4). Spike counts, signal segments and time-sorted spike slices of those windows are what every
analysis (metrics, clinical measures, firing statistics, figures) starts from.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from mirrorsim.measures.classification import trial_counts
from mirrorsim.protocols import Trial
from mirrorsim.simulate import SpikeData


def response_windows(trials: Sequence[Trial], start: float) -> np.ndarray:
    """Response windows ``(n_trials, 2)`` in seconds: ``start`` s after each onset to its end."""
    return np.array([(tr.onset + start, tr.onset + tr.duration) for tr in trials]).reshape(-1, 2)


def spike_counts(spikes: SpikeData, trials: Sequence[Trial], start: float) -> np.ndarray:
    """Spike counts ``(n_trials, n)`` of every neuron of a population in each response window."""
    return trial_counts(spikes.i, spikes.t, spikes.n, response_windows(trials, start))


def signal_segments(
    signal: np.ndarray, dt: float, trials: Sequence[Trial], start: float
) -> list[np.ndarray]:
    """The response window of each trial cut out of a sampled ``signal`` (sampling step ``dt``
    s); trials that run past the end of the signal are left out."""
    out = []
    for tr in trials:
        a, b = int(round((tr.onset + start) / dt)), int(round((tr.onset + tr.duration) / dt))
        if b <= signal.size:
            out.append(signal[a:b])
    return out


def time_sorted(spikes: SpikeData) -> tuple[np.ndarray, np.ndarray]:
    """Indices and times sorted by time (no copy when they already are)."""
    i = np.asarray(spikes.i, dtype=np.intp)
    t = np.asarray(spikes.t, dtype=np.float64)
    if t.size > 1 and np.any(t[1:] < t[:-1]):
        order = np.argsort(t, kind="stable")
        i, t = i[order], t[order]
    return i, t


def spikes_between(
    i: np.ndarray, t: np.ndarray, start: float, stop: float, right: str = "right"
) -> tuple[np.ndarray, np.ndarray]:
    """Time-sorted spikes with ``start <= t <= stop`` (``right="right"``) or ``< stop``
    (``"left"``)."""
    lo = np.searchsorted(t, start, side="left")
    hi = np.searchsorted(t, stop, side=right)
    return i[lo:hi], t[lo:hi]


def sorted_counts(i: np.ndarray, t: np.ndarray, n: int, windows: np.ndarray) -> np.ndarray:
    """Spike counts ``(n_windows, n)`` in ``[start, stop)`` windows of *time-sorted* spikes
    (:func:`time_sorted`): the fast path when one population is cut many times."""
    counts = np.zeros((len(windows), n), dtype=np.int64)
    bounds = np.searchsorted(t, np.asarray(windows).ravel(), side="left").reshape(-1, 2)
    for row, (lo, hi) in enumerate(bounds):
        counts[row] = np.bincount(i[lo:hi], minlength=n)
    return counts


def aligned_psth(
    i: np.ndarray, t: np.ndarray, pool: np.ndarray, trials: Sequence[Trial], edges: np.ndarray
) -> np.ndarray:
    """Mean rate (Hz per neuron) of the neurons in boolean mask ``pool`` in bins ``edges``
    (seconds from onset) around the onsets of ``trials``; ``i, t`` time-sorted."""
    counts = np.zeros(edges.size - 1)
    n = int(pool.sum())
    if not trials or n == 0:
        return counts
    for tr in trials:
        ii, tt = spikes_between(i, t, tr.onset + edges[0], tr.onset + edges[-1], right="left")
        counts += np.histogram(tt[pool[ii]] - tr.onset, bins=edges)[0]
    return counts / (n * len(trials) * np.diff(edges))
