"""A TMS session's run -> its recruitment curve, motor threshold and paradigm results (model §6.12).

The MEP of a pulse is the *evoked* spike count of the "recorded muscle", the M1 E pool of
:data:`~mirrorsim.protocols.TMS_TARGET_ACTION`: its spikes in ``tms_volley_window`` after the
test pulse (the pulse's own spikes all come within 2.5 ms of it), less the background count
expected in that window, from the pool's rate in the ``mep_window`` before the trial's first
pulse, over the trials of the same condition and paradigm. Human MEPs are read from a relaxed
muscle whose EMG is silent before the pulse; the model's output cells fire at a few Hz at rest,
and subtracting that background keeps what the pulse evoked.

- :func:`calibration`: the recruitment curve at rest (single pulses while viewing a static
  scene), its Boltzmann fit (Devanne et al. 1997) and the resting motor threshold as human
  studies define it: the intensity that evokes a response above the noise in half of the
  trials (Rossini et al. 2015; here: a count the background alone reaches in fewer than
  :data:`NOISE_LEVEL` of windows), estimated from every pulse by maximum likelihood (Wang,
  Peterchev & Goetz 2023).
- :func:`paradigm_measures`: facilitation while observing in per cent of the static condition
  (Fadiga et al. 1995; Théoret et al. 2005; Basavaraju et al. 2019), and SICI and LICI as the
  conditioned MEP in per cent of the test pulse alone (Kujirai et al. 1993; Valls-Solé et al.
  1992), in each condition.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from brian2 import second
from scipy.stats import poisson

from mirrorsim.measures.tms import (
    boltzmann,
    fit_recruitment_curve,
    motor_threshold,
    motor_threshold_ml,
    paired_pulse_ratio,
    percent_change,
)
from mirrorsim.protocols import TMS_CONDITIONS, TMS_TARGET_ACTION
from mirrorsim.simulate import RunData, SpikeData

#: A response counts as an MEP when the background alone would reach its count in fewer than
#: 5 % of windows: the in-silico counterpart of the 50 µV criterion, which human studies set
#: just above the EMG's noise (Rossini et al. 2015). Not chosen for any result.
NOISE_LEVEL = 0.05
#: The motor threshold: MEPs in half of the trials (Rossini et al. 2015: 5 of 10).
THRESHOLD_FRACTION = 0.5


def recorded_muscle(data: RunData) -> tuple[SpikeData, float]:
    """The cells whose spikes make the MEP and the window (s) after the test pulse that counts
    them: the spinal motoneurons over ``mep_window`` where the run has them (model §6.12:
    silent at rest, they fire only when the corticospinal volley is large enough), else M1's
    output cells over ``tms_volley_window``."""
    p = data.params
    if "mn" in data.spikes:
        return data.spikes["mn"], float(p.mep_window / second)
    return data.spikes["m1_e"], float(p.tms_volley_window / second)


def trial_meps(data: RunData, block: str = "post") -> list[dict]:
    """One row per TMS trial of ``block``: ``condition``, ``paradigm``, ``intensity`` (of the
    test pulse, a multiple of ``w_tms``), ``count`` (the target pool's spikes in the window
    after the test pulse, :func:`recorded_muscle`), ``before`` (its spikes in the ``mep_window``
    before the first pulse), ``background`` (the mean ``before`` of the trials of its
    condition and paradigm, scaled to the volley window) and ``mep`` (``count`` less
    ``background``)."""
    p = data.params
    recorded, volley = recorded_muscle(data)
    window = float(p.mep_window / second)
    tms_time = float(p.tms_time / second)
    pool = np.sort(recorded.t[recorded.action[recorded.i] == TMS_TARGET_ACTION])
    rows = []
    for trial in data.protocol.trials:
        if trial.block != block or trial.condition not in TMS_CONDITIONS:
            continue
        pulses = trial.tms_pulses(tms_time)
        first, (test, intensity) = pulses[0][0], pulses[-1]
        count = np.searchsorted(pool, test + volley) - np.searchsorted(pool, test)
        before = np.searchsorted(pool, first) - np.searchsorted(pool, first - window)
        rows.append(
            {
                "condition": trial.condition,
                "paradigm": trial.paradigm or "single",
                "intensity": float(intensity),
                "count": int(count),
                "before": int(before),
            }
        )
    before_counts = defaultdict(list)
    for row in rows:
        before_counts[row["condition"], row["paradigm"]].append(row["before"])
    for row in rows:
        mean_before = float(np.mean(before_counts[row["condition"], row["paradigm"]]))
        row["background"] = mean_before * volley / window
        row["mep"] = row["count"] - row["background"]
    return rows


def calibration(data: RunData, block: str = "post") -> dict:
    """The recruitment curve of a calibration run (:func:`~mirrorsim.protocols.
    tms_calibration_protocol`) and the resting motor threshold.

    Returns ``intensities``, ``mean_mep``, ``sd_mep`` and ``mep_fraction`` (the share of trials
    with an MEP) per intensity; ``mep_count``, the smallest count the background alone reaches
    in fewer than :data:`NOISE_LEVEL` of windows (Poisson at the background's mean);
    ``rmt``, the intensity at which half of the pulses evoke an MEP, from a maximum-likelihood
    fit to every pulse (:func:`~mirrorsim.measures.tms.motor_threshold_ml`), with its
    ``rmt_spread``, and ``rmt_relative_frequency``, the rule of 5 of 10 at one intensity
    (:func:`~mirrorsim.measures.tms.motor_threshold`, interpolated; noisier); ``fit``, the
    Boltzmann fit to every pulse's MEP (:func:`~mirrorsim.measures.tms.fit_recruitment_curve`);
    ``mep_at_test``, the fitted MEP at 120 % of ``rmt`` in per cent of the fit's plateau; and
    ``pool_size``, the target pool's cells.
    """
    from mirrorsim.protocols import TEST_INTENSITY

    rows = [r for r in trial_meps(data, block) if r["paradigm"] == "curve"]
    if not rows:
        raise ValueError(f"the run has no recruitment-curve trials in block {block!r}")
    x = np.array([r["intensity"] for r in rows])
    y = np.array([r["mep"] for r in rows])
    background = float(np.mean([r["background"] for r in rows]))
    mep_count = int(poisson.isf(NOISE_LEVEL, background)) + 1  # P(N >= k) < NOISE_LEVEL
    has_mep = np.array([r["count"] >= mep_count for r in rows], dtype=float)
    levels = np.unique(x)
    fit = fit_recruitment_curve(x, y)
    threshold = motor_threshold_ml(x, has_mep)
    rmt = threshold["threshold"]
    shape = [fit[k] for k in ("mep_max", "i50", "slope")]
    at_test = float(boltzmann(TEST_INTENSITY * rmt, *shape)) if np.isfinite(rmt) else np.nan
    recorded, _ = recorded_muscle(data)
    return {
        "intensities": levels.tolist(),
        "mean_mep": [float(y[x == level].mean()) for level in levels],
        "sd_mep": [
            float(y[x == level].std(ddof=1)) if (x == level).sum() > 1 else 0.0 for level in levels
        ],
        "mep_fraction": [float(has_mep[x == level].mean()) for level in levels],
        "background": background,
        "mep_count": mep_count,
        "rmt": rmt,
        "rmt_spread": threshold["spread"],
        "rmt_relative_frequency": motor_threshold(x, has_mep, THRESHOLD_FRACTION),
        "fit": fit,
        "mep_at_test": 100 * at_test / fit["mep_max"] if fit["mep_max"] > 0 else np.nan,
        "pool_size": int(np.sum(recorded.action == TMS_TARGET_ACTION)),
    }


def paradigm_measures(data: RunData, block: str = "post") -> dict[str, float]:
    """The paradigm run's measures (:func:`~mirrorsim.protocols.tms_paradigm_protocol`).

    Per condition ``static`` and ``observe``: ``mep_single.C``, ``mep_sici.C``, ``mep_lici.C``
    (mean evoked MEPs, spikes), ``sici.C`` and ``lici.C`` (the conditioned MEP in per cent of
    the test pulse alone: below 100 is inhibition); ``facilitation``, the MEP while observing in
    per cent change from the static scene, for single pulses; ``facilitation_sici`` and
    ``facilitation_lici``, the same for the conditioned MEPs; ``background_hz.C``, the recorded
    pool's rate per cell in the ``mep_window`` before the trials' first pulse (a silent muscle
    before the pulse is 0).
    """
    rows = trial_meps(data, block)
    meps: dict[tuple[str, str], list[float]] = defaultdict(list)
    for row in rows:
        meps[row["condition"].removesuffix("_tms"), row["paradigm"]].append(row["mep"])
    out: dict[str, float] = {}
    for condition in ("static", "observe"):
        for paradigm in ("single", "sici", "lici"):
            values = meps.get((condition, paradigm), [])
            out[f"mep_{paradigm}.{condition}"] = float(np.mean(values)) if values else np.nan
        for paradigm in ("sici", "lici"):
            out[f"{paradigm}.{condition}"] = paired_pulse_ratio(
                meps.get((condition, paradigm), []), meps.get((condition, "single"), [])
            )
    recorded, _ = recorded_muscle(data)
    pool = max(int(np.sum(recorded.action == TMS_TARGET_ACTION)), 1)
    window = float(data.params.mep_window / second)
    for condition in ("static", "observe"):  # the "EMG" before the pulses: is the muscle at rest?
        before = [row["before"] for row in rows if row["condition"] == f"{condition}_tms"]
        out[f"background_hz.{condition}"] = (
            float(np.mean(before)) / pool / window if before else np.nan
        )
    for paradigm in ("single", "sici", "lici"):
        key = "facilitation" if paradigm == "single" else f"facilitation_{paradigm}"
        out[key] = percent_change(
            meps.get(("observe", paradigm), []), meps.get(("static", paradigm), [])
        )
    return out


#: Populations whose resting rates a TMS session reports: the output cells, the gate and the
#: neurogliaform cells (where they exist), whose resting rate sets M1's tonic GABA-B inhibition.
REST_POPULATIONS = ("m1_e", "gate", "ngf", "mn", "sgate")


def resting_rates(data: RunData, block: str = "post") -> dict[str, float]:
    """Mean rate (Hz) of each of :data:`REST_POPULATIONS` present in the run, over the
    spontaneous epoch before the test block (model §6.12)."""
    epoch = data.protocol.epoch(f"spontaneous_{block}")
    span = epoch.stop - epoch.start
    out = {}
    for name in REST_POPULATIONS:
        spikes = data.spikes.get(name)
        if spikes is None or spikes.n == 0 or not span > 0:
            continue
        inside = (spikes.t >= epoch.start) & (spikes.t < epoch.stop)
        out[name] = float(inside.sum() / spikes.n / span)
    return out


#: Inhibitory populations whose recruitment by a conditioning pulse a TMS session reports: the
#: gate's interneurons (SICI's GABA-A) and the neurogliaform cells (LICI's GABA-B).
CONDITIONED_POPULATIONS = ("gate", "ngf")


def conditioning_recruitment(data: RunData, block: str = "post") -> dict[str, float]:
    """Share of each of :data:`CONDITIONED_POPULATIONS` present in the run that fires within
    ``tms_volley_window`` after the conditioning pulse of the SICI and LICI trials viewing a
    static scene, averaged over trials: ``{pop}.{paradigm}`` (model §6.12)."""
    p = data.params
    volley = float(p.tms_volley_window / second)
    tms_time = float(p.tms_time / second)
    out = {}
    for name in CONDITIONED_POPULATIONS:
        spikes = data.spikes.get(name)
        if spikes is None or spikes.n == 0:
            continue
        times = np.sort(spikes.t)
        for paradigm in ("sici", "lici"):
            shares = []
            for trial in data.protocol.trials:
                kind = (trial.block, trial.condition, trial.paradigm)
                if kind != (block, "static_tms", paradigm):
                    continue
                first = trial.tms_pulses(tms_time)[0][0]
                fired = np.searchsorted(times, first + volley) - np.searchsorted(times, first)
                shares.append(fired / spikes.n)
            if shares:
                out[f"{name}.{paradigm}"] = float(np.mean(shares))
    return out
