"""Response onset latency of a population PSTH (pure: arrays -> a number).

The criterion is the common one of single-unit studies: the first of ``n_bins`` consecutive bins
after stimulus onset whose rate exceeds the pre-stimulus baseline by ``n_sd`` standard
deviations of that baseline. Comparing the latency of F5 with that of the visual input asks
whether mirror responses follow the sight of an action or anticipate it (Kilner et al. 2004;
Maranesi et al. 2014 recorded F5 mirror neurons that fire before a predictable observed action).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["onset_latency"]


def onset_latency(psth: ArrayLike, edges: ArrayLike, n_sd: float = 3.0, n_bins: int = 3) -> float:
    """Onset latency (s) of the response in ``psth``, NaN if it never rises above baseline.

    Parameters
    ----------
    psth : array_like
        Rate per bin (any unit), trial-averaged.
    edges : array_like
        Bin edges in s from stimulus onset (``len(psth) + 1``); bins that end at or before 0
        are the baseline, bins that start at or after 0 are searched.
    n_sd : float
        Threshold: baseline mean + ``n_sd`` x baseline SD (over baseline bins).
    n_bins : int
        Consecutive bins that must all exceed the threshold.

    Returns
    -------
    float
        The start of the first such run of bins, in s from onset.

    Examples
    --------
    >>> edges = np.arange(-10, 21) / 100  # 10 ms bins, 100 ms of baseline
    >>> psth = np.where(np.arange(30) >= 15, 40.0, 5.0) + np.tile([0.0, 1.0], 15)
    >>> round(onset_latency(psth, edges), 3)
    0.05
    """
    rate = np.asarray(psth, dtype=float)
    edges = np.asarray(edges, dtype=float)
    if edges.size != rate.size + 1:
        raise ValueError(f"edges must have len(psth) + 1 = {rate.size + 1} values")
    if not np.all(np.isfinite(rate)):
        raise ValueError("psth contains non-finite values (NaN or inf)")
    if n_bins < 1 or not n_sd >= 0:
        raise ValueError("n_bins must be >= 1 and n_sd >= 0")
    baseline = rate[edges[1:] <= 0]
    if baseline.size < 2:
        raise ValueError("need at least two baseline bins (ending at or before 0)")
    threshold = baseline.mean() + n_sd * baseline.std(ddof=1)
    after = np.flatnonzero(edges[:-1] >= 0)
    above = rate[after] > threshold
    run = np.convolve(above.astype(int), np.ones(n_bins, dtype=int), mode="valid")
    hits = np.flatnonzero(run == n_bins)
    return float(edges[after[hits[0]]]) if hits.size else math.nan
