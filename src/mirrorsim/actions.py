"""Actions as points in a feature space: the one table of action features (model §3.8).

Two action spaces (parameter ``action_space``):

- ``"labels"`` (default): ``n_actions`` unrelated actions. Each is its own category; as points
  they are the vertices of a regular simplex with unit edges (one-hot vectors over
  :math:`\\sqrt 2`), so every pair of actions is the same distance 1 apart.
- ``"grip_goal"``: 2 grips x 2 goals, the actions of the grasp-to-eat / grasp-to-place tasks
  (Fogassi et al. 2005, Science 308:662; Bonini et al. 2010, Cereb Cortex 20:1372) done with a
  precision grip or a whole-hand grip (Gallese et al. 1996, Brain 119:593; Fluet, Baumann &
  Scherberger 2010, J Neurosci 30:15175). The points are the corners of the unit square: two
  actions that share a grip or a goal are 1 apart, two that share neither are sqrt(2) apart.

The categorical features define *broad congruence* with structure (an observed and an executed
action that share a grip or a goal; Gallese et al. 1996); the coordinates define the graded
tuning of ``tuning="graded"`` (model §3.8).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ACTION_SPACES = ("labels", "grip_goal")

GRIP_GOAL_NAMES = ("PG-eat", "PG-place", "WHG-eat", "WHG-place")
"""precision grip (PG) / whole-hand grip (WHG) x grasp-to-eat / grasp-to-place."""
GRIP_GOAL_FEATURES = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
"""Categorical features of :data:`GRIP_GOAL_NAMES`: column 0 the grip, column 1 the goal."""


@dataclass(frozen=True)
class ActionSpace:
    """Actions, their categorical features and their coordinates in feature space."""

    name: str
    action_names: tuple[str, ...]
    feature_names: tuple[str, ...]
    features: np.ndarray  # (n_actions, n_features) categorical values
    coordinates: np.ndarray  # (n_actions, n_dims) points; nearest distinct actions 1 apart

    @property
    def n_actions(self) -> int:
        return len(self.action_names)

    def shares_feature(self) -> np.ndarray:
        """``(n_actions, n_actions)`` bool: actions ``a``, ``b`` share at least one feature value
        (always true on the diagonal; for ``labels`` only there)."""
        f = self.features
        return (f[:, None, :] == f[None, :, :]).any(axis=2)

    def distances(self) -> np.ndarray:
        """Euclidean distances between the actions' coordinates."""
        c = self.coordinates
        return np.sqrt(((c[:, None, :] - c[None, :, :]) ** 2).sum(axis=2))


def action_space(name: str, n_actions: int) -> ActionSpace:
    """The action space ``name`` with ``n_actions`` actions.

    Examples
    --------
    >>> from mirrorsim.actions import action_space
    >>> space = action_space("grip_goal", 4)
    >>> space.action_names
    ('PG-eat', 'PG-place', 'WHG-eat', 'WHG-place')
    >>> space.shares_feature().astype(int).tolist()
    [[1, 1, 1, 0], [1, 1, 0, 1], [1, 0, 1, 1], [0, 1, 1, 1]]
    >>> action_space("labels", 3).distances().round(3).tolist()
    [[0.0, 1.0, 1.0], [1.0, 0.0, 1.0], [1.0, 1.0, 0.0]]
    """
    if name == "labels":
        return ActionSpace(
            "labels",
            tuple(f"action {k}" for k in range(n_actions)),
            ("identity",),
            np.arange(n_actions).reshape(-1, 1),
            np.eye(n_actions) / np.sqrt(2),
        )
    if name == "grip_goal":
        if n_actions != len(GRIP_GOAL_NAMES):
            raise ValueError(
                f"action_space 'grip_goal' has {len(GRIP_GOAL_NAMES)} actions, got n_actions = "
                f"{n_actions}"
            )
        return ActionSpace(
            "grip_goal",
            GRIP_GOAL_NAMES,
            ("grip", "goal"),
            GRIP_GOAL_FEATURES.copy(),
            GRIP_GOAL_FEATURES.astype(float),
        )
    raise ValueError(f"unknown action space {name!r} (use one of {', '.join(ACTION_SPACES)})")
