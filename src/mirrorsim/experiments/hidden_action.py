"""``hidden-action``: do mirror neurons keep responding when the end of an action is hidden?

Umiltà et al. (2001, Neuron 32:91) showed F5 mirror neurons a grasp whose final part went
behind a screen: more than half of them responded in the hidden part when the monkey knew an
object was behind the screen, and not when it knew there was none (a pantomime). MNS2
(Bonaiuto, Rosta & Arbib 2007) explains it with a working memory of the hand and the object.

Here (model §6.11) an object input (``obj``, not action-tuned) drives every IPL E cell while
an object is in view or known behind the screen, in every action made on an object,
development included. The sight of the action (STS) ends at ``screen_time``. Two ways across
the occlusion are compared:

- *the network's own means* (``n_memory_per_action`` = 0): the short-term facilitation that
  the visible part leaves in the seen action's learned IPL->F5 synapses (``stf_tau`` = 500 ms;
  a synaptic memory, Mongillo, Barak & Tsodyks 2008), which could route the object's
  unselective drive to the seen action's F5 pool, and F5's NMDA-like recurrence;
- *a working memory of the hand* as in MNS2 (``n_memory_per_action`` > 0): a prefrontal input
  per action that holds the seen action from the screen passage to the trial's end, in both
  hidden conditions (the hand was seen to start in both), onto IPL as the sight did. Whether
  an object is there is not in the memory: only the object input differs between ``hidden``
  and ``hidden_mime``.

Run: develop, then one test block (``post``) with the conditions full vision (``observe``),
``hidden``, ``mime``, ``hidden_mime`` and ``object_only``. Measures:
:mod:`mirrorsim.analysis.hidden`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from mirrorsim.experiments.base import (
    Experiment,
    SweepPreset,
    block_point,
    run_block_experiment,
    run_kind,
)

if TYPE_CHECKING:  # the registry stays light: `mirrorsim list` and `--help` need no Brian2
    from mirrorsim.params import Params
    from mirrorsim.protocols import Protocol
    from mirrorsim.simulate import Target

NAME = "hidden-action"
RUN_KIND = run_kind(NAME)
#: Object input cells and working-memory cells per action when the parameters name no object
#: input: each a fifth of an action's sight (100 of ``n_sts_per_action`` = 500 cells at the
#: same rate and weight), chosen before any run and not tuned to an outcome (model §6.11).
DEFAULT_OBJECT_INPUTS = 100
DEFAULT_MEMORY_PER_ACTION = 100
_BLOCK_MEASURES = (
    "mirror_fraction",
    "hidden_fraction",
    "hidden_mime_fraction",
    "mime_fraction",
    "object_fraction",
    "hidden_ratio",
    "mirror_hz.observe.visible",
    "mirror_hz.observe.hidden",
    "mirror_hz.hidden.visible",
    "mirror_hz.hidden.hidden",
    "mirror_hz.mime.visible",
    "mirror_hz.mime.hidden",
    "mirror_hz.hidden_mime.visible",
    "mirror_hz.hidden_mime.hidden",
    "mirror_hz.object_only.full",
)
#: The record keys a sweep's table holds (:func:`mirrorsim.analysis.hidden.hidden_record`).
MEASURES = tuple(f"post.{key}" for key in _BLOCK_MEASURES)


def with_object(params: Params) -> Params:
    """``params`` with :data:`DEFAULT_OBJECT_INPUTS` object inputs and
    :data:`DEFAULT_MEMORY_PER_ACTION` working-memory cells per action if they name no object
    input; a user's own object input is kept with its memory (0: none, the control)."""
    from mirrorsim.params import make_params

    if params.n_object_inputs:
        return params
    defaults = {
        "n_object_inputs": DEFAULT_OBJECT_INPUTS,
        "n_memory_per_action": params.n_memory_per_action or DEFAULT_MEMORY_PER_ACTION,
    }
    return make_params(defaults, base=params)


def hidden_protocol(params: Params, seed: int) -> Protocol:
    """Develop, then test once: the post-learning part of the main job's schedule (model §6)."""
    from mirrorsim.protocols import mirror_emergence_protocol

    return mirror_emergence_protocol(params, seed, blocks=("post",))


def run_hidden_action(
    params: Params,
    seed: int,
    out_dir: Path | None = None,
    target: Target = "standalone",
    progress: bool = True,
    overwrite: bool = False,
) -> Path:
    """Develop with objects, then test full vision, hidden and mimed actions (model §6.11).

    Parameters and result folder as :func:`~mirrorsim.experiments.counter_mirror.run_counter_mirror`
    (``results/hidden-action/seed-N``; figure ``hidden-action``: population PSTHs of the F5
    mirror neurons per condition aligned to the screen passage, and the shares of mirror
    neurons that respond in each).
    """
    from mirrorsim.analysis.hidden import hidden_record
    from mirrorsim.plots import save_figure
    from mirrorsim.training_plots import hidden_figure

    return run_block_experiment(
        NAME, with_object(params), seed, out_dir, target, progress, overwrite,
        hidden_protocol, hidden_record, lambda record, folder: None,
        lambda data, folder: save_figure(hidden_figure(data), folder, "hidden-action"),
    )  # fmt: skip


def hidden_action_point(
    params: Params, seed: int, target: Target = "standalone", session: Any = None
) -> dict[str, Any]:
    """One sweep point: the run's record (:func:`mirrorsim.analysis.hidden.hidden_record`)."""
    from mirrorsim.analysis.hidden import hidden_record

    params = with_object(params)
    return block_point(params, seed, target, session, hidden_protocol, hidden_record)


EXPERIMENT = Experiment(
    name=NAME,
    summary="see the start of an action, the rest hidden behind a screen, with or without an "
    "object there (Umiltà et al. 2001)",
    run=run_hidden_action,
    point=hidden_action_point,
    protocol_tag="hidden-action-v1",
    measures=MEASURES,
    presets={
        "hidden-action": SweepPreset(
            "hidden-action",
            "hidden-action responses with and without a working memory, in the hypoactive, "
            "typical and hyperactive regimes (coupling after learning; model §6.11)",
            {
                "coupling": (0.5, 1.0, 2.0),
                "n_memory_per_action": (0, DEFAULT_MEMORY_PER_ACTION),
                "n_object_inputs": (DEFAULT_OBJECT_INPUTS,),
            },
            seeds=5,
        ),
        "hidden-action-interaction": SweepPreset(
            "hidden-action-interaction",
            "half of each action's sight from STS hand-object interaction cells, silent in a "
            "mimed action (Perrett et al. 1989), at the typical coupling with the working "
            "memory (model §6.11)",
            {
                "n_sts_per_action": (250,),
                "n_interaction_per_action": (250,),
                "n_memory_per_action": (DEFAULT_MEMORY_PER_ACTION,),
                "n_object_inputs": (DEFAULT_OBJECT_INPUTS,),
            },
            seeds=5,
        ),
    },
)
