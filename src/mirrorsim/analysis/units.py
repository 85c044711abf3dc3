"""Per-unit responses and classes of F5 E, M1 E and IPL E neurons, as single units are recorded.

For every neuron of a population, in one test block: its rest rate; per action its execution
and observation rate and modulation (rate minus rest rate, Hz) with their significance (the
one-sided Mann-Whitney tests of :func:`mirrorsim.measures.classification.classify`); its
preferred action (largest execution modulation); and its class
(:func:`~mirrorsim.measures.classification.unit_classes`): strictly / broadly / non-congruent
mirror, observation-suppressed mirror, mirror suppressed only by another action, motor only,
visual only, other. With a structured action
space (``action_space="grip_goal"``) an observed and an executed action are related, for broad
congruence, when they share a grip or a goal (Gallese et al. 1996; model §4, §3.8).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from brian2 import second

from mirrorsim.actions import action_space
from mirrorsim.analysis.windows import spike_counts
from mirrorsim.measures.classification import (
    DEFAULT_ALPHA,
    Classification,
    classify,
    unit_class_fractions,
    unit_classes,
)
from mirrorsim.simulate import RunData

UNIT_POPULATIONS = ("f5_e", "m1_e", "ipl_e")
"""The populations with unit tables: the premotor and motor output cells, and the parietal
cells that feed F5 (IPL E cells receive no motor input in this circuit, so they are expected to
be visual only)."""


@dataclass
class UnitTable:
    """Per-unit responses of one population in one test block (rates in Hz)."""

    population: str
    block: str
    action_names: tuple[str, ...]
    rest_hz: np.ndarray  # (n,)
    exec_hz: np.ndarray  # (n_actions, n)
    obs_hz: np.ndarray  # (n_actions, n)
    classification: Classification
    classes: np.ndarray  # (n,) str

    @property
    def exec_mod(self) -> np.ndarray:
        """Execution modulation per action: rate minus rest rate (Hz)."""
        return self.exec_hz - self.rest_hz

    @property
    def obs_mod(self) -> np.ndarray:
        """Observation modulation per action: rate minus rest rate (Hz)."""
        return self.obs_hz - self.rest_hz

    @property
    def preferred_action(self) -> np.ndarray:
        """The action with the largest execution modulation."""
        return np.argmax(self.exec_mod, axis=0)

    def fractions(self) -> dict[str, float]:
        """:func:`~mirrorsim.measures.classification.unit_class_fractions` of the classes."""
        return unit_class_fractions(self.classes)

    def significance(self) -> tuple[list[str], list[str]]:
        """Per unit, its execution and observation test results as text, one character per
        action, comma-separated: ``+`` excited, ``-`` suppressed, empty if neither."""
        c = self.classification
        exec_sup = c.exec_suppressed if c.exec_suppressed is not None else np.zeros_like(
            c.exec_excited
        )

        def text(excited: np.ndarray, suppressed: np.ndarray) -> list[str]:
            marks = np.where(excited, "+", np.where(suppressed, "-", ""))
            return [",".join(marks[:, n]) for n in range(marks.shape[1])]

        return text(c.exec_excited, exec_sup), text(c.obs_excited, c.obs_suppressed)

    def rows(self) -> list[dict[str, object]]:
        """One record per unit (for CSV)."""
        c = self.classification
        pref = self.preferred_action
        out = []
        for n in range(self.rest_hz.size):
            row: dict[str, object] = {
                "population": self.population,
                "unit": n,
                "class": self.classes[n],
                "preferred_action": self.action_names[pref[n]],
                "rest_hz": round(float(self.rest_hz[n]), 3),
            }
            for k, name in enumerate(self.action_names):
                row[f"exec_mod_hz[{name}]"] = round(float(self.exec_mod[k, n]), 3)
                row[f"obs_mod_hz[{name}]"] = round(float(self.obs_mod[k, n]), 3)
                sig_exec = "+" if c.exec_excited[k, n] else ""
                if c.exec_suppressed is not None and c.exec_suppressed[k, n]:
                    sig_exec = "-"
                sig_obs = "+" if c.obs_excited[k, n] else "-" if c.obs_suppressed[k, n] else ""
                row[f"exec_sig[{name}]"] = sig_exec
                row[f"obs_sig[{name}]"] = sig_obs
            out.append(row)
        return out


def unit_table(
    data: RunData, population: str = "f5_e", block: str = "post", alpha: float = DEFAULT_ALPHA
) -> UnitTable:
    """Per-unit responses and classes of ``population`` in test block ``block``."""
    p, prot = data.params, data.protocol
    start = float(p.analysis_start / second)
    win = float(p.t_trial / second) - start
    spikes = data.spikes[population]
    rest = spike_counts(spikes, prot.block_trials(block, "rest"), start)
    counts = {
        c: [
            spike_counts(spikes, [t for t in prot.block_trials(block, c) if t.action == k], start)
            for k in range(p.n_actions)
        ]
        for c in ("execute", "observe")
    }
    cls = classify(rest, counts["execute"], counts["observe"], alpha)
    space = action_space(p.action_space, p.n_actions)
    classes = unit_classes(cls, space.shares_feature())
    return UnitTable(
        population=population,
        block=block,
        action_names=space.action_names,
        rest_hz=rest.mean(axis=0) / win,
        exec_hz=np.array([x.mean(axis=0) for x in counts["execute"]]) / win,
        obs_hz=np.array([x.mean(axis=0) for x in counts["observe"]]) / win,
        classification=cls,
        classes=classes,
    )


def unit_tables(data: RunData, block: str = "post") -> dict[str, UnitTable]:
    """:func:`unit_table` of F5 E, M1 E and IPL E (:data:`UNIT_POPULATIONS`)."""
    return {pop: unit_table(data, pop, block) for pop in UNIT_POPULATIONS}


def unit_summary(tables: dict[str, UnitTable]) -> dict[str, dict[str, float]]:
    """Class fractions per population, plus the execution-response scale of its mirror and
    motor units (median and 10th/90th percentile of the preferred-action modulation, Hz) and
    the mean observation/execution modulation ratio of the facilitated mirror units."""
    out = {}
    for pop, t in tables.items():
        f = t.fractions()
        pref = t.preferred_action
        cols = np.arange(pref.size)
        exec_pref = t.exec_mod[pref, cols]
        obs_pref = t.obs_mod[pref, cols]
        responsive = t.classification.execution_responsive
        fac = np.isin(t.classes, ("strictly_congruent", "broadly_congruent", "non_congruent"))
        f["exec_mod_median_hz"] = (
            float(np.median(exec_pref[responsive])) if responsive.any() else float("nan")
        )
        f["exec_mod_p10_hz"], f["exec_mod_p90_hz"] = (
            (float(x) for x in np.percentile(exec_pref[responsive], [10, 90]))
            if responsive.any()
            else (float("nan"), float("nan"))
        )
        f["obs_over_exec_mirror"] = (
            float(np.mean(obs_pref[fac] / exec_pref[fac])) if fac.any() else float("nan")
        )
        f["rest_hz_mean"] = float(t.rest_hz.mean())
        f["exec_suppressed_any"] = (
            float(t.classification.exec_suppressed.any(axis=0).mean())
            if t.classification.exec_suppressed is not None
            else float("nan")
        )
        out[pop] = f
    return out


def write_units_csv(tables: dict[str, UnitTable], path: str | Path) -> Path:
    """All units of ``tables`` as one CSV file (one row per unit)."""
    rows = [row for t in tables.values() for row in t.rows()]
    path = Path(path)
    fields: list[str] = []
    for row in rows:
        fields += [k for k in row if k not in fields]
    with path.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return path
