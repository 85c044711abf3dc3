"""Named experiments: parameters + protocol -> simulation -> analysis -> a result folder.

:data:`EXPERIMENTS` is the one registry that ``mirrorsim list``, ``mirrorsim run``,
``mirrorsim sweep``, the docs and the tests read. Adding an experiment is one module in this
package (defining an :class:`~mirrorsim.experiments.base.Experiment`) plus one line below
(``docs/adding-an-experiment.md``).
"""

from mirrorsim.experiments import (
    audiovisual,
    counter_mirror,
    expertise,
    hidden_action,
    mirror_emergence,
    post_learning,
    tms_paradigms,
)
from mirrorsim.experiments.base import (
    Experiment,
    SweepPreset,
    default_out_dir,
    run_kind,
    write_result_folder,
)
from mirrorsim.experiments.mirror_emergence import RUN_KIND, run_mirror_emergence
from mirrorsim.experiments.post_learning import post_learning_point, run_post_learning_test

EXPERIMENTS: dict[str, Experiment] = {
    exp.name: exp
    for exp in (
        mirror_emergence.EXPERIMENT,
        post_learning.EXPERIMENT,
        counter_mirror.EXPERIMENT,
        expertise.EXPERIMENT,
        audiovisual.EXPERIMENT,
        hidden_action.EXPERIMENT,
        tms_paradigms.EXPERIMENT,
    )
}

#: Named sweeps (``mirrorsim sweep NAME``): preset name -> (experiment, preset).
SWEEP_PRESETS: dict[str, tuple[Experiment, SweepPreset]] = {
    name: (exp, preset) for exp in EXPERIMENTS.values() for name, preset in exp.presets.items()
}

__all__ = [
    "EXPERIMENTS",
    "RUN_KIND",
    "SWEEP_PRESETS",
    "Experiment",
    "SweepPreset",
    "default_out_dir",
    "post_learning_point",
    "run_kind",
    "run_mirror_emergence",
    "run_post_learning_test",
    "write_result_folder",
]
