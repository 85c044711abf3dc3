"""How long does a user's next main job take, before and after a change? (issue 23)

Question
    A user's second ``mirrorsim run mirror-emergence`` (a new seed, the compiled program in the
    build cache) waited ~90 s on 2 cores with the whole schedule as one simulation. How long
    does it take now, from the command to the finished folder, and in which phases?

Run
    git worktree add /tmp/before <revision before the change>
    uv run python experiments/second_run.py --before-src /tmp/before/src --seeds 3 4
    (on an idle machine: each seed runs once with the code in /tmp/before/src and once with this
    checkout's, one after the other; one warm-up run of each first fills the build cache)

Writes ``results/bench/second-run.json``: per run the wall time of the whole command (Python
start-up included), the wall time ``params.json`` records, the phases, and each code's git
revision.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OUT = Path("results/bench/second-run.json")
LABELS = ("before", "after")


def timed_run(src: Path | None, seed: int, folder: Path, cache: Path) -> dict:
    """One ``mirrorsim run mirror-emergence`` with the package in ``src`` (None: this
    checkout's) and the build cache in ``cache``: its wall time and its ``params.json``
    provenance. Each code needs a cache of its own: a cached build is found by the structure of
    the network, not by the code that generates it, so two codes of the same structure
    alternating in one cache would recompile on every run."""
    env = dict(os.environ) | {"MIRRORSIM_BUILD_CACHE": str(cache)}
    if src is not None:
        env["PYTHONPATH"] = str(src)
    shutil.rmtree(folder, ignore_errors=True)
    command = [sys.executable, "-m", "mirrorsim.cli", "run", "mirror-emergence", "--quiet"]
    t0 = time.perf_counter()
    subprocess.run([*command, "--seed", str(seed), "--out", str(folder)], env=env, check=True)
    wall = time.perf_counter() - t0
    prov = json.loads((folder / "params.json").read_text())["provenance"]
    return {
        "seed": seed,
        "command_wall_s": round(wall, 2),
        "recorded_wall_s": prov["wall_time_s"],
        "phases_s": prov["phases_s"],
        "git_revision": prov.get("git_revision"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before-src", type=Path, required=True)
    parser.add_argument("--seeds", type=int, nargs="+", default=[3, 4])
    parser.add_argument("--warm-up-seed", type=int, default=2)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--caches",
        type=Path,
        default=Path.home() / ".cache" / "mirrorsim" / "second-run",
        help="one build cache per code under this folder (kept for the next measurement)",
    )
    args = parser.parse_args()
    sources = {"before": args.before_src.resolve(), "after": None}
    runs = []
    with tempfile.TemporaryDirectory(prefix="mirrorsim_second_run_") as tmp:
        for label, src in sources.items():  # fill the build cache, not measured
            timed_run(src, args.warm_up_seed, Path(tmp) / f"warm-{label}", args.caches / label)
        for seed in args.seeds:
            for label, src in sources.items():
                folder = Path(tmp) / f"{label}-{seed}"
                row = {"code": label} | timed_run(src, seed, folder, args.caches / label)
                runs.append(row)
                print(f"{label} seed {seed}: {row['command_wall_s']:.1f} s", flush=True)
    summary = {
        "question": __doc__.splitlines()[0],
        "cpu_count": os.cpu_count(),
        "runs": runs,
        "mean_command_wall_s": {
            label: round(
                sum(r["command_wall_s"] for r in runs if r["code"] == label)
                / max(1, sum(r["code"] == label for r in runs)),
                1,
            )
            for label in LABELS
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=1) + "\n")
    print(json.dumps(summary["mean_command_wall_s"]))


if __name__ == "__main__":
    main()
