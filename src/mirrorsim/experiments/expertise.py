"""``expertise``: does practising an action make seeing it drive the motor system harder?

Calvo-Merino et al. (2005, 2006) found that premotor and parietal responses to watching a move
grow with motor experience of it, and not with visual familiarity alone; Cross et al. (2006)
that they grow with rehearsal. The associative account predicts exactly this: only correlated
doing-and-seeing strengthens observation -> execution links.

Here (model §6.9) the network develops as in ``mirror-emergence`` and is tested (``post``); an
expertise block (learning on) then holds ``n_train_repeats`` self-executions with re-afference
of action 0 (practised) and as many sights of action 1 alone (seen); action 2 is untrained; a
test block (``trained``) follows. Measures: :mod:`mirrorsim.analysis.expertise`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from mirrorsim.experiments.base import (
    Experiment,
    block_point,
    run_block_experiment,
    run_kind,
)

if TYPE_CHECKING:
    from mirrorsim.params import Params
    from mirrorsim.simulate import Target

NAME = "expertise"
RUN_KIND = run_kind(NAME)
_ROLES = ("practised", "seen", "untrained")  # mirrorsim.protocols.EXPERTISE_ROLES (no Brian2)
#: The record keys a sweep's table holds (:func:`mirrorsim.analysis.expertise.expertise_record`).
MEASURES = (
    *(f"gain.{role}" for role in _ROLES),
    *(
        f"{block}.{role}.{key}"
        for key in ("observe_hz", "mirror_index", "mep_facilitation")
        for role in _ROLES
        for block in ("post", "trained")
    ),
)


def run_expertise(
    params: Params,
    seed: int,
    out_dir: Path | None = None,
    target: Target = "standalone",
    progress: bool = True,
    overwrite: bool = False,
) -> Path:
    """Develop, test, practise action 0 and watch action 1, test again.

    Parameters and result folder as :func:`~mirrorsim.experiments.counter_mirror.run_counter_mirror`
    (``results/expertise/seed-N``; figure ``expertise``).
    """
    from mirrorsim.analysis.expertise import expertise_record
    from mirrorsim.plots import save_figure
    from mirrorsim.protocols import expertise_protocol
    from mirrorsim.training_plots import expertise_figure

    return run_block_experiment(
        NAME, params, seed, out_dir, target, progress, overwrite,
        expertise_protocol, expertise_record,
        lambda record, folder: save_figure(expertise_figure([record]), folder, "expertise"),
    )  # fmt: skip


def expertise_point(
    params: Params, seed: int, target: Target = "standalone", session: Any = None
) -> dict[str, Any]:
    """One sweep point: the run's record (:func:`mirrorsim.analysis.expertise.expertise_record`)."""
    from mirrorsim.analysis.expertise import expertise_record
    from mirrorsim.protocols import expertise_protocol

    return block_point(params, seed, target, session, expertise_protocol, expertise_record)


EXPERIMENT = Experiment(
    name=NAME,
    summary="practise one action, only watch another: do observation responses grow with "
    "motor experience? (Calvo-Merino et al. 2005, 2006)",
    run=run_expertise,
    point=expertise_point,
    protocol_tag="expertise-v1",
    measures=MEASURES,
)
