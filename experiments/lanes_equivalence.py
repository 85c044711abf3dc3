"""Do the background draws from eight side-by-side generators give the statistics of the
single generator they replaced? (issue 23)

Question
    The compiled program now draws the background's binomial counts in buffers from eight
    xoshiro256++ generators side by side (``mirrorsim.fast_random``: the same distribution per
    draw, other draws for a seed), so every spike of a seed changes. Do the fresh runs pass the
    regression check, and which firing statistics shift, seed by seed, against the runs of the
    same seeds with the single generator?

Run
    uv run python experiments/split_equivalence.py   # first, with the model before the change:
                                                     # its runs in results/check-runs/split
    uv run python experiments/lanes_equivalence.py   # ~15 min on 2 cores

Writes ``results/bench/lanes-paired.json``: per test block (``pre``, before learning; ``post``,
after it) the paired comparison (``speed_equivalence.paired_by_seed``: per statistic the mean
difference in reference spreads with its paired t; for ``post`` also the check of each new run
against the packaged reference, which holds the statistics after learning); and the headline
measures of the run records (:data:`HEADLINE`), each model's mean and sd over seeds with the
paired shift in before-sds and its t.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from speed_equivalence import paired_by_seed  # noqa: E402

#: Headline measures of the run record compared seed by seed (the human measures, the mirror
#: outcome, resting firing).
HEADLINE = (
    "mirror_index_post",
    "f5_mirror_fraction_post",
    "f5_rate_rest_hz",
    "mu_suppression_observe",
    "mu_suppression_execute",
    "eeg_mu_observe",
    "eeg_mu_execute",
    "mep_facilitation",
    "fmri_m1_execute_pct",
)
BEFORE = Path("results/check-runs/split")
RUNS = Path("results/check-runs/lanes")
OUT = Path("results/bench/lanes-paired.json")
SEEDS = range(1001, 1021)


def headline_pairs(before: Path, after: Path) -> dict:
    """Per headline measure: mean and sd over seeds of each model's runs, and the mean paired
    difference (after minus before) in units of the before runs' sd over seeds, with its t."""
    import numpy as np

    def records(folder: Path) -> dict:
        points = (json.loads(p.read_text()) for p in sorted(folder.glob("points/*.json")))
        return {int(p["seed"]): p["measures"] for p in points}

    old, new = records(before), records(after)
    seeds = sorted(set(old) & set(new))
    out = {}
    for key in HEADLINE:
        a = np.array([old[s][key] for s in seeds], dtype=float)
        b = np.array([new[s][key] for s in seeds], dtype=float)
        d = b - a
        sd = a.std(ddof=1)
        out[key] = {
            "before": [float(a.mean()), float(sd)],
            "after": [float(b.mean()), float(b.std(ddof=1))],
            "shift_sd": float(d.mean() / sd) if sd else 0.0,
            "t": float(d.mean() / (d.std(ddof=1) / np.sqrt(len(d)))) if d.std() else 0.0,
        }
    return {"seeds": seeds, "measures": out}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, default=BEFORE)
    parser.add_argument("--runs", type=Path, default=RUNS)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    if not any(args.before.glob("points/*.json")):
        raise SystemExit(f"no runs of the model before in {args.before}: run split_equivalence.py")

    from mirrorsim import regression
    from mirrorsim.params import make_params
    from mirrorsim.sweep.engine import run_sweep

    run_sweep(
        make_params(),
        {},
        list(SEEDS),
        args.runs,
        "lanes-equivalence",
        n_workers=args.workers,
        experiment="mirror-emergence",
    )
    reference = regression.load_reference()
    summary = {"question": __doc__.splitlines()[0]} | {
        block: paired_by_seed(args.before, args.runs, reference, block=block)
        for block in ("pre", "post")
    }
    # the packaged reference holds the statistics after learning: no check of the block before
    for key in ("checks", "passed"):
        summary["pre"].pop(key)
    summary["headline"] = headline_pairs(args.before, args.runs)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=1, default=float) + "\n")
    for block in ("pre", "post"):
        s = summary[block]
        if block == "post":
            print(f"{block}: {s['passed']}/{len(s['seeds'])} runs pass the check")
        for r in s["shifts"][:6]:
            print(f"  {r['statistic']:40s} {r['shift_sd']:+.2f} sd  t={r['t']:+.1f}")
    for key, h in summary["headline"]["measures"].items():
        print(
            f"  {key:28s} {h['before'][0]:.3g} +- {h['before'][1]:.2g} -> "
            f"{h['after'][0]:.3g} +- {h['after'][1]:.2g}  "
            f"({h['shift_sd']:+.2f} sd, t={h['t']:+.1f})"
        )


if __name__ == "__main__":
    main()
