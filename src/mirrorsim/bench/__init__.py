"""``mirrorsim bench``: is mirrorsim fast where users spend their time? Measured side by side.

One run on one machine measures (see :mod:`mirrorsim.bench.tasks` for each measurement):

1. **Sweep engine**: the same sweep (coupling x seeds of the post-learning protocol,
   shortened to one repeat per condition: the ``bench-short`` preset,
   :func:`mirrorsim.presets.bench_short`) the naive
   way (runtime mode, one point after another in one process) and with :func:`run_sweep`
   (Dask local cluster, one worker per core, standalone binary compiled once and re-run);
   ``sweep_speedup`` = naive wall time / engine wall time, both with their compile caches
   filled (Brian2's Cython cache, mirrorsim's build cache), as for every sweep after a first;
   ``sweep_speedup_cold`` charges the engine its compilation (empty build cache).
2. **Throughput**: synaptic events per second of simulation loop, of the model and of the
   Vogels & Abbott (2005) COBA network (4000 neurons, standalone): ``event_rate_ratio``
   (recurrent and input synapses only; ``event_rate_ratio_with_background`` also counts the
   events of the Poisson background, which stands for each neuron's external synapses);
   ``neuron_step_cost_ratio``: loop time per integrate-and-fire cell and time step, model over
   COBA (:func:`neuron_step_cost_ratio`), in the protocol's first seconds (the network at
   rest); ``neuron_step_cost_ratio_main_job`` over the main job's whole simulation (rest,
   trials and learning: what ``mirrorsim run mirror-emergence`` simulates).
3. **Cost against size**: the circuit at several multiples of its neuron count (constant
   in-degree; the largest has at least 100,000 neurons): loop seconds per biological second,
   peak memory, synapse count; ``size_cost_exponent`` is the least-squares slope of
   log(cost) against log(synapses).

Batching several points into one simulation amounts to simulating a network k times larger;
the size series prices that directly (``batching_gain_4x`` = 4 x cost(1x) / cost(4x): above 1,
batching four points into one run would beat running them one by one).

Everything is written to ``results/bench/bench.json`` with the machine and versions.
"""

from __future__ import annotations

import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from mirrorsim.presets import overrides
from mirrorsim.results import git_state, now, versions, write_json

DEFAULT_OUT = Path("results/bench/bench.json")
#: What a bench record says it is: ``--out`` replaces only a file that says so.
BENCH_KIND = "mirrorsim-bench"
MIN_LARGEST_NEURONS = 100_000
#: The overrides of :func:`mirrorsim.presets.bench_short` (the default circuit and trial timing
#: with one repeat per condition): both sides of the sweep comparison run exactly these points.
SHORT_PROTOCOL = overrides("bench-short")


@dataclass(frozen=True)
class BenchPlan:
    """What one bench run measures; ``QUICK`` is a smoke test of the same code paths."""

    sweep_grid: dict = field(default_factory=lambda: {"coupling": (0.5, 1.0, 1.5, 2.0)})
    sweep_seeds: tuple[int, ...] = (1, 2)
    sweep_overrides: dict = field(default_factory=lambda: dict(SHORT_PROTOCOL))
    event_seconds: float = 2.0
    scales: tuple[float, ...] = (1, 4, 16)
    scale_seconds: float = 1.0
    reach_neurons: int = MIN_LARGEST_NEURONS  # add a scale reaching this many neurons
    main_job_overrides: dict = field(default_factory=dict)  # the main job as users run it


FULL = BenchPlan()


def _quick_plan() -> BenchPlan:
    return BenchPlan(
        sweep_grid={"coupling": (0.5, 1.0)},
        sweep_seeds=(1, 2),
        sweep_overrides=overrides("tiny"),
        event_seconds=0.2,
        scales=(1, 2),
        scale_seconds=0.2,
        reach_neurons=0,
        main_job_overrides={"n_test_repeats": 1, "n_dev_repeats": 1},
    )


def machine() -> dict:
    """Cores, CPU model, memory and platform of this machine."""
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gib = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory_gib = round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": memory_gib,
        "platform": platform.platform(),
    }


def _task(name: str, **kwargs) -> dict:
    """Run one measurement of :mod:`mirrorsim.bench.tasks` in a fresh process."""
    proc = subprocess.run(
        [sys.executable, "-m", "mirrorsim.bench.tasks", name, json.dumps(kwargs)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"bench task {name} failed: {tail}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _engine_sweep(plan: BenchPlan, base, workers: int, cache: Path) -> float:
    """Wall time of the sweep on the engine, with ``cache`` as the build cache."""
    from mirrorsim.standalone import CACHE_ENV
    from mirrorsim.sweep import run_sweep

    previous = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(cache)  # inherited by the cluster's worker processes
    try:
        with tempfile.TemporaryDirectory(prefix="mirrorsim_bench_sweep_") as out:
            t0 = time.perf_counter()
            run_sweep(
                base,
                plan.sweep_grid,
                plan.sweep_seeds,
                Path(out),
                "bench",
                n_workers=workers,
                progress=False,
            )
            wall = time.perf_counter() - t0
            records = [json.loads(p.read_text()) for p in (Path(out) / "points").glob("*.json")]
    finally:
        if previous is None:
            os.environ.pop(CACHE_ENV, None)
        else:
            os.environ[CACHE_ENV] = previous
    if len(records) != len(_points(plan)):
        raise RuntimeError(f"bench sweep finished {len(records)} of {len(_points(plan))} points")
    return wall


def _points(plan: BenchPlan) -> list:
    from mirrorsim.sweep import grid_points

    return grid_points(plan.sweep_grid, plan.sweep_seeds)


def bench_sweep(plan: BenchPlan, workers: int, log) -> dict:
    """The same points the naive way and on the engine, cold and warm build cache.

    Naive: runtime mode, one point after another in one process, timed after one untimed
    warm-up point so that Brian2's Cython cache (persistent, in ``~/.cython``) holds the code,
    as it does for any user after a first run. Engine: :func:`run_sweep` with an empty build
    cache (it compiles once, then every worker copies the build) and again with that cache
    filled (as for any later sweep of the same structure).
    """
    from mirrorsim.params import make_params
    from mirrorsim.protocols import mirror_emergence_protocol

    base = make_params(plan.sweep_overrides)
    points = _points(plan)
    payload = [{"params": pt.params(base).to_strings(), "seed": pt.seed} for pt in points]
    log(f"sweep: {len(points)} points the naive way (runtime mode, one by one) ...")
    naive = _task("naive_sweep", points=payload, warmup=True)
    with tempfile.TemporaryDirectory(prefix="mirrorsim_bench_cache_") as cache:
        log(f"sweep: the same points on the engine ({workers} workers), empty build cache ...")
        cold = _engine_sweep(plan, base, workers, Path(cache))
        log("sweep: again, build cache filled ...")
        warm = _engine_sweep(plan, base, workers, Path(cache))
    biological = mirror_emergence_protocol(base, 1, blocks=("post",)).duration
    return {
        "points": len(points),
        "grid": {k: list(v) for k, v in plan.sweep_grid.items()},
        "seeds": list(plan.sweep_seeds),
        "overrides": plan.sweep_overrides,
        "biological_s_per_point": biological,
        "naive_wall_s": naive["wall_s"],
        "naive_warmup_s": naive["warmup_s"],
        "engine_cold_wall_s": cold,
        "engine_warm_wall_s": warm,
        "engine_workers": workers,
        "sweep_speedup": naive["wall_s"] / warm,
        "sweep_speedup_cold": naive["wall_s"] / cold,
    }


def bench_events(plan: BenchPlan, log) -> dict:
    log(f"throughput: model and COBA reference, {plan.event_seconds} s each ...")
    model = _task("model", scale=1, seconds=plan.event_seconds)
    coba = _task("coba", seconds=plan.event_seconds)
    for r in (model, coba):
        r["events_per_s"] = r["synaptic_events"] / r["loop_s"]
    with_background = (model["synaptic_events"] + model["background_events"]) / model["loop_s"]
    model["events_per_s_with_background"] = with_background
    log(f"throughput: where the model's loop time goes (profiled, {plan.event_seconds} s) ...")
    profile = _task("model_profile", seconds=plan.event_seconds)
    log("throughput: the main job's whole simulation (rest, trials, learning) ...")
    main_job = _task("main_job", overrides=plan.main_job_overrides)
    return {
        "model": model,
        "coba_reference": coba,
        "model_profile": profile,
        "main_job": main_job,
        "neuron_step_cost_ratio": neuron_step_cost_ratio(model, coba),
        "neuron_step_cost_ratio_main_job": neuron_step_cost_ratio(main_job, coba),
        "measurement_fraction": profile["parts"].get("measurement", 0.0),
        "event_rate_ratio": model["events_per_s"] / coba["events_per_s"],
        "event_rate_ratio_with_background": with_background / coba["events_per_s"],
    }


def neuron_step_cost_ratio(model: dict, coba: dict) -> float:
    """Loop time per integrate-and-fire cell and time step, model / COBA (same dt): (model loop
    s per biological s / model IF cells) / (COBA loop s per biological s / COBA cells). Spike
    and Poisson generators are not counted as cells; their cost counts in the model's loop."""
    per_model_cell = model["loop_s"] / model["biological_s"] / model["if_cells"]
    per_coba_cell = coba["loop_s"] / coba["biological_s"] / coba["neurons"]
    return per_model_cell / per_coba_cell


def bench_sizes(plan: BenchPlan, log) -> dict:
    from mirrorsim.bench.tasks import scaled_overrides

    scales = list(plan.scales)
    n1 = _neurons(scaled_overrides(1))
    if plan.reach_neurons and n1 * max(scales) < plan.reach_neurons:
        scales.append(math.ceil(plan.reach_neurons / n1))
    rows = []
    for scale in scales:
        log(f"size: {scale}x ({_neurons(scaled_overrides(scale))} neurons) ...")
        rows.append(_task("model", scale=scale, seconds=plan.scale_seconds))
    syn = np.log([r["synapses"] for r in rows])
    cost = np.log([r["loop_s_per_biological_s"] for r in rows])
    exponent = float(np.polyfit(syn, cost, 1)[0]) if len(rows) > 1 else float("nan")
    out = {"rows": rows, "size_cost_exponent": exponent}
    by_scale = {r["scale"]: r["loop_s_per_biological_s"] for r in rows}
    if 1 in by_scale and 4 in by_scale:
        out["batching_gain_4x"] = 4 * by_scale[1] / by_scale[4]
    largest = max(rows, key=lambda r: r["neurons"])
    out["largest_neurons"] = largest["neurons"]
    out["largest_peak_memory_gib"] = largest["peak_memory_gib"]
    return out


def _neurons(overrides: dict) -> int:
    from mirrorsim.params import make_params

    p = make_params(overrides)
    inputs = (p.n_sts_per_action + p.n_intention_per_action) * p.n_actions
    return (
        inputs
        + p.n_ipl_e
        + p.n_ipl_i
        + p.n_f5_e
        + p.n_f5_i
        + p.n_m1_e
        + p.n_gate
        + p.n_tc
        + p.n_re
        + p.n_thal_drive
    )


def run_bench(
    quick: bool = False,
    out: Path = DEFAULT_OUT,
    workers: int | None = None,
    log=print,
    overwrite: bool = False,
) -> dict:
    """Measure everything of one plan and write ``out``; returns the record.

    ``out`` is checked first: an existing file that is not a bench record is refused
    (:class:`~mirrorsim.output_guard.OutputRefused`) before anything is measured.
    """
    from mirrorsim.output_guard import check_file

    check_file(out, BENCH_KIND, overwrite=overwrite)
    plan = _quick_plan() if quick else FULL
    workers = workers or os.cpu_count() or 1
    started = now()
    sweep = bench_sweep(plan, workers, log)
    events = bench_events(plan, log)
    sizes = bench_sizes(plan, log)
    record = {
        "kind": BENCH_KIND,
        "quick": quick,
        "sweep_speedup": sweep["sweep_speedup"],
        "sweep_speedup_cold": sweep["sweep_speedup_cold"],
        "event_rate_ratio": events["event_rate_ratio"],
        "neuron_step_cost_ratio": events["neuron_step_cost_ratio"],
        "neuron_step_cost_ratio_main_job": events["neuron_step_cost_ratio_main_job"],
        "size_cost_exponent": sizes["size_cost_exponent"],
        "sweep": sweep,
        "events": events,
        "sizes": sizes,
        "machine": machine(),
        "versions": versions(),
        "git": git_state(),
        "started": started.isoformat(),
        "finished": now().isoformat(),
    }
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    write_json(tmp, record)
    os.replace(tmp, out)
    return record


def format_table(record: dict) -> str:
    """The bench record as a plain-text table."""
    s, e, z = record["sweep"], record["events"], record["sizes"]
    m = record["machine"]
    lines = [
        f"machine: {m['cores']} cores, {m['cpu']}, {m['memory_gib']} GiB"
        + ("   (quick: smoke-test sizes)" if record["quick"] else ""),
        "",
        f"sweep of {s['points']} points ({s['biological_s_per_point']:.1f} s biological each)",
        f"  naive (runtime mode, one by one)   {s['naive_wall_s']:9.1f} s",
        f"  engine, {s['engine_workers']} workers, compiling     {s['engine_cold_wall_s']:9.1f} s",
        f"  engine, build cached               {s['engine_warm_wall_s']:9.1f} s",
        f"  sweep_speedup                      {s['sweep_speedup']:9.2f}   (goal >= 4)",
        f"  sweep_speedup_cold (with compile)  {s['sweep_speedup_cold']:9.2f}",
        "",
        "synaptic events per second of simulation loop",
        f"  model (1x)                         {e['model']['events_per_s']:12.4g}",
        f"  COBA reference (4000 neurons)      {e['coba_reference']['events_per_s']:12.4g}",
        f"  event_rate_ratio                   {e['event_rate_ratio']:9.2f}   (goal >= 0.5)",
        "  ... counting background Poisson input events too "
        f"{e['event_rate_ratio_with_background']:6.2f}",
        "  neuron_step_cost_ratio (loop time per IF cell and step, model / COBA) "
        f"{e['neuron_step_cost_ratio']:6.2f}   (goal <= 5)",
        "  ... over the main job's whole simulation (rest, trials, learning)       "
        f"{e.get('neuron_step_cost_ratio_main_job', math.nan):6.2f}",
        "  model loop time by part (profiled): "
        + ", ".join(f"{k} {v:.0%}" for k, v in sorted(e["model_profile"]["parts"].items())),
        "",
        "cost against size (constant in-degree)",
        "  scale  neurons    synapses   s/bio-s  peak GiB  rate Hz",
    ]
    for r in z["rows"]:
        lines.append(
            f"  {r['scale']:>5} {r['neurons']:>8} {r['synapses']:>11} "
            f"{r['loop_s_per_biological_s']:>9.2f} {r['peak_memory_gib']:>9.2f} "
            f"{r['mean_rate_hz']:>8.2f}"
        )
    lines.append(
        f"  size_cost_exponent                 {z['size_cost_exponent']:9.2f}   (goal <= 1.1)"
    )
    if "batching_gain_4x" in z:
        lines.append(f"  batching_gain_4x                   {z['batching_gain_4x']:9.2f}")
    return "\n".join(lines)
