"""``mirror-emergence``, the main job: test, learn by self-observation, test again.

The test before learning and the learning with the test after it run as two simulations, side by
side where the machine allows (:mod:`mirrorsim.split_run`).

Mirror neurons emerge in F5 by Hebbian learning of contingent sensorimotor activity (Keysers &
Perrett 2004; Heyes 2010): before learning almost no F5 neuron responds to observation, after a
development block of self-executions with re-afference some do (model §6.1).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from mirrorsim.experiments.base import (
    Experiment,
    default_out_dir,
    preload,
    run_kind,
    write_result_folder,
)
from mirrorsim.output_guard import check_folder
from mirrorsim.phases import Phases

if TYPE_CHECKING:  # the registry stays light: `mirrorsim list` and `--help` need no Brian2
    from mirrorsim.params import Params
    from mirrorsim.simulate import Target

NAME = "mirror-emergence"
RUN_KIND = run_kind(NAME)
#: What the run needs once the simulation is done (loaded during it: :func:`preload`).
AFTER_SIMULATION_MODULES = (
    "mirrorsim.analysis",
    "mirrorsim.analysis.record",
    "mirrorsim.analysis.units",
    "mirrorsim.plots",
    "mirrorsim.nwb",
)


def run_mirror_emergence(
    params: Params,
    seed: int,
    out_dir: Path | None = None,
    target: Target = "standalone",
    progress: bool = True,
    overwrite: bool = False,
) -> Path:
    """Test, learn by self-observation, test again; classify F5 neurons before and after.

    Parameters
    ----------
    params : Params
        The model (:func:`mirrorsim.params.make_params`).
    seed : int
        Seeds connectivity, initial values and Poisson input.
    out_dir : path, optional
        Result folder (default ``results/mirror-emergence/seed-N``): new, empty or an earlier
        ``mirror-emergence`` result (checked before simulating); ``overwrite`` replaces any.
    target : {"standalone", "runtime", "numpy"}
        Brian2 code target.
    progress : bool
        Print the phases and Brian2's progress on stderr.

    Returns
    -------
    Path
        The folder, holding ``metrics.json`` (the run's record,
        :mod:`mirrorsim.analysis.record`), ``units.csv`` (one row per F5 E, M1 E and IPL E unit:
        :mod:`mirrorsim.analysis.units`), ``params.json``, raw arrays and figures.
    """
    from mirrorsim.results import now
    from mirrorsim.split_run import run_main_job

    out_dir = Path(out_dir) if out_dir is not None else default_out_dir(NAME, seed)
    check_folder(out_dir, RUN_KIND, replace=True, overwrite=overwrite)
    phases = Phases() if progress else Phases(echo=None)
    started = now()
    # the analysis, figure and NWB modules (~2.5 s of imports) load while the program simulates
    loading = []
    phases.on_start("simulating", lambda: loading.append(preload(AFTER_SIMULATION_MODULES)))
    data = run_main_job(params, seed, target=target, progress=progress, phases=phases)
    for thread in loading:  # done before anything forks (figures: mirrorsim.side_process)
        thread.join()
    from mirrorsim.analysis import analyse_block
    from mirrorsim.analysis.record import run_record
    from mirrorsim.analysis.units import unit_tables, write_units_csv
    from mirrorsim.plots import mirror_emergence_figures

    protocol = data.protocol
    with phases("analysing"):
        blocks = {b: analyse_block(data, b) for b in protocol.blocks}
        tables = unit_tables(data, "post")
        record = run_record(data, blocks, tables)
    return write_result_folder(
        out_dir,
        NAME,
        data,
        record,
        lambda folder: (
            mirror_emergence_figures(data, blocks, folder),
            write_units_csv(tables, folder / "units.csv"),
        ),
        phases,
        started,
        overwrite,
        blocks,
    )


def mirror_emergence_point(
    params: Params, seed: int, target: Target = "standalone", session: Any = None
) -> dict[str, Any]:
    """One sweep point of the main job: the run's record
    (:func:`mirrorsim.analysis.record.run_record`), plus ``firing_stats``: the flat firing
    summaries (:func:`~mirrorsim.analysis.firing_summary.firing_summary`) of every test block,
    ``{"post": {...}, "pre": {...}}``, from which regression references are built
    (:func:`mirrorsim.regression.build_reference_from_sweep`)."""
    from mirrorsim.analysis.firing_summary import firing_summary, flatten
    from mirrorsim.analysis.record import run_record
    from mirrorsim.results import to_jsonable
    from mirrorsim.split_run import run_main_job

    data = run_main_job(params, seed, target=target, progress=False, session=session)
    record = dict(run_record(data))
    record["firing_stats"] = {b: flatten(firing_summary(data, b)) for b in data.protocol.blocks}
    return to_jsonable(record)


EXPERIMENT = Experiment(
    name=NAME,
    summary="mirror neurons emerge in F5 by Hebbian learning during self-observation",
    run=run_mirror_emergence,
    point=mirror_emergence_point,
    protocol_tag="mirror-emergence-v1",
)
