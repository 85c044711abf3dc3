"""The human-study measures of one run's test block (model §4), from its recorded arrays.

- EEG mu suppression (Oberman et al. 2005): 8-13 Hz power of the sensorimotor LFP proxy (F5 + M1
  E cells, Mazzoni et al. 2015) in the response window of each observe / execute trial, against
  rest trials; ``ln(P_condition / P_rest)``, negative = suppression. ``mu_periodic_*`` is the
  same net of the change of the aperiodic (1/f) component (Donoghue et al. 2020): the rhythm's
  suppression without the broadband power that higher rates add.
- Scalp EEG mu suppression (model §4): the same index at C3, where the modelled areas' synaptic
  currents arrive through a four-sphere head model together with the rest of cortex at rest
  (:mod:`mirrorsim.measures.eeg`). ``eeg_mu_*``; the local index above stays as a second readout.
- TMS MEP facilitation (Fadiga et al. 1995; Theoret et al. 2005): M1 spikes in ``mep_window``
  after the pulse, in the pool of the observed action, against the same-sized share of M1 while
  viewing a static scene; ``mean(obs) / mean(static) - 1``.
- Echo index: fraction of observation trials whose M1 output is overt (see
  :func:`mirrorsim.analysis.analyse_block`).
- BOLD proxy (Logothetis et al. 2001): mean summed |synaptic current| per area and condition,
  as percent change from rest.
- Persistence: F5 motor-pool rate in the 250 ms after an observed action ends, above rest
  ("activity outlasting the stimulus", the mania-like signature).
"""

from __future__ import annotations

import math

import numpy as np
from brian2 import meter, second

from mirrorsim.analysis.windows import signal_segments
from mirrorsim.circuit import BOLD_AREAS, LFP_AREAS
from mirrorsim.measures.bold import (
    balloon_windkessel,
    bold_percent_change,
    bold_proxy,
    glm_percent_change,
)
from mirrorsim.measures.eeg import AREA_ELECTRODES, scalp_leads, scalp_mu_index, scalp_signal
from mirrorsim.measures.lfp import (
    MU_BAND,
    band_power,
    mu_suppression_index,
    periodic_mu_suppression_index,
)
from mirrorsim.measures.tms import mep_facilitation, mep_size
from mirrorsim.protocols import TMS_CONDITIONS
from mirrorsim.simulate import RunData

SENSORIMOTOR = ("f5", "m1")
PERSISTENCE_WINDOW = (0.05, 0.25)  # s after the end of the observed action


def sensorimotor_lfp(data: RunData) -> np.ndarray:
    """The EEG-like signal: LFP proxy of F5 and M1 E cells together (A).

    Parameters
    ----------
    data : RunData
        A run with its LFP proxy (``data.lfp``: area -> summed |synaptic current|, sampled every
        ``data.lfp_dt`` s).

    Returns
    -------
    numpy.ndarray
        The sum of the ``f5`` and ``m1`` signals.
    """
    return sum(data.lfp[area] for area in SENSORIMOTOR)


def _periodic_or_nan(segs: list, rest: list, fs: float) -> float:
    """The periodic index, or NaN where it is undefined: trials too short to fit a 1/f line
    (small test configurations) or a spectrum without power (a silenced network)."""
    try:
        return periodic_mu_suppression_index(segs, rest, fs, MU_BAND)
    except ValueError:
        return math.nan


def mu_suppression(data: RunData, block: str = "post") -> dict[str, float]:
    """Mu-suppression index for observe and execute (Oberman et al. 2005), raw band power and
    net of the broadband (aperiodic) change (Donoghue et al. 2020).

    Parameters
    ----------
    data : RunData
        A run with its LFP proxy (``data.lfp``).
    block : {"pre", "post"}
        The test block, before or after learning.

    Returns
    -------
    dict of str to float
        ``mu_suppression_observe``, ``mu_suppression_execute`` (``ln(P / P_rest)`` in the mu
        band, negative = suppression) and ``mu_periodic_observe``, ``mu_periodic_execute``; NaN
        where the block has no such trials.
    """
    p, prot = data.params, data.protocol
    start = float(p.analysis_start / second)
    signal = sensorimotor_lfp(data)
    rest = signal_segments(signal, data.lfp_dt, prot.block_trials(block, "rest"), start)
    fs = 1.0 / data.lfp_dt
    out = {}
    for condition in ("observe", "execute"):
        segs = signal_segments(signal, data.lfp_dt, prot.block_trials(block, condition), start)
        found = bool(segs and rest)
        out[f"mu_suppression_{condition}"] = (
            mu_suppression_index(segs, rest, fs, MU_BAND) if found else float("nan")
        )
        out[f"mu_periodic_{condition}"] = _periodic_or_nan(segs, rest, fs) if found else math.nan
    return out


#: The electrode of the scalp EEG: over the left hand area (the model's actions are one hand's).
EEG_ELECTRODE = "C3"


def scalp_mu(data: RunData, block: str = "post") -> dict[str, float]:
    """Mu suppression at C3 through a four-sphere head model (model §4; :mod:`~.measures.eeg`).

    Each modelled area's patch carries its E cells' mean LFP proxy per cell (the same current
    density in a patch of the real cortex, whatever the model's cell count); the rest of cortex
    is independent patches at rest, each with the mean resting mu power per cell of the three
    areas (rest trials). The index is computed as the local one (:func:`mu_suppression`), over
    the same trial windows: ``ln(P_condition / P_rest)`` of 8-13 Hz power at the electrode.

    Returns
    -------
    dict of str to float
        ``eeg_mu_observe``, ``eeg_mu_execute`` (negative = suppression) and ``eeg_task_share``:
        the share of the electrode's resting mu power that comes from the modelled areas. NaN
        where the block has no such trials.
    """
    p, prot = data.params, data.protocol
    out = {"eeg_mu_observe": math.nan, "eeg_mu_execute": math.nan, "eeg_task_share": math.nan}
    start = float(p.analysis_start / second)
    fs = 1.0 / data.lfp_dt
    cells = {"ipl": p.n_ipl_e, "f5": p.n_f5_e, "m1": p.n_m1_e}
    per_cell = {a: np.asarray(data.lfp[a], dtype=float) / cells[a] for a in AREA_ELECTRODES}
    leads = scalp_leads(EEG_ELECTRODE, float(p.eeg_patch_area / meter**2))
    signal = scalp_signal(per_cell, leads)
    rest_trials = prot.block_trials(block, "rest")
    rest = signal_segments(signal, data.lfp_dt, rest_trials, start)
    if not rest:
        return out
    resting = {a: signal_segments(x, data.lfp_dt, rest_trials, start) for a, x in per_cell.items()}
    nper = min(min(s.size for s in rest), max(int(round(fs)), 1))
    patch_power = np.mean(
        [np.mean([band_power(s, fs, MU_BAND, nper) for s in segs]) for segs in resting.values()]
    )
    background = float(leads.rest_of_cortex * patch_power)
    task = float(np.mean([band_power(s, fs, MU_BAND, nper) for s in rest]))
    if task + background > 0:
        out["eeg_task_share"] = task / (task + background)
    for condition in ("observe", "execute"):
        segs = signal_segments(signal, data.lfp_dt, prot.block_trials(block, condition), start)
        if segs:
            out[f"eeg_mu_{condition}"] = scalp_mu_index(segs, rest, background, fs, MU_BAND)
    return out


def mep(data: RunData, block: str = "post") -> dict[str, float]:
    """MEP sizes and their facilitation while observing (Fadiga et al. 1995).

    Parameters
    ----------
    data : RunData
        A run whose protocol has TMS trials (``observe_tms``, ``static_tms``).
    block : {"pre", "post"}
        The test block, before or after learning.

    Returns
    -------
    dict of str to float
        ``mep_observe`` (M1 spikes in ``mep_window`` after the pulse, in the pool of the observed
        action), ``mep_static`` (the same share of M1 while viewing a static scene) and
        ``mep_facilitation`` (``mep_observe / mep_static - 1``).
    """
    p, prot = data.params, data.protocol
    m1 = data.spikes["m1_e"]
    tms_time, window = float(p.tms_time / second), (0.0, float(p.mep_window / second))
    spike_pool = m1.action[m1.i]
    observe = []  # per pool, all its pulses at once: one pass over the spikes per pool
    trials = prot.block_trials(block, "observe_tms")
    for action in sorted({tr.action for tr in trials}):
        pulses = [tr.onset + tms_time for tr in trials if tr.action == action]
        observe.extend(mep_size(m1.t[spike_pool == action], pulses, window).tolist())
    share = 1.0 / p.n_actions  # the static MEP of one pool-sized share of M1
    pulses = [tr.onset + tms_time for tr in prot.block_trials(block, "static_tms")]
    static = mep_size(m1.t[spike_pool >= 0], pulses, window).tolist() if pulses else []
    static_share = np.asarray(static, dtype=float) * share
    return {
        "mep_observe": float(np.mean(observe)) if observe else float("nan"),
        "mep_static": float(np.mean(static_share)) if static else float("nan"),
        "mep_facilitation": mep_facilitation(observe, static_share),
    }


def bold(data: RunData, block: str = "post") -> dict[str, float]:
    """BOLD proxy per area: percent change from rest while observing and executing.

    Parameters
    ----------
    data : RunData
        A run with its LFP proxy (``data.lfp``).
    block : {"pre", "post"}
        The test block, before or after learning.

    Returns
    -------
    dict of str to float
        ``bold_{area}_{condition}_pct`` for the areas ``ipl``, ``f5``, ``m1`` and the conditions
        ``observe``, ``execute``.
    """
    p, prot = data.params, data.protocol
    start = float(p.analysis_start / second)
    out = {}
    for area in LFP_AREAS:
        signal = data.lfp[area]
        level = {
            c: bold_proxy(signal_segments(signal, data.lfp_dt, prot.block_trials(block, c), start))
            for c in ("rest", "observe", "execute")
        }
        for c in ("observe", "execute"):
            out[f"bold_{area}_{c}_pct"] = bold_percent_change(level[c], level["rest"])
    return out


#: Sampling step of the haemodynamic model (s): the synaptic drive is averaged over it.
FMRI_STEP = 0.01


def fmri(data: RunData, block: str = "post") -> dict[str, float]:
    """fMRI-like percent signal change per area while observing and executing (model §4).

    Each area's excitatory synaptic current (``data.drive``, all its cells), relative to its
    mean in the spontaneous epoch before the test block, drives the Balloon-Windkessel model
    (:func:`~mirrorsim.measures.bold.balloon_windkessel`) from that epoch to the block's end;
    an event-related GLM (:func:`~mirrorsim.measures.bold.glm_percent_change`) with one
    regressor per condition (observe, execute, and the two TMS conditions as nuisance) gives
    each condition's percent change from the baseline (rest trials and inter-trial intervals),
    as fMRI studies of the mirror system estimate it.

    Returns
    -------
    dict of str to float
        ``fmri_{area}_{condition}_pct`` for the areas ``ipl``, ``f5``, ``m1`` and the conditions
        ``observe``, ``execute``; NaN for a run without the synaptic drive (before 0.6).
    """
    conditions = ("observe", "execute")
    out = {f"fmri_{area}_{c}_pct": float("nan") for area in BOLD_AREAS for c in conditions}
    if not data.drive:
        return out
    prot = data.protocol
    lead, test = prot.epoch(f"spontaneous_{block}"), prot.epoch(f"test_{block}")
    per_step = max(1, round(FMRI_STEP / data.lfp_dt))
    step = per_step * data.lfp_dt
    first, last = round(lead.start / data.lfp_dt), round(test.stop / data.lfp_dt)
    n_rest = int((lead.stop - lead.start) / step)
    events = {
        c: [
            (tr.onset - lead.start, tr.onset - lead.start + tr.duration)
            for tr in prot.block_trials(block, c)
        ]
        for c in (*conditions, *TMS_CONDITIONS)
    }
    for area in BOLD_AREAS:
        drive = np.asarray(data.drive[area][first:last], dtype=float)
        drive = drive[: drive.size // per_step * per_step].reshape(-1, per_step).mean(axis=1)
        baseline = float(np.mean(drive[:n_rest]))
        if not baseline > 0:
            continue
        signal = 1.0 + balloon_windkessel(drive / baseline - 1.0, step)
        change = glm_percent_change(signal, step, events)
        for c in conditions:
            out[f"fmri_{area}_{c}_pct"] = change[c]
    return out


def persistence(data: RunData, block: str = "post") -> float:
    """F5 motor-pool rate (Hz) after observed actions end, minus the rest-trial pool rate.

    Parameters
    ----------
    data : RunData
        A run.
    block : {"pre", "post"}
        The test block, before or after learning.

    Returns
    -------
    float
        The rate of the observed action's F5 pool 50-250 ms after the action ended, minus the
        pools' rate in rest trials (Hz); NaN without observe or rest trials.
    """
    p, prot = data.params, data.protocol
    f5 = data.spikes["f5_e"]
    order = np.argsort(f5.t, kind="stable")
    t, pool = f5.t[order], f5.action[f5.i[order]]

    def pool_spikes(start: float, stop: float, which) -> int:
        lo, hi = np.searchsorted(t, [start, stop], side="left")
        return int(np.count_nonzero(which(pool[lo:hi])))

    a, b = PERSISTENCE_WINDOW
    after, rest = [], []
    for tr in prot.block_trials(block, "observe"):
        end = tr.onset + tr.duration
        count = pool_spikes(end + a, end + b, lambda x, k=tr.action: x == k)
        after.append(count / max((f5.action == tr.action).sum(), 1) / (b - a))
    start = float(p.analysis_start / second)
    for tr in prot.block_trials(block, "rest"):
        count = pool_spikes(tr.onset + start, tr.onset + tr.duration, lambda x: x >= 0)
        rest.append(count / max((f5.action >= 0).sum(), 1) / (tr.duration - start))
    if not after or not rest:
        return float("nan")
    return float(np.mean(after) - np.mean(rest))


def clinical_metrics(data: RunData, block: str = "post") -> dict[str, float]:
    """All the human-study measures of one test block (model §4).

    Parameters
    ----------
    data : RunData
        A run with its LFP proxy (``data.lfp``).
    block : {"pre", "post"}
        The test block, before or after learning.

    Returns
    -------
    dict of str to float
        The keys of :func:`mu_suppression`, :func:`scalp_mu`, :func:`mep`, :func:`bold` and
        :func:`fmri`, and
        ``f5_persistence_observe_hz`` (:func:`persistence`).

    Examples
    --------
    A synthetic run (Poisson spikes, no simulation) with a noisy LFP proxy added: the keys are
    those of a real run, the values say nothing.

    >>> import numpy as np
    >>> from mirrorsim.circuit import LFP_AREAS
    >>> from mirrorsim.testing import poisson_run
    >>> data = poisson_run(seed=1, rate=5.0, pool_rate=40.0)
    >>> n = round(data.protocol.duration / data.lfp_dt)
    >>> rng = np.random.default_rng(0)
    >>> data.lfp = {area: rng.normal(1.0, 0.1, n) for area in LFP_AREAS}
    >>> measures = clinical_metrics(data, "post")
    >>> sorted(measures)[:4]
    ['bold_f5_execute_pct', 'bold_f5_observe_pct', 'bold_ipl_execute_pct', 'bold_ipl_observe_pct']
    >>> measures["mep_facilitation"] > 0  # the observed pool fires at 40 Hz, the rest at 5 Hz
    True
    """
    return {
        **mu_suppression(data, block),
        **scalp_mu(data, block),
        **mep(data, block),
        **bold(data, block),
        **fmri(data, block),
        "f5_persistence_observe_hz": persistence(data, block),
    }
