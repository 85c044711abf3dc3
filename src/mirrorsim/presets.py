"""Named parameter sets: the default model and the smaller configurations tests, notebooks and
the benchmark run, as functions of the parameter layer (as hnn-core's ``network_models``).

Each preset is a function ``name(overrides=None) -> Params``: the preset's values on top of the
defaults, then ``overrides`` on top of those. :func:`overrides` gives a preset's values as a
dict (to merge with others), :data:`PRESETS` lists them all (``mirrorsim params --presets``).

>>> from mirrorsim import presets
>>> presets.tiny().n_f5_e, presets.tiny({"n_f5_e": 40}).n_f5_e, presets.default().n_f5_e
(80, 40, 800)
>>> sorted(presets.PRESETS)
['bench-short', 'default', 'small', 'tiny']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from mirrorsim.params import Params, make_params

__all__ = ["PRESETS", "Preset", "bench_short", "default", "overrides", "small", "tiny"]

_TINY: dict[str, Any] = {
    "n_ipl_e": 80,
    "n_ipl_i": 20,
    "n_f5_e": 80,
    "n_f5_i": 20,
    "n_m1_e": 30,
    "n_gate": 10,
    "n_sts_per_action": 10,
    "n_intention_per_action": 10,
    "p_input": 0.2,  # 2 inputs per target cell, as before 0.4
    "n_test_repeats": 2,
    "n_dev_repeats": 1,
    "t_settle": "50 ms",
    "t_spontaneous": "200 ms",
    "t_trial": "100 ms",
    "t_iti": "50 ms",
    "reafference_delay": "20 ms",
    "analysis_start": "10 ms",
    "dt": "0.5 ms",
    "tms_time": "50 ms",
    "mep_window": "10 ms",
    "n_tms_repeats": 2,
    "n_tc": 20,
    "n_re": 10,
    "n_thal_drive": 20,
}

_SMALL: dict[str, Any] = {
    "n_ipl_e": 60,
    "n_ipl_i": 15,
    "n_f5_e": 60,
    "n_f5_i": 15,
    "n_m1_e": 30,
    "n_gate": 10,
    "n_sts_per_action": 10,
    "n_intention_per_action": 10,
    "p_input": 0.2,  # 2 inputs per target cell, as before 0.4
    "t_settle": "100 ms",
    "t_spontaneous": "2 s",
    "n_test_repeats": 4,
    "n_dev_repeats": 1,
}

_BENCH_SHORT: dict[str, Any] = {
    "n_dev_repeats": 1,
    "n_test_repeats": 1,
    "n_tms_repeats": 1,
    "t_spontaneous": "1 s",
}


@dataclass(frozen=True)
class Preset:
    """A named parameter set: its function, what it is for, and its values."""

    name: str
    make: Callable[..., Params]
    summary: str
    values: Mapping[str, Any]


def _make(values: Mapping[str, Any], extra: Mapping[str, Any] | None) -> Params:
    return make_params({**values, **(extra or {})})


def default(overrides: Mapping[str, Any] | None = None) -> Params:
    """The model of the paper and the docs (every parameter at its default)."""
    return _make({}, overrides)


def tiny(overrides: Mapping[str, Any] | None = None) -> Params:
    """A circuit about 10x smaller with short trials and a coarse step (6 s of biological time
    for the main job instead of 205 s), for simulations that test the machinery
    (reproducibility, I/O, interruption, quick notebooks), not the science."""
    return _make(_TINY, overrides)


def small(overrides: Mapping[str, Any] | None = None) -> Params:
    """A small circuit with the default trial timing, 4 repeats per test condition and 2 s
    spontaneous epochs (84 s of biological time for the main job): the configuration of
    synthetic runs (:func:`mirrorsim.testing.poisson_run`)."""
    return _make(_SMALL, overrides)


def bench_short(overrides: Mapping[str, Any] | None = None) -> Params:
    """The default circuit and trial timing with one repeat per condition (11 s biological per
    point instead of 129 s): the points of ``mirrorsim bench``'s sweep comparison. Runtime mode
    pays Python overhead on every 0.1 ms step (tens of seconds per biological second for this
    circuit), so 8 full points would take the naive loop most of a day on 2 cores."""
    return _make(_BENCH_SHORT, overrides)


#: Every preset by name.
PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset("default", default, "the model of the paper and the docs", {}),
        Preset("tiny", tiny, "about 10x smaller, short trials: tests the machinery", _TINY),
        Preset("small", small, "small circuit, default timing: synthetic test runs", _SMALL),
        Preset(
            "bench-short", bench_short, "default circuit, one repeat per condition", _BENCH_SHORT
        ),
    )
}


def overrides(name: str) -> dict[str, Any]:
    """A preset's values (what it changes from the defaults), as a new dict.

    >>> overrides("bench-short")["n_test_repeats"]
    1
    """
    try:
        return dict(PRESETS[name].values)
    except KeyError:
        raise KeyError(f"unknown preset {name!r}; known: {', '.join(PRESETS)}") from None
