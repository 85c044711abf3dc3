"""A cohort's subjects -> the tables clinical studies report: group means and SDs, effect sizes
within groups (condition against baseline) and between groups (against a control group).

Reads the subject records of a cohort sweep (:mod:`mirrorsim.sweep.cohort`) and writes

- ``subjects.csv``: one row per subject (group, seed, its knob values, its measures);
- ``groups.csv``: per group and measure, n, mean, SD, Cohen's d_z against baseline, and Hedges'
  g and Welch's p against the control group (:mod:`mirrorsim.measures.effect_size`);
- ``cohort.json``: the cohort's specification, the table, the regimes per group and the
  ratio of the observation to the execution effect on mu (Fox et al. 2016 found d = 0.31 and
  0.46 over 85 studies, a ratio of about 0.67), with provenance;
- ``cohort.png`` / ``.svg``: per measure, each group's mean and SD with its subjects.

The measures depend on the subjects' experiment (:data:`COHORT_MEASURES_BY_EXPERIMENT`): the main
job's (mu, MEP, mirror index, BOLD; Oberman et al. 2005) or a TMS session's (facilitation,
SICI, LICI; Basavaraju et al. 2019).
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from mirrorsim.analysis.record import RENAMED, flatten
from mirrorsim.measures.effect_size import cohens_dz, group_summary, hedges_g, welch_test

COHORT_KIND = "cohort"

__all__ = [
    "COHORT_MEASURES",
    "COHORT_MEASURES_BY_EXPERIMENT",
    "CohortMeasure",
    "cohort_measures",
    "cohort_rows",
    "group_table",
    "write_cohort",
]


@dataclass(frozen=True)
class CohortMeasure:
    """One measure of a subject: ``key`` of the run record (times ``scale``), and the record key
    of its within-subject baseline. Without a baseline key the measure is already relative to
    its baseline, whose value is ``reference`` (0 for a change, 100 for a paired-pulse MEP in %
    of the test pulse alone; ``None``: no baseline, so no within-group effect size)."""

    key: str
    label: str
    unit: str
    baseline: str | None = None
    scale: float = 1.0
    reference: float | None = 0.0


COHORT_MEASURES: tuple[CohortMeasure, ...] = (
    CohortMeasure("eeg_mu_observe", "scalp mu suppression (C3), observing", "log ratio"),
    CohortMeasure("eeg_mu_execute", "scalp mu suppression (C3), executing", "log ratio"),
    CohortMeasure("mu_suppression_observe", "mu suppression, observing", "log ratio"),
    CohortMeasure("mu_suppression_execute", "mu suppression, executing", "log ratio"),
    CohortMeasure("mep_observe", "MEP while observing", "spikes", baseline="mep_static"),
    CohortMeasure("mep_facilitation", "MEP facilitation", "% of static", scale=100.0),
    CohortMeasure("mirror_index_post", "mirror index", "ratio"),
    CohortMeasure("m1_overt_observe_fraction", "echo (overt M1 output)", "fraction of trials"),
    CohortMeasure("fmri_f5_observe_pct", "F5 BOLD, observing", "% signal change"),
    CohortMeasure("fmri_f5_execute_pct", "F5 BOLD, executing", "% signal change"),
    CohortMeasure("fmri_m1_execute_pct", "M1 BOLD, executing", "% signal change"),
    CohortMeasure("fmri_ipl_observe_pct", "IPL BOLD, observing", "% signal change"),
)

#: A TMS session's measures (experiment ``tms-paradigms``, model §6.12) in the form of
#: Basavaraju et al. 2019: facilitation while observing as % change from the static scene, of
#: single-pulse MEPs and of the paired-pulse MEPs (their "SICI- and LICI-mediated MNS activity"),
#: and paired-pulse MEPs as % of the test pulse alone (100 = no inhibition; lower = more).
TMS_COHORT_MEASURES: tuple[CohortMeasure, ...] = (
    CohortMeasure("paradigms.facilitation", "MEP facilitation, observing (120 % RMT)", "% change"),
    CohortMeasure("paradigms.facilitation_sici", "SICI-paired MEP facilitation", "% change"),
    CohortMeasure("paradigms.facilitation_lici", "LICI-paired MEP facilitation", "% change"),
    CohortMeasure(
        "paradigms.mep_single.observe",
        "MEP while observing",
        "spikes",
        baseline="paradigms.mep_single.static",
    ),
    CohortMeasure("paradigms.sici.static", "SICI at rest (3 ms)", "% of test MEP", reference=100),
    CohortMeasure("paradigms.sici.observe", "SICI, observing", "% of test MEP", reference=100),
    CohortMeasure("paradigms.lici.static", "LICI at rest (100 ms)", "% of test MEP", reference=100),
    CohortMeasure("paradigms.lici.observe", "LICI, observing", "% of test MEP", reference=100),
    CohortMeasure("calibration.rmt", "resting motor threshold", "x w_tms", reference=None),
)

COHORT_MEASURES_BY_EXPERIMENT: dict[str, tuple[CohortMeasure, ...]] = {
    "mirror-emergence": COHORT_MEASURES,
    "tms-paradigms": TMS_COHORT_MEASURES,
}


def cohort_measures(experiment: str = "mirror-emergence") -> tuple[CohortMeasure, ...]:
    """The measures a cohort of ``experiment`` subjects reports (a clear error for others)."""
    from mirrorsim.errors import ConfigError

    try:
        return COHORT_MEASURES_BY_EXPERIMENT[experiment]
    except KeyError:
        raise ConfigError(
            f"no cohort measures for experiment {experiment!r}; cohorts run "
            + ", ".join(COHORT_MEASURES_BY_EXPERIMENT)
        ) from None


def cohort_rows(points: Sequence[Mapping[str, Any]], spec: Mapping[str, Any]) -> list[dict]:
    """One row per subject: group, seed, knob values and the measures' raw record values."""
    group_of = {seed: g for g, seeds in spec["subjects"].items() for seed in seeds}
    measures = cohort_measures(spec.get("experiment", "mirror-emergence"))
    keys = {m.key for m in measures} | {m.baseline for m in measures if m.baseline}
    rows = []
    for point in points:
        seed = int(point["seed"])
        if seed not in group_of:
            continue
        flat = flatten(point["measures"])
        flat = {RENAMED.get(k, k): v for k, v in flat.items()}
        row: dict[str, Any] = {"group": group_of[seed], "seed": seed}
        row.update(point.get("knobs", {}))
        for key in sorted(keys):
            value = flat.get(key)
            row[key] = float("nan") if value is None else float(value)
        if measures is COHORT_MEASURES:  # the regime labels come from the main job's measures
            row["regime"] = flat.get("regime", "")
            row["regime_human"] = flat.get("regime_human") or _human_label(flat)
        rows.append(row)
    order = list(spec["subjects"])
    return sorted(rows, key=lambda r: (order.index(r["group"]), r["seed"]))


def _values(rows: Sequence[Mapping[str, Any]], key: str, scale: float = 1.0) -> np.ndarray:
    return np.array([float(r[key]) * scale for r in rows], dtype=float)


def group_table(
    rows: Sequence[Mapping[str, Any]],
    control: str,
    measures: Sequence[CohortMeasure] = COHORT_MEASURES,
) -> list[dict]:
    """Per group and measure: n, mean, SD, d_z against baseline, g and p against ``control``."""
    groups = list(dict.fromkeys(r["group"] for r in rows))
    by_group = {g: [r for r in rows if r["group"] == g] for g in groups}
    table = []
    for g in groups:
        for m in measures:
            x = _values(by_group[g], m.key, m.scale)
            s = group_summary(x)
            if m.baseline:
                d_z = cohens_dz(x, _values(by_group[g], m.baseline, m.scale))
            elif m.reference is not None:
                d_z = cohens_dz(x, np.full_like(x, m.reference))
            else:
                d_z = float("nan")
            entry = {
                "group": g,
                "measure": m.key,
                "label": m.label,
                "unit": m.unit,
                "n": s.n,
                "n_undefined": s.n_undefined,
                "mean": s.mean,
                "sd": s.sd,
                "d_z": d_z,
                "baseline": m.baseline or ("" if m.reference is None else f"{m.reference:g}"),
            }
            if control in by_group and g != control:
                c = _values(by_group[control], m.key, m.scale)
                entry["g_vs_control"] = hedges_g(x, c)
                entry["p_vs_control"] = welch_test(x, c)[1]
            else:
                entry["g_vs_control"] = entry["p_vs_control"] = float("nan")
            table.append(entry)
    return table


def write_cohort(out_dir: Path, spec: Mapping[str, Any], control: str | None = None) -> Path:
    """Write ``subjects.csv``, ``groups.csv``, ``cohort.json`` and ``cohort.png`` into the
    cohort folder ``out_dir`` (the sweep's), from its finished subjects."""
    from mirrorsim.output_guard import mark_folder
    from mirrorsim.plots import cohort_figure
    from mirrorsim.results import now, provenance, write_json
    from mirrorsim.sweep import load_points, sweep_kind

    started = now()
    out_dir = Path(out_dir)
    rows = cohort_rows(load_points(out_dir), spec)
    groups = list(spec["subjects"])
    control = control or ("typical" if "typical" in groups else groups[0])
    measures = cohort_measures(spec.get("experiment", "mirror-emergence"))
    table = group_table(rows, control, measures)
    _write_csv(out_dir / "subjects.csv", rows)
    _write_csv(out_dir / "groups.csv", table)
    summary = {
        "what": "a simulated cohort (mirrorsim cohort): group means, SDs and effect sizes",
        "spec": dict(spec),
        "control": control,
        "n_subjects_finished": {g: sum(r["group"] == g for r in rows) for g in spec["subjects"]},
        "table": table,
        "provenance": provenance(str(spec.get("target", "standalone")), started, now()),
    }
    if measures is COHORT_MEASURES:
        summary["regimes"] = _counts(rows, groups, "regime")
        summary["regimes_human"] = _counts(rows, groups, "regime_human")
        summary["mu_effect_ratio"] = _mu_ratio(table)
        summary["eeg_mu_effect_ratio"] = _mu_ratio(table, "eeg_mu")
    write_json(out_dir / "cohort.json", summary)
    cohort_figure(rows, table, out_dir / "cohort", measures)
    files = ["subjects.csv", "groups.csv", "cohort.json", "cohort.png", "cohort.svg"]
    mark_folder(out_dir, sweep_kind(COHORT_KIND), files)
    return out_dir


def _counts(rows: Sequence[Mapping[str, Any]], groups: Sequence[str], key: str) -> dict:
    return {g: dict(Counter(r[key] for r in rows if r["group"] == g)) for g in groups}


def _human_label(flat: Mapping[str, Any]) -> str:
    """:func:`~mirrorsim.measures.regimes.label_regime_human` of a record that predates the
    ``regime_human`` key: the rule needs only measures every record has had since 0.6."""
    from mirrorsim.measures.regimes import label_regime_human

    nan = float("nan")
    try:
        return label_regime_human(
            {
                "mirror_index": flat.get("mirror_index_post", nan),
                "echo_index": flat.get("m1_overt_observe_fraction", nan),
                "eeg_mu_observe": flat.get("eeg_mu_observe", nan),
                "eeg_mu_execute": flat.get("eeg_mu_execute", nan),
                "mep_facilitation": flat.get("mep_facilitation", nan),
                "runaway": bool(flat.get("runaway", False)),
            }
        )
    except (TypeError, ValueError):
        return ""


def _mu_ratio(
    table: Sequence[Mapping[str, Any]], prefix: str = "mu_suppression"
) -> dict[str, float]:
    """Per group, d_z(observing) / d_z(executing) of mu suppression (Fox et al. 2016: ~0.67), of
    the local index (``mu_suppression``) or the scalp one (``eeg_mu``)."""
    out = {}
    for g in dict.fromkeys(t["group"] for t in table):
        d = {t["measure"]: t["d_z"] for t in table if t["group"] == g}
        obs, exe = d.get(f"{prefix}_observe", np.nan), d.get(f"{prefix}_execute", np.nan)
        out[g] = float(obs / exe) if exe and np.isfinite(exe) and np.isfinite(obs) else float("nan")
    return out


def _write_csv(path: Path, rows: Sequence[Mapping[str, Any]]) -> None:
    fields = list(dict.fromkeys(k for r in rows for k in r))
    with open(path, "w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        for r in rows:
            writer.writerow({k: (f"{v:.6g}" if isinstance(v, float) else v) for k, v in r.items()})


def read_cohort(out_dir: Path) -> dict[str, Any]:
    """The ``cohort.json`` of a cohort folder."""
    return json.loads((Path(out_dir) / "cohort.json").read_text())
