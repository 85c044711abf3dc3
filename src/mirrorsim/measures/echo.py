"""Echo index: how often observation alone produces overt motor output.

Imitates the clinical observation of echophenomena - echopraxia / imitation behaviour
(Lhermitte et al. 1986, "Human autonomy and the frontal lobes. Part I: Imitation and
utilization behavior", *Ann Neurol* 19:326-334) and echolalia/echopraxia as discussed by
Basavaraju et al. (2019): an observed action is overtly reproduced.
In silico, an observation trial counts as "echoed" when the motor-output population fires
as much as it does when an execution is called overt.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["echo_index", "overt_threshold_from_execution"]


def _finite_1d(x: ArrayLike, name: str) -> np.ndarray:
    arr = np.asarray(x, dtype=float)
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains non-finite values (NaN or inf)")
    return arr


def echo_index(output_counts_per_trial: ArrayLike, threshold: float) -> float:
    """Fraction of observation trials with overt (echoed) motor output.

    The in-silico echopraxia / echolalia rate (Lhermitte et al. 1986; Basavaraju et al.
    2019): the fraction of observation trials whose motor-output spike count (or peak rate)
    reaches the overt-execution threshold, i.e. ``count >= threshold``.

    Parameters
    ----------
    output_counts_per_trial : array_like
        Motor-output spike count (or peak rate) in each observation trial, 1-D.
    threshold : float
        Overt-output threshold in the same units, e.g. from
        :func:`overt_threshold_from_execution`.

    Returns
    -------
    float
        Fraction in [0, 1]. NaN if there are no trials or the threshold is NaN.

    Raises
    ------
    ValueError
        If the counts contain non-finite values or the threshold is infinite.
    """
    counts = _finite_1d(output_counts_per_trial, "output_counts_per_trial")
    threshold = float(threshold)
    if np.isinf(threshold):
        raise ValueError(f"threshold must be finite (or NaN), got {threshold}")
    if counts.size == 0 or np.isnan(threshold):
        return float("nan")
    return float(np.mean(counts >= threshold))


def overt_threshold_from_execution(
    exec_counts: ArrayLike, rest_counts: ArrayLike, fraction: float = 0.5
) -> float:
    """Threshold on motor output that defines an overt action.

    Rule: ``threshold = mean(rest) + fraction * (mean(execute) - mean(rest))``. With the
    default ``fraction = 0.5`` an observation trial counts as echoed (see
    :func:`echo_index`) when its motor output is at least halfway from the resting level to
    the level reached during real execution.

    Parameters
    ----------
    exec_counts : array_like
        Motor-output counts (or peak rates) in execution trials.
    rest_counts : array_like
        Motor-output counts in rest trials, same units.
    fraction : float, optional
        Position of the threshold between rest (0) and execution (1) means, in (0, 1].

    Returns
    -------
    float
        The threshold. NaN if either input is empty, or if the execution mean does not exceed
        the rest mean (no overt response to calibrate against); :func:`echo_index` then
        returns NaN too.

    Raises
    ------
    ValueError
        If inputs contain non-finite values or ``fraction`` is outside (0, 1].
    """
    fraction = float(fraction)
    if not 0.0 < fraction <= 1.0:
        raise ValueError(f"fraction must be in (0, 1], got {fraction}")
    ex = _finite_1d(exec_counts, "exec_counts")
    rest = _finite_1d(rest_counts, "rest_counts")
    if ex.size == 0 or rest.size == 0:
        return float("nan")
    m_ex, m_rest = float(np.mean(ex)), float(np.mean(rest))
    if m_ex <= m_rest:
        return float("nan")
    return m_rest + fraction * (m_ex - m_rest)
