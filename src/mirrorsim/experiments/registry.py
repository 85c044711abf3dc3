"""Named experiments: parameters + protocol -> simulation -> measures -> result directory.

Each experiment is a function ``(params, seed, out_dir, target, progress) -> Path`` registered
in :data:`EXPERIMENTS`; the CLI and the scripts in ``experiments/`` call these, they do not copy
them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mirrorsim.analysis import metrics
from mirrorsim.output_guard import check_folder
from mirrorsim.params import Params
from mirrorsim.phases import Phases
from mirrorsim.protocols import mirror_emergence_protocol
from mirrorsim.results import (
    atomic_directory,
    now,
    params_record,
    provenance,
    save_run_arrays,
    write_json,
)
from mirrorsim.simulate import Target, run_protocol


@dataclass(frozen=True)
class Experiment:
    name: str
    summary: str
    run: Callable[..., Path]


def run_kind(experiment: str) -> str:
    """The marker kind of a run folder (``run:mirror-emergence``)."""
    return f"run:{experiment}"


RUN_KIND = run_kind("mirror-emergence")


def default_out_dir(experiment: str, seed: int) -> Path:
    return Path("results") / experiment / f"seed-{seed}"


def run_mirror_emergence(
    params: Params,
    seed: int,
    out_dir: Path | None = None,
    target: Target = "standalone",
    progress: bool = True,
    overwrite: bool = False,
) -> Path:
    """Test, learn by self-observation, test again; classify F5 neurons before and after.

    Writes ``metrics.json``, ``params.json``, raw arrays and figures into ``out_dir``, which
    must be new, empty or an earlier ``mirror-emergence`` result (checked before simulating;
    ``overwrite`` replaces any folder).
    """
    from mirrorsim.plots import mirror_emergence_figures

    out_dir = Path(out_dir) if out_dir is not None else default_out_dir("mirror-emergence", seed)
    check_folder(out_dir, RUN_KIND, replace=True, overwrite=overwrite)
    phases = Phases() if progress else Phases(echo=None)
    started = now()
    protocol = mirror_emergence_protocol(params, seed)
    data = run_protocol(params, protocol, seed, target=target, progress=progress, phases=phases)
    with phases("analysing"):
        summary, blocks = metrics(data)
    summary["wall_time_s"] = round(data.wall_time, 2)
    summary["simulated_time_s"] = round(protocol.duration, 3)
    with atomic_directory(out_dir, RUN_KIND, overwrite) as tmp:
        with phases("writing figures"):
            mirror_emergence_figures(data, blocks, tmp)
        with phases("writing results"):
            write_json(tmp / "metrics.json", summary)
            save_run_arrays(tmp, data)
            prov = provenance(target, started, now())
            prov["phases_s"] = dict(phases.seconds)
            write_json(tmp / "params.json", params_record(params, seed, "mirror-emergence", prov))
    return out_dir


EXPERIMENTS: dict[str, Experiment] = {
    "mirror-emergence": Experiment(
        "mirror-emergence",
        "mirror neurons emerge in F5 by Hebbian learning during self-observation",
        run_mirror_emergence,
    ),
}
