"""Named experiments: parameters + protocol -> simulation -> analysis -> a result folder.

The registry (:data:`EXPERIMENTS`) is what ``mirrorsim list``, ``mirrorsim run``, the docs and the
tests read; adding an experiment is one module here plus one line there
(``docs/adding-an-experiment.md``).
"""

from mirrorsim.experiments.registry import (
    EXPERIMENTS,
    RUN_KIND,
    Experiment,
    default_out_dir,
    run_kind,
    run_mirror_emergence,
)

__all__ = [
    "EXPERIMENTS",
    "RUN_KIND",
    "Experiment",
    "default_out_dir",
    "run_kind",
    "run_mirror_emergence",
]
