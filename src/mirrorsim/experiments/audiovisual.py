"""``audiovisual``: do F5 neurons that learn from seeing one's actions also learn their sounds?

Kohler et al. (2002, Science 297:846) found F5 neurons that discharge when the monkey performs an
action, sees it and also when it only hears it (breaking a peanut, tearing paper): audio-visual
mirror neurons; Keysers et al. (2003) showed that their responses to the sound alone told which
action was heard. The associative account predicts them: an action's sound, like its sight,
follows its execution, so the same Hebbian learning should link it to the motor pool.

Here (model §6.10) actions 0 .. ``n_sounding_actions`` - 1 make a sound (the experiment's
default: 2 of the 3 actions; the last is silent, as grasping); an auditory population (``aud``)
projects onto IPL E as STS does. The run is the main job's schedule (test, develop, test): in
development the network hears its own sounding actions as it sees them; the test blocks add
``hear`` (sound only) and ``see_hear`` trials of the sounding actions to ``observe`` (sight
only) and ``execute``. Measures: :mod:`mirrorsim.analysis.audiovisual`.
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
    from mirrorsim.simulate import Target

NAME = "audiovisual"
RUN_KIND = run_kind(NAME)
#: Sounding actions when the parameters name none (Kohler et al. 2002 tested actions with a
#: sound, as breaking a peanut and tearing paper, among silent ones).
DEFAULT_SOUNDING = 2
_BLOCK_MEASURES = (
    "sound_fraction",
    "sight_fraction",
    "audiovisual_fraction",
    "sound_only_fraction",
    "sight_only_fraction",
    "audiovisual_mirror_fraction",
    "audiovisual_congruent",
    "pool_hz.see_hear",
    "pool_hz.observe",
    "pool_hz.hear",
    "pool_hz.execute",
    "silent_observe_hz",
    "decoder_accuracy",
    "decoder_chance",
    "decoder_p",
)
#: The record keys a sweep's table holds
#: (:func:`mirrorsim.analysis.audiovisual.audiovisual_record`).
MEASURES = tuple(f"{block}.{key}" for key in _BLOCK_MEASURES for block in ("pre", "post"))


def with_sound(params: Params) -> Params:
    """``params`` with :data:`DEFAULT_SOUNDING` sounding actions if they name none (the
    experiment needs at least one; a user's own choice is kept)."""
    from mirrorsim.params import make_params

    if params.n_sounding_actions:
        return params
    sounding = min(DEFAULT_SOUNDING, params.n_actions)
    return make_params({"n_sounding_actions": sounding}, base=params)


def run_audiovisual(
    params: Params,
    seed: int,
    out_dir: Path | None = None,
    target: Target = "standalone",
    progress: bool = True,
    overwrite: bool = False,
) -> Path:
    """Test, develop with the sounds of one's own actions, test again (model §6.10).

    Parameters and result folder as :func:`~mirrorsim.experiments.counter_mirror.run_counter_mirror`
    (``results/audiovisual/seed-N``; figure ``audiovisual``: population PSTHs of the F5
    audio-visual neurons per condition, the shares of sound, sight and audio-visual neurons
    and the decoder's accuracy, before and after learning).
    """
    from mirrorsim.analysis.audiovisual import audiovisual_record
    from mirrorsim.plots import save_figure
    from mirrorsim.protocols import mirror_emergence_protocol
    from mirrorsim.training_plots import audiovisual_figure

    return run_block_experiment(
        NAME, with_sound(params), seed, out_dir, target, progress, overwrite,
        mirror_emergence_protocol, audiovisual_record, lambda record, folder: None,
        lambda data, folder: save_figure(audiovisual_figure(data), folder, "audiovisual"),
    )  # fmt: skip


def audiovisual_point(
    params: Params, seed: int, target: Target = "standalone", session: Any = None
) -> dict[str, Any]:
    """One sweep point: the run's record
    (:func:`mirrorsim.analysis.audiovisual.audiovisual_record`)."""
    from mirrorsim.analysis.audiovisual import audiovisual_record
    from mirrorsim.protocols import mirror_emergence_protocol

    params = with_sound(params)
    return block_point(params, seed, target, session, mirror_emergence_protocol, audiovisual_record)


EXPERIMENT = Experiment(
    name=NAME,
    summary="hear one's own actions while learning: F5 neurons that respond to action sounds "
    "(Kohler et al. 2002; Keysers et al. 2003)",
    run=run_audiovisual,
    point=audiovisual_point,
    protocol_tag="audiovisual-v1",
    measures=MEASURES,
    presets={
        "audiovisual": SweepPreset(
            "audiovisual",
            "sound responses in the hypoactive, typical and hyperactive regimes "
            "(coupling after learning; model §6.10)",
            {"coupling": (0.5, 1.0, 2.0)},
            seeds=5,
        )
    },
)
