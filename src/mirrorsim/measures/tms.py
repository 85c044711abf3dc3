"""TMS motor-evoked-potential (MEP) measures.

Imitates the single-pulse TMS paradigm of Fadiga et al. (1995), "Motor facilitation during
action observation: a magnetic stimulation study", *J Neurophysiol* 73:2608-2611, and its
clinical use by Théoret et al. (2005), "Impaired motor facilitation during action observation
in individuals with autism spectrum disorder", *Curr Biol* 15:R84-R85: a pulse is delivered to
the motor output during action observation or a static control, and the size of the evoked
response is compared between the two.

In silico, the MEP is the number of spikes emitted by the whole motor-output population in a
short window after each (simulated) pulse. Functions are pure and work on recorded arrays.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["mep_facilitation", "mep_size"]


def _finite_1d(x: ArrayLike, name: str) -> np.ndarray:
    arr = np.asarray(x, dtype=float)
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains non-finite values (NaN or inf)")
    return arr


def mep_size(
    spike_times: ArrayLike,
    pulse_times: ArrayLike,
    window: tuple[float, float] = (0.0, 0.02),
) -> np.ndarray:
    """Spike-count MEP after each TMS pulse.

    The in-silico analogue of the MEP amplitude of Fadiga et al. (1995, J Neurophysiol
    73:2608) and Théoret et al. (2005, Curr Biol 15:R84): for each pulse at time ``p`` the
    number of output-population spikes in the half-open window
    ``[p + window[0], p + window[1])``. A spike exactly at ``p + window[0]`` is counted, one
    exactly at ``p + window[1]`` is not. If windows of successive pulses overlap, a spike is
    counted for every window containing it.

    Parameters
    ----------
    spike_times : array_like
        Spike times (s, plain floats) of the whole motor-output population, pooled over
        neurons, in any order. May be empty.
    pulse_times : array_like
        Pulse times (s).
    window : tuple of float, optional
        ``(start, stop)`` relative to each pulse, in s, with ``stop > start >= 0``.
        Default 0-20 ms.

    Returns
    -------
    numpy.ndarray
        Integer spike counts, shape ``(n_pulses,)``.

    Raises
    ------
    ValueError
        If times are not finite / not 1-D, or the window is invalid.
    """
    w0, w1 = (float(w) for w in window)
    if not (np.isfinite(w0) and np.isfinite(w1)) or not 0.0 <= w0 < w1:
        raise ValueError(f"window must satisfy 0 <= window[0] < window[1], got {window}")
    spikes = np.sort(_finite_1d(spike_times, "spike_times"))
    pulses = _finite_1d(pulse_times, "pulse_times")
    start = np.searchsorted(spikes, pulses + w0, side="left")
    stop = np.searchsorted(spikes, pulses + w1, side="left")
    return (stop - start).astype(np.int64)


def mep_facilitation(mep_observe: ArrayLike, mep_static: ArrayLike) -> float:
    """Relative MEP facilitation during action observation.

    ``mean(MEP_observe) / mean(MEP_static) - 1``, i.e. the fractional increase of the MEP
    during action observation over the static-control condition, as reported by Fadiga
    et al. (1995, J Neurophysiol 73:2608); Théoret et al. (2005, Curr Biol 15:R84) found it
    reduced in autism. 0 means no facilitation, 0.5 a 50 % larger MEP.

    Parameters
    ----------
    mep_observe, mep_static : array_like
        MEP sizes per pulse (e.g. from :func:`mep_size`) in the observation and static
        conditions.

    Returns
    -------
    float
        The facilitation. NaN if the static mean is 0 (ratio undefined) or either input is
        empty.

    Raises
    ------
    ValueError
        If an input contains non-finite values.

    Examples
    --------
    >>> from mirrorsim.measures.tms import mep_facilitation
    >>> mep_facilitation([12, 18, 15], [10, 10, 10])
    0.5
    >>> mep_facilitation([5], [0])
    nan
    """
    obs = _finite_1d(mep_observe, "mep_observe")
    sta = _finite_1d(mep_static, "mep_static")
    if obs.size == 0 or sta.size == 0:
        return float("nan")
    m_static = float(np.mean(sta))
    if m_static == 0.0:
        return float("nan")
    return float(np.mean(obs)) / m_static - 1.0
