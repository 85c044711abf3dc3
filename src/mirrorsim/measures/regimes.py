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
"""

from __future__ import annotations

import math
from collections.abc import Mapping

REGIMES = ("hypoactive", "typical", "hyperactive", "runaway")
HYPO_MIRROR_INDEX = 0.2
"""Observation drives the motor pools by less than a fifth of what execution does."""
HYPER_MIRROR_INDEX = 1.0
"""Observation drives the motor pools at least as hard as execution."""


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
