"""Run a named sweep preset of the registry to its end and read back its points (the committed
experiment scripts: ``experiments/contingency.py``, ``contiguity.py``, ``audiovisual.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mirrorsim.analysis.record import flatten
from mirrorsim.params import make_params
from mirrorsim.sweep.engine import load_points, run_sweep
from mirrorsim.sweep.output import write_outputs


def run_preset(
    name: str, sweep_dir: Path, n_workers: int | None = None
) -> tuple[list[dict[str, Any]], list[int]]:
    """Run (or resume) preset ``name`` of the default model into ``sweep_dir``, write its
    tables and figures, and return one flat record per point (the swept values under
    ``knob.NAME``, as swept) and the seeds."""
    from mirrorsim.experiments import SWEEP_PRESETS

    experiment, preset = SWEEP_PRESETS[name]
    seeds = list(range(1, preset.seeds + 1))
    run_sweep(
        make_params(), preset.grid, seeds, sweep_dir, preset.name,
        n_workers=n_workers, experiment=experiment.name,
    )  # fmt: skip
    write_outputs(sweep_dir, preset.name)
    records = [
        flatten(p["measures"]) | {f"knob.{k}": v for k, v in p["knobs"].items()}
        for p in load_points(sweep_dir)
    ]
    return records, seeds
