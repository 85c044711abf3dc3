"""The observation interneurons' starting step: suppressed units against the human directions.

Question (issue 22, item 3)
    On the F5-only coincidence setting (sight-grip configuration, observation_inhibition
    coincidence, obs_i_targets f5, n_dev_unpaired 10; model §2.5), how do the mirror units
    excited and suppressed while observing, mu and the MEP move with the obs_i synapses'
    starting step w_obs_i_e (0.5, 1, 1.5 and the nominal 2 nS)?

Data
    The runs of ``graded_unstructured_zenke_sightgrip2_obscoinc_u10_to_f5`` and its ``_w{step}``
    variants in ``experiments/single_units.py`` (expectations and outcomes written there),
    summarised by that script into results/single-units/summary-coincidence-targets.json and,
    with --human-only, human-measures-coincidence-targets.json.

Run
    uv run python experiments/observation_inhibition_step.py
    Writes results/single-units/inhibition-step.png (and .svg; --out: another folder).
"""

import argparse
import json
import math
from pathlib import Path

import numpy as np

BASE = "graded_unstructured_zenke_sightgrip2_obscoinc_u10_to_f5"
#: the starting step (nS) of each configuration; 2 nS is the nominal w_ie
STEPS = {BASE: 2.0, **{f"{BASE}_w{w}": float(w) for w in ("0.5", "1", "1.5")}}
#: per-seed values of a row: (file, population or None, key, scale)
MEASURES = {
    "excited_mirror_pct_of_f5": ("su", "f5_e", "facilitated_mirror_of_units", 100.0),
    "suppressed_pct_of_mirror": ("su", "f5_e", "observation_suppressed", 100.0),
    "mu_observe": ("human", None, "mu_suppression_observe", 1.0),
    "scalp_mu_observe": ("human", None, "eeg_mu_observe", 1.0),
    "mep_facilitation_pct": ("human", None, "mep_facilitation", 100.0),
}


def step_rows(su: dict, human: dict) -> list[dict]:
    """One row per starting step present in both files, in increasing step: the step (nS),
    the seeds, and per measure the per-seed values (same seed order)."""
    rows = []
    for config, step in sorted(STEPS.items(), key=lambda kv: kv[1]):
        if config not in su["runs"] or config not in human["runs"]:
            continue
        seeds = sorted(set(su["runs"][config]) & set(human["runs"][config]), key=int)
        row: dict = {"step_nS": step, "seeds": seeds}
        for name, (source, pop, key, scale) in MEASURES.items():
            runs = (su if source == "su" else human)["runs"][config]
            values = []
            for seed in seeds:
                value = runs[seed][pop][key] if pop else runs[seed][key]
                values.append(math.nan if value is None else scale * float(value))
            row[name] = values
        rows.append(row)
    return rows


def step_figure(rows: list[dict]):
    """Three panels against the starting step: unit classes, mu, MEP; seeds as dots."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(12, 3.8), constrained_layout=True)
    x = np.array([r["step_nS"] for r in rows])

    def plot(ax, name, label, color):
        for r in rows:
            ax.plot([r["step_nS"]] * len(r[name]), r[name], ".", color=color, alpha=0.5)
        ax.plot(x, [np.nanmean(r[name]) for r in rows], "-o", color=color, label=label)

    ax = axes[0]
    ax.axhspan(10, 40, color="tab:green", alpha=0.1, label="suppressed band (of mirror)")
    plot(ax, "excited_mirror_pct_of_f5", "excited while observing, % of F5 E", "tab:blue")
    plot(ax, "suppressed_pct_of_mirror", "observation-suppressed, % of mirror", "tab:green")
    ax.axhline(17, color="tab:blue", ls=":", lw=1, label="Gallese et al. 1996: ~17 %")
    ax.set_ylabel("%")
    ax.set_title("F5 mirror units")
    ax = axes[1]
    plot(ax, "mu_observe", "local (LFP proxy)", "k")
    plot(ax, "scalp_mu_observe", "scalp (C3)", "tab:purple")
    ax.axhline(0, color="0.5", lw=1)
    ax.set_ylabel("log ratio to rest (< 0: suppressed)")
    ax.set_title("mu while observing")
    ax = axes[2]
    plot(ax, "mep_facilitation_pct", "MEP while observing", "tab:red")
    ax.axhline(0, color="0.5", lw=1)
    ax.set_ylabel("% change from the static scene")
    ax.set_title("MEP facilitation")
    for ax in axes:
        ax.set_xlabel("obs_i starting step w_obs_i_e (nS; nominal 2)")
        ax.set_xticks(x)
        ax.legend(fontsize=7, frameon=False)
    fig.suptitle(
        "F5-only coincidence inhibition: suppressed units appear only where mu reverses "
        "(n_dev_unpaired 10; dots: seeds, line: mean)",
        fontsize=9,
    )
    return fig


def main() -> None:
    from mirrorsim.plots import save_figure

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    folder = Path("results/single-units")
    parser.add_argument("--summary", type=Path, default=folder / "summary-coincidence-targets.json")
    parser.add_argument(
        "--human", type=Path, default=folder / "human-measures-coincidence-targets.json"
    )
    parser.add_argument("--out", type=Path, default=folder)
    args = parser.parse_args()
    rows = step_rows(json.loads(args.summary.read_text()), json.loads(args.human.read_text()))
    args.out.mkdir(parents=True, exist_ok=True)
    save_figure(step_figure(rows), args.out, "inhibition-step")
    for r in rows:
        means = {k: round(float(np.nanmean(v)), 3) for k, v in r.items() if k in MEASURES}
        print(r["step_nS"], r["seeds"], means)


if __name__ == "__main__":
    main()
