"""Single-unit classification of mirror neurons and the mirror index.

The classification follows the logic of the monkey studies (Gallese et al. 1996, Brain
119:593; Kraskov et al. 2009, Neuron 64:922): a neuron's spike counts in the response window of
execution trials and of observation trials are compared with its counts in rest trials.

Test: one-sided Mann-Whitney U test per neuron and action (execution: greater than rest;
observation: greater than rest, and separately less than rest), at ``alpha`` Bonferroni-corrected
for the number of tests per neuron and condition (``n_actions`` for execution, ``2 * n_actions``
for observation), so that a neuron without any response is called mirror with probability below
``alpha``. Categories:

- *execution-responsive*: excited during execution of at least one action;
- *observation-responsive*: excited (or suppressed, Kraskov et al. 2009) during observation of
  at least one action;
- *mirror*: both;
- among mirror neurons, *strictly congruent*: the actions that excite it when observed are
  exactly those that excite it when executed; *broadly congruent*: not strictly, but at least one
  action excites it both ways (Gallese et al. 1996 found about 1/3 strictly and 2/3 broadly
  congruent); the rest (including suppression-only mirror neurons) are *non-congruent*.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy.stats import mannwhitneyu

DEFAULT_ALPHA = 0.01


@dataclass(frozen=True)
class Classification:
    """Per-neuron categories (boolean arrays over neurons) and per-action test results."""

    exec_excited: np.ndarray  # (n_actions, n)
    obs_excited: np.ndarray  # (n_actions, n)
    obs_suppressed: np.ndarray  # (n_actions, n)
    alpha: float
    exec_suppressed: np.ndarray | None = None  # (n_actions, n); None if not tested

    @property
    def execution_responsive(self) -> np.ndarray:
        return self.exec_excited.any(axis=0)

    @property
    def observation_responsive(self) -> np.ndarray:
        return (self.obs_excited | self.obs_suppressed).any(axis=0)

    @property
    def mirror(self) -> np.ndarray:
        return self.execution_responsive & self.observation_responsive

    @property
    def strictly_congruent(self) -> np.ndarray:
        same = (self.obs_excited == self.exec_excited).all(axis=0)
        return self.mirror & same & self.obs_excited.any(axis=0)

    @property
    def broadly_congruent(self) -> np.ndarray:
        overlap = (self.obs_excited & self.exec_excited).any(axis=0)
        return self.mirror & overlap & ~self.strictly_congruent

    @property
    def non_congruent(self) -> np.ndarray:
        return self.mirror & ~self.strictly_congruent & ~self.broadly_congruent

    def fractions(self) -> dict[str, float]:
        """Fractions of all neurons, and congruence fractions among mirror neurons."""
        n = self.mirror.size
        n_mirror = int(self.mirror.sum())

        def among_mirror(mask: np.ndarray) -> float:
            return float(mask.sum() / n_mirror) if n_mirror else float("nan")

        return {
            "execution_responsive": float(self.execution_responsive.sum() / n),
            "observation_responsive": float(self.observation_responsive.sum() / n),
            "mirror": float(n_mirror / n),
            "strictly_congruent": among_mirror(self.strictly_congruent),
            "broadly_congruent": among_mirror(self.broadly_congruent),
            "non_congruent": among_mirror(self.non_congruent),
        }


def trial_counts(i: ArrayLike, t: ArrayLike, n: int, windows: ArrayLike) -> np.ndarray:
    """Spike counts ``(n_trials, n)`` of each neuron in each ``[start, stop)`` window (seconds)."""
    i = np.asarray(i, dtype=np.intp)
    t = np.asarray(t, dtype=float)
    windows = np.asarray(windows, dtype=float).reshape(-1, 2)
    if t.size and np.any(t[1:] < t[:-1]):  # a monitor's spikes come sorted: skip the sort
        order = np.argsort(t, kind="stable")
        i, t = i[order], t[order]
    counts = np.zeros((len(windows), n), dtype=np.int64)
    for row, (start, stop) in enumerate(windows):
        lo, hi = np.searchsorted(t, [start, stop], side="left")
        counts[row] = np.bincount(i[lo:hi], minlength=n)
    return counts


def _significant(x: np.ndarray, y: np.ndarray, alternative: str, alpha: float) -> np.ndarray:
    """Per-column one-sided Mann-Whitney U of x vs y; columns where both are constant and equal
    are not significant (the test is undefined there)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        p = mannwhitneyu(x, y, alternative=alternative, axis=0, method="asymptotic").pvalue
    return np.nan_to_num(p, nan=1.0) < alpha


def excited(
    by_action: list[np.ndarray], rest: np.ndarray, alpha: float = DEFAULT_ALPHA
) -> np.ndarray:
    """Which neurons fire more than at rest, per action: ``(n_actions, n)`` booleans.

    One one-sided Mann-Whitney U test per neuron and action of the counts ``(n_trials, n)``
    in ``by_action`` against the ``rest`` counts, at ``alpha`` Bonferroni-corrected over the
    actions (the test :func:`classify` uses for execution).

    >>> rest = np.full((10, 2), 2)
    >>> excited([np.tile([12, 2], (10, 1))], rest).tolist()
    [[True, False]]
    """
    if not by_action:
        return np.zeros((0, np.asarray(rest).shape[1]), dtype=bool)
    level = alpha / len(by_action)
    rest = np.asarray(rest)
    return np.array([_significant(np.asarray(c), rest, "greater", level) for c in by_action])


def classify(
    rest: np.ndarray,
    execute: list[np.ndarray],
    observe: list[np.ndarray],
    alpha: float = DEFAULT_ALPHA,
) -> Classification:
    """Classify neurons from trial counts.

    Parameters
    ----------
    rest
        Counts ``(n_rest_trials, n)`` in rest trials.
    execute, observe
        One array ``(n_trials, n)`` per action.
    alpha
        Family-wise significance level per neuron and condition (Bonferroni over actions, and
        over both directions for observation).

    Returns
    -------
    Classification
        Boolean arrays over neurons (``mirror``, ``strictly_congruent`` ...) and the per-action
        test results; ``fractions()`` gives the share of each category.

    Examples
    --------
    Two neurons, two actions, ten trials each: neuron 0 fires for action 0 both when executing
    and when observing it (a strictly congruent mirror neuron), neuron 1 only when executing.

    >>> import numpy as np
    >>> from mirrorsim.measures.classification import classify
    >>> rest = np.full((10, 2), 2)
    >>> burst = np.tile([12, 12], (10, 1))
    >>> execute = [burst, rest]
    >>> observe = [np.tile([12, 2], (10, 1)), rest]
    >>> c = classify(rest, execute, observe)
    >>> c.mirror.tolist(), c.strictly_congruent.tolist()
    ([True, False], [True, False])
    """
    if len(execute) != len(observe) or not execute:
        raise ValueError("execute and observe need one count array per action")
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be in (0, 1), got {alpha}")
    level_exec = alpha / len(execute)
    level_obs = alpha / (2 * len(observe))
    rest = np.asarray(rest)
    exec_exc = np.array([_significant(np.asarray(e), rest, "greater", level_exec) for e in execute])
    obs_exc = np.array([_significant(np.asarray(o), rest, "greater", level_obs) for o in observe])
    obs_sup = np.array([_significant(np.asarray(o), rest, "less", level_obs) for o in observe])
    # Execution suppression (a good share of task-related F5 cells decrease in execution) is
    # reported per unit, tested like execution excitation; it enters no category above.
    exec_sup = np.array([_significant(np.asarray(e), rest, "less", level_exec) for e in execute])
    return Classification(exec_exc, obs_exc, obs_sup, alpha, exec_sup)


UNIT_CLASSES = (
    "strictly_congruent",
    "broadly_congruent",
    "non_congruent",
    "observation_suppressed",
    "suppressed_other_action",
    "motor_only",
    "visual_only",
    "other",
)
"""Mutually exclusive single-unit classes (:func:`unit_classes`)."""


def unit_classes(cls: Classification, related: ArrayLike | None = None) -> np.ndarray:
    """One class per neuron (:data:`UNIT_CLASSES`), from the per-action test results.

    - Mirror neurons (excited in execution of some action, and excited or suppressed in the
      observation of some action) whose observation responses are all suppressions, one of them
      while observing an action that excites the neuron when executed: ``observation_suppressed``
      (Kraskov et al. 2009: F5 PTNs that fire while grasping and are silenced while the monkey
      watches the same grasp).
    - The other mirror neurons, by congruence (Gallese et al. 1996): ``strictly_congruent`` when
      the actions that excite the neuron when observed are exactly those that excite it when
      executed; ``broadly_congruent`` when not, but some observed-effective action is
      ``related`` to some executed-effective one; ``non_congruent`` otherwise. These three are
      the observation-excited mirror neurons, the ones Gallese et al. 1996 classified.
    - ``suppressed_other_action``: mirror neurons whose observation responses are all
      suppressions, none of them while observing an action that excites the neuron when
      executed. They are neither Kraskov's suppression cells nor Gallese's (excited)
      non-congruent cells, so they count as mirror neurons but in neither share.
    - ``motor_only``: excited in execution, no observation response; ``visual_only``: excited
      in observation, not in execution; ``other``: neither (unmodulated, or only suppressed).

    Parameters
    ----------
    cls : Classification
        Per-action test results (:func:`classify`).
    related : array_like of bool, optional
        ``(n_actions, n_actions)``: whether observed action *a* and executed action *b* count as
        related (e.g. share a grip or a goal, :meth:`mirrorsim.actions.ActionSpace.shares_feature`).
        Default: the identity (related = the same action), the definition of
        :attr:`Classification.broadly_congruent`.

    Returns
    -------
    numpy.ndarray of str
        One entry of :data:`UNIT_CLASSES` per neuron.

    Examples
    --------
    Two actions that share a feature: neuron 0 executes 0 and sees 1 (broadly congruent only
    with the feature structure), neuron 1 executes 0 and is silenced by seeing it.

    >>> import numpy as np
    >>> from mirrorsim.measures.classification import Classification, unit_classes
    >>> no = np.zeros((2, 2), bool)
    >>> c = Classification(np.array([[1, 1], [0, 0]], bool), np.array([[0, 0], [1, 0]], bool),
    ...                    np.array([[0, 1], [0, 0]], bool), 0.01)
    >>> unit_classes(c).tolist()
    ['non_congruent', 'observation_suppressed']
    >>> unit_classes(c, related=np.ones((2, 2), bool)).tolist()
    ['broadly_congruent', 'observation_suppressed']
    """
    exe, obs_exc, obs_sup = cls.exec_excited, cls.obs_excited, cls.obs_suppressed
    n_actions, n = exe.shape
    rel = np.eye(n_actions, dtype=bool) if related is None else np.asarray(related, dtype=bool)
    if rel.shape != (n_actions, n_actions):
        raise ValueError(f"related must be ({n_actions}, {n_actions}), got {rel.shape}")
    exec_any, obs_exc_any = exe.any(axis=0), obs_exc.any(axis=0)
    mirror = exec_any & (obs_exc_any | obs_sup.any(axis=0))
    strict = (obs_exc == exe).all(axis=0) & obs_exc_any
    # some observed-effective action a related to some executed-effective action b
    broad = np.einsum("an,ab,bn->n", obs_exc.astype(int), rel.astype(int), exe.astype(int)) > 0
    out = np.full(n, "other", dtype=object)
    out[exec_any & ~mirror] = "motor_only"
    out[~exec_any & obs_exc_any] = "visual_only"
    out[mirror] = "non_congruent"
    same_suppressed = (obs_sup & exe).any(axis=0)
    out[mirror & ~obs_exc_any & ~same_suppressed] = "suppressed_other_action"
    out[mirror & ~obs_exc_any & same_suppressed] = "observation_suppressed"
    facilitated = mirror & obs_exc_any
    out[facilitated & ~strict & broad] = "broadly_congruent"
    out[facilitated & strict] = "strictly_congruent"
    return out.astype(str)


def unit_class_fractions(classes: ArrayLike) -> dict[str, float]:
    """Shares of the unit classes, as the monkey studies report them.

    ``mirror``: of all neurons. ``strictly_congruent``, ``broadly_congruent``,
    ``non_congruent``: of the observation-excited mirror neurons (Gallese et al. 1996 classified
    those). ``observation_suppressed`` and ``suppressed_other_action``: of all mirror neurons
    (Kraskov et al. 2009). ``motor_only``, ``visual_only``: of all neurons. NaN where the
    denominator is 0.

    Examples
    --------
    >>> from mirrorsim.measures.classification import unit_class_fractions
    >>> f = unit_class_fractions(["strictly_congruent", "observation_suppressed", "other",
    ...                           "motor_only"])
    >>> f["mirror"], f["strictly_congruent"], f["observation_suppressed"]
    (0.5, 1.0, 0.5)
    """
    c = np.asarray(classes, dtype=str)
    congruence = ("strictly_congruent", "broadly_congruent", "non_congruent")
    n_fac = int(np.isin(c, congruence).sum())
    suppressed = ("observation_suppressed", "suppressed_other_action")
    n_mirror = n_fac + int(np.isin(c, suppressed).sum())

    def share(k: int, d: int) -> float:
        return float(k / d) if d else float("nan")

    out = {"mirror": share(n_mirror, c.size)}
    out |= {name: share(int((c == name).sum()), n_fac) for name in congruence}
    out |= {name: share(int((c == name).sum()), n_mirror) for name in suppressed}
    out |= {name: share(int((c == name).sum()), c.size) for name in ("motor_only", "visual_only")}
    return out


def mirror_index(rest_rate: ArrayLike, execute_rate: ArrayLike, observe_rate: ArrayLike) -> float:
    """Observation response over execution response, baseline subtracted, averaged over actions.

    Each argument holds, per action *k*, the mean rate of the neurons that execute *k* (the F5
    motor pool of *k*) in rest, execute-*k* and observe-*k* trials:
    ``mean_k (obs_k - rest_k) / (exec_k - rest_k)``. In human data the observation effect is
    about two thirds of the execution effect (Fox et al. 2016, Psychol Bull 142:291). NaN when
    execution does not raise the rate.

    Parameters
    ----------
    rest_rate, execute_rate, observe_rate : array_like
        Per action, the motor pool's mean rate (Hz) in rest, execute-*k* and observe-*k* trials.

    Returns
    -------
    float
        The mean ratio: 0 when observing does nothing, 1 when it drives the pool as hard as
        executing; NaN when some execution response is not positive.

    Examples
    --------
    >>> from mirrorsim.measures.classification import mirror_index
    >>> mirror_index([10, 10], [60, 70], [30, 25])
    0.325
    >>> mirror_index([10], [10], [30])
    nan
    """
    rest_rate, execute_rate, observe_rate = (
        np.asarray(x, float) for x in (rest_rate, execute_rate, observe_rate)
    )
    exec_resp = execute_rate - rest_rate
    if np.any(exec_resp <= 0):
        return float("nan")
    return float(np.mean((observe_rate - rest_rate) / exec_resp))
