"""Parameter sweeps on Dask distributed, resumable point by point.

A sweep is a grid of knob values (e.g. ``coupling`` x ``inhibition``) times seeds. Each point is
one independent simulation of the post-learning protocol (learn by self-observation, then the
test block with the clinical measures); the points run as Dask tasks, on a local cluster of
single-threaded worker processes by default (Brian2 keeps global state: one simulation per
process at a time) or on an existing cluster given by its scheduler address
(``tcp://host:8786``; e.g. one started by dask-jobqueue on SLURM).

Resume: every finished point is written atomically to ``points/<key>.json``, where ``key``
hashes the point's full parameters, seed, protocol and package versions. Re-running the same
command skips every point whose file exists, so an interrupted sweep loses nothing finished and
redoes nothing finished; a change of parameters or versions gives new keys.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mirrorsim.params import Params, make_params
from mirrorsim.results import git_state, now, provenance, to_jsonable, versions, write_json

PROTOCOL_NAME = "post-learning-test-v1"
POINTS_DIR = "points"


@dataclass(frozen=True)
class Point:
    """One simulation of a sweep: knob values and a seed."""

    knobs: tuple[tuple[str, float], ...]
    seed: int

    def params(self, base: Params) -> Params:
        return make_params(dict(self.knobs), base=base)

    def key(self, base: Params) -> str:
        """Hash of everything that determines the result (parameters, seed, protocol, versions)."""
        record = {
            "params": self.params(base).to_strings(),
            "seed": self.seed,
            "protocol": PROTOCOL_NAME,
            "versions": {k: v for k, v in versions().items() if k != "python"},
        }
        blob = json.dumps(to_jsonable(record), sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:20]


def grid_points(grid: Mapping[str, Sequence[float]], seeds: Iterable[int]) -> list[Point]:
    """All combinations of knob values and seeds, in a stable order."""
    names = list(grid)
    seeds = list(seeds)
    points = []
    for values in itertools.product(*(grid[n] for n in names)):
        for seed in seeds:
            points.append(Point(tuple(zip(names, map(float, values), strict=True)), int(seed)))
    return points


def run_point(params_strings: dict[str, Any], seed: int, target: str = "standalone") -> dict:
    """Simulate one point and return its measures (runs in a Dask worker process).

    In standalone mode the worker process keeps its compiled binary between points
    (:func:`mirrorsim.standalone.worker_session`): each worker compiles once per sweep.
    """
    from mirrorsim.analysis import analyse_block, clinical_summary
    from mirrorsim.protocols import mirror_emergence_protocol
    from mirrorsim.simulate import run_protocol
    from mirrorsim.standalone import worker_session

    params = make_params(params_strings)
    protocol = mirror_emergence_protocol(params, seed, blocks=("post",))
    session = worker_session() if target == "standalone" else None
    data = run_protocol(params, protocol, seed, target=target, progress=False, session=session)
    post = analyse_block(data, "post")
    measures = clinical_summary(data, post)
    fractions = post.classification.fractions()
    measures["f5_mirror_fraction"] = math.nan if data.runaway else fractions["mirror"]
    measures["wall_time_s"] = round(data.wall_time, 2)
    measures["simulated_time_s"] = round(protocol.duration, 3)
    return to_jsonable(measures)


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
) -> Path:
    """Run the missing points of a sweep on Dask and write one file per finished point."""
    from dask.distributed import Client, LocalCluster, as_completed
    from tqdm.auto import tqdm

    out_dir = Path(out_dir)
    (out_dir / POINTS_DIR).mkdir(parents=True, exist_ok=True)
    points = grid_points(grid, seeds)
    keyed = {pt.key(base): pt for pt in points}
    done = finished_keys(out_dir)
    todo = {k: pt for k, pt in keyed.items() if k not in done}
    _write_atomic(
        out_dir / "sweep.json",
        {
            "name": name,
            "grid": {k: list(map(float, v)) for k, v in grid.items()},
            "seeds": list(seeds),
            "base_params": base.to_strings(),
            "protocol": PROTOCOL_NAME,
            "target": target,
            "keys": sorted(keyed),
            "git": git_state(),
            "versions": versions(),
        },
    )
    if not todo:
        return out_dir

    cluster = None
    if scheduler is None:
        workers = n_workers or os.cpu_count() or 1
        cluster = LocalCluster(
            n_workers=min(workers, len(todo)),
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # any free port: never clashes with another cluster
        )
    client = Client(scheduler or cluster)
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
                key=f"point-{key}",
                pure=False,
            )
            futures[fut] = key
        for fut in as_completed(futures):
            key = futures[fut]
            pt = keyed[key]
            started = now()
            measures = fut.result()
            record = {
                "key": key,
                "knobs": dict(pt.knobs),
                "seed": pt.seed,
                "measures": measures,
                "params": pt.params(base).to_strings(),
                "provenance": provenance(target, started, now()),
            }
            _write_atomic(out_dir / POINTS_DIR / f"{key}.json", record)
            bar.update(1)
    finally:
        bar.close()
        client.close()
        if cluster is not None:
            cluster.close()
    return out_dir
