"""Regime labels of a run, by stated rules on its measures (model §5).

The rules, applied in order:

1. ``runaway``: the runaway guard tripped (cortical E cells above ``runaway_rate`` on average
   over ``runaway_window``), or the test block has no defined mirror index.
2. ``hyperactive`` (mania-like; Basavaraju et al. 2019): the gate is breached, i.e. the echo
   index is above 0 (overt M1 output in at least one observation trial), or observing drives
   the F5 motor pools at least as hard as executing (mirror index >= 1).
3. ``hypoactive`` (autism-like; Oberman et al. 2005, Theoret et al. 2005): observing barely
   drives the F5 motor pools: mirror index below :data:`HYPO_MIRROR_INDEX`.
4. ``typical`` otherwise: an observation response smaller than the execution response and no
   overt output (Fox et al. 2016).

The thresholds are properties of the definitions, not fitted to the sweeps.

:func:`label_regime_human` labels a run from the human-study measures together (issue 17; model
§5): the gate breach (echo) decides "hyperactive" as above; otherwise the mirror index, the
scalp mu suppression and the MEP facilitation each vote, and the label is the majority's:

- mirror index and scalp mu (observation effect / execution effect, ``eeg_mu_observe /
  eeg_mu_execute``) vote "hypoactive" below :data:`HYPO_MIRROR_INDEX`, "hyperactive" at
  :data:`HYPER_MIRROR_INDEX` or above, else "typical": the same definitions for the neurons'
  and the scalp's observation-to-execution ratio (Fox et al. 2016: ~0.67 for mu);
- MEP facilitation votes "hypoactive" when it is absent (<= 0; Theoret et al. 2005), else
  "typical": facilitation has no execution counterpart to bound it from above;
- no majority (each vote different, or two that differ): "typical", the mixed case.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

REGIMES = ("hypoactive", "typical", "hyperactive", "runaway")
HYPO_MIRROR_INDEX = 0.2
"""Observation drives the motor pools by less than a fifth of what execution does."""
HYPER_MIRROR_INDEX = 1.0
"""Observation drives the motor pools at least as hard as execution."""


def _ratio_vote(ratio: float) -> str | None:
    """The vote of an observation-to-execution ratio (None if undefined)."""
    if not math.isfinite(ratio):
        return None
    if ratio >= HYPER_MIRROR_INDEX:
        return "hyperactive"
    return "hypoactive" if ratio < HYPO_MIRROR_INDEX else "typical"


def human_measure_votes(measures: Mapping[str, float | bool]) -> dict[str, str | None]:
    """Each human-study measure's vote (see the module docstring); None where it is undefined.

    Examples
    --------
    >>> votes = human_measure_votes(
    ...     {"mirror_index": 0.44, "eeg_mu_observe": -0.18, "eeg_mu_execute": -0.26,
    ...      "mep_facilitation": 4.8})
    >>> votes
    {'mirror_index': 'typical', 'mu': 'typical', 'mep': 'typical'}
    """
    nan = float("nan")
    obs = float(measures.get("eeg_mu_observe", nan))
    exe = float(measures.get("eeg_mu_execute", nan))
    mu_ratio = obs / exe if math.isfinite(exe) and exe < 0 and math.isfinite(obs) else nan
    mep = float(measures.get("mep_facilitation", nan))
    return {
        "mirror_index": _ratio_vote(float(measures.get("mirror_index", nan))),
        "mu": _ratio_vote(mu_ratio),
        "mep": None if not math.isfinite(mep) else ("hypoactive" if mep <= 0 else "typical"),
    }


def label_regime_human(measures: Mapping[str, float | bool]) -> str:
    """The regime of one run from the human-study measures together (module docstring).

    Parameters
    ----------
    measures : mapping
        ``mirror_index``, ``echo_index``, ``eeg_mu_observe``, ``eeg_mu_execute``,
        ``mep_facilitation`` and, optionally, ``runaway``.

    Returns
    -------
    str
        ``"runaway"``, ``"hyperactive"``, ``"hypoactive"`` or ``"typical"``.

    Examples
    --------
    >>> from mirrorsim.measures.regimes import label_regime_human
    >>> label_regime_human({"mirror_index": 0.1, "echo_index": 0.0, "eeg_mu_observe": -0.01,
    ...                     "eeg_mu_execute": -0.3, "mep_facilitation": 0.5})
    'hypoactive'
    >>> label_regime_human({"mirror_index": 0.1, "echo_index": 0.0, "eeg_mu_observe": -0.2,
    ...                     "eeg_mu_execute": -0.3, "mep_facilitation": 0.5})
    'typical'
    """
    mi = float(measures["mirror_index"])
    echo = float(measures["echo_index"])
    if bool(measures.get("runaway", False)) or not math.isfinite(mi):
        return "runaway"
    if math.isfinite(echo) and echo > 0:
        return "hyperactive"
    votes = [v for v in human_measure_votes(measures).values() if v is not None]
    for label in ("hypoactive", "typical", "hyperactive"):
        if 2 * votes.count(label) > len(votes):
            return label
    return "typical"


def label_regime(measures: Mapping[str, float | bool]) -> str:
    """The regime of one run from ``runaway``, ``mirror_index`` and ``echo_index``.

    Parameters
    ----------
    measures : mapping
        A run's measures: ``mirror_index`` and ``echo_index`` (floats) and, optionally,
        ``runaway`` (bool).

    Returns
    -------
    str
        ``"runaway"``, ``"hyperactive"``, ``"hypoactive"`` or ``"typical"``, by the rules of this
        module's docstring, in that order.

    Examples
    --------
    >>> from mirrorsim.measures.regimes import label_regime
    >>> label_regime({"mirror_index": 0.44, "echo_index": 0.0})
    'typical'
    >>> label_regime({"mirror_index": 0.05, "echo_index": 0.0})
    'hypoactive'
    >>> label_regime({"mirror_index": 0.7, "echo_index": 0.1})
    'hyperactive'
    >>> label_regime({"mirror_index": 0.5, "echo_index": 0.0, "runaway": True})
    'runaway'
    """
    mi = float(measures["mirror_index"])
    echo = float(measures["echo_index"])
    if bool(measures.get("runaway", False)) or not math.isfinite(mi):
        return "runaway"
    if (math.isfinite(echo) and echo > 0) or mi >= HYPER_MIRROR_INDEX:
        return "hyperactive"
    if mi < HYPO_MIRROR_INDEX:
        return "hypoactive"
    return "typical"
