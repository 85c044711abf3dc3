"""Contiguity: does learning follow the order and delay of sight and intention?

Question
    In development the network executes an action and sees it after ``reafference_delay``
    (model §6.8). With the number of paired events fixed, how does the learned mirror mapping
    depend on that delay, from the sight a whole trial before the intention (-500 ms: no overlap)
    through the default re-afference (+80 ms) to the sight a whole trial after it (+500 ms: no
    overlap)? And are F5 observation responses after learning predictive (at or before the
    visual input) or do they lag it?

Paper
    Keysers & Gazzola 2014 (Phil Trans R Soc B 369:20130175): Hebbian learning of mirror
    neurons must follow the spike-timing window, so the sight of one's own action, which lags
    the motor command, is what is learned; Hanuschkin et al. 2013 (Front Neural Circuits 7:106)
    on inverse models learned this way. Cook et al. 2014 (Behav Brain Sci 37:177) on
    contiguity as one of the two conditions of associative learning.

Expected (written before the runs)
    The pools' activity lasts a whole trial (500 ms), far longer than the triplet rule's pair
    windows (16.8 and 33.7 ms; triplet traces 575 and 47 ms, model §2.1), so what matters is
    how long IPL (driven by the sight) and F5 (driven by the intention) fire together: learning
    should fall with |delay| and be near zero at +-500 ms, where they do not overlap. The rule
    is not symmetric: with the sight first (negative delay) the IPL onset precedes the F5 onset
    (pre before post, potentiation), with the sight after (positive) the F5 offset comes
    before the IPL offset and the IPL spikes that outlast F5 find no post-synaptic partner (pre
    without post, depression). So at equal |delay| a negative delay should learn at least as
    much as a positive one. The test's observed actions come in random order, so F5 should lag
    STS.

Found (docs/claims.md, "Contiguity")
    No overlap, no learning, as expected; but the asymmetry is the opposite of the prediction:
    a sight that lags the intention learns more than one that leads it by as much.

Without F5's NMDA-like recurrence (added after the first sweep, before its runs)
    Two mechanisms could make a lagging sight learn more than a leading one. (a) F5's
    NMDA-like recurrence (model §3.2) keeps the pool firing for a while after the intention
    ends, so a sight that outlasts the intention still finds post-synaptic spikes; a leading
    sight has no such tail before the intention starts. (b) Heterosynaptic depression while F5
    fires without IPL: 200 ms of it in both orders, but with a lagging sight it comes before the
    pairing in each trial, with a leading sight after it, where it takes back what the pairing
    just built up to the w_max cap. The `contiguity-no-nmda` preset repeats -200, 0 and +200 ms
    with p_f5_nmda = 0. Expected: if (a), the advantage of +200 over -200 shrinks or vanishes
    without the NMDA synapses; if it stays, the tail is not the cause and (b) (or the pools'
    adaptation) is the better candidate.

Found without it (seeds 1-5; docs/claims.md, "Contiguity")
    (a): without the NMDA synapses -200 and +200 ms learn alike (mirror pairs' weight 0.50 and
    0.50, mirror index 0.53 and 0.53; with them 0.42 vs 0.56 and 0.29 vs 0.44). F5's tail
    after the intention makes the re-afferent order learn best.

Measured
    The post-learning test block's mirror index and F5 mirror fraction, the mean learned
    IPL->F5 weight of the mirror pairs (w_same_post) and of the other pairs (w_other_post), and
    each stage's onset latency in observe trials (latency_observe_ms.*), at each delay of the
    ``contiguity`` sweep preset, 5 seeds each.

Run
    uv run python experiments/contiguity.py [--workers 2]
    Runs (or resumes) the preset as a Dask sweep into results/contiguity/sweep and writes
    results/contiguity/summary.json and contiguity.png; then the contiguity-no-nmda preset into
    results/contiguity/no-nmda-sweep (its table: summary.json's no_nmda_by_delay).
"""

import argparse
import json
from pathlib import Path

from brian2 import ms

from mirrorsim.params import make_params
from mirrorsim.plots import save_figure
from mirrorsim.results import now, provenance, to_jsonable, write_json
from mirrorsim.sweep.output import by_level
from mirrorsim.sweep.presets import run_preset
from mirrorsim.training_plots import levels_figure

OUT = Path("results/contiguity")
PANELS = {
    "mirror_index_post": "mirror index",
    "f5_mirror_fraction_post": "F5 mirror fraction",
    "w_same_post": "w mirror pairs",
    "w_other_post": "w other pairs",
}
LATENCIES = tuple(f"latency_observe_ms.{pop}" for pop in ("sts", "ipl_e", "f5_e", "m1_e"))


def _delay_ms(value: str) -> float:
    """A swept delay ('-200 ms' or '-200.0 msecond') in ms."""
    number, unit = str(value).split()
    return float(number) * {"ms": 1.0, "msecond": 1.0, "s": 1000.0, "second": 1000.0}[unit]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    started = now()
    records, seeds = run_preset("contiguity", args.out / "sweep", args.workers)
    records = [r | {"delay_ms": _delay_ms(r["knob.reafference_delay"])} for r in records]
    t_trial_ms = float(make_params().t_trial / ms)
    table = {
        f"delay={d:g}ms": {"overlap_fraction": max(0.0, 1 - abs(d) / t_trial_ms), **row}
        for d, row in by_level(records, "delay_ms", (*PANELS, *LATENCIES)).items()
    }
    write_json(
        args.out / "summary.json",
        to_jsonable(
            {
                "question": "does learning follow the order and delay of sight and intention?",
                "paper": "Keysers & Gazzola 2014 (Phil Trans R Soc B 369:20130175)",
                "n_dev_repeats": make_params().n_dev_repeats,
                "seeds": seeds,
                "by_delay": table,
                "provenance": provenance("standalone", started, now()),
            }
        ),
    )
    fig = levels_figure(
        records, "delay_ms", PANELS, "sight after intention (ms)",
        "contiguity: development with the sight before (-) or after (+) the intention",
    )  # fmt: skip
    save_figure(fig, args.out, "contiguity")
    no_nmda = no_nmda_table(args.out / "no-nmda-sweep", t_trial_ms, args.workers)
    summary = json.loads((args.out / "summary.json").read_text())
    write_json(args.out / "summary.json", to_jsonable(summary | {"no_nmda_by_delay": no_nmda}))
    print(json.dumps(to_jsonable(table | {"no NMDA": no_nmda}), indent=1))


def no_nmda_table(sweep_dir: Path, t_trial_ms: float, workers: int | None) -> dict:
    """Run the contiguity-no-nmda preset; its table by delay, as the first sweep's."""
    records, _ = run_preset("contiguity-no-nmda", sweep_dir, workers)
    records = [r | {"delay_ms": _delay_ms(r["knob.reafference_delay"])} for r in records]
    return {
        f"delay={d:g}ms": {"overlap_fraction": max(0.0, 1 - abs(d) / t_trial_ms), **row}
        for d, row in by_level(records, "delay_ms", (*PANELS, *LATENCIES)).items()
    }


if __name__ == "__main__":
    main()
