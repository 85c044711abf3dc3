"""The observation -> execution mapping of a test block, and how training changes it.

Measures of experiment ``counter-mirror`` (model §6.6; Catmur, Walsh & Heyes 2007, Curr Biol
17:1527; Catmur et al. 2008, Eur J Neurosci 28:1208). For every seen action *s* they compare the
premotor and motor response of the action's own pool (*s*, the mirror mapping) with that of the
pool incompatible training pairs with *s* (:func:`counter_pool`): the executed action whose sight
was *s* in training.

- ``mapping_matrix``: F5 motor pool *k*'s rate while observing *s*, above its rate at rest (Hz).
- ``congruent_hz`` / ``counter_hz``: its mean over the mirror pairs (*s*, *s*) and over the
  counter pairs (*s*, counter pool of *s*); ``mapping_hz``: their difference. A mirror mapping
  has ``mapping_hz > 0``; a reversed one ``< 0``.
- ``congruent_units`` / ``counter_units``: the share of F5 E cells that are excited both when
  executing some *k* and when observing *k* (congruent), or observing the action incompatible
  training shows after executing *k* (counter-congruent; a cell can be both).
- ``mep_seen`` / ``mep_counter``: the TMS MEP (M1 spikes in ``mep_window`` after the pulse,
  Fadiga et al. 1995) of the seen action's muscle (M1 pool *s*) and of the counter muscle, each
  relative to the same pool's MEP while viewing a static scene (``mep / static - 1``); Catmur et
  al. 2007 compared the MEPs of the two muscles (FDI and ADM) while watching index- and
  little-finger movements, before and after training.

All measures use the incompatible pairing whatever the training was, so that compatible training
(the control) is measured on the same pairs.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from brian2 import second

from mirrorsim.analysis.run_metrics import BlockResult, analyse_block
from mirrorsim.measures.tms import mep_size
from mirrorsim.protocols import training_map
from mirrorsim.simulate import RunData


def counter_pool(n_actions: int) -> np.ndarray:
    """For each seen action *s*, the executed action that incompatible training pairs with it
    (the inverse of :func:`~mirrorsim.protocols.training_map`: *s* was seen after executing it).

    >>> counter_pool(3).tolist()
    [2, 0, 1]
    """
    seen_after = training_map(n_actions, "incompatible")
    return np.argsort(seen_after)


def mapping_matrix(data: RunData, result: BlockResult) -> np.ndarray:
    """``(n_actions seen, n_actions pools)``: F5 motor pool *k*'s mean rate while observing *s*
    minus its mean rate at rest, in Hz (response windows as :func:`analyse_block`)."""
    p = data.params
    win = float((p.t_trial - p.analysis_start) / second)
    action = data.spikes["f5_e"].action
    rest = result.counts["rest"][0]
    out = np.zeros((p.n_actions, p.n_actions))
    for k in range(p.n_actions):
        pool = action == k
        base = rest[:, pool].mean() / win
        for s, counts in enumerate(result.counts["observe"]):
            out[s, k] = counts[:, pool].mean() / win - base
    return out


def pool_meps(data: RunData, trials) -> np.ndarray:
    """``(n_trials, n_actions)``: the MEP of every M1 pool (muscle) after each trial's TMS
    pulse (M1 spikes in ``mep_window`` from ``tms_time`` after onset; Fadiga et al. 1995)."""
    p = data.params
    m1 = data.spikes["m1_e"]
    tms_time, window = float(p.tms_time / second), (0.0, float(p.mep_window / second))
    pool_of_spike = m1.action[m1.i]
    pulses = [tr.onset + tms_time for tr in trials]
    out = np.zeros((len(trials), p.n_actions))
    for k in range(p.n_actions):
        out[:, k] = mep_size(m1.t[pool_of_spike == k], pulses, window)
    return out


def _muscle_meps(data: RunData, block: str, counter: np.ndarray) -> dict[str, float]:
    """Facilitation of the seen and the counter muscle (M1 pools) against the static scene."""
    static = pool_meps(data, data.protocol.block_trials(block, "static_tms"))
    trials = data.protocol.block_trials(block, "observe_tms")
    if static.size == 0 or not trials:
        return {"mep_seen": np.nan, "mep_counter": np.nan, "mep_static": np.nan}
    observe = pool_meps(data, trials)
    baseline = static.mean(axis=0)  # per pool
    seen_pool = np.array([tr.action for tr in trials])
    rows = np.arange(len(trials))
    with np.errstate(divide="ignore", invalid="ignore"):
        seen = np.mean(observe[rows, seen_pool] / baseline[seen_pool] - 1)
        other_pool = counter[seen_pool]
        other = np.mean(observe[rows, other_pool] / baseline[other_pool] - 1)
    return {
        "mep_seen": float(seen),
        "mep_counter": float(other),
        "mep_static": float(static.mean()),
    }


def mapping_measures(
    data: RunData, block: str, result: BlockResult | None = None
) -> dict[str, Any]:
    """The mapping measures of test block ``block`` (module docstring), plus the matrix.

    Parameters
    ----------
    data : RunData
        A run of :func:`mirrorsim.protocols.counter_mirror_protocol` (any run with the block).
    block : str
        ``"post"`` (after development) or ``"trained"`` (after training).
    result : BlockResult, optional
        :func:`~mirrorsim.analysis.run_metrics.analyse_block` of the block, if already computed.

    Returns
    -------
    dict
        The measures of the module docstring as floats, ``mirror_index`` and
        ``f5_mirror_fraction`` of the block, and ``mapping_matrix`` (a nested list, Hz).
    """
    result = analyse_block(data, block) if result is None else result
    n = data.params.n_actions
    counter = counter_pool(n)
    matrix = mapping_matrix(data, result)
    seen = np.arange(n)
    congruent = float(matrix[seen, seen].mean())
    other = float(matrix[seen, counter].mean())
    cls = result.classification
    exec_k, obs_k = cls.exec_excited, cls.obs_excited  # (n_actions, n)
    paired = training_map(n, "incompatible")  # seen after executing k
    return {
        "congruent_hz": congruent,
        "counter_hz": other,
        "mapping_hz": congruent - other,
        "congruent_units": float((exec_k & obs_k).any(axis=0).mean()),
        "counter_units": float((exec_k & obs_k[paired]).any(axis=0).mean()),
        **_muscle_meps(data, block, counter),
        "mirror_index": float(result.mirror_index),
        "f5_mirror_fraction": float(cls.mirror.mean()),
        "mapping_matrix": matrix.round(4).tolist(),
    }


def training_record(data: RunData, blocks: dict[str, BlockResult] | None = None) -> dict[str, Any]:
    """One counter-mirror run's record: the mapping measures before (``post.*``) and after
    (``trained.*``) training, and ``reversal``: ``mapping_hz`` after over before (1: unchanged,
    0: abolished, -1: reversed as strongly as it was mirror; NaN without a mirror mapping)."""
    blocks = blocks or {}
    record: dict[str, Any] = {
        "training_mapping": data.params.training_mapping,
        "n_train_repeats": data.params.n_train_repeats,
    }
    for block in ("post", "trained"):
        measures = mapping_measures(data, block, blocks.get(block))
        record |= {f"{block}.{key}": value for key, value in measures.items()}
    before, after = record["post.mapping_hz"], record["trained.mapping_hz"]
    record["reversal"] = float(after / before) if before > 0 else float("nan")
    return record
