"""The Dask sweep engine: stable point keys, resume without redoing, a real external cluster."""

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mirrorsim.params import make_params
from mirrorsim.sweep import finished_keys, grid_points, run_sweep
from mirrorsim.sweep.output import MEASURES, points_rows, to_dataset, write_outputs


def wait_for_file(path: Path, timeout: float) -> bool:
    """True once ``path`` exists (the scheduler writes its address file when it is up)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def base(tiny_overrides):
    return make_params(tiny_overrides)


def test_point_keys_hash_parameters_and_seed(base):
    points = grid_points({"coupling": [0.0, 1.0], "inhibition": [1.0]}, [1, 2])
    assert len(points) == 4
    keys = {pt.key(base) for pt in points}
    assert len(keys) == 4
    again = grid_points({"coupling": [0.0, 1.0], "inhibition": [1.0]}, [1, 2])
    assert [pt.key(base) for pt in again] == [pt.key(base) for pt in points]
    other_base = make_params({"w_ee": "0.31 nS"}, base=base)
    assert points[0].key(other_base) != points[0].key(base)


def test_interrupted_sweep_resumes_without_redoing_finished_points(tiny_overrides, tmp_path):
    # one repeat per test condition and TMS pulse: the machinery, not the science (2.1 s of
    # biological time per point instead of 3.5 s, on the numpy target)
    base = make_params(tiny_overrides | {"n_test_repeats": 1, "n_tms_repeats": 1})
    grid = {"coupling": [0.0, 2.0], "inhibition": [1.0]}
    out = tmp_path / "sweep"
    run_sweep(base, grid, [1], out, "coupling", n_workers=1, target="numpy", progress=False)
    files = sorted((out / "points").glob("*.json"))
    assert len(files) == 2
    kept, lost = files
    mtime = kept.stat().st_mtime_ns
    lost.unlink()  # as if the sweep had been killed before this point finished
    run_sweep(base, grid, [1], out, "coupling", n_workers=1, target="numpy", progress=False)
    assert kept.stat().st_mtime_ns == mtime  # not redone
    assert finished_keys(out) == {kept.stem, lost.stem}
    summary = write_outputs(out, "coupling")
    rows = points_rows(out)
    assert [r["coupling"] for r in rows] == [0.0, 2.0]
    header = (out / "points.csv").read_text().splitlines()[0].split(",")
    assert header == ["coupling", "inhibition", "seed", *MEASURES, "regime", "regime_human"]
    ds = to_dataset(rows)
    assert ds["mirror_index_post"].dims == ("coupling", "inhibition", "seed")
    assert {s["regime"] for s in summary["settings"]} <= {
        "hypoactive",
        "typical",
        "hyperactive",
        "runaway",
    }
    for name in ("points.nc", "summary.json", "measures_vs_coupling.png", "sweep.json"):
        assert (out / name).exists()
    record = json.loads(kept.read_text())
    assert record["provenance"]["brian2_version"] and record["seed"] == 1


def test_sweep_runs_on_an_external_dask_scheduler_and_worker(base, tmp_path):
    """Start `dask scheduler` and `dask worker` as separate processes, as on a cluster."""
    dask = shutil.which("dask") or str(Path(sys.executable).with_name("dask"))
    sched_file = tmp_path / "scheduler.json"
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    scheduler = subprocess.Popen(
        [
            dask,
            "scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--no-dashboard",
            "--scheduler-file",
            str(sched_file),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    worker = None
    try:
        assert wait_for_file(sched_file, 60), "dask scheduler did not start"
        time.sleep(0.5)
        address = json.loads(sched_file.read_text())["address"]
        worker = subprocess.Popen(
            [dask, "worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=tmp_path,
        )
        out = tmp_path / "sweep"
        run_sweep(
            base,
            {"coupling": [1.0], "inhibition": [1.0]},
            [3],
            out,
            "coupling",
            scheduler=address,
            target="numpy",
            progress=False,
        )
        rows = points_rows(out)
        assert len(rows) == 1 and rows[0]["seed"] == 3
        assert rows[0]["regime"] in {"hypoactive", "typical", "hyperactive", "runaway"}
    finally:
        for proc in (worker, scheduler):
            if proc is not None:
                proc.terminate()
                try:
                    proc.wait(20)
                except subprocess.TimeoutExpired:
                    proc.kill()


def test_points_of_an_older_sweep_in_the_same_directory_are_ignored(base, tmp_path):
    from mirrorsim.sweep import load_points

    out = tmp_path / "sweep"
    (out / "points").mkdir(parents=True)
    (out / "points" / "stale.json").write_text('{"seed": 9}')  # left by another sweep
    (out / "sweep.json").write_text('{"keys": ["fresh"]}')
    (out / "points" / "fresh.json").write_text('{"seed": 1}')
    assert load_points(out) == [{"seed": 1}]
