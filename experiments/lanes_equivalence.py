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
against the packaged reference, which holds the statistics after learning).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from speed_equivalence import paired_by_seed  # noqa: E402

BEFORE = Path("results/check-runs/split")
RUNS = Path("results/check-runs/lanes")
OUT = Path("results/bench/lanes-paired.json")
SEEDS = range(1001, 1021)


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
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=1, default=float) + "\n")
    for block in ("pre", "post"):
        s = summary[block]
        if block == "post":
            print(f"{block}: {s['passed']}/{len(s['seeds'])} runs pass the check")
        for r in s["shifts"][:6]:
            print(f"  {r['statistic']:40s} {r['shift_sd']:+.2f} sd  t={r['t']:+.1f}")


if __name__ == "__main__":
    main()
