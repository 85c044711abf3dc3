"""What an experiment is: a named job with its protocol, its record and its default sweep grids.

An :class:`Experiment` bundles

- ``run(params, seed, out_dir, target, progress, overwrite) -> Path``: the whole job, writing a
  result folder (``mirrorsim run NAME``);
- ``point(params, seed, target, session) -> dict``: the run's flat record of measures
  (:func:`mirrorsim.analysis.record.run_record`), what a sweep keeps per grid point
  (``mirrorsim sweep ... --experiment NAME``);
- ``presets``: named sweep grids (``mirrorsim sweep coupling``), declared here once;
- ``measures``: the record's keys a sweep table holds (``points.csv``, ``points.nc``,
  ``summary.json``; default: the post-learning measures, :data:`mirrorsim.sweep.output.MEASURES`).

Experiments are registered in :data:`mirrorsim.experiments.EXPERIMENTS`.
"""

from __future__ import annotations

import contextlib
import importlib
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class SweepPreset:
    """A named grid of an experiment: knob -> values, and how many seeds per setting."""

    name: str
    summary: str
    grid: Mapping[str, tuple[float, ...]]
    seeds: int


@dataclass(frozen=True)
class Experiment:
    """A named experiment (see the module docstring)."""

    name: str
    summary: str
    run: Callable[..., Path]
    point: Callable[..., dict[str, Any]] | None = None
    #: Names the protocol in sweep point keys: a change of protocol must give new keys.
    protocol_tag: str = ""
    presets: Mapping[str, SweepPreset] = field(default_factory=dict)
    #: Record keys of a sweep's table (dotted as in the record); empty: the sweep's MEASURES.
    measures: tuple[str, ...] = ()


def run_kind(experiment: str) -> str:
    """The marker kind of a run folder (``run:mirror-emergence``)."""
    return f"run:{experiment}"


def default_out_dir(experiment: str, seed: int) -> Path:
    """``results/EXPERIMENT/seed-N``: where ``mirrorsim run`` writes without ``--out``."""
    return Path("results") / experiment / f"seed-{seed}"


def preload(modules: tuple[str, ...]) -> threading.Thread:
    """Import ``modules`` in a background thread (a daemon; a failed import is left for the
    real import to report). Started while a compiled program simulates, when this process only
    waits on it, the imports cost the run no time."""

    def load() -> None:
        for name in modules:
            with contextlib.suppress(Exception):
                importlib.import_module(name)

    thread = threading.Thread(target=load, name="mirrorsim-preload", daemon=True)
    thread.start()
    return thread


def write_result_folder(
    out_dir: Path,
    experiment: str,
    data: Any,
    record: dict[str, Any],
    figures: Callable[[Path], Any],
    phases: Any,
    started: Any,
    overwrite: bool = False,
    blocks: Any = None,
) -> Path:
    """Write one run's result folder atomically: figures, ``metrics.json`` (``record``, its
    dotted keys nested: :func:`mirrorsim.analysis.record.nest`),
    ``params.json`` (parameters, seed, provenance with phase times), the raw arrays and
    ``run.nwb`` (:func:`mirrorsim.nwb.write_nwb`; ``blocks``: the per-block results that give
    each unit its classification).

    ``figures(folder)`` draws into the folder, in a forked process while this one writes the
    arrays and the NWB file where it can (:mod:`mirrorsim.side_process`), else first. The folder
    becomes ``out_dir`` only when complete, and replaces only an earlier result of the same
    experiment (:mod:`mirrorsim.output_guard`).
    """
    from mirrorsim.analysis.record import nest
    from mirrorsim.nwb import write_nwb
    from mirrorsim.results import (
        atomic_directory,
        now,
        params_record,
        provenance,
        save_run_arrays,
        write_json,
    )
    from mirrorsim.side_process import SideProcess, can_fork

    kind = run_kind(experiment)
    test_blocks = tuple(data.protocol.blocks)
    with atomic_directory(out_dir, kind, overwrite) as tmp:
        side = SideProcess(_timed, figures, tmp) if can_fork() else None
        with side or contextlib.nullcontext():
            if side is None:
                with phases("writing figures"):
                    figures(tmp)
            with phases("writing results"):
                write_json(tmp / "metrics.json", nest(record))
                save_run_arrays(tmp, data)
                prov = provenance(data.target, started, now())
            with phases("writing run.nwb"):
                write_nwb(data, blocks or {}, tmp / "run.nwb", {**prov, "seed": data.seed})
            if side is not None:
                with phases("waiting for the figures"):
                    phases.add("writing figures (side process)", side.result())
        prov = provenance(data.target, started, now())  # the whole run, files included
        prov["phases_s"] = dict(phases.seconds)
        if "split" in data.info:  # the main job's two halves (mirrorsim.split_run)
            prov["split"] = data.info["split"]
        record_of_params = params_record(data.params, data.seed, experiment, prov, test_blocks)
        write_json(tmp / "params.json", record_of_params)
    return out_dir


def _timed(figures: Callable[[Path], Any], folder: Path) -> float:
    """``figures(folder)``; the seconds it took (the side process's phase)."""
    t0 = time.perf_counter()
    figures(folder)
    return time.perf_counter() - t0


def block_point(
    params: Any,
    seed: int,
    target: str,
    session: Any,
    protocol: Callable[[Any, int], Any],
    record: Callable[[Any], dict[str, Any]],
) -> dict[str, Any]:
    """One sweep point of a block experiment: run ``protocol(params, seed)`` (in the worker's
    ``session``) and return ``record(data)``, JSON-ready (``counter-mirror``, ``expertise``,
    ``audiovisual``)."""
    from mirrorsim.results import to_jsonable
    from mirrorsim.simulate import run_protocol

    schedule = protocol(params, seed)
    data = run_protocol(params, schedule, seed, target=target, progress=False, session=session)
    return to_jsonable(record(data))


def run_block_experiment(
    name: str,
    params: Any,
    seed: int,
    out_dir: Path | None,
    target: str,
    progress: bool,
    overwrite: bool,
    protocol: Callable[[Any, int], Any],
    record: Callable[[Any, dict], dict[str, Any]],
    figures: Callable[[dict[str, Any], Path], Any],
    run_figures: Callable[[Any, Path], Any] | None = None,
) -> Path:
    """The whole job of an experiment that tests blocks and keeps one record: check the folder,
    run ``protocol(params, seed)``, analyse each test block, ``record(data, blocks)``, write
    the result folder with ``figures(record, folder)`` and, for figures drawn from the spikes,
    ``run_figures(data, folder)`` (``counter-mirror``, ``expertise``, ``audiovisual``)."""
    from mirrorsim.analysis import analyse_block
    from mirrorsim.output_guard import check_folder
    from mirrorsim.phases import Phases
    from mirrorsim.results import now, to_jsonable
    from mirrorsim.simulate import run_protocol

    out_dir = Path(out_dir) if out_dir is not None else default_out_dir(name, seed)
    check_folder(out_dir, run_kind(name), replace=True, overwrite=overwrite)
    phases = Phases() if progress else Phases(echo=None)
    started = now()
    schedule = protocol(params, seed)
    data = run_protocol(params, schedule, seed, target=target, progress=progress, phases=phases)
    with phases("analysing"):
        blocks = {b: analyse_block(data, b) for b in schedule.blocks}
        result = to_jsonable(record(data, blocks))
    return write_result_folder(
        out_dir,
        name,
        data,
        result,
        lambda folder: (
            figures(result, folder),
            run_figures(data, folder) if run_figures else None,
        ),
        phases,
        started,
        overwrite,
        blocks,
    )
