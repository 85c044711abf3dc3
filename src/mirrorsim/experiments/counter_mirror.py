"""``counter-mirror``: does training an incompatible sensorimotor mapping reverse the mirror?

Catmur, Walsh & Heyes (2007, Curr Biol 17:1527) trained people to make one finger movement
while watching the other; afterwards TMS showed the reverse of the usual muscle-specific
facilitation (the observed movement facilitated the *other* muscle). Compatible training left it
as it was. The associative account (Heyes 2010) predicts this: mirror properties follow
sensorimotor contingency, and new contingencies re-map them.

Here (model §6.6) the network develops as in ``mirror-emergence``, is tested (block ``post``),
then trains with learning on: executing action *k* while seeing action *k + 1* (incompatible,
``training_mapping``) or *k* itself (compatible), ``n_train_repeats`` times per action, and is
tested again (block ``trained``). The measures (:mod:`mirrorsim.analysis.training`) compare the
seen action's own F5 pool and M1 muscle with the counter-paired ones.
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

if TYPE_CHECKING:  # the registry stays light: `mirrorsim list` and `--help` need no Brian2
    from mirrorsim.params import Params
    from mirrorsim.simulate import Target

NAME = "counter-mirror"
RUN_KIND = run_kind(NAME)
#: The committed comparison (experiments/counter_mirror.py): both trainings at three doses
#: (a quarter, half and as many trials per action as development), 5 seeds each.
TRAINING_GRID = {
    "training_mapping": ("compatible", "incompatible"),
    "n_train_repeats": (5, 10, 20),
}
#: Incompatible training below a quarter of development's dose: where the reversal sets in.
LOW_DOSE_GRID = {"training_mapping": ("incompatible",), "n_train_repeats": (1, 2)}
TRAINING_SEEDS = 5
_BLOCK_MEASURES = (
    "mapping_hz",
    "congruent_hz",
    "counter_hz",
    "congruent_units",
    "counter_units",
    "mep_seen",
    "mep_counter",
    "mirror_index",
    "f5_mirror_fraction",
)
#: The record keys a sweep's table and the committed summary hold
#: (:func:`mirrorsim.analysis.training.training_record`).
MEASURES = (
    *(f"{block}.{key}" for key in _BLOCK_MEASURES for block in ("post", "trained")),
    "reversal",
)


def run_counter_mirror(
    params: Params,
    seed: int,
    out_dir: Path | None = None,
    target: Target = "standalone",
    progress: bool = True,
    overwrite: bool = False,
) -> Path:
    """Develop, test, train the mapping ``params.training_mapping``, test again.

    Parameters
    ----------
    params : Params
        The model; ``training_mapping`` and ``n_train_repeats`` set the training.
    seed : int
        Seeds connectivity, initial values, Poisson input and the trial orders.
    out_dir : path, optional
        Result folder (default ``results/counter-mirror/seed-N``), as for ``mirror-emergence``.
    target : {"standalone", "runtime", "numpy"}
        Brian2 code target.
    progress : bool
        Print the phases and Brian2's progress on stderr.

    Returns
    -------
    Path
        The folder: ``metrics.json`` (:func:`mirrorsim.analysis.training.training_record`),
        ``params.json``, raw arrays, ``run.nwb`` and the figure ``mapping``.
    """
    from mirrorsim.analysis.training import training_record
    from mirrorsim.protocols import counter_mirror_protocol
    from mirrorsim.training_plots import counter_mirror_figures

    return run_block_experiment(
        NAME, params, seed, out_dir, target, progress, overwrite,
        counter_mirror_protocol, training_record, counter_mirror_figures,
    )  # fmt: skip


def counter_mirror_point(
    params: Params, seed: int, target: Target = "standalone", session: Any = None
) -> dict[str, Any]:
    """One sweep point: the run's record (:func:`mirrorsim.analysis.training.training_record`)."""
    from mirrorsim.analysis.training import training_record
    from mirrorsim.protocols import counter_mirror_protocol

    return block_point(params, seed, target, session, counter_mirror_protocol, training_record)


EXPERIMENT = Experiment(
    name=NAME,
    summary="train an incompatible (or compatible) mapping after development: does it reverse "
    "the mirror? (Catmur et al. 2007)",
    run=run_counter_mirror,
    point=counter_mirror_point,
    protocol_tag="counter-mirror-v1",
    measures=MEASURES,
)
