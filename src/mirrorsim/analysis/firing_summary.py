"""A run's firing-statistics summary: per population and condition, the statistics of ``stats``.

:func:`firing_summary` condenses one test block of a run (by default ``post``, after learning)
into ``{population: {condition: {statistic: value}}}``:

``spontaneous``
    The continuous rest epoch ``spontaneous_{block}`` before the test block:
    :func:`mirrorsim.measures.stats.summary` -- ``rate_hz``, ``isi_cv``, ``cv2``, ``lv``,
    ``fano_factor``
    (100 ms windows), ``correlation`` (10 ms bins) and ``synchrony_chi`` (5 ms bins).
``rest``, ``execute``, ``observe``
    The test-block trials of that condition, counted in the response windows
    ``[onset + analysis_start, onset + t_trial)`` (as in :mod:`mirrorsim.analysis`):
    ``rate_hz`` (spikes per neuron per second), ``fano_factor`` (per neuron the variance over
    mean of its spike counts across repeated trials of the same action, unbiased variance
    ``ddof=1`` so that Poisson firing gives 1 for any number of trials, averaged over actions
    and then over neurons ignoring NaN) and, for ``execute`` and ``observe`` in
    populations with action pools (``ipl_e``, ``f5_e``, ``m1_e``), ``pool_rate_hz`` (neurons of
    the pool of the trial's action) and ``other_rate_hz`` (neurons of the other pools).

Undefined values are NaN. :func:`flatten` gives ``{"pop.condition.statistic": value}``, the form
that :mod:`mirrorsim.regression` compares; :func:`write_summary` writes ``firing_stats.json`` and
``firing_stats.csv`` into a run directory.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
from brian2 import second

from mirrorsim.analysis.windows import sorted_counts, spikes_between, time_sorted
from mirrorsim.circuit import CORTICAL
from mirrorsim.measures import stats
from mirrorsim.protocols import CONDITIONS, Trial
from mirrorsim.simulate import RunData, SpikeData

#: Populations summarised (the simulated ones; the Poisson inputs are set by the protocol).
POPULATIONS = CORTICAL
#: Conditions, in table order: the continuous rest epoch, then the three trial types.
SUMMARY_CONDITIONS = ("spontaneous", "rest", "execute", "observe")
TRIAL_CONDITIONS = CONDITIONS
#: Statistics of the continuous epoch, as returned by :func:`mirrorsim.measures.stats.summary`.
SPONTANEOUS_STATISTICS = (
    "rate_hz",
    "isi_cv",
    "cv2",
    "lv",
    "fano_factor",
    "correlation",
    "synchrony_chi",
)
#: Statistics of trial conditions; the pool rates only for pooled populations (not at rest).
TRIAL_STATISTICS = ("rate_hz", "fano_factor", "pool_rate_hz", "other_rate_hz")
#: Column order and short headers of :func:`format_table`.
TABLE_COLUMNS = {
    "rate_hz": "rate",
    "isi_cv": "isi_cv",
    "cv2": "cv2",
    "lv": "lv",
    "fano_factor": "fano",
    "correlation": "corr",
    "synchrony_chi": "chi",
    "pool_rate_hz": "pool",
    "other_rate_hz": "other",
}
SUMMARY_JSON = "firing_stats.json"
SUMMARY_CSV = "firing_stats.csv"
FORMAT_VERSION = 1

Summary = dict[str, dict[str, dict[str, float]]]
FlatSummary = dict[str, float]


def _fano_across_trials(counts: np.ndarray, actions: np.ndarray) -> float:
    """Per neuron var/mean over trials of the same action, averaged over actions and neurons."""
    per_action = []
    for k in np.unique(actions):
        c = counts[actions == k].astype(np.float64)
        if c.shape[0] < 2:
            continue
        mean = c.mean(axis=0)
        fano = np.full(mean.shape, np.nan)
        np.divide(c.var(axis=0, ddof=1), mean, out=fano, where=mean > 0)
        per_action.append(fano)
    if not per_action:
        return float("nan")
    with np.errstate(all="ignore"):
        per_neuron = np.array(per_action)
        defined = np.isfinite(per_neuron)
        n_def = defined.sum(axis=0)
        total = np.where(defined, per_neuron, 0.0).sum(axis=0)
        neuron_mean = np.where(n_def > 0, total / np.maximum(n_def, 1), np.nan)
    return stats.population_mean(neuron_mean)


def _pool_rates(counts: np.ndarray, actions: np.ndarray, pools: np.ndarray, win: float):
    """Rate of the pool of each trial's action and of the other pools, averaged over trials."""
    pool, other = [], []
    for row, k in zip(counts, actions, strict=True):
        own = pools == k
        rest = (pools >= 0) & ~own
        if own.any():
            pool.append(row[own].mean() / win)
        if rest.any():
            other.append(row[rest].mean() / win)
    nan = float("nan")
    return (float(np.mean(pool)) if pool else nan, float(np.mean(other)) if other else nan)


def _trial_statistics(
    i: np.ndarray, t: np.ndarray, spikes: SpikeData, trials: list[Trial], start: float
) -> dict[str, float]:
    nan = float("nan")
    if not trials:
        return {"rate_hz": nan, "fano_factor": nan}
    windows = np.array([(tr.onset + start, tr.onset + tr.duration) for tr in trials])
    actions = np.array([tr.action for tr in trials])
    counts = sorted_counts(i, t, spikes.n, windows)
    durations = windows[:, 1] - windows[:, 0]
    out = {
        "rate_hz": float((counts.sum(axis=1) / durations).mean() / spikes.n),
        "fano_factor": _fano_across_trials(counts, actions),
    }
    pools = np.asarray(spikes.action)
    if np.any(pools >= 0) and np.all(actions >= 0):
        win = float(durations.mean())
        out["pool_rate_hz"], out["other_rate_hz"] = _pool_rates(counts, actions, pools, win)
    return out


def firing_summary(
    data: RunData, block: str = "post", populations: Iterable[str] = POPULATIONS
) -> Summary:
    """Firing statistics per population and condition of one test block of a run.

    Parameters
    ----------
    data : RunData
        A simulated or loaded run (:func:`mirrorsim.results.load_run`).
    block : {"post", "pre"}
        Test block: its spontaneous epoch ``spontaneous_{block}`` and trials of ``test_{block}``.
    populations : iterable of str
        Populations to summarise (default :data:`POPULATIONS`).

    Returns
    -------
    dict
        ``{population: {condition: {statistic: float}}}``, see the module docstring; NaN where
        undefined.

    Raises
    ------
    KeyError
        If the protocol has no ``spontaneous_{block}`` epoch or a population is missing.

    Examples
    --------
    >>> from mirrorsim.testing import poisson_run
    >>> summary = firing_summary(poisson_run(seed=1, rate=5.0), "post")
    >>> sorted(summary["f5_e"])
    ['execute', 'observe', 'rest', 'spontaneous']
    >>> round(summary["f5_e"]["rest"]["rate_hz"])
    5
    """
    protocol = data.protocol
    epoch = protocol.epoch(f"spontaneous_{block}")
    start = float(data.params.analysis_start / second)
    trials = {c: protocol.block_trials(block, c) for c in TRIAL_CONDITIONS}
    out: Summary = {}
    for pop in populations:
        spikes = data.spikes[pop]
        i, t = time_sorted(spikes)
        si, st = spikes_between(i, t, epoch.start, epoch.stop)
        pop_out = {"spontaneous": stats.summary(si, st, spikes.n, epoch.start, epoch.stop)}
        for condition in TRIAL_CONDITIONS:
            pop_out[condition] = _trial_statistics(i, t, spikes, trials[condition], start)
        out[pop] = pop_out
    return out


def flatten(summary: Mapping[str, Mapping[str, Mapping[str, float]]]) -> FlatSummary:
    """``{"population.condition.statistic": value}`` from a nested summary (NaN for ``None``)."""
    flat: FlatSummary = {}
    for pop, conditions in summary.items():
        for condition, values in conditions.items():
            for statistic, value in values.items():
                flat[f"{pop}.{condition}.{statistic}"] = _as_float(value)
    return flat


def unflatten(flat: Mapping[str, float]) -> Summary:
    """Inverse of :func:`flatten`."""
    out: Summary = {}
    for key, value in flat.items():
        pop, condition, statistic = key.split(".", 2)
        out.setdefault(pop, {}).setdefault(condition, {})[statistic] = _as_float(value)
    return out


def is_flat(summary: Mapping[str, Any]) -> bool:
    """Whether ``summary`` is already in the flat form."""
    return all(not isinstance(v, Mapping) for v in summary.values())


def as_flat(summary: Mapping[str, Any]) -> FlatSummary:
    """The flat form of a nested or flat summary."""
    if is_flat(summary):
        return {str(k): _as_float(v) for k, v in summary.items()}
    return flatten(summary)


def _as_float(value: Any) -> float:
    return float("nan") if value is None else float(value)


def _fmt(value: float | None, width: int) -> str:
    """``value`` right-aligned in ``width`` characters, at least one of them a leading space."""
    if value is None:
        return " " * width
    if not math.isfinite(value):
        return f"{'nan':>{width}}"
    text = f"{value:.3g}" if 1e-3 <= abs(value) < 1e4 or value == 0 else f"{value:.1e}"
    return f" {text:>{width - 1}}"


def format_table(summary: Mapping[str, Mapping[str, Mapping[str, float]]]) -> str:
    """A fixed-width text table: one row per population and condition, one column per statistic.

    Rates are in Hz; blank cells are statistics not defined for that condition.

    Parameters
    ----------
    summary : dict
        A nested summary (:func:`firing_summary`).

    Returns
    -------
    str
        The table: a header and a rule, one line per population and condition, a note on units.

    Examples
    --------
    >>> from mirrorsim.testing import poisson_run
    >>> table = format_table(firing_summary(poisson_run(seed=1), populations=["f5_e"]))
    >>> [line.split()[1] for line in table.splitlines() if line.startswith("f5_e")]
    ['spontaneous', 'rest', 'execute', 'observe']
    """
    columns = [
        c
        for c in TABLE_COLUMNS
        if any(c in values for conditions in summary.values() for values in conditions.values())
    ]
    width = 9
    header = f"{'population':<11}{'condition':<12}" + "".join(
        f"{TABLE_COLUMNS[c]:>{width}}" for c in columns
    )
    lines = [header, "-" * len(header)]
    for pop, conditions in summary.items():
        for condition, values in conditions.items():
            cells = "".join(
                _fmt(_as_float(values[c]) if c in values else None, width) for c in columns
            )
            lines.append(f"{pop:<11}{condition:<12}{cells}".rstrip())
    legend = (
        "rates in Hz (pool/other: pool of the trial's action / other pools); fano: 100 ms "
        "windows (spontaneous) or across trials; corr: 10 ms bins; chi: 5 ms bins"
    )
    return "\n".join([*lines, legend])


def summary_record(data: RunData, summary: Summary, block: str) -> dict[str, Any]:
    """The content of ``firing_stats.json``: the summary with the run's identity."""

    return {
        "format_version": FORMAT_VERSION,
        "seed": data.seed,
        "block": block,
        "params_hash": data.params.digest(),
        "summary": summary,
    }


def write_summary(
    run_dir: str | Path,
    block: str = "post",
    out_dir: str | Path | None = None,
    data: RunData | None = None,
) -> Summary:
    """Summarise a run directory and write ``firing_stats.json`` and ``firing_stats.csv``.

    Parameters
    ----------
    run_dir : path
        A run directory (``params.json`` and ``spikes.npz``).
    block : {"post", "pre"}
        Test block to summarise.
    out_dir : path, optional
        Where to write (default ``run_dir``, i.e. next to the run's other results). Existing
        ``firing_stats`` files are replaced only in a folder mirrorsim wrote
        (:mod:`mirrorsim.output_guard`); otherwise
        :class:`~mirrorsim.output_guard.OutputRefused` is raised.
    data : RunData, optional
        The run, if already loaded.

    Returns
    -------
    dict
        The nested summary (:func:`firing_summary`).
    """
    from mirrorsim.output_guard import mark_folder, read_marker
    from mirrorsim.results import load_run, write_json

    run_dir = Path(run_dir)
    data = load_run(run_dir) if data is None else data
    summary = firing_summary(data, block)
    out = Path(out_dir) if out_dir is not None else run_dir
    _check_summary_target(out)
    out.mkdir(parents=True, exist_ok=True)
    write_json(out / SUMMARY_JSON, summary_record(data, summary, block))
    with open(out / SUMMARY_CSV, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["population", "condition", "statistic", "value"])
        for key, value in flatten(summary).items():
            writer.writerow([*key.split(".", 2), repr(value) if math.isfinite(value) else "nan"])
    marker = read_marker(out)
    if marker is not None:
        mark_folder(out, marker["kind"], [SUMMARY_JSON, SUMMARY_CSV])
    return summary


def _check_summary_target(out: Path) -> None:
    """Refuse to replace ``firing_stats`` files that mirrorsim did not write."""
    from mirrorsim.output_guard import OutputRefused, read_marker

    marker = read_marker(out) if out.is_dir() else None
    ours = set(marker["files"]) if marker is not None else set()
    for name in (SUMMARY_JSON, SUMMARY_CSV):
        if (out / name).exists() and name not in ours:
            raise OutputRefused(f"{out / name} exists and was not written by mirrorsim")


def read_summary(path: str | Path) -> Summary:
    """The nested summary from a ``firing_stats.json`` file or the run directory holding one."""
    path = Path(path)
    if path.is_dir():
        path = path / SUMMARY_JSON
    record = json.loads(path.read_text())
    return unflatten(flatten(record["summary"]))
