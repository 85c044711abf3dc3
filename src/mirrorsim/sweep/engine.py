"""Parameter sweeps on Dask distributed, resumable point by point.

A sweep is a grid of parameter values (e.g. ``coupling`` x ``inhibition``, or any parameter)
times seeds. Each point is one independent run of an experiment of the registry
(:data:`mirrorsim.experiments.EXPERIMENTS`; by default ``post-learning-test``: learn by
self-observation, then the test block with the clinical measures), kept as the run's record
(:func:`mirrorsim.analysis.record.run_record`, the experiment's ``point`` function; written
with its dotted keys nested, as in ``metrics.json``). The points run as Dask tasks, on a local
cluster of single-threaded worker processes by default (Brian2 keeps global state: one
simulation per process at a time) or on an existing cluster given by its scheduler address
(``tcp://host:8786``; e.g. one started by dask-jobqueue on SLURM).

Resume: every finished point is written atomically to ``points/<key>.json``, where ``key``
hashes the point's full parameters, seed, the experiment's protocol tag and package versions.
Re-running the same command skips every point whose file exists, so an interrupted sweep loses
nothing finished and redoes nothing finished; a change of parameters or versions gives new keys.

The sweep folder carries the marker of :mod:`mirrorsim.output_guard`: a sweep writes only into
a new or empty folder or into an earlier sweep of the same name.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mirrorsim.errors import ConfigError
from mirrorsim.output_guard import check_folder, mark_folder
from mirrorsim.params import Params, digest, make_params
from mirrorsim.results import git_state, now, provenance, to_jsonable, versions, write_json

#: The experiment a sweep runs unless told otherwise.
DEFAULT_EXPERIMENT = "post-learning-test"
PROTOCOL_NAME = "post-learning-test-v1"  # its protocol tag (kept: committed sweeps' keys)
POINTS_DIR = "points"


@dataclass(frozen=True)
class Point:
    """One simulation of a sweep: knob values and a seed."""

    knobs: tuple[tuple[str, float | str], ...]  # numbers, or values with a unit ('4 ms')
    seed: int

    def params(self, base: Params) -> Params:
        return make_params(dict(self.knobs), base=base)

    def key(self, base: Params, protocol: str = PROTOCOL_NAME) -> str:
        """Hash of everything that determines the result (parameters, seed, the experiment's
        protocol tag, versions)."""
        record = {
            "params": self.params(base).to_strings(),
            "seed": self.seed,
            "protocol": protocol,
            "versions": {k: v for k, v in versions().items() if k != "python"},
        }
        return digest(to_jsonable(record), length=20)


def _knob(value: float | str) -> float | str:
    """A swept value: a number as float, a value with a unit (``'4 ms'``) as given."""
    return value if isinstance(value, str) else float(value)


def grid_points(grid: Mapping[str, Sequence[float]], seeds: Iterable[int]) -> list[Point]:
    """All combinations of knob values and seeds, in a stable order."""
    names = list(grid)
    seeds = list(seeds)
    points = []
    for values in itertools.product(*(grid[n] for n in names)):
        for seed in seeds:
            knobs = tuple((n, _knob(v)) for n, v in zip(names, values, strict=True))
            points.append(Point(knobs, int(seed)))
    return points


def run_point(
    params_strings: dict[str, Any],
    seed: int,
    target: str = "standalone",
    experiment: str = DEFAULT_EXPERIMENT,
) -> tuple[dict, dt.datetime, dt.datetime]:
    """Run one point of ``experiment`` (in a Dask worker process).

    Returns its flat record and when it started and finished in the worker, so that the
    point's provenance holds the time the point took, not the time its result took to arrive.
    In standalone mode the worker process keeps its compiled binary between points
    (:func:`mirrorsim.standalone.worker_session`): each worker compiles once per sweep.
    """
    from mirrorsim.experiments import EXPERIMENTS
    from mirrorsim.standalone import worker_session

    started = now()
    session = worker_session() if target == "standalone" else None
    point = EXPERIMENTS[experiment].point
    record = point(make_params(params_strings), seed, target, session)
    return record, started, now()


def experiment_of(name: str):
    """The registered experiment ``name`` that sweeps can run, or a one-line error."""
    from mirrorsim.experiments import EXPERIMENTS

    if name not in EXPERIMENTS:
        raise ConfigError(f"unknown experiment {name!r}; see `mirrorsim list`")
    exp = EXPERIMENTS[name]
    if exp.point is None:
        raise ConfigError(f"experiment {name!r} cannot be swept (it has no point record)")
    return exp


def _write_atomic(path: Path, payload: Any) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    write_json(tmp, payload)
    os.replace(tmp, path)


def finished_keys(out_dir: Path) -> set[str]:
    return {p.stem for p in (out_dir / POINTS_DIR).glob("*.json")}


def load_points(out_dir: Path) -> list[dict]:
    """The finished point records of the sweep last run in ``out_dir``.

    Only the points of that sweep's grid count (keys listed in ``sweep.json``): points left
    from an earlier sweep with other parameters or versions stay on disk but are ignored.
    """
    spec_file = out_dir / "sweep.json"
    keys = set(json.loads(spec_file.read_text()).get("keys", [])) if spec_file.exists() else None
    files = sorted((out_dir / POINTS_DIR).glob("*.json"))
    return [json.loads(p.read_text()) for p in files if keys is None or p.stem in keys]


def sweep_kind(name: str) -> str:
    """The marker kind of a sweep folder (``sweep:coupling``)."""
    return f"sweep:{name}"


def connect(scheduler: str | None = None, n_workers: int | None = None, timeout: float = 10):
    """A Dask client: on the scheduler at ``scheduler`` or, by default, on a new local cluster
    of ``n_workers`` single-threaded worker processes (default: one per core), closed with the
    client.

    Raises :class:`~mirrorsim.errors.ConfigError` (one line) when the scheduler cannot be
    reached within ``timeout`` seconds.
    """
    from dask.distributed import Client, LocalCluster

    if scheduler is not None:
        try:
            return Client(scheduler, timeout=timeout)
        except (OSError, ValueError, TypeError) as err:
            first = str(err).splitlines()[0] if str(err) else type(err).__name__
            raise ConfigError(f"cannot reach the Dask scheduler {scheduler!r}: {first}") from None
    cluster = LocalCluster(
        n_workers=n_workers or os.cpu_count() or 1,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",  # any free port: never clashes with another cluster
    )
    client = Client(cluster)
    client._mirrorsim_cluster = cluster  # closed by close_client
    return client


def close_client(client) -> None:
    """Close a client of :func:`connect`, and its local cluster if it made one."""
    cluster = getattr(client, "_mirrorsim_cluster", None)
    client.close()
    if cluster is not None:
        cluster.close()


def run_sweep(
    base: Params,
    grid: Mapping[str, Sequence[float]],
    seeds: Sequence[int],
    out_dir: Path,
    name: str,
    scheduler: str | None = None,
    n_workers: int | None = None,
    target: str = "standalone",
    progress: bool = True,
    client=None,
    overwrite: bool = False,
    experiment: str = DEFAULT_EXPERIMENT,
    points: Sequence[Point] | None = None,
) -> Path:
    """Run the missing points of a sweep on Dask and write one file per finished point.

    Parameters
    ----------
    base : Params
        Parameters of every point, before the grid's knobs are set.
    grid : mapping
        Knob name -> values (e.g. ``{"coupling": [0, 1, 2]}``); every combination is run.
    seeds : sequence of int
        Seeds run at every setting.
    out_dir : path
        Sweep folder: new, empty or an earlier sweep named ``name`` (resumed); anything else
        raises :class:`~mirrorsim.output_guard.OutputRefused` unless ``overwrite``.
    name : str
        The sweep's name (``coupling``, ``regime-map``, ...).
    scheduler, n_workers :
        Where to run, when no ``client`` is given (:func:`connect`).
    target : {"standalone", "runtime", "numpy"}
        Brian2 code target of each point.
    client : dask.distributed.Client, optional
        Run on this client (left open).
    overwrite : bool
        Write into ``out_dir`` whatever it holds.
    experiment : str
        The registered experiment each point runs (default ``post-learning-test``).
    points : sequence of Point, optional
        Run these points instead of the grid's combinations (``grid`` and ``seeds`` are then
        only recorded): e.g. a cohort, whose subjects each have their own knob values.

    Returns
    -------
    Path
        ``out_dir``, holding ``sweep.json`` and ``points/<key>.json``.
    """
    from dask.distributed import as_completed
    from tqdm.auto import tqdm

    from mirrorsim.analysis.record import nest

    out_dir = Path(out_dir)
    check_folder(out_dir, sweep_kind(name), replace=False, overwrite=overwrite)
    tag = experiment_of(experiment).protocol_tag
    points = list(points) if points is not None else grid_points(grid, seeds)
    keyed = {pt.key(base, tag): pt for pt in points}
    own_client = client is None
    done = finished_keys(out_dir)
    todo = {k: pt for k, pt in keyed.items() if k not in done}
    if todo and own_client:  # connect before writing anything: a bad address leaves no file
        client = connect(scheduler, min(n_workers or os.cpu_count() or 1, len(todo)))
    (out_dir / POINTS_DIR).mkdir(parents=True, exist_ok=True)
    _write_atomic(
        out_dir / "sweep.json",
        {
            "name": name,
            "grid": {
                k: [x if isinstance(x, str) else float(x) for x in v] for k, v in grid.items()
            },
            "seeds": list(seeds),
            "base_params": base.to_strings(),
            "experiment": experiment,
            "protocol": tag,
            "target": target,
            "keys": sorted(keyed),
            "git": git_state(),
            "versions": versions(),
        },
    )
    mark_folder(out_dir, sweep_kind(name), ["sweep.json", POINTS_DIR])
    if not todo:
        return out_dir

    bar = tqdm(
        total=len(points),
        initial=len(points) - len(todo),
        desc=name,
        unit="point",
        disable=not progress,
    )
    try:
        futures = {}
        for key, pt in todo.items():
            fut = client.submit(
                run_point,
                pt.params(base).to_strings(),
                pt.seed,
                target,
                experiment,
                key=f"point-{key}",
                pure=False,
            )
            futures[fut] = key
        for fut in as_completed(futures):
            key = futures[fut]
            pt = keyed[key]
            flat, started, finished = fut.result()
            measures = nest(flat)
            record = {
                "key": key,
                "knobs": dict(pt.knobs),
                "seed": pt.seed,
                "measures": measures,
                "params": pt.params(base).to_strings(),
                "provenance": provenance(target, started, finished),
            }
            _write_atomic(out_dir / POINTS_DIR / f"{key}.json", record)
            bar.update(1)
    finally:
        bar.close()
        if own_client:
            close_client(client)
    return out_dir
