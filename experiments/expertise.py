"""Expertise: do observation responses grow with motor experience, or with seeing alone?

Question
    After development, the network practises action 0 (does it and sees it) and only watches
    action 1, as often; action 2 is untrained. Does seeing action 0 drive its F5 pool and M1
    muscle harder afterwards, and more than seeing action 1 does?

Papers
    Calvo-Merino et al. 2005 (Cereb Cortex 15:1243): stronger premotor/parietal responses to
    moves of one's own dance style. Calvo-Merino et al. 2006 (Curr Biol 16:1905): the effect
    follows motor, not visual, familiarity. Cross et al. 2006 (NeuroImage 31:1257).

Expected (written before the runs)
    Practice adds paired events for action 0: its IPL->F5 weights grow further (towards
    w_max), so its observation response rises. Seeing action 1 alone makes IPL pool 1 fire
    while F5 pool 1 rests: pair depression at F5's low rest rate, so its response stays or falls
    slightly. Untrained: unchanged. Gain practised > 0 >= gain seen ~ gain untrained.

Run
    uv run python experiments/expertise.py [--seeds 5]
    Runs the experiment `expertise` at n_train_repeats = 20 over seeds as a resumable Dask sweep
    into results/expertise/sweep and writes results/expertise/summary.json and expertise.png.
"""

import argparse
import json
from pathlib import Path

from mirrorsim.analysis.record import flatten
from mirrorsim.experiments.expertise import MEASURES
from mirrorsim.params import make_params
from mirrorsim.plots import save_figure
from mirrorsim.results import now, provenance, to_jsonable, write_json
from mirrorsim.sweep import load_points, run_sweep
from mirrorsim.sweep.output import spread, write_outputs
from mirrorsim.training_plots import expertise_figure

OUT = Path("results/expertise")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    started = now()
    sweep_dir = args.out / "sweep"
    seeds = list(range(1, args.seeds + 1))
    grid = {"n_train_repeats": (20.0,)}
    run_sweep(
        make_params(), grid, seeds, sweep_dir, "expertise",
        n_workers=args.workers, experiment="expertise",
    )  # fmt: skip
    write_outputs(sweep_dir, "expertise")
    records = [flatten(p["measures"]) for p in load_points(sweep_dir)]
    practised_minus_seen = [r["gain.practised"] - r["gain.seen"] for r in records]
    summary = {
        "question": "do observation responses grow with motor experience or with seeing alone?",
        "papers": "Calvo-Merino et al. 2005 (Cereb Cortex), 2006 (Curr Biol)",
        "seeds": seeds,
        "measures": {key: spread([r.get(key) for r in records]) for key in MEASURES},
        "gain_practised_minus_seen_hz": spread(practised_minus_seen),
        "provenance": provenance("standalone", started, now()),
    }
    write_json(args.out / "summary.json", to_jsonable(summary))
    save_figure(expertise_figure(records), args.out, "expertise")
    print(json.dumps(to_jsonable({k: summary["measures"][k] for k in MEASURES[:3]}), indent=1))


if __name__ == "__main__":
    main()
