"""Measures of experiment ``audiovisual``: F5 neurons that hear actions (model §6.10).

Kohler et al. (2002, Science 297:846) found F5 neurons that discharge when the monkey performs
an action, sees it, and also when it only hears it (breaking a peanut, tearing paper): audio-
visual mirror neurons. Keysers et al. (2003, Exp Brain Res 153:628) found that the sound alone
told which action was done: the population's responses discriminated the actions. Here the
sounds reach IPL as sights do, and what F5 learns from them it learns in development, where
the network hears its own sounding actions.

Per test block (``pre`` and ``post`` learning), over the F5 E neurons and the sounding actions
(``k < n_sounding_actions``), with :func:`mirrorsim.measures.classification.excited` (one-sided
Mann-Whitney U against rest, ``alpha`` Bonferroni-corrected over the sounding actions):

- ``sound_fraction``: share of F5 E excited by hearing some sounding action (``hear``);
- ``sight_fraction``: share excited by seeing some sounding action without its sound
  (``observe``, the same test);
- ``audiovisual_fraction``: both; ``sound_only_fraction``, ``sight_only_fraction``;
- ``audiovisual_mirror_fraction``: audio-visual and excited when executing a sounding action;
- ``audiovisual_congruent``: among audio-visual neurons, the share whose preferred sounding action
  (largest modulation) is the same for sound and for sight (NaN without such neurons);
- ``pool_hz.{condition}``: F5 motor pool *k*'s rate above rest in ``see_hear``, ``observe``,
  ``hear`` and ``execute`` trials of *k*, averaged over the sounding actions (Kohler et al.'s
  V+S, V, S, M);
- ``silent_observe_hz``: the same for seeing the silent actions (``k >= n_sounding_actions``;
  NaN if every action sounds): did hearing one's actions in development strengthen what their
  sight evokes?
- ``decoder_accuracy``: cross-validated accuracy of a linear decoder (L2-regularised logistic
  regression on the standardised F5 E spike counts of each ``hear`` trial, stratified k-fold)
  that reads out which action was heard; ``decoder_chance`` = 1 / ``n_sounding_actions``;
  ``decoder_p``: its permutation p-value (labels shuffled; Ojala & Garriga 2010).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from brian2 import second

from mirrorsim.analysis.windows import spike_counts
from mirrorsim.measures.classification import DEFAULT_ALPHA, excited
from mirrorsim.simulate import RunData

#: The conditions whose F5 pool rates are reported (Kohler et al. 2002's V+S, V, S, M).
POOL_CONDITIONS = ("see_hear", "observe", "hear", "execute")
N_PERMUTATIONS = 100


def _counts_by_action(data: RunData, block: str, condition: str, actions: range) -> list:
    p = data.params
    start = float(p.analysis_start / second)
    trials = data.protocol.block_trials(block, condition)
    f5 = data.spikes["f5_e"]
    return [spike_counts(f5, [t for t in trials if t.action == k], start) for k in actions]


def decode_heard_action(
    counts: list[np.ndarray], seed: int = 0, n_permutations: int = N_PERMUTATIONS
) -> dict[str, float]:
    """Cross-validated accuracy of reading out the heard action from population counts.

    ``counts``: per action, spike counts ``(n_trials, n)``. L2 logistic regression on
    standardised counts (scikit-learn, lbfgs; multinomial with more than two actions),
    stratified k-fold with k = min(5, trials per action), and a permutation test of the
    accuracy. Returns ``accuracy``, ``chance`` (1 / number of
    actions), ``p`` and ``n_trials``; NaN accuracy with fewer than 2 trials per action.

    >>> rng = np.random.default_rng(0)
    >>> a = rng.poisson([8, 2, 5], (10, 3)); b = rng.poisson([2, 8, 5], (10, 3))
    >>> out = decode_heard_action([a, b], n_permutations=20)
    >>> out["accuracy"] > 0.9, out["chance"]
    (True, 0.5)
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, permutation_test_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    n_classes = len(counts)
    per_class = min((len(c) for c in counts), default=0)
    out = {"accuracy": float("nan"), "chance": 1 / max(n_classes, 1), "p": float("nan")}
    out["n_trials"] = int(sum(len(c) for c in counts))
    if n_classes < 2 or per_class < 2:
        return out
    x = np.concatenate([np.asarray(c, dtype=float) for c in counts])
    y = np.concatenate([np.full(len(c), k) for k, c in enumerate(counts)])
    model = make_pipeline(StandardScaler(), LogisticRegression(solver="lbfgs", max_iter=1000))
    folds = StratifiedKFold(n_splits=min(5, per_class), shuffle=True, random_state=seed)
    accuracy, _, p = permutation_test_score(
        model, x, y, cv=folds, n_permutations=n_permutations, random_state=seed
    )
    return out | {"accuracy": float(accuracy), "p": float(p)}


def sound_units(data: RunData, block: str, alpha: float = DEFAULT_ALPHA) -> dict[str, Any]:
    """Per F5 E neuron in ``block``: ``sound``, ``sight``, ``execute`` (excited by hearing,
    seeing without sound, executing some sounding action), ``both`` (sound and sight), the
    preferred sounding action by hearing and by seeing (``preferred_hear``,
    ``preferred_see``), and the trial ``counts`` per condition and ``rest_hz``."""
    p = data.params
    sounding = range(p.n_sounding_actions)
    if not sounding:
        raise ValueError("the run has no sounding actions (n_sounding_actions = 0)")
    start = float(p.analysis_start / second)
    f5 = data.spikes["f5_e"]
    rest = spike_counts(f5, data.protocol.block_trials(block, "rest"), start)
    counts = {c: _counts_by_action(data, block, c, sounding) for c in POOL_CONDITIONS}
    win = float(p.t_trial / second) - start
    rest_hz = rest.mean(axis=0) / win

    def modulation(condition: str) -> np.ndarray:
        return np.array([c.mean(axis=0) / win - rest_hz for c in counts[condition]])

    sound = excited(counts["hear"], rest, alpha).any(axis=0)
    sight = excited(counts["observe"], rest, alpha).any(axis=0)
    return {
        "sound": sound,
        "sight": sight,
        "both": sound & sight,
        "execute": excited(counts["execute"], rest, alpha).any(axis=0),
        "preferred_hear": np.argmax(modulation("hear"), axis=0),
        "preferred_see": np.argmax(modulation("observe"), axis=0),
        "counts": counts,
        "rest_hz": rest_hz,
        "window_s": win,
    }


def _silent_observe_hz(data: RunData, block: str, units: dict[str, Any]) -> float:
    p = data.params
    silent = range(p.n_sounding_actions, p.n_actions)
    if not silent:
        return float("nan")
    pools = data.spikes["f5_e"].action
    counts = _counts_by_action(data, block, "observe", silent)
    win, rest_hz = units["window_s"], units["rest_hz"]
    return float(
        np.mean(
            [
                c[:, pools == k].mean() / win - rest_hz[pools == k].mean()
                for k, c in zip(silent, counts, strict=True)
            ]
        )
    )


def audiovisual_measures(
    data: RunData,
    block: str,
    alpha: float = DEFAULT_ALPHA,
    n_permutations: int = N_PERMUTATIONS,
) -> dict:
    """The measures of the module docstring for one test block, as a flat dict."""
    units = sound_units(data, block, alpha)
    sound, sight, both = units["sound"], units["sight"], units["both"]
    same = units["preferred_hear"] == units["preferred_see"]
    n = sound.size
    record: dict[str, Any] = {
        "sound_fraction": float(sound.sum() / n),
        "sight_fraction": float(sight.sum() / n),
        "audiovisual_fraction": float(both.sum() / n),
        "sound_only_fraction": float((sound & ~sight).sum() / n),
        "sight_only_fraction": float((sight & ~sound).sum() / n),
        "audiovisual_mirror_fraction": float((both & units["execute"]).sum() / n),
        "audiovisual_congruent": float(same[both].mean()) if both.any() else float("nan"),
    }
    pools = data.spikes["f5_e"].action
    win, rest_hz = units["window_s"], units["rest_hz"]
    for condition in POOL_CONDITIONS:
        pool_hz = [
            c[:, pools == k].mean() / win - rest_hz[pools == k].mean()
            for k, c in enumerate(units["counts"][condition])
        ]
        record[f"pool_hz.{condition}"] = float(np.mean(pool_hz))
    record["silent_observe_hz"] = _silent_observe_hz(data, block, units)
    decoder = decode_heard_action(units["counts"]["hear"], data.seed, n_permutations)
    record |= {f"decoder_{key}": value for key, value in decoder.items()}
    return record


def audiovisual_record(
    data: RunData, blocks: dict | None = None, n_permutations: int = N_PERMUTATIONS
) -> dict[str, Any]:
    """One run's flat record: ``{block}.{measure}`` for each test block of the run, and
    ``n_sounding_actions``. ``blocks`` (analysed blocks) is accepted for
    :func:`~mirrorsim.experiments.base.run_block_experiment` and not needed."""
    record: dict[str, Any] = {"n_sounding_actions": data.params.n_sounding_actions}
    for block in data.protocol.blocks:
        measures = audiovisual_measures(data, block, n_permutations=n_permutations)
        record |= {f"{block}.{key}": value for key, value in measures.items()}
    return record
