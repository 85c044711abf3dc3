"""TMS motor-evoked-potential (MEP) measures.

Imitates the single-pulse TMS paradigm of Fadiga et al. (1995), "Motor facilitation during
action observation: a magnetic stimulation study", *J Neurophysiol* 73:2608-2611, and its
clinical use by Théoret et al. (2005), "Impaired motor facilitation during action observation
in individuals with autism spectrum disorder", *Curr Biol* 15:R84-R85: a pulse is delivered to
the motor output during action observation or a static control, and the size of the evoked
response is compared between the two.

In silico, the MEP is the number of spikes emitted by the whole motor-output population in a
short window after each (simulated) pulse. Functions are pure and work on recorded arrays.

The TMS paradigms of human studies (model §6.12) are computed here too: the recruitment
(input-output) curve and its Boltzmann fit (Devanne, Lavoie & Capaday 1997), the resting motor
threshold (Rossini et al. 2015), facilitation as a percentage of the static condition, and the
paired-pulse ratios of short- and long-interval intracortical inhibition (SICI: Kujirai et al.
1993; LICI: Valls-Solé et al. 1992).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

__all__ = [
    "boltzmann",
    "fit_recruitment_curve",
    "mep_facilitation",
    "mep_size",
    "motor_threshold",
    "motor_threshold_ml",
    "paired_pulse_ratio",
    "percent_change",
]


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


def boltzmann(intensity: ArrayLike, mep_max: float, i50: float, slope: float) -> np.ndarray:
    """The Boltzmann recruitment curve of Devanne, Lavoie & Capaday (1997, Exp Brain Res
    114:329): ``mep_max / (1 + exp((i50 - intensity) / slope))``."""
    x = (i50 - np.asarray(intensity, dtype=float)) / slope
    return mep_max / (1.0 + np.exp(np.clip(x, -700, 700)))


def fit_recruitment_curve(intensities: ArrayLike, meps: ArrayLike) -> dict[str, float]:
    """Least-squares fit of :func:`boltzmann` to MEPs (one per pulse, or means) against pulse
    intensity (Devanne et al. 1997).

    Returns ``mep_max`` (the plateau), ``i50`` (the intensity of half the plateau), ``slope``
    (the intensity that multiplies the MEP by e on the rising flank, in the units of
    ``intensities``) and ``r2``, the fraction of the MEPs' variance the curve explains. All
    NaN when the fit does not converge or fewer than 4 distinct intensities are given.

    >>> import numpy as np
    >>> x = np.linspace(0.5, 3, 11)
    >>> fit = fit_recruitment_curve(x, boltzmann(x, 40.0, 1.5, 0.2))
    >>> round(fit["mep_max"], 3), round(fit["i50"], 3), round(fit["slope"], 3)
    (40.0, 1.5, 0.2)
    """
    from scipy.optimize import curve_fit

    x = _finite_1d(intensities, "intensities")
    y = _finite_1d(meps, "meps")
    if x.shape != y.shape:
        raise ValueError(f"intensities and meps differ in length: {x.size} and {y.size}")
    nan = {"mep_max": np.nan, "i50": np.nan, "slope": np.nan, "r2": np.nan}
    if np.unique(x).size < 4 or np.ptp(y) == 0:
        return nan
    start = (float(y.max()), float(np.median(x)), float(np.ptp(x)) / 10)
    try:
        (top, mid, slope), _ = curve_fit(
            boltzmann, x, y, p0=start, bounds=([0, x.min() - np.ptp(x), 1e-6], np.inf)
        )
    except (RuntimeError, ValueError):
        return nan
    residual = y - boltzmann(x, top, mid, slope)
    r2 = 1.0 - float(np.sum(residual**2)) / float(np.sum((y - y.mean()) ** 2))
    return {"mep_max": float(top), "i50": float(mid), "slope": float(slope), "r2": r2}


def motor_threshold(intensities: ArrayLike, meps: ArrayLike, criterion: float) -> float:
    """The resting motor threshold: the lowest intensity at which the mean MEP reaches
    ``criterion``.

    Human studies take the lowest stimulator output that evokes an MEP of at least 50 µV in at
    least half of the trials (Rossini et al. 2015, Clin Neurophysiol 126:1071). Here the mean
    MEP per intensity (``meps``: one per pulse) is followed upwards from the lowest intensity,
    and the threshold is interpolated linearly between the last intensity below ``criterion``
    and the first at or above it. NaN if no intensity reaches it; the lowest intensity if all
    do (the grid started too high).

    >>> motor_threshold([1, 1, 2, 2, 3, 3], [0, 0, 1, 1, 5, 7], criterion=3.5)
    2.5
    """
    x = _finite_1d(intensities, "intensities")
    y = _finite_1d(meps, "meps")
    if x.shape != y.shape:
        raise ValueError(f"intensities and meps differ in length: {x.size} and {y.size}")
    if not np.isfinite(criterion):
        raise ValueError(f"criterion must be finite, got {criterion}")
    levels = np.unique(x)
    means = np.array([y[x == level].mean() for level in levels])
    above = np.flatnonzero(means >= criterion)
    if above.size == 0:
        return float("nan")
    k = int(above[0])
    if k == 0:
        return float(levels[0])
    x0, x1, y0, y1 = levels[k - 1], levels[k], means[k - 1], means[k]
    return float(x0 + (criterion - y0) * (x1 - x0) / (y1 - y0))


def motor_threshold_ml(intensities: ArrayLike, has_mep: ArrayLike) -> dict[str, float]:
    """The motor threshold as the intensity at which half of the pulses evoke an MEP, from a
    cumulative-normal model ``P(MEP | x) = Phi((x - threshold) / spread)`` fitted to every
    pulse by maximum likelihood.

    The relative-frequency rule (5 of 10 at one intensity; :func:`motor_threshold`) is noisy and
    biased where responses grow slowly with intensity; a parametric fit to all pulses estimates
    the same quantity more accurately (Wang, Peterchev & Goetz 2023, J Neural Eng 20:056002).
    Returns ``threshold`` and ``spread``; NaN if fewer than 2 intensities, or if every pulse or
    none evoked an MEP.

    >>> import numpy as np
    >>> x = np.repeat([1.0, 2.0, 3.0, 4.0], 50)
    >>> has = np.concatenate([np.arange(50) < n for n in (2, 15, 35, 48)])
    >>> round(motor_threshold_ml(x, has)["threshold"], 1)
    2.5
    """
    from scipy.optimize import minimize
    from scipy.stats import norm

    x = _finite_1d(intensities, "intensities")
    y = _finite_1d(has_mep, "has_mep")
    if x.shape != y.shape:
        raise ValueError(f"intensities and has_mep differ in length: {x.size} and {y.size}")
    nan = {"threshold": float("nan"), "spread": float("nan")}
    if np.unique(x).size < 2 or y.min() == y.max():
        return nan

    def minus_log_likelihood(theta):
        p = norm.cdf((x - theta[0]) / np.exp(theta[1]))
        p = np.clip(p, 1e-12, 1 - 1e-12)
        return -float(np.sum(y * np.log(p) + (1 - y) * np.log1p(-p)))

    # Bounded: where no pulse falls between the last intensity without MEPs and the first with
    # one (a steep curve, e.g. read from motoneurons), the likelihood keeps growing as the
    # spread shrinks; the bound stops it there, with the threshold between the two.
    span = float(np.ptp(x))
    start = (float(np.median(x)), float(np.log(span / 4)))
    bounds = [
        (float(x.min()) - span, float(x.max()) + span),
        (np.log(span / 1e4), np.log(span * 10)),
    ]
    fit = minimize(minus_log_likelihood, start, method="L-BFGS-B", bounds=bounds)
    if not fit.success:
        return nan
    return {"threshold": float(fit.x[0]), "spread": float(np.exp(fit.x[1]))}


def percent_change(test: ArrayLike, control: ArrayLike) -> float:
    """``100 * (mean(test) / mean(control) - 1)``: an MEP change in per cent of the control
    condition, as TMS studies of action observation report it (e.g. Basavaraju et al. 2019).
    NaN if the control mean is 0 or an input is empty.

    >>> percent_change([12, 14], [10, 10])
    30.0
    """
    test, control = _finite_1d(test, "test"), _finite_1d(control, "control")
    if test.size == 0 or control.size == 0 or np.mean(control) == 0:
        return float("nan")
    return 100.0 * float(np.mean(test)) / float(np.mean(control)) - 100.0


def paired_pulse_ratio(conditioned: ArrayLike, unconditioned: ArrayLike) -> float:
    """The conditioned MEP in per cent of the unconditioned (test-pulse-only) MEP:
    ``100 * mean(conditioned) / mean(unconditioned)``. Below 100 is inhibition: SICI at 2-5 ms
    (Kujirai et al. 1993, J Physiol 471:501), LICI at 50-200 ms (Valls-Solé et al. 1992,
    Electroencephalogr Clin Neurophysiol 85:355). NaN if the unconditioned mean is 0.

    >>> paired_pulse_ratio([3, 5], [8, 8])
    50.0
    """
    return 100.0 + percent_change(conditioned, unconditioned)
