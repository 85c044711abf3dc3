"""Counter-mirror training: does an incompatible sensorimotor mapping reverse the mirror?

Question
    After the network has developed mirror neurons by self-observation, does training the
    incompatible mapping (executing action k while seeing action k + 1) reverse the learned
    observation -> execution mapping, only abolish it, or leave it? Compatible training (seeing
    k) is the control.

Paper
    Catmur, Walsh & Heyes 2007 (Curr Biol 17:1527): after ~860 trials of incompatible training
    (index-finger movement to the sight of the little finger and vice versa) the muscle-specific
    MEP facilitation during observation reversed; after compatible training it stayed mirror.
    Catmur et al. 2008 (Eur J Neurosci 28:1208) found the same in fMRI (reversed preference of
    premotor and parietal voxels).

Expected (written before the runs)
    The associative account (Heyes 2010) predicts that the counter pairs (see s, execute the
    action trained with s) gain and the mirror pairs lose: the mapping index (own pool minus
    counter pool, Hz) falls after incompatible training and not after compatible training.
    Whether it reverses depends on how much the rule depresses the unpaired mirror synapses:
    the triplet rule depresses a synapse whose presynaptic cell fires while the postsynaptic one
    is silent only through its pair term, so with an equal dose of training we expect the
    mapping to shrink towards 0 rather than fully reverse.

Measured
    :mod:`mirrorsim.analysis.training`: F5 pool responses to observation (mirror vs counter
    pairs, Hz above rest), the share of congruent and counter-congruent units, and the
    muscle-specific MEP (M1 pool of the seen action vs the counter muscle), before (``post``)
    and after (``trained``) training; ``reversal`` = mapping after / before.

Run
    uv run python experiments/counter_mirror.py [--seeds 5] [--set NAME=VALUE ...]
    Runs ``training_mapping`` (compatible, incompatible) x ``n_train_repeats`` (5, 10, 20 per
    action; development has 20) x seeds as a resumable Dask sweep of the experiment
    ``counter-mirror`` into results/counter-mirror/sweep, and incompatible training at 1 and 2
    trials per action into results/counter-mirror/sweep-low-dose, then writes
    results/counter-mirror/summary.json, summary.png (before/after at the largest dose) and
    dose.png (the mapping after training against the dose), committed.
"""

import argparse
import json
from pathlib import Path

from mirrorsim.analysis.record import flatten
from mirrorsim.cli import resolve_params
from mirrorsim.experiments.counter_mirror import (
    LOW_DOSE_GRID,
    MEASURES,
    TRAINING_GRID,
    TRAINING_SEEDS,
)
from mirrorsim.plots import save_figure
from mirrorsim.results import now, provenance, to_jsonable, write_json
from mirrorsim.sweep import load_points, run_sweep
from mirrorsim.sweep.output import spread
from mirrorsim.training_plots import training_dose_figure, training_summary_figure

OUT = Path("results/counter-mirror")
SUMMARY_KEYS = MEASURES


def summarise(records: list[dict]) -> dict:
    """Per training kind and dose (``incompatible x20``): mean, SD and n of every summary key
    over seeds."""
    settings = sorted({(r["training_mapping"], r["n_train_repeats"]) for r in records})
    return {
        f"{kind} x{dose}": {
            key: spread(
                [
                    r[key]
                    for r in records
                    if (r["training_mapping"], r["n_train_repeats"]) == (kind, dose)
                ]
            )
            for key in SUMMARY_KEYS
        }
        for kind, dose in settings
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=TRAINING_SEEDS)
    parser.add_argument("--set", dest="sets", action="append", default=[])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    started = now()
    base = resolve_params(None, args.sets)
    sweep_dir = args.out / "sweep"
    seeds = list(range(1, args.seeds + 1))
    for grid, folder in ((TRAINING_GRID, sweep_dir), (LOW_DOSE_GRID, args.out / "sweep-low-dose")):
        run_sweep(
            base, grid, seeds, folder, "training-mapping", n_workers=args.workers,
            experiment="counter-mirror",
        )  # fmt: skip
    records = [
        flatten(p["measures"]) | {"seed": p["seed"]}
        for folder in (sweep_dir, args.out / "sweep-low-dose")
        for p in load_points(folder)
    ]
    summary = {
        "question": "does incompatible sensorimotor training reverse the learned mapping?",
        "paper": "Catmur, Walsh & Heyes 2007 (Curr Biol 17:1527)",
        "params_changed": args.sets,
        "seeds": seeds,
        "by_training": summarise(records),
        "runs": [
            {k: r.get(k) for k in ("training_mapping", "n_train_repeats", "seed", *SUMMARY_KEYS)}
            for r in records
        ],
        "provenance": provenance("standalone", started, now()),
    }
    write_json(args.out / "summary.json", to_jsonable(summary))
    top = max(r["n_train_repeats"] for r in records)
    at_top = [r for r in records if r["n_train_repeats"] == top]
    save_figure(training_summary_figure(at_top), args.out, "summary")
    save_figure(training_dose_figure(records), args.out, "dose")
    print(json.dumps(to_jsonable(summary["by_training"]), indent=1))


if __name__ == "__main__":
    main()
