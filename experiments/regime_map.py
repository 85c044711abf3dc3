"""The regime map: coupling x inhibition (in the spirit of Brunel 2000's phase diagram).

Question
    Where do hypoactive, typical, hyperactive and runaway mirroring lie when both the learned
    coupling and the gain on gate and intracortical inhibition vary?

Paper
    Basavaraju et al. (2019) tie the mania-like pattern (more MEP facilitation, echo phenomena)
    to reduced intracortical inhibition: lower inhibition should move the hyperactive border to
    lower coupling.

Run
    uv run python experiments/regime_map.py [--seeds 2] [--out results/sweeps/regime-map]
    (the same as `uv run mirrorsim sweep regime-map --out results/sweeps/regime-map`: coupling
    0,1,2,3 x inhibition 0,0.1,0.25,0.5,0.75,1, 2 seeds, the grid of the `regime-map` preset
    in mirrorsim.experiments.post_learning, declared there once)
"""

import argparse
from pathlib import Path

from mirrorsim.experiments import SWEEP_PRESETS
from mirrorsim.params import make_params
from mirrorsim.sweep import run_sweep
from mirrorsim.sweep.output import write_outputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    experiment, preset = SWEEP_PRESETS["regime-map"]
    parser.add_argument("--seeds", type=int, default=preset.seeds)
    parser.add_argument("--out", type=Path, default=Path("results/sweeps/regime-map"))
    parser.add_argument("--scheduler", default=None, help="Dask scheduler address")
    args = parser.parse_args()
    run_sweep(
        make_params(),
        preset.grid,
        range(1, args.seeds + 1),
        args.out,
        "regime-map",
        scheduler=args.scheduler,
        experiment=experiment.name,
    )
    write_outputs(args.out, "regime-map")
    print(f"regime map written to {args.out}/regime_map.png")


if __name__ == "__main__":
    main()
