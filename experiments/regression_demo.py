"""Does the firing-statistics regression check catch real changes and only those?

Superseded by ``experiments/regression_power.py`` (0.6: the aggregate distance, many seeds,
a power table). Kept because ``results/regression/checks.csv`` records what the 0.5.0 check
(maximum |z| only, 10-seed reference) caught; re-running it now checks against the current
reference and rule.

Question
    Against the repository's reference (default model, seeds 101-110), do fresh seeds of the
    unchanged model pass (false alarms below 5 %), and which of coupling x1.2, x1.5, x2 and
    inhibition x0.8 fail?

Run
    uv run python experiments/regression_demo.py [--fresh 20]
    Runs missing fresh seeds 201.. and the four variants into results/check-runs/ (each ~3 min
    on one core), then writes results/regression/checks.csv: per run, pass/fail, how many of the
    90 statistics moved, and the largest |z| against the tolerance.
"""

import argparse
import csv
import math
from pathlib import Path

from mirrorsim.experiments import run_mirror_emergence
from mirrorsim.params import make_params
from mirrorsim.testing import check_run

RUNS = Path("results/check-runs")
VARIANTS = {
    "coupling-1.2": ({"coupling": 1.2}, 301),
    "inhibition-0.8": ({"inhibition": 0.8}, 302),
    "coupling-1.5": ({"coupling": 1.5}, 303),
    "coupling-2": ({"coupling": 2.0}, 304),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", type=int, default=20, help="number of fresh seeds")
    args = parser.parse_args()
    todo = {f"fresh-{s}": ({}, s) for s in range(201, 201 + args.fresh)} | VARIANTS
    for name, (overrides, seed) in todo.items():
        if not (RUNS / name / "metrics.json").exists():
            run_mirror_emergence(make_params(overrides), seed, RUNS / name, progress=False)
    rows = []
    for name in todo:
        result = check_run(RUNS / name)
        finite = [c for c in result.comparisons if math.isfinite(c.z)]
        top = max(finite, key=lambda c: abs(c.z))
        rows.append(
            {
                "run": name,
                "passed": result.passed,
                "n_moved": len(result.deviations),
                "n_compared": len(result.comparisons),
                "max_abs_z": round(abs(top.z), 2),
                "max_stat": top.key,
                "limit": round(top.z_crit, 2),
            }
        )
    out = Path("results/regression/checks.csv")
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    fresh = [r for r in rows if r["run"].startswith("fresh")]
    print(f"false alarms: {sum(not r['passed'] for r in fresh)} of {len(fresh)} fresh seeds")
    for r in rows:
        if not r["run"].startswith("fresh"):
            print(f"{r['run']}: {'passes' if r['passed'] else 'fails'} ({r['n_moved']} moved)")


if __name__ == "__main__":
    main()
