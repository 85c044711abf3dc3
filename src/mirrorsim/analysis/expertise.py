"""Measures of experiment ``expertise``: how observation responses change for a practised
action, an action only watched, and an untrained one (model §6.9).

Calvo-Merino et al. (2005, Cereb Cortex 15:1243) found stronger premotor and parietal BOLD
responses when dancers watched moves of their own style than of another style; Calvo-Merino et
al. (2006, Curr Biol 16:1905) separated motor from visual familiarity: the response grew with the
moves the dancers performed, not with those they only saw as often. Cross et al. (2006,
NeuroImage 31:1257) found premotor responses grow with rehearsal of a move.

Per test block (``post`` before the expertise block, ``trained`` after) and per role
(:data:`~mirrorsim.protocols.EXPERTISE_ROLES`: action 0 practised, 1 seen, 2 untrained):

- ``observe_hz``: F5 motor pool *k*'s rate while observing *k*, above its rate at rest;
- ``execute_hz``: the same while executing *k*;
- ``mirror_index``: ``observe_hz / execute_hz``;
- ``mep_facilitation``: M1 pool *k*'s MEP after a pulse while observing *k*, over the same pool's
  MEP while viewing a static scene, minus 1 (Fadiga et al. 1995).

``gain.{role}``: ``observe_hz`` after minus before. Expertise as the papers found it is a
gain for the practised action above that of the seen one.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from mirrorsim.analysis.run_metrics import BlockResult, analyse_block
from mirrorsim.analysis.training import pool_meps
from mirrorsim.protocols import EXPERTISE_ROLES
from mirrorsim.simulate import RunData


def _pool_meps(data: RunData, block: str) -> np.ndarray:
    """Per action *k*: M1 pool *k*'s MEP facilitation while observing *k* (NaN without trials)."""
    static = pool_meps(data, data.protocol.block_trials(block, "static_tms"))
    observe = data.protocol.block_trials(block, "observe_tms")
    meps = pool_meps(data, observe)
    out = np.full(data.params.n_actions, np.nan)
    for k in range(data.params.n_actions):
        mine = [n for n, tr in enumerate(observe) if tr.action == k]
        baseline = static[:, k].mean() if static.size else np.nan
        if mine and baseline > 0:
            out[k] = meps[mine, k].mean() / baseline - 1
    return out


def role_measures(data: RunData, block: str, result: BlockResult | None = None) -> dict:
    """``{role: {observe_hz, execute_hz, mirror_index, mep_facilitation}}`` of ``block``."""
    result = analyse_block(data, block) if result is None else result
    rates = result.pool_rates
    observe = rates["observe"] - rates["rest"]
    execute = rates["execute"] - rates["rest"]
    meps = _pool_meps(data, block)
    out = {}
    for k, role in enumerate(EXPERTISE_ROLES):
        out[role] = {
            "observe_hz": float(observe[k]),
            "execute_hz": float(execute[k]),
            "mirror_index": float(observe[k] / execute[k]) if execute[k] > 0 else float("nan"),
            "mep_facilitation": float(meps[k]),
        }
    return out


def expertise_record(data: RunData, blocks: dict[str, BlockResult] | None = None) -> dict[str, Any]:
    """One expertise run's flat record: ``{block}.{role}.{measure}`` for blocks ``post`` and
    ``trained`` and ``gain.{role}`` (``observe_hz`` after minus before, Hz)."""
    blocks = blocks or {}
    record: dict[str, Any] = {"n_train_repeats": data.params.n_train_repeats}
    by_block = {b: role_measures(data, b, blocks.get(b)) for b in ("post", "trained")}
    for block, roles in by_block.items():
        for role, measures in roles.items():
            record |= {f"{block}.{role}.{key}": value for key, value in measures.items()}
    for role in EXPERTISE_ROLES:
        after, before = by_block["trained"][role], by_block["post"][role]
        record[f"gain.{role}"] = after["observe_hz"] - before["observe_hz"]
    return record
