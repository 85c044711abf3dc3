"""Does a faster model give the statistics of the model before it? (issue 23)

Question
    A faster model can give other spikes for the same seed (per-neuron learning traces and a
    tabulated Mg2+ block: rounding; ``input_dt`` = 0.5 ms: Poisson inputs on a coarser clock).
    Do its fresh seeds pass the regression check against the packaged reference, do the
    headline measures agree within the spread over seeds, and which statistics shift when the
    runs of both models are pooled?

Run
    # before: the model before the change, e.g. the 0.1 ms runs of dt_equivalence.py
    for s in 2011 ... 2017; do
        uv run mirrorsim run mirror-emergence --seed $s --set input_dt="0.5 ms" \
            --out DIR/input0.5-seed$s
    done
    uv run python experiments/speed_equivalence.py --before OLD/dt0.1-seed*/ \
        --after DIR/input0.5-seed*/ --out results/bench/input-dt-equivalence.json

Per run: the check's verdict, aggregate distance and threshold, largest |z|, the simulating
time (runs were made two at a time, so times compare only as averages) and headline measures.
Pooled: per statistic the difference of the mean z (after minus before), with Welch's t.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from dt_equivalence import HEADLINE, run_row, shifts  # noqa: E402

OUT = Path("results/bench/input-dt-equivalence.json")
LABELS = ("before", "after")


def summarise(rows: list[dict], z: dict[int, list[dict]], reference_seeds) -> dict:
    """The per-run rows, per model the pass count, mean simulating time and headline mean and
    sd, and the pooled shifts (after minus before)."""
    by_model = {}
    for label in LABELS:
        mine = [r for r in rows if r["model"] == label]
        by_model[label] = {
            "n": len(mine),
            "passed": sum(r["passed"] for r in mine),
            "simulating_s_mean": float(np.mean([r["simulating_s"] for r in mine])),
            "seeds": sorted(r["seed"] for r in mine),
        } | {
            key: [float(np.mean(v := [r[key] for r in mine])), float(np.std(v, ddof=1))]
            for key in HEADLINE
        }
    return {
        "question": __doc__.splitlines()[0],
        "reference_seeds": reference_seeds,
        "runs": rows,
        "by_model": by_model,
        "shifts": shifts(z),
    }


def sweep_rows(folder: Path) -> list[dict]:
    """Rows like ``paired-runs.csv``'s ``base`` rows from a sweep folder's finished points (the
    new model's runs, e.g. the default with ``--set input_dt="0.5 ms"``): one row per point and
    test block."""
    rows = []
    for path in sorted(folder.glob("points/*.json")):
        point = json.loads(path.read_text())
        for block, flat in point["measures"]["firing_stats"].items():
            values = {k: (np.nan if v is None else v) for k, v in flat.items()}
            rows.append({"group": "base", "seed": int(point["seed"]), "block": block} | values)
    if not rows:
        raise SystemExit(f"no finished points in {folder}")
    return rows


def paired_by_seed(before_csv: Path, after_csv: Path, reference, block: str = "post") -> dict:
    """The two models' runs of the same seeds (the ``base`` rows, test block ``post``, of two
    ``paired-runs.csv`` tables, experiments/paired_reference.py, or the points of a sweep
    folder: :func:`sweep_rows`): each new run's check against
    ``reference``, and per statistic the mean difference (new minus old) in reference spreads
    with its paired t over the seeds (the seed's wiring and inputs cancel in the difference).
    ``block``: the test block compared (``post``, after learning; ``pre``, before it)."""
    from regression_power import read_rows

    from mirrorsim import regression

    def base(path):
        rows = read_rows(path) if path.is_file() else sweep_rows(path)
        return {r["seed"]: r for r in rows if r["group"] == "base" and r["block"] == block}

    old, new = base(before_csv), base(after_csv)
    seeds = sorted(set(old) & set(new))
    stats = reference["statistics"]
    keys = [k for k in regression.comparable(reference) if k in new[seeds[0]]]
    checks = []
    for seed in seeds:
        flat = {k: new[seed][k] for k in keys}
        result = regression.check(flat, reference)
        checks.append(
            {
                "seed": seed,
                "passed": result.passed,
                "distance": result.distance,
                "threshold": result.threshold,
            }
        )
    shifts_out = []
    for k in keys:
        sd = float(stats[k]["sd"])
        d = np.array([(new[s][k] - old[s][k]) / sd for s in seeds], dtype=float)
        d = d[np.isfinite(d)]
        if len(d) < 3 or sd == 0:
            continue
        se = d.std(ddof=1) / np.sqrt(len(d))
        both = [(old[s][k], new[s][k]) for s in seeds]
        both = np.array([b for b in both if np.all(np.isfinite(b))], dtype=float)
        shifts_out.append(
            {
                "statistic": k,
                "shift_sd": float(d.mean()),
                "t": float(d.mean() / se) if se else 0.0,
                "before_mean": float(both[:, 0].mean()),
                "after_mean": float(both[:, 1].mean()),
                "lower_in_seeds": int(np.sum(both[:, 1] < both[:, 0])),
                "seeds_compared": len(both),
            }
        )
    return {
        "question": "the new model against the old at the same seeds (paired by seed)",
        "block": block,
        "before": str(before_csv),
        "after": str(after_csv),
        "seeds": seeds,
        "checks": checks,
        "passed": sum(c["passed"] for c in checks),
        "shifts": sorted(shifts_out, key=lambda r: -abs(r["t"])),
    }


def main() -> None:
    from mirrorsim import regression

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", nargs="+", type=Path)
    parser.add_argument("--after", nargs="+", type=Path)
    parser.add_argument(
        "--pairs",
        nargs=2,
        type=Path,
        metavar=("OLD_CSV", "NEW"),
        help="compare the base runs of two paired-runs.csv tables (NEW may also be a sweep "
        "folder of the new model's runs) seed by seed instead",
    )
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    reference = regression.load_reference()
    if args.pairs:
        summary = paired_by_seed(*args.pairs, reference)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(summary, indent=1, default=float) + "\n")
        print(f"{summary['passed']}/{len(summary['seeds'])} new runs pass")
        for r in summary["shifts"][:8]:
            print(f"  {r['statistic']:40s} {r['shift_sd']:+.2f} sd  t={r['t']:+.1f}")
        return
    if not (args.before and args.after):
        parser.error("give --before and --after run folders, or --pairs")
    rows, z = [], {0: [], 1: []}
    for k, runs in enumerate((args.before, args.after)):
        for run_dir in sorted(runs):
            row, z_run = run_row(run_dir, reference)
            row.pop("dt_ms", None)
            rows.append({"model": LABELS[k]} | row)
            z[k].append(z_run)
    summary = summarise(rows, z, reference["meta"].get("seeds"))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=1, default=float) + "\n")
    for label, s in summary["by_model"].items():
        print(f"{label}: {s['passed']}/{s['n']} pass; simulating {s['simulating_s_mean']:.0f} s")
        print("  " + ", ".join(f"{k} {s[k][0]:.3g} +- {s[k][1]:.2g}" for k in HEADLINE))
    for r in summary["shifts"][:8]:
        print(f"  {r['statistic']:40s} {r['shift_sd']:+.2f} sd  t={r['t']:+.1f}")


if __name__ == "__main__":
    main()
