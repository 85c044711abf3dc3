"""Simulated subjects: a seed plus between-subject variability of named parameters.

A subject is one network (its seed draws the wiring and the input spikes) whose named
parameters are its group's values times a factor drawn for that subject: log-normal with mean 1
and a stated coefficient of variation (CV), so a value never changes sign and the group mean
stays the group's value. The factors come from their own random stream, seeded by the subject's
seed, so a subject is the same in every run and every group that uses its seed.

:data:`BETWEEN_SUBJECT_CV` holds the variability the model takes from data, with its source.
Only what has a measured counterpart is in it; a user adds others (``mirrorsim cohort --vary
name=cv``), and everything else differs between subjects only through the seed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from mirrorsim.errors import ConfigError
from mirrorsim.params import Params, make_params

__all__ = ["BETWEEN_SUBJECT_CV", "SUBJECT_STREAM", "subject_factors", "subject_knobs"]

BETWEEN_SUBJECT_CV: dict[str, float] = {
    # Cortical GABA between healthy adults: GABA+ (edited MRS, 272 subjects, 24 sites) varies
    # with a CV of 12 %, 72 % of its variance between participants within sites (Mikkelsen et al.
    # 2017, NeuroImage 159:32): a between-participant CV of about 12 % x sqrt(0.72) = 10 %. It
    # includes measurement error, so it is an upper bound; GABA concentration stands in for the
    # strength of inhibition (`inhibition` scales every inhibitory synapse).
    "inhibition": 0.10,
}
#: Mixed into a subject's seed for its parameter draws: independent of the simulation's stream.
SUBJECT_STREAM = 0x5EED


def subject_factors(seed: int, variability: Mapping[str, float]) -> dict[str, float]:
    """The multiplicative factor of each named parameter for subject ``seed``.

    Log-normal with mean 1 and coefficient of variation ``cv``: ``exp(s z - s**2 / 2)`` with
    ``s**2 = log(1 + cv**2)`` and ``z`` standard normal. Each name has its own stream, seeded
    by ``(seed, SUBJECT_STREAM, name)``, so varying one more parameter leaves the others'
    factors as they were.

    Examples
    --------
    >>> f = subject_factors(1, {"inhibition": 0.1})
    >>> subject_factors(1, {"inhibition": 0.1, "coupling": 0.2})["inhibition"] == f["inhibition"]
    True
    >>> subject_factors(1, {"inhibition": 0.0})
    {'inhibition': 1.0}
    """
    out = {}
    for name, cv in variability.items():
        cv = float(cv)
        if not math.isfinite(cv) or cv < 0:
            raise ConfigError(f"between-subject CV of {name} must be finite and >= 0, got {cv}")
        if cv == 0:
            out[name] = 1.0
            continue
        stream = int.from_bytes(name.encode(), "little") % (2**63)
        z = np.random.default_rng([int(seed), SUBJECT_STREAM, stream]).standard_normal()
        s = math.sqrt(math.log1p(cv**2))
        out[name] = float(math.exp(s * z - s**2 / 2))
    return out


def subject_knobs(
    seed: int,
    group_knobs: Mapping[str, Any],
    variability: Mapping[str, float],
    base: Params | None = None,
) -> dict[str, float | str]:
    """The knob values of subject ``seed`` in a group: the group's value of each varied
    parameter (else the ``base`` value) times the subject's factor; the group's other knobs as
    they are. Values with a unit (``"10.0 msecond"``) keep it.

    Raises
    ------
    ConfigError
        For an unknown parameter name or a bad CV.

    Examples
    --------
    >>> knobs = subject_knobs(3, {"coupling": 0.5}, {"inhibition": 0.1})
    >>> sorted(knobs), knobs["coupling"]
    (['coupling', 'inhibition'], 0.5)
    >>> 0.7 < knobs["inhibition"] < 1.3
    True
    """
    base = base or make_params()
    defaults = base.to_strings()
    unknown = sorted(set(variability) - set(defaults))
    if unknown:
        raise ConfigError(f"unknown parameter(s) to vary between subjects: {', '.join(unknown)}")
    knobs: dict[str, float | str] = dict(group_knobs)
    for name, factor in subject_factors(seed, variability).items():
        value = knobs.get(name, defaults[name])
        knobs[name] = _scaled(value, factor, name)
    return knobs


def _scaled(value: Any, factor: float, name: str) -> float | str:
    if isinstance(value, str):
        number, _, unit = value.partition(" ")
        try:
            return f"{float(number) * factor!r} {unit}".strip()
        except ValueError:
            raise ConfigError(f"{name}: cannot scale {value!r} between subjects") from None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{name}: cannot scale {value!r} between subjects")
    return float(value) * factor
