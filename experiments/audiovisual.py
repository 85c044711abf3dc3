"""Audio-visual mirror neurons: does learning from one's own actions make F5 neurons hear them?

Question
    When the network hears its own sounding actions in development as it sees them, do F5
    neurons come to respond to the sound alone, as to the sight alone, and does the population's
    response to a sound tell which action made it? How do these responses change in the
    hypoactive and hyperactive regimes?

Paper
    Kohler et al. 2002 (Science 297:846): F5 neurons that discharge when the monkey performs an
    action, sees it, and hears it (breaking a peanut, tearing paper). Keysers et al. 2003 (Exp
    Brain Res 153:628): the sound alone discriminated the actions. MNS2 (Bonaiuto & Arbib)
    simulated both with an auditory input learned alongside the visual one.

Expected (written before the runs)
    The auditory input is a copy of the visual pathway (same cells per action, connection
    probability and weight onto IPL E; nothing tuned): after learning, the shares of F5 E that
    respond to sound alone and to sight alone should be alike, most of them both (audio-visual),
    with the same preferred action for both; before learning few. A decoder should read the heard
    action from F5 after learning. Seeing and hearing at once drives IPL twice: with nothing that
    saturates or normalises multisensory input, see+hear should exceed see only by more than the
    sum of the parts (the F5 NMDA loop amplifies). Sounding actions are heard and seen in
    development, so their sight may evoke more than that of the silent action. Coupling scales
    all of it (0.5: little; 2: more).

Measured
    The record of :mod:`mirrorsim.analysis.audiovisual` for blocks pre and post, at coupling 0.5,
    1 and 2 (the ``audiovisual`` sweep preset), 5 seeds each; plus one full run (seed 1) with the
    population PSTHs of the audio-visual neurons per condition.

Run
    uv run python experiments/audiovisual.py [--workers 2]
    Runs (or resumes) the preset as a Dask sweep into results/audiovisual/sweep, runs seed 1 into
    results/audiovisual/seed-1 if it is not there, and writes results/audiovisual/summary.json,
    regimes.png and (copied from the run) psth.png.
"""

import argparse
import json
import shutil
from pathlib import Path

from mirrorsim.experiments.audiovisual import MEASURES, run_audiovisual
from mirrorsim.params import make_params
from mirrorsim.plots import save_figure
from mirrorsim.results import now, provenance, to_jsonable, write_json
from mirrorsim.sweep.output import by_level
from mirrorsim.sweep.presets import run_preset
from mirrorsim.training_plots import levels_figure

OUT = Path("results/audiovisual")
PANELS = {
    "post.audiovisual_fraction": "audio-visual share of F5 E",
    "post.sound_fraction": "sound-responsive share",
    "post.pool_hz.hear": "F5 pool, hearing (Hz above rest)",
    "post.pool_hz.see_hear": "F5 pool, seeing + hearing (Hz)",
    "post.decoder_accuracy": "heard action decoded",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    started = now()
    records, seeds = run_preset("audiovisual", args.out / "sweep", args.workers)
    records = [r | {"coupling": float(r["knob.coupling"])} for r in records]
    table = {f"coupling={c:g}": row for c, row in by_level(records, "coupling", MEASURES).items()}
    write_json(
        args.out / "summary.json",
        to_jsonable(
            {
                "question": "do F5 neurons learn to hear one's own actions?",
                "paper": "Kohler et al. 2002 (Science 297:846); Keysers et al. 2003",
                "n_sounding_actions": 2,
                "seeds": seeds,
                "by_coupling": table,
                "provenance": provenance("standalone", started, now()),
            }
        ),
    )
    fig = levels_figure(
        records, "coupling", PANELS, "coupling (after learning)",
        "audiovisual: F5 responses to action sounds across the regimes",
    )  # fmt: skip
    save_figure(fig, args.out, "regimes")
    run_dir = args.out / "seed-1"
    if not (run_dir / "metrics.json").exists():
        run_audiovisual(make_params(), 1, run_dir)
    for suffix in ("png", "svg"):
        shutil.copyfile(run_dir / f"audiovisual.{suffix}", args.out / f"psth.{suffix}")
    print(json.dumps(to_jsonable(table["coupling=1"]), indent=1))


if __name__ == "__main__":
    main()
