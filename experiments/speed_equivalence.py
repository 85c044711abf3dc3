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


def main() -> None:
    from mirrorsim import regression

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", nargs="+", type=Path, required=True)
    parser.add_argument("--after", nargs="+", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    reference = regression.load_reference()
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
