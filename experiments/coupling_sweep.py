"""Hypoactive to hyperactive mirroring along the learned coupling (model §5).

Question
    If the learned observe->execute pathway (IPL->F5) is weaker or stronger than typical, do the
    human-study measures move the way they do in autism and in mania?

Papers
    Oberman et al. (2005) Cogn Brain Res 24:190 -- no mu suppression when observing in autism,
    intact when executing. Theoret et al. (2005) Curr Biol 15:R84 -- reduced MEP facilitation
    in autism. Basavaraju et al. (2019) -- more MEP facilitation and echo phenomena in mania.

Expected
    coupling 0: observation mu suppression and MEP facilitation near 0, execution intact
    (hypoactive); coupling 1: both suppressions negative, observation weaker, MEP facilitated,
    no echo (typical); by coupling 2.5: echo index > 0 (hyperactive). Each measure monotonic in
    coupling (Spearman's rho) while activity stays bounded.

Run
    uv run python experiments/coupling_sweep.py [--seeds 5] [--out results/sweeps/coupling]
    (the same as `uv run mirrorsim sweep coupling --seeds 5 --out results/sweeps/coupling`)
"""

import argparse
from pathlib import Path

from mirrorsim.experiments import SWEEP_PRESETS
from mirrorsim.params import make_params
from mirrorsim.sweep import run_sweep
from mirrorsim.sweep.output import write_outputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    experiment, preset = SWEEP_PRESETS["coupling"]  # the grid, declared once
    parser.add_argument("--seeds", type=int, default=preset.seeds)
    parser.add_argument("--out", type=Path, default=Path("results/sweeps/coupling"))
    parser.add_argument("--scheduler", default=None, help="Dask scheduler address")
    args = parser.parse_args()
    run_sweep(
        make_params(),
        preset.grid,
        range(1, args.seeds + 1),
        args.out,
        "coupling",
        scheduler=args.scheduler,
        experiment=experiment.name,
    )
    summary = write_outputs(args.out, "coupling")
    for entry in summary["settings"]:
        print(entry["coupling"], entry["regime"], entry["mirror_index_post"])


if __name__ == "__main__":
    main()
