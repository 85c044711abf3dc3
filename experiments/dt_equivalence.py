"""Does a 0.2 ms time step give the default model's statistics? (issue 23)

Question
    Halving the number of steps would nearly halve the simulation. Do fresh seeds of the main
    job at ``dt`` = 0.2 ms pass the regression check against the packaged reference (built at
    0.1 ms), and do the headline measures agree within the spread over seeds? Which statistics
    shift systematically when the runs of both steps are pooled?

Run
    for s in 2011 ... 2016; do for d in 0.1 0.2; do
        uv run mirrorsim run mirror-emergence --seed $s --set dt="$d ms" --out DIR/dt$d-seed$s
    done; done
    uv run python experiments/dt_equivalence.py DIR/dt*-seed*   # results/bench/dt-equivalence.json

Per run: the check's verdict, aggregate distance and threshold, largest |z|, the simulating
time (runs were made two at a time, so times compare only as averages) and headline measures.
Pooled: per statistic the difference of the mean z between the two steps, with Welch's t.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

HEADLINE = (
    "mirror_index_post",
    "f5_mirror_fraction_post",
    "f5_strictly_congruent_fraction",
    "f5_rate_rest_hz",
    "f5_rate_observe_hz",
    "f5_rate_execute_hz",
    "mu_suppression_observe",
    "mu_suppression_execute",
    "mep_facilitation",
    "w_same_post",
    "w_other_post",
    "fmri_m1_execute_pct",
)
OUT = Path("results/bench/dt-equivalence.json")


def run_row(run_dir: Path, reference) -> tuple[dict, dict]:
    """One run: its check against ``reference`` and headline measures; and its z per statistic."""
    from brian2 import ms

    from mirrorsim import regression
    from mirrorsim.analysis.firing_summary import firing_summary
    from mirrorsim.params import make_params
    from mirrorsim.results import load_run

    record = json.loads((run_dir / "params.json").read_text())
    metrics = json.loads((run_dir / "metrics.json").read_text())
    result = regression.check(firing_summary(load_run(run_dir), "post"), reference)
    row = {
        "run": str(run_dir),
        "dt_ms": float(make_params({"dt": record["params"]["dt"]}).dt / ms),
        "seed": record["seed"],
        "passed": result.passed,
        "distance": result.distance,
        "threshold": result.threshold,
        "max_abs_z": max(abs(c.z) for c in result.comparisons),
        "simulating_s": record["provenance"]["phases_s"]["simulating"],
        "git": record["provenance"].get("git"),
    } | {k: metrics.get(k) for k in HEADLINE}
    return row, {c.key: c.z for c in result.comparisons}


def shifts(z_by_dt: dict[float, list[dict]]) -> list[dict]:
    """Per statistic: mean z at the coarse step minus mean z at the fine one, Welch's t."""
    fine, coarse = sorted(z_by_dt)
    keys = sorted(set.intersection(*(set(z) for runs in z_by_dt.values() for z in runs)))
    a = np.array([[z[k] for k in keys] for z in z_by_dt[coarse]])
    b = np.array([[z[k] for k in keys] for z in z_by_dt[fine]])
    diff = a.mean(0) - b.mean(0)
    se = np.sqrt(a.var(0, ddof=1) / len(a) + b.var(0, ddof=1) / len(b))
    out = [
        {"statistic": k, "shift_sd": float(d), "t": float(d / s)}
        for k, d, s in zip(keys, diff, se, strict=True)
    ]
    return sorted(out, key=lambda r: -abs(r["t"]))


def main() -> None:
    from mirrorsim import regression

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    reference = regression.load_reference()
    rows, z_by_dt = [], {}
    for run_dir in sorted(args.runs):
        row, z = run_row(run_dir, reference)
        rows.append(row)
        z_by_dt.setdefault(row["dt_ms"], []).append(z)
    summary = {
        "question": __doc__.splitlines()[0],
        "reference_seeds": reference["meta"].get("seeds"),
        "runs": rows,
        "by_dt": {
            str(dt): {
                "n": len(z),
                "passed": sum(r["passed"] for r in rows if r["dt_ms"] == dt),
                "simulating_s_mean": float(
                    np.mean([r["simulating_s"] for r in rows if r["dt_ms"] == dt])
                ),
            }
            | {
                k: [
                    float(np.mean(v := [r[k] for r in rows if r["dt_ms"] == dt])),
                    float(np.std(v, ddof=1)),
                ]
                for k in HEADLINE
            }
            for dt, z in z_by_dt.items()
        },
        "shifts": shifts(z_by_dt) if len(z_by_dt) == 2 else [],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=1, default=float) + "\n")
    for dt, s in summary["by_dt"].items():
        print(f"dt {dt} ms: {s['passed']}/{s['n']} pass; simulating {s['simulating_s_mean']:.0f} s")
    for r in summary["shifts"][:8]:
        print(f"  {r['statistic']:40s} {r['shift_sd']:+.2f} sd  t={r['t']:+.1f}")


if __name__ == "__main__":
    main()
