"""``post-learning-test``: learn by self-observation, then test with the regime knobs set.

The experiment behind the regime sweeps (model §5, §6.2): one development block, then one test
block with ``coupling`` and ``inhibition`` as given, and the human-study measures of that block
(mu suppression, MEP facilitation, echo, BOLD proxy, persistence) with the regime label. Its
presets are the committed sweeps: ``coupling`` (README: the coupling sweep) and ``regime-map``
(coupling x inhibition).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from mirrorsim.experiments.base import (
    Experiment,
    SweepPreset,
    default_out_dir,
    run_kind,
    write_result_folder,
)
from mirrorsim.output_guard import check_folder
from mirrorsim.phases import Phases

if TYPE_CHECKING:  # the registry stays light: `mirrorsim list` and `--help` need no Brian2
    from mirrorsim.params import Params
    from mirrorsim.simulate import Target

NAME = "post-learning-test"
#: In every sweep point key of this experiment; the committed sweeps were keyed with it.
PROTOCOL_TAG = "post-learning-test-v1"


def _measure(data: Any) -> tuple[dict[str, Any], Any]:
    """The record of ``data`` (one test block, after learning) and the block's result."""
    from mirrorsim.analysis import analyse_block
    from mirrorsim.analysis.record import run_record

    post = analyse_block(data, "post")
    return run_record(data, {"post": post}), post


def post_learning_point(
    params: Params, seed: int, target: Target = "standalone", session: Any = None
) -> dict[str, Any]:
    """Simulate one point (learn, then test with the knobs set) and return its record
    (:func:`mirrorsim.analysis.record.run_record`).

    In standalone mode a ``session`` (a sweep worker's
    :func:`~mirrorsim.standalone.worker_session`) keeps its compiled binary between points.
    """
    from mirrorsim.protocols import mirror_emergence_protocol
    from mirrorsim.simulate import run_protocol

    protocol = mirror_emergence_protocol(params, seed, blocks=("post",))
    data = run_protocol(params, protocol, seed, target=target, progress=False, session=session)
    return dict(_measure(data)[0])


def run_post_learning_test(
    params: Params,
    seed: int,
    out_dir: Path | None = None,
    target: Target = "standalone",
    progress: bool = True,
    overwrite: bool = False,
) -> Path:
    """Learn, then test with the knobs set; write the record, figures and arrays.

    Parameters and return value as :func:`~mirrorsim.experiments.run_mirror_emergence`
    (``metrics.json`` holds the record of :func:`post_learning_point`).
    """
    from mirrorsim.plots import mep_bars, mu_spectra, raster_psth, save_figure
    from mirrorsim.protocols import mirror_emergence_protocol
    from mirrorsim.results import now
    from mirrorsim.simulate import run_protocol

    out_dir = Path(out_dir) if out_dir is not None else default_out_dir(NAME, seed)
    check_folder(out_dir, run_kind(NAME), replace=True, overwrite=overwrite)
    phases = Phases() if progress else Phases(echo=None)
    started = now()
    protocol = mirror_emergence_protocol(params, seed, blocks=("post",))
    data = run_protocol(params, protocol, seed, target=target, progress=progress, phases=phases)
    with phases("analysing"):
        record, post = _measure(data)

    def figures(folder: Path) -> None:
        save_figure(raster_psth(data, "post", 0), folder, "raster_post")
        save_figure(mu_spectra(data, "post"), folder, "mu_spectra")
        save_figure(mep_bars(data, "post"), folder, "mep")

    return write_result_folder(
        out_dir, NAME, data, record, figures, phases, started, overwrite, {"post": post}
    )


EXPERIMENT = Experiment(
    name=NAME,
    summary="learn by self-observation, then test with coupling and inhibition set",
    run=run_post_learning_test,
    point=post_learning_point,
    protocol_tag=PROTOCOL_TAG,
    presets={
        "coupling": SweepPreset(
            "coupling",
            "the learned IPL->F5 coupling at fixed inhibition",
            {"coupling": (0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0), "inhibition": (1.0,)},
            seeds=5,
        ),
        "regime-map": SweepPreset(
            "regime-map",
            "coupling x inhibition: the regime map",
            {
                "coupling": (0.0, 1.0, 2.0, 3.0),
                "inhibition": (0.0, 0.1, 0.25, 0.5, 0.75, 1.0),
            },
            seeds=2,
        ),
        "contingency": SweepPreset(
            "contingency",
            "unpaired sights and executions added to development, paired ones fixed "
            "(Cook et al. 2010; model §6.7)",
            {"n_dev_unpaired": (0.0, 10.0, 20.0)},
            seeds=5,
        ),
        "contingency-pairing": SweepPreset(
            "contingency-pairing",
            "fewer paired events (5, 10 per action) with 0, 10, 20 unpaired ones of each kind: "
            "contingency apart from the number of pairings (Cook et al. 2010; model §6.7)",
            {"n_dev_repeats": (5.0, 10.0), "n_dev_unpaired": (0.0, 10.0, 20.0)},
            seeds=5,
        ),
        "contiguity": SweepPreset(
            "contiguity",
            "delay from intention to sight in development, sight before (-) or after (+) "
            "(Keysers & Gazzola 2014; model §6.8)",
            {
                "reafference_delay": (
                    "-500 ms", "-350 ms", "-200 ms", "0 ms", "80 ms", "200 ms", "350 ms", "500 ms",
                )
            },
            seeds=5,
        ),
        "contiguity-no-nmda": SweepPreset(
            "contiguity-no-nmda",
            "the contiguity asymmetry without F5's NMDA-like recurrence (p_f5_nmda = 0): sight "
            "200 ms before, with, or 200 ms after the intention (model §6.8)",
            {"reafference_delay": ("-200 ms", "0 ms", "200 ms"), "p_f5_nmda": (0.0,)},
            seeds=5,
        ),
    },
)
