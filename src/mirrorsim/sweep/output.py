"""A finished sweep as a tidy table (``points.csv``), an xarray dataset (``points.nc``), a summary
with the spread across seeds and the monotonic trends, and its figures.

The columns are the swept parameters (from ``sweep.json``), always ``coupling`` and
``inhibition``, the seed, the keys of the run record that a sweep reports (:data:`MEASURES`,
:mod:`mirrorsim.analysis.record`, or those the sweep's experiment declares in its
``measures``) and the regime label (empty for an experiment whose record has none). Points
written by earlier releases are read under today's keys
(:data:`mirrorsim.analysis.record.RENAMED`).
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from mirrorsim.analysis.record import RENAMED, flatten
from mirrorsim.measures.regimes import REGIMES
from mirrorsim.sweep import load_points

__all__ = [
    "MEASURES",
    "RENAMED",
    "by_level",
    "points_rows",
    "spread",
    "summarise",
    "to_dataset",
    "write_outputs",
]

#: Always columns of a sweep table, swept or not (the regime knobs).
KNOBS = ("coupling", "inhibition")
MEASURES = (
    "mirror_index_post",
    "mu_suppression_observe",
    "mu_suppression_execute",
    "mu_periodic_observe",
    "mu_periodic_execute",
    "mep_facilitation",
    "m1_overt_observe_fraction",
    "f5_rate_rest_hz",
    "f5_rate_observe_hz",
    "f5_rate_execute_hz",
    "f5_persistence_observe_hz",
    "f5_mirror_fraction_post",
    "eeg_mu_observe",
    "eeg_mu_execute",
    "mep_observe",
    "mep_static",
    "bold_f5_observe_pct",
    "bold_f5_execute_pct",
    "bold_m1_observe_pct",
    "bold_m1_execute_pct",
    "bold_ipl_observe_pct",
    "runaway_time_s",
    "wall_time_s",
)
NOT_TRENDED = frozenset(
    {
        "mep_observe",  # the parts of mep_facilitation
        "mep_static",
        "bold_f5_execute_pct",  # execution and other areas: not what coupling is meant to move
        "bold_m1_observe_pct",
        "bold_m1_execute_pct",
        "bold_ipl_observe_pct",
        "runaway_time_s",  # bookkeeping
        "wall_time_s",
    }
)
TREND_MEASURES = tuple(m for m in MEASURES if m not in NOT_TRENDED)
"""Measures whose monotonic trend against the swept knob ``summary.json`` reports."""


def _number(value: Any) -> float:
    return float("nan") if value is None else float(value)


def spread(values: Any) -> dict[str, float | int]:
    """Mean, SD (``ddof=1``; NaN for one value) and n of the finite values (None skipped).

    >>> spread([1.0, 3.0, None, float("nan")])
    {'mean': 2.0, 'sd': 1.4142135623730951, 'n': 2}
    """
    x = np.array([v for v in values if v is not None], dtype=float)
    x = x[np.isfinite(x)]
    return {
        "mean": float(x.mean()) if x.size else math.nan,
        "sd": float(x.std(ddof=1)) if x.size > 1 else math.nan,
        "n": int(x.size),
    }


def by_level(
    records: Sequence[Mapping[str, Any]], knob: str, keys: Sequence[str]
) -> dict[float | str, dict[str, dict[str, float | int]]]:
    """The :func:`spread` of each of ``keys`` across the records at each value of ``knob``
    (flat records, one per point), the values in order.

    >>> table = by_level([{"u": 0, "x": 1.0}, {"u": 0, "x": 3.0}, {"u": 10, "x": 2.0}], "u", ["x"])
    >>> table[0]["x"], table[10]["x"]["n"]
    ({'mean': 2.0, 'sd': 1.4142135623730951, 'n': 2}, 1)
    """
    levels = sorted({r[knob] for r in records})
    return {
        level: {k: spread([r.get(k) for r in records if r[knob] == level]) for k in keys}
        for level in levels
    }


def sweep_measures(out_dir: Path) -> tuple[str, ...]:
    """The measures of a sweep's table: those its experiment (``sweep.json``) declares, else
    :data:`MEASURES`."""
    from mirrorsim.experiments import EXPERIMENTS

    spec = Path(out_dir) / "sweep.json"
    name = json.loads(spec.read_text()).get("experiment") if spec.exists() else None
    experiment = EXPERIMENTS.get(name) if name else None
    return tuple(experiment.measures) if experiment and experiment.measures else MEASURES


def _measure_columns(rows: list[dict[str, Any]]) -> tuple[str, ...]:
    """The measure columns of ``rows`` (:func:`points_rows`: knobs, seed, measures, regime)."""
    if not rows:
        return MEASURES
    keys = list(rows[0])
    return tuple(keys[keys.index("seed") + 1 : keys.index("regime")])


def swept_knobs(out_dir: Path) -> tuple[str, ...]:
    """The sweep's columns of parameters: the swept ones (``sweep.json``) and :data:`KNOBS`."""
    spec = Path(out_dir) / "sweep.json"
    grid = json.loads(spec.read_text()).get("grid", {}) if spec.exists() else {}
    return (*[k for k in grid if k not in KNOBS], *KNOBS)


def points_rows(out_dir: Path) -> list[dict[str, Any]]:
    """One row per finished point, sorted by knobs and seed.

    Parameters
    ----------
    out_dir : path
        A sweep folder (``mirrorsim sweep ... --out DIR``).

    Returns
    -------
    list of dict
        Per point: the swept parameters, ``seed``, every measure of :data:`MEASURES` (NaN where
        undefined, e.g. after runaway) and ``regime``.

    Examples
    --------
    >>> from mirrorsim.docs_numbers import repo_root
    >>> rows = points_rows(repo_root() / "results/sweeps/coupling")  # the committed sweep
    >>> len(rows), sorted({row["coupling"] for row in rows})
    (35, [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0])
    >>> rows[0]["seed"], rows[0]["regime"]
    (1, 'hypoactive')
    """
    knobs = swept_knobs(out_dir)
    measures = sweep_measures(out_dir)
    rows = []
    for rec in load_points(Path(out_dir)):
        # the swept values as swept (an opt-in option at its default is not in ``params``)
        params = {**rec["params"], **rec.get("knobs", {})}
        m = flatten(rec["measures"])
        row: dict[str, Any] = {k: _knob_value(params[k]) for k in knobs}
        row["seed"] = int(rec["seed"])
        row.update({k: _number(m.get(k)) for k in measures})
        row["regime"] = m.get("regime", "")
        row["regime_human"] = m.get("regime_human", "")  # "" in records before it existed
        rows.append(row)
    rows.sort(key=lambda r: (*(r[k] for k in knobs), r["seed"]))
    return rows


def _knob_value(value: Any) -> float | str:
    """A swept value as a number: plain numbers as they are, quantities (``'5.0 msecond'``) as
    the number in the unit the parameter is declared in; a word (``'compatible'``) as it is."""
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).split()[0])
    except ValueError:
        return str(value)


def _knob_columns(rows: list[dict[str, Any]]) -> tuple[str, ...]:
    if not rows:
        return KNOBS
    keys = list(rows[0])
    return tuple(keys[: keys.index("seed")])


def write_csv(rows: list[dict[str, Any]], path: Path) -> None:
    columns = (*_knob_columns(rows), "seed", *_measure_columns(rows), "regime")
    if any(r.get("regime_human") for r in rows):
        columns += ("regime_human",)
    with open(path, "w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: ("" if _isnan(row[k]) else row[k]) for k in columns})


def _isnan(x: Any) -> bool:
    return isinstance(x, float) and math.isnan(x)


def to_dataset(rows: list[dict[str, Any]]):
    """xarray Dataset with one dimension per knob column and ``seed``; missing points are NaN."""
    import xarray as xr

    dims = (*_knob_columns(rows), "seed")
    coords = {k: sorted({r[k] for r in rows}) for k in dims}
    shape = tuple(len(coords[k]) for k in dims)
    index = {k: {v: i for i, v in enumerate(coords[k])} for k in coords}
    measures = _measure_columns(rows)
    data = {m: np.full(shape, np.nan) for m in measures}
    labels = ("regime", "regime_human") if any(r.get("regime_human") for r in rows) else ("regime",)
    regime = {key: np.full(shape, "", dtype=object) for key in labels}
    for r in rows:
        at = tuple(index[k][r[k]] for k in dims)
        for m in measures:
            data[m][at] = r[m]
        for key in labels:
            regime[key][at] = r[key]
    ds = xr.Dataset({m: (dims, v) for m, v in data.items()}, coords=coords)
    for key in labels:
        ds[key] = (dims, regime[key].astype(str))
    ds.attrs["regimes"] = ",".join(REGIMES)
    return ds


def summarise(rows: list[dict[str, Any]], knob: str = "coupling") -> dict[str, Any]:
    """Mean and sd across seeds per setting, regime counts, and Spearman's rho against ``knob``
    over the non-runaway points (each measure).

    Parameters
    ----------
    rows : list of dict
        One row per point (:func:`points_rows`).
    knob : str
        The parameter the trends are computed against.

    Returns
    -------
    dict
        ``settings``: per setting of the swept parameters, ``n_seeds``, ``{"mean", "sd"}`` of
        every measure (sd with ``ddof=1``), the regime counts and the majority ``regime``;
        ``trends_vs_{knob}``: per measure ``spearman_rho``, ``p_value`` and ``n`` (None where
        undefined). This is the sweep's ``summary.json``.

    Examples
    --------
    >>> from mirrorsim.docs_numbers import repo_root
    >>> summary = summarise(points_rows(repo_root() / "results/sweeps/coupling"))
    >>> default = [s for s in summary["settings"] if s["coupling"] == 1.0][0]
    >>> default["n_seeds"], default["regime"]
    (5, 'typical')
    >>> round(summary["trends_vs_coupling"]["mirror_index_post"]["spearman_rho"], 2) > 0.9
    True
    """
    from scipy.stats import spearmanr

    knobs = _knob_columns(rows)
    measures = _measure_columns(rows)
    labelled = any(r["regime"] for r in rows)  # an experiment without regimes leaves them ""
    settings: dict[tuple, list[dict]] = {}
    for r in rows:
        settings.setdefault(tuple(r[k] for k in knobs), []).append(r)
    per_setting = []
    for values, rs in sorted(settings.items()):
        entry: dict[str, Any] = {**dict(zip(knobs, values, strict=True)), "n_seeds": len(rs)}
        for m in measures:
            vals = np.array([r[m] for r in rs], dtype=float)
            vals = vals[np.isfinite(vals)]
            entry[m] = {
                "mean": float(vals.mean()) if vals.size else None,
                "sd": float(vals.std(ddof=1)) if vals.size > 1 else None,
            }
        for key, count_key in (("regime", "regimes"), ("regime_human", "regimes_human")):
            if not labelled or not any(r.get(key) for r in rs):
                continue
            counts = {g: sum(r[key] == g for r in rs) for g in REGIMES}
            entry[count_key] = counts
            entry[key] = max(REGIMES, key=lambda g: counts[g])
        per_setting.append(entry)
    trends = {}
    ok = [r for r in rows if r["regime"] != "runaway"]
    numeric = all(isinstance(r[knob], float) for r in ok)  # no trend against words
    trended = [m for m in measures if m not in NOT_TRENDED] if numeric else []
    for m in trended:
        x = np.array([r[knob] for r in ok], dtype=float)
        y = np.array([r[m] for r in ok], dtype=float)
        keep = np.isfinite(y)
        if keep.sum() > 2 and np.unique(x[keep]).size > 1 and np.unique(y[keep]).size > 1:
            rho, pval = spearmanr(x[keep], y[keep])
            trends[m] = {"spearman_rho": float(rho), "p_value": float(pval), "n": int(keep.sum())}
        else:
            trends[m] = {"spearman_rho": None, "p_value": None, "n": int(keep.sum())}
    return {"settings": per_setting, "trends_vs_" + knob: trends}


def write_outputs(out_dir: Path, kind: str) -> dict[str, Any]:
    """points.csv, points.nc, summary.json and the figures of a sweep folder.

    The figures (post-learning measures only; other experiments draw their own): each measure
    against the first swept parameter that takes several values (or ``coupling``), and the
    regime map when coupling and inhibition both take several values.
    """
    from mirrorsim.output_guard import mark_folder
    from mirrorsim.plots import measures_vs_knob, regime_map
    from mirrorsim.results import write_json
    from mirrorsim.sweep import sweep_kind

    out_dir = Path(out_dir)
    rows = points_rows(out_dir)
    if not rows:
        raise ValueError(f"{out_dir}: no finished points")
    knobs = _knob_columns(rows)
    varied = [k for k in knobs if len({r[k] for r in rows}) > 1]
    knob = varied[0] if varied else "coupling"
    write_csv(rows, out_dir / "points.csv")
    ds = to_dataset(rows)
    tmp = out_dir / ".points.nc.tmp"
    ds.to_netcdf(tmp, engine="scipy")  # NetCDF3 classic: scipy only, no HDF5
    tmp.replace(out_dir / "points.nc")
    summary = summarise(rows, knob)
    write_json(out_dir / "summary.json", summary)
    written = ["sweep.json", "points", "points.csv", "points.nc", "summary.json"]
    if {"coupling", "inhibition"} <= set(varied):
        written += [p.name for p in regime_map(rows, out_dir / "regime_map")]
        if any(r.get("regime_human") for r in rows):
            figure = out_dir / "regime_map_human"
            written += [p.name for p in regime_map(rows, figure, key="regime_human")]
    if _measure_columns(rows) == MEASURES:  # the figure's panels are the post-learning measures
        figure = out_dir / f"measures_vs_{knob}"
        written += [p.name for p in measures_vs_knob(rows, knob, figure)]
    mark_folder(out_dir, sweep_kind(kind), written)
    return summary
