"""BOLD-like activity proxy from synaptic activity.

Follows Logothetis et al. (2001), "Neurophysiological investigation of the basis of the fMRI
signal", *Nature* 412:150-157, who found that the BOLD response reflects the input and local
processing of an area (LFP, i.e. synaptic activity) better than its spiking output. The
in-silico BOLD of an area in a condition is therefore its summed synaptic activity (total
|synaptic current| or number of synaptic events), averaged over time and over the condition's
trials - the analogue of the fMRI contrasts used in human mirror-system studies.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["bold_percent_change", "bold_proxy"]


def bold_proxy(segments: Sequence[ArrayLike]) -> float:
    """BOLD-like activity of one area in one condition.

    Synaptic-activity proxy of the BOLD signal (Logothetis et al. 2001, Nature 412:150):
    for each trial the absolute synaptic activity is summed over cells and averaged over
    time; the result is averaged over trials.

    Parameters
    ----------
    segments : sequence of array_like
        One array per trial, shape ``(n_times,)`` (already summed over cells) or
        ``(n_cells, n_times)``; e.g. synaptic currents in A or synaptic events per bin.
        Absolute values are taken. A 2-D array is treated as ``(n_trials, n_times)``.

    Returns
    -------
    float
        Mean over trials of the time-averaged summed activity (units of the input).
        NaN if there are no trials.

    Raises
    ------
    ValueError
        If a segment is empty, not 1-D/2-D, or contains non-finite values.
    """
    means = []
    for k, seg in enumerate(segments):
        arr = np.asarray(seg, dtype=float)
        if arr.ndim not in (1, 2) or arr.size == 0:
            raise ValueError(
                f"segments[{k}] must be a non-empty (n_times,) or (n_cells, n_times) array, "
                f"got shape {arr.shape}"
            )
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"segments[{k}] contains non-finite values (NaN or inf)")
        summed = np.abs(arr).sum(axis=0) if arr.ndim == 2 else np.abs(arr)
        means.append(float(np.mean(summed)))
    if not means:
        return float("nan")
    return float(np.mean(means))


def bold_percent_change(condition: float, rest: float) -> float:
    """Percent signal change of a condition relative to rest.

    ``100 * (condition - rest) / rest``, the usual way fMRI responses are reported
    (Logothetis et al. 2001). Inputs are :func:`bold_proxy` values.

    Returns
    -------
    float
        Percent change; NaN if ``rest`` is 0 or either input is NaN.
    """
    condition, rest = float(condition), float(rest)
    if rest == 0.0 or np.isnan(rest) or np.isnan(condition):
        return float("nan")
    return 100.0 * (condition - rest) / rest
