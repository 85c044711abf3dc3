"""Does the main job in two halves give the statistics of the main job in one? (issue 23)

Question
    The main job now runs its test before learning and its development with the test after it as
    two simulations (``mirrorsim.split_run``). The before half should be the one-simulation run's
    first 76.3 s spike for spike; the after half starts development from the settled network
    rather than from the end of the test before learning, so its spikes differ. Are the test
    block statistics before learning identical, and do those after learning pass the regression
    check and agree seed by seed with the one-simulation runs of the same seeds?

Run
    uv run python experiments/split_equivalence.py            # ~15 min on 2 cores
    (the runs: a resumable sweep of the main job at seeds 1001-1020 in results/check-runs/split;
    the one-simulation runs: the base rows of results/regression/paired-runs.csv, made with the
    same model by experiments/paired_reference.py)

Writes ``results/bench/split-paired.json``: the paired comparison of the block after learning
(``speed_equivalence.paired_by_seed``) and, for the block before learning, how many statistics
of how many seeds are equal.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from speed_equivalence import paired_by_seed, sweep_rows  # noqa: E402

OLD = Path("results/regression/paired-runs.csv")
RUNS = Path("results/check-runs/split")
OUT = Path("results/bench/split-paired.json")
SEEDS = range(1001, 1021)


def same_before_learning(old_csv: Path, folder: Path) -> dict:
    """Per seed in both, whether every firing statistic of the test block before learning is
    equal (to the 6 significant digits ``paired-runs.csv`` keeps), and the statistics that are
    not."""
    from regression_power import read_rows

    old = {r["seed"]: r for r in read_rows(old_csv) if r["group"] == "base" and r["block"] == "pre"}
    new = {r["seed"]: r for r in sweep_rows(folder) if r["block"] == "pre"}
    seeds = sorted(set(old) & set(new))
    differing = {}
    n_stats = 0
    for seed in seeds:
        keys = [k for k in new[seed] if k not in ("group", "seed", "block") and k in old[seed]]
        n_stats = max(n_stats, len(keys))
        bad = [k for k in keys if not _equal(old[seed][k], new[seed][k])]
        if bad:
            differing[seed] = bad
    return {
        "seeds": seeds,
        "statistics": n_stats,
        "identical_seeds": len(seeds) - len(differing),
        "differing": differing,
    }


def _equal(a, b) -> bool:
    a, b = float(a), float(b)
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return math.isclose(a, b, rel_tol=5e-6, abs_tol=1e-12)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=Path, default=RUNS)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()

    from mirrorsim import regression
    from mirrorsim.params import make_params
    from mirrorsim.sweep.engine import run_sweep

    run_sweep(
        make_params(),
        {},
        list(SEEDS),
        args.runs,
        "split-equivalence",
        n_workers=args.workers,
        experiment="mirror-emergence",
    )
    summary = paired_by_seed(OLD, args.runs, regression.load_reference())
    summary["question"] = __doc__.splitlines()[0]
    summary["before_learning"] = same_before_learning(OLD, args.runs)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=1, default=float) + "\n")
    before = summary["before_learning"]
    print(
        f"before learning: {before['identical_seeds']}/{len(before['seeds'])} seeds identical "
        f"in all {before['statistics']} statistics"
    )
    print(f"after learning: {summary['passed']}/{len(summary['seeds'])} runs pass the check")
    for r in summary["shifts"][:8]:
        print(f"  {r['statistic']:40s} {r['shift_sd']:+.2f} sd  t={r['t']:+.1f}")


if __name__ == "__main__":
    main()
