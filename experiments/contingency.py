"""Contingency: does learning fall when unpaired events are added and the paired ones kept?

Question
    With the number of paired events (executing k and seeing it 80 ms later) fixed at 20 per
    action, does adding unpaired events (seeing k without executing it, executing k unseen)
    weaken the learned mirror mapping, although contiguity is unchanged?

Paper
    Cook, Press, Dickinson & Heyes 2010 (JEP:HPP 36:840): automatic imitation was acquired after
    contingent sensorimotor training, and less when the same number of paired events came with
    unpaired ones (non-contingent training). Heyes 2010 reads this as the signature of
    associative learning: contingency, not contiguity, drives it.

Expected (written before the runs)
    Unpaired sights make IPL fire while F5 pools are at rest (pre without post: the triplet
    rule's pair depression, weak at F5's low rest rate); unpaired executions make F5 fire while
    the IPL pool is quiet (post without pre: heterosynaptic depression of the inactive inputs,
    model §2.1). Both should lower the learned weights of the mirror pairs, so the mirror index
    and the mirror fraction after development fall with u, but less than in proportion to the
    contingency P(see | execute) = 20 / (20 + u), because potentiation is driven by the
    paired events, whose number is fixed.

Measured
    The post-learning test block's mirror index and F5 mirror fraction, and the mean learned
    IPL->F5 weight of the mirror pairs (w_same_post) and of the other pairs (w_other_post), at
    n_dev_unpaired = u in 0, 10, 20 (the `contingency` sweep preset), 5 seeds each; also the
    onset latency of each stage's response to an observed action (latency_observe_ms.*).

Contingency x pairing (added after the first sweep, before its runs)
    The `contingency-pairing` preset repeats the grid with 5 and 10 paired events per action
    (u in 0, 10, 20), so that contingency P = n / (n + u) and the number of pairings n vary
    apart: e.g. n = 10, u = 0 (P = 1) against n = 20, u = 20 (P = 0.5). Expected: learning
    grows with n at every u (potentiation is driven by the pairings, and 5 or 10 may be too
    few to learn much at all); at fixed n it falls with u as in the first sweep. If learning
    followed contingency alone, equal P would give equal learning whatever n; the triplet rule
    has no term for P, so it should follow n more than P.

Found (docs/claims.md, "Contingency x pairing")
    The opposite of the expectation above: without unpaired events 5 pairings learn as much as
    20 (the weights saturate), and at equal P the cells end at about the same mirror index
    (n = 10, u = 10 and n = 20, u = 20): learning follows P, through recency (the last events
    of each action set the weights), not through any term for P in the rule.

Run
    uv run python experiments/contingency.py
    Runs (or resumes) both presets as Dask sweeps into results/contingency/sweep and
    results/contingency/pairing-sweep and writes results/contingency/summary.json,
    contingency.png and contingency-pairing.png.
"""

import argparse
import json
from pathlib import Path

from mirrorsim.params import make_params
from mirrorsim.plots import save_figure
from mirrorsim.results import now, provenance, to_jsonable, write_json
from mirrorsim.sweep.output import by_level
from mirrorsim.sweep.presets import run_preset
from mirrorsim.training_plots import levels_figure

OUT = Path("results/contingency")
PANELS = {
    "mirror_index_post": "mirror index",
    "f5_mirror_fraction_post": "F5 mirror fraction",
    "w_same_post": "w mirror pairs",
    "w_other_post": "w other pairs",
}
#: also summarised: each stage's onset latency in observe trials (contiguity, model §6.8)
KEYS = (*PANELS, *(f"latency_observe_ms.{pop}" for pop in ("sts", "ipl_e", "f5_e", "m1_e")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    started = now()
    records, seeds = run_preset("contingency", args.out / "sweep", args.workers)
    records = [r | {"u": r["knob.n_dev_unpaired"]} for r in records]
    n_paired = make_params().n_dev_repeats
    table = {
        f"u={u:g}": {"contingency_p_see_given_execute": n_paired / (n_paired + u), **row}
        for u, row in by_level(records, "u", KEYS).items()
    }
    write_json(
        args.out / "summary.json",
        to_jsonable(
            {
                "question": "does learning follow contingency at fixed contiguity?",
                "paper": "Cook, Press, Dickinson & Heyes 2010 (JEP:HPP 36:840)",
                "n_dev_repeats": n_paired,
                "seeds": seeds,
                "by_unpaired": table,
                "provenance": provenance("standalone", started, now()),
            }
        ),
    )
    fig = levels_figure(
        records, "u", PANELS, "unpaired events, u",
        f"contingency: u unpaired sights and u unseen executions per action, {n_paired} paired",
    )  # fmt: skip
    save_figure(fig, args.out, "contingency")
    grid = pairing_grid(records, args.out / "pairing-sweep", n_paired, args.workers)
    summary = json.loads((args.out / "summary.json").read_text())
    write_json(args.out / "summary.json", to_jsonable(summary | {"by_pairs_and_unpaired": grid}))
    print(json.dumps(to_jsonable(table), indent=1))


def pairing_grid(records: list, sweep_dir: Path, n_paired: int, workers: int | None) -> dict:
    """Run the contingency-pairing preset; the table by pairings n and unpaired u (with the
    first sweep's n = ``n_paired`` records) and its figure, one line per n."""
    more, _ = run_preset("contingency-pairing", sweep_dir, workers)
    records = [r | {"n": float(n_paired)} for r in records] + [
        r | {"n": float(r["knob.n_dev_repeats"]), "u": r["knob.n_dev_unpaired"]} for r in more
    ]
    table = {}
    for n in sorted({r["n"] for r in records}):
        rows = by_level([r for r in records if r["n"] == n], "u", KEYS)
        for u, row in rows.items():
            table[f"n={n:g},u={u:g}"] = {"contingency_p_see_given_execute": n / (n + u), **row}
    fig = levels_figure(
        records, "u", PANELS, "unpaired events, u",
        "contingency x pairing: n paired and u unpaired events per action", group="n",
    )  # fmt: skip
    save_figure(fig, sweep_dir.parent, "contingency-pairing")
    return table


if __name__ == "__main__":
    main()
