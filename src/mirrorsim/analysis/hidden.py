"""Measures of experiment ``hidden-action``: mirror neurons that know a hidden action (§6.11).

Umiltà et al. (2001, Neuron 32:91) showed F5 mirror neurons the start of a grasp whose final
part then went behind a screen. More than half of the mirror neurons tested responded in this
hidden condition when the monkey knew an object was behind the screen, and not when it knew
there was none (a mimed grasp, hidden or in full vision).

Here the sight of the action ends at ``screen_time``; the object input (model §6.11) tells IPL
whether an object is there. Per test block, with windows of the trial (``analysis_start`` is
the latency skipped after each onset):

- *full*: ``[analysis_start, t_trial)``; *visible*: ``[analysis_start, screen_time)``;
  *hidden*: ``[screen_time + analysis_start, t_trial)``, after the hand passed behind the screen.

Over the F5 E neurons, with :func:`mirrorsim.measures.classification.excited` (one-sided
Mann-Whitney U against rest trials cut to the same window, ``alpha`` Bonferroni-corrected over
the actions):

- ``mirror_fraction``: share of F5 E excited when executing and when observing (full vision,
  with the object) the same action; each such *mirror neuron*'s preferred action is the one
  whose observation excites it most;
- ``hidden_fraction``, ``hidden_mime_fraction``: of the mirror neurons, the share excited in
  the *hidden* window of ``hidden`` (object behind the screen) and ``hidden_mime`` (none)
  trials of their preferred action (Umiltà et al. 2001: more than half, with an object);
- ``mime_fraction``: of the mirror neurons, the share excited by the full-vision pantomime of
  their preferred action (*full* window);
- ``object_fraction``: of the mirror neurons, the share excited by the object alone
  (``object_only``; mirror neurons do not respond to objects: Gallese et al. 1996);
- ``mirror_hz.{condition}.{window}``: the mirror neurons' rate above rest (same window of the
  rest trials), each on its preferred action, for ``observe``, ``hidden``, ``mime``,
  ``hidden_mime`` (windows ``visible`` and ``hidden``) and ``object_only`` (``full``): the
  full-vision vs hidden vs hidden-pantomime comparison;
- ``hidden_ratio``: ``mirror_hz.hidden.hidden`` over ``mirror_hz.observe.hidden``, how much of
  the full-vision response in the same part of the trial survives the screen (NaN when the
  full-vision response is not above rest).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
from brian2 import second

from mirrorsim.analysis.windows import spike_counts
from mirrorsim.measures.classification import DEFAULT_ALPHA, excited
from mirrorsim.protocols import Trial
from mirrorsim.simulate import RunData

#: Conditions whose rates are reported, with the windows reported for each.
RATE_WINDOWS = {
    "observe": ("visible", "hidden"),
    "hidden": ("visible", "hidden"),
    "mime": ("visible", "hidden"),
    "hidden_mime": ("visible", "hidden"),
    "object_only": ("full",),
}


def window(trials: list[Trial], name: str, start: float, screen: float) -> list[Trial]:
    """``trials`` cut to window ``name`` (``full``, ``visible``, ``hidden``: module docstring),
    as trials whose response window (:func:`mirrorsim.analysis.windows.response_windows` with
    ``start``) is that part."""
    if name == "full":
        return list(trials)
    if name == "visible":
        return [replace(t, duration=screen) for t in trials]
    if name == "hidden":
        return [replace(t, onset=t.onset + screen, duration=t.duration - screen) for t in trials]
    raise ValueError(f"unknown window {name!r}; expected full, visible or hidden")


def hidden_units(data: RunData, block: str, alpha: float = DEFAULT_ALPHA) -> dict[str, Any]:
    """Per F5 E neuron in ``block``: ``mirror`` (boolean), ``preferred`` action, whether it is
    excited on its preferred action in each test of the module docstring (``hidden``,
    ``hidden_mime``, ``mime``, ``object``), and ``rates``: Hz above rest per (condition,
    window), ``(n_actions, n)`` (``object_only``: ``(1, n)``)."""
    p, prot = data.params, data.protocol
    if not p.n_object_inputs:
        raise ValueError("the run has no object input (n_object_inputs = 0)")
    start, screen = float(p.analysis_start / second), float(p.screen_time / second)
    f5 = data.spikes["f5_e"]
    actions = range(p.n_actions)
    rest_trials = prot.block_trials(block, "rest")

    def counts(condition: str, name: str) -> tuple[list[np.ndarray], np.ndarray, float]:
        trials = prot.block_trials(block, condition)
        groups = [trials] if condition == "object_only" else [
            [t for t in trials if t.action == k] for k in actions
        ]
        cut = [spike_counts(f5, window(g, name, start, screen), start) for g in groups]
        rest = spike_counts(f5, window(rest_trials, name, start, screen), start)
        seconds = {"full": p.t_trial, "visible": p.screen_time, "hidden": p.t_trial - p.screen_time}
        return cut, rest, float(seconds[name] / second) - start

    execute, rest_full, _ = counts("execute", "full")
    observe, _, _ = counts("observe", "full")
    exc_execute = excited(execute, rest_full, alpha)
    exc_observe = excited(observe, rest_full, alpha)
    both = exc_execute & exc_observe
    mirror = both.any(axis=0)
    modulation = np.array([c.mean(axis=0) for c in observe]) - rest_full.mean(axis=0)
    preferred = np.argmax(np.where(both, modulation, -np.inf), axis=0)
    cols = np.arange(mirror.size)

    def on_preferred(by_action: list[np.ndarray], rest: np.ndarray) -> np.ndarray:
        return excited(by_action, rest, alpha)[preferred, cols]

    tests = {}
    for condition, name, key in (
        ("hidden", "hidden", "hidden"),
        ("hidden_mime", "hidden", "hidden_mime"),
        ("mime", "full", "mime"),
    ):
        cut, rest, _ = counts(condition, name)
        tests[key] = on_preferred(cut, rest)
    cut, rest, _ = counts("object_only", "full")
    tests["object"] = excited(cut, rest, alpha)[0]
    rates = {}
    for condition, windows in RATE_WINDOWS.items():
        for name in windows:
            cut, rest, win = counts(condition, name)
            rates[(condition, name)] = np.array(
                [(c.mean(axis=0) - rest.mean(axis=0)) / win for c in cut]
            )
    return {"mirror": mirror, "preferred": preferred, **tests, "rates": rates}


def hidden_measures(data: RunData, block: str, alpha: float = DEFAULT_ALPHA) -> dict[str, float]:
    """The measures of the module docstring for one test block, as a flat dict."""
    units = hidden_units(data, block, alpha)
    mirror = units["mirror"]
    n_mirror = int(mirror.sum())
    record: dict[str, float] = {
        "mirror_fraction": float(n_mirror / mirror.size),
        "n_mirror": n_mirror,
    }

    def share(key: str) -> float:
        return float(units[key][mirror].mean()) if n_mirror else float("nan")

    for key in ("hidden", "hidden_mime", "mime", "object"):
        record[f"{key}_fraction"] = share(key)
    cols = np.flatnonzero(mirror)
    for (condition, name), rates in units["rates"].items():
        rows = np.zeros(cols.size, dtype=int) if condition == "object_only" else units[
            "preferred"
        ][cols]
        value = float(rates[rows, cols].mean()) if n_mirror else float("nan")
        record[f"mirror_hz.{condition}.{name}"] = value
    full = record["mirror_hz.observe.hidden"]
    record["hidden_ratio"] = (
        record["mirror_hz.hidden.hidden"] / full if full > 0 else float("nan")
    )
    return record


def hidden_record(data: RunData, blocks: dict | None = None) -> dict[str, Any]:
    """One run's flat record: ``{block}.{measure}`` for each test block of the run, and the
    object input's size and the screen time. ``blocks`` is accepted for
    :func:`~mirrorsim.experiments.base.run_block_experiment` and not needed."""
    p = data.params
    record: dict[str, Any] = {
        "n_object_inputs": p.n_object_inputs,
        "screen_time_ms": float(p.screen_time / second) * 1000,
    }
    for block in data.protocol.blocks:
        record |= {f"{block}.{k}": v for k, v in hidden_measures(data, block).items()}
    return record
