"""Simulated cohorts: N subjects per group, each a main job (``mirror-emergence``) or a TMS
session (``tms-paradigms``), on Dask.

A group is a setting of the model's knobs (the regimes of model §5, or any a user names); a
subject is a seed plus its own draws of the between-subject parameters
(:mod:`mirrorsim.subjects`). Subjects are the points of one sweep (resumable, on a local
cluster or a scheduler), and the cohort's tables and figure come from their records
(:mod:`mirrorsim.analysis.cohort`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from mirrorsim.errors import ConfigError
from mirrorsim.params import Params, make_params
from mirrorsim.subjects import subject_knobs
from mirrorsim.sweep.engine import Point

__all__ = ["GROUPS", "SEEDS_PER_GROUP", "cohort_points", "parse_group", "run_cohort"]

#: The regime groups: the coupling at which every seed of the committed coupling sweep
#: (0.5.0, seeds 1-5) was labelled so by model §5's rules - 0.5 all hypoactive, 1 all
#: typical, 2 all hyperactive. Chosen from the labels, not to reach any effect size.
GROUPS: dict[str, dict[str, Any]] = {
    "typical": {"coupling": 1.0},
    "hypoactive": {"coupling": 0.5},
    "hyperactive": {"coupling": 2.0},
}
#: Group k's subjects have seeds first_seed + k * SEEDS_PER_GROUP + 0, 1, ...: different
#: people in every group, the same people for a group in every cohort that lists it k-th.
SEEDS_PER_GROUP = 1000


def parse_group(text: str, base: Params | None = None) -> tuple[str, dict[str, Any]]:
    """``NAME`` (one of :data:`GROUPS`) or ``NAME:knob=value[,knob=value...]``.

    Examples
    --------
    >>> parse_group("typical")
    ('typical', {'coupling': 1.0})
    >>> parse_group("low-inhibition:inhibition=0.8,coupling=1")
    ('low-inhibition', {'inhibition': 0.8, 'coupling': 1.0})
    """
    name, _, spec = text.partition(":")
    name = name.strip()
    if not name:
        raise ConfigError(f"group {text!r}: a group needs a name")
    if not spec:
        if name not in GROUPS:
            raise ConfigError(
                f"unknown group {name!r}; named groups: {', '.join(GROUPS)} "
                "(or NAME:knob=value,... for your own)"
            )
        return name, dict(GROUPS[name])
    knobs: dict[str, Any] = {}
    for item in spec.split(","):
        key, eq, value = item.partition("=")
        if not eq or not key.strip() or not value.strip():
            raise ConfigError(f"group {name!r}: {item!r} is not knob=value")
        try:
            number: Any = float(value)
        except ValueError:
            number = value.strip()
        if isinstance(number, float) and not math.isfinite(number):
            raise ConfigError(f"group {name!r}: {key.strip()} must be finite")
        knobs[key.strip()] = number
    make_params(knobs, base=base)  # a bad name or value fails here, before anything runs
    return name, knobs


def cohort_points(
    groups: Mapping[str, Mapping[str, Any]],
    n_subjects: int,
    variability: Mapping[str, float],
    first_seed: int = 1,
    base: Params | None = None,
) -> dict[str, list[Point]]:
    """Group name -> its subjects as sweep points (knob values and seed).

    Every knob that any group or the variability sets is a knob of every point (at the base
    value where a group leaves it), so that the cohort's table has one column per knob.
    """
    if n_subjects < 2:
        raise ConfigError(f"a cohort needs at least 2 subjects per group, got {n_subjects}")
    base = base or make_params()
    defaults = base.to_strings()
    names = sorted({k for g in groups.values() for k in g} | set(variability))
    out = {}
    for index, (group, knobs) in enumerate(groups.items()):
        points = []
        for k in range(n_subjects):
            seed = first_seed + index * SEEDS_PER_GROUP + k
            values = subject_knobs(seed, knobs, variability, base)
            full = {n: values.get(n, _number(defaults[n])) for n in names}
            points.append(Point(tuple(sorted(full.items())), seed))
        out[group] = points
    return out


def _number(value: Any) -> Any:
    return value if isinstance(value, str) else float(value)


def run_cohort(
    groups: Mapping[str, Mapping[str, Any]],
    n_subjects: int,
    variability: Mapping[str, float],
    out_dir: Path,
    first_seed: int = 1,
    base: Params | None = None,
    client: Any = None,
    n_workers: int | None = None,
    target: str = "standalone",
    progress: bool = True,
    overwrite: bool = False,
    experiment: str = "mirror-emergence",
) -> Path:
    """Simulate the cohort's missing subjects (a resumable sweep of ``experiment``) and write
    its tables and figure (:func:`mirrorsim.analysis.cohort.write_cohort`)."""
    from mirrorsim.analysis.cohort import COHORT_KIND, cohort_measures, write_cohort
    from mirrorsim.sweep.engine import run_sweep

    cohort_measures(experiment)  # refuses an experiment without cohort measures
    base = base or make_params()
    by_group = cohort_points(groups, n_subjects, variability, first_seed, base)
    points = [p for ps in by_group.values() for p in ps]
    run_sweep(
        base,
        {},
        [p.seed for p in points],
        out_dir,
        COHORT_KIND,
        client=client,
        n_workers=n_workers,
        target=target,
        progress=progress,
        overwrite=overwrite,
        experiment=experiment,
        points=points,
    )
    spec = {
        "experiment": experiment,
        "groups": {g: dict(k) for g, k in groups.items()},
        "subjects": {g: [p.seed for p in ps] for g, ps in by_group.items()},
        "variability": dict(variability),
        "first_seed": first_seed,
        "target": target,
    }
    return write_cohort(out_dir, spec)


def group_of(seed: int, spec: Mapping[str, Any]) -> str | None:
    """The group whose subject has ``seed`` in a cohort ``spec`` (None if none)."""
    for group, seeds in spec["subjects"].items():
        if seed in seeds:
            return group
    return None


def check_groups(groups: Sequence[tuple[str, dict]]) -> dict[str, dict]:
    """Groups by name, refusing a repeated name."""
    out: dict[str, dict] = {}
    for name, knobs in groups:
        if name in out:
            raise ConfigError(f"group {name!r} is given twice")
        out[name] = knobs
    return out
