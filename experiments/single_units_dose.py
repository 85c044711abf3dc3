"""Experience and structure: what sets the single-unit classes of the sight-grip configuration?

Question (issue 22, item 2)
    On the configuration whose F5 classes fall in the recorded bands except observation
    suppression (graded tuning, unstructured IPL->F5, heterosynaptic term, sight_grip_width_factor
    2; model §3.8), do the mirror fraction, the congruence mix and the mirror index come from
    experience (a dose-response over the amount of development, from none to saturation), and
    how much do they move when structural parameters change by +-25 %?

Data
    The runs of the configurations ``graded_unstructured_zenke_sightgrip2`` (20 development
    repeats per action, the default), ``..._dev{2,5,10,40}`` and ``..._{parameter}_{minus,plus}25``
    of ``experiments/single_units.py`` (their expectations are written there, before the runs),
    summarised by that script into one summary file. "None" is the same runs' test block before
    development (the pre-learning block of every run).

Run
    uv run python experiments/single_units.py RUN_DIR... --out SUMMARY.json   (per batch)
    uv run python experiments/single_units_dose.py results/single-units/summary-sightgrip.json \
        results/single-units/summary-experience.json results/single-units/summary-sensitivity.json
    Writes results/single-units/sightgrip2-design.json and the figures experience-dose.png and
    sensitivity.png (--out: another folder).
"""

import argparse
import json
import math
from pathlib import Path

import numpy as np
from single_units import DEV_DOSES, SENSITIVITY, mean_sd  # the runs' definitions (same folder)

BASE = "graded_unstructured_zenke_sightgrip2"
BASE_REPEATS = 20
#: per-run numbers of a row: (summary section, key); class shares are of F5 E / of mirror units
MEASURES = {
    "mirror": ("f5_e", "mirror"),
    "strictly_congruent": ("f5_e", "strictly_congruent"),
    "broadly_congruent": ("f5_e", "broadly_congruent"),
    "non_congruent": ("f5_e", "non_congruent"),
    "observation_suppressed": ("f5_e", "observation_suppressed"),
    "m1_mirror": ("m1_e", "mirror"),
    "mirror_index": ("run", "mirror_index_post"),
}


def _value(run: dict, section: str, key: str) -> float:
    v = run.get(section, {}).get(key)
    return math.nan if v is None else float(v)


def merged(summaries) -> dict:
    """One summary from several: their runs per configuration and their provenance, joined
    (a run that two files hold is the same run: the later file's copy is kept)."""
    out: dict = {"runs": {}, "provenance": {}}
    for summary in summaries:
        for config, runs in summary["runs"].items():
            out["runs"].setdefault(config, {}).update(runs)
        out["provenance"].update(summary.get("provenance", {}))
    return out


def experience_rows(summary: dict) -> list[dict]:
    """One row per amount of development (repeats per action; 0: before development)."""
    runs = summary["runs"]
    base = runs[BASE]
    rows = [
        {
            "repeats": 0,
            "seeds": sorted(base, key=int),
            "mirror": mean_sd([_value(r, "run", "f5_e_mirror_pre") for r in base.values()]),
            "m1_mirror": mean_sd([_value(r, "run", "m1_e_mirror_pre") for r in base.values()]),
            "mirror_index": mean_sd([_value(r, "run", "mirror_index_pre") for r in base.values()]),
        }
    ]
    configs = {n: f"{BASE}_dev{n}" for n in DEV_DOSES} | {BASE_REPEATS: BASE}
    for n in sorted(configs):
        config_runs = runs.get(configs[n], {})
        if not config_runs:
            continue
        row = {"repeats": n, "seeds": sorted(config_runs, key=int)}
        for name, (section, key) in MEASURES.items():
            row[name] = mean_sd([_value(r, section, key) for r in config_runs.values()])
        rows.append(row)
    return rows


def sensitivity_rows(summary: dict) -> list[dict]:
    """Per parameter and direction: the change of each measure against the base configuration
    in the same seeds (paired), mean +- sd over the seeds."""
    runs = summary["runs"]
    base = runs[BASE]
    rows = []
    for parameter, values in SENSITIVITY.items():
        for tag, value in zip(("minus25", "plus25"), values, strict=True):
            config_runs = runs.get(f"{BASE}_{parameter}_{tag}", {})
            seeds = sorted(set(config_runs) & set(base), key=int)
            if not seeds:
                continue
            row = {"parameter": parameter, "change": tag, "value": value, "seeds": seeds}
            for name, (section, key) in MEASURES.items():
                row[name] = mean_sd([_value(config_runs[s], section, key) for s in seeds])
                row[f"{name}_base"] = mean_sd([_value(base[s], section, key) for s in seeds])
                row[f"{name}_change"] = mean_sd(
                    [
                        _value(config_runs[s], section, key) - _value(base[s], section, key)
                        for s in seeds
                    ]
                )
            rows.append(row)
    return rows


def experience_figure(rows: list[dict]):
    """Mirror fraction, congruence mix and mirror index against development repeats."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(11.5, 3.4), constrained_layout=True)
    x = np.array([r["repeats"] for r in rows], float)

    def line(ax, name, label, scale=100.0, **kw):
        m = np.array([r.get(name, [math.nan] * 2)[0] for r in rows]) * scale
        s = np.array([r.get(name, [math.nan] * 2)[1] for r in rows]) * scale
        ax.errorbar(x, m, yerr=np.nan_to_num(s), marker="o", capsize=3, label=label, **kw)

    ax = axes[0]
    ax.axhspan(10, 30, color="0.9", label="Gallese et al. 1996 band")
    line(ax, "mirror", "F5 E")
    line(ax, "m1_mirror", "M1 E", color="tab:red")
    ax.set_ylabel("mirror neurons (% of E cells)")
    ax.set_title("mirror fraction")
    ax = axes[1]
    ax.axhspan(20, 45, color="tab:blue", alpha=0.12)
    ax.axhspan(40, 75, color="tab:orange", alpha=0.12)
    line(ax, "strictly_congruent", "strictly congruent", color="tab:blue")
    line(ax, "broadly_congruent", "broadly congruent", color="tab:orange")
    line(ax, "observation_suppressed", "observation-suppressed", color="tab:green")
    ax.set_ylabel("% of F5 mirror neurons")
    ax.set_title("congruence (bands: recorded)")
    ax = axes[2]
    line(ax, "mirror_index", "F5 E", scale=1.0, color="k")
    ax.axhline(0.2, color="0.6", ls="--", lw=1, label="hypoactive below 0.2")
    ax.set_ylabel("mirror index")
    ax.set_title("mirror index")
    for ax in axes:
        ax.set_xlabel("development: self-observed executions per action")
        ax.set_xscale("symlog", linthresh=2)
        ax.set_xticks(x)
        ax.set_xticklabels([f"{v:g}" for v in x])
        ax.legend(fontsize=7, frameon=False)
    fig.suptitle(
        "Experience makes the classes: sight across grips (factor 2), heterosynaptic term; "
        "mean ± sd over seeds (0: before development)",
        fontsize=9,
    )
    return fig


def sensitivity_figure(rows: list[dict]):
    """Paired change of each measure at -25 % and +25 % of each structural parameter."""
    import matplotlib.pyplot as plt

    panels = (
        ("mirror", "F5 mirror, % points of F5 E", 100.0),
        ("broadly_congruent", "broadly congruent, % points", 100.0),
        ("mirror_index", "mirror index", 1.0),
    )
    fig, axes = plt.subplots(1, 3, figsize=(11.5, 3.4), constrained_layout=True)
    parameters = list(SENSITIVITY)
    for ax, (name, label, scale) in zip(axes, panels, strict=True):
        for k, parameter in enumerate(parameters):
            for r in rows:
                if r["parameter"] != parameter:
                    continue
                dx = -0.12 if r["change"] == "minus25" else 0.12
                m, s = (v * scale for v in r[f"{name}_change"])
                color = "tab:blue" if r["change"] == "minus25" else "tab:red"
                ax.errorbar(k + dx, m, yerr=0 if math.isnan(s) else s, fmt="o", color=color,
                            capsize=3)  # fmt: skip
        ax.axhline(0, color="0.5", lw=1)
        ax.set_xticks(range(len(parameters)))
        ax.set_xticklabels(parameters, fontsize=7, rotation=10)
        ax.set_ylabel(f"change: {label}", fontsize=8)
    axes[0].plot([], [], "o", color="tab:blue", label="-25 %")
    axes[0].plot([], [], "o", color="tab:red", label="+25 %")
    axes[0].legend(fontsize=7, frameon=False)
    fig.suptitle(
        "Sensitivity to structural parameters (paired with the same seeds at the nominal value; "
        "mean ± sd of the change)",
        fontsize=9,
    )
    return fig


def main() -> None:
    from mirrorsim.plots import save_figure
    from mirrorsim.results import write_json

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "summaries", nargs="+", type=Path, help="summary files of experiments/single_units.py"
    )
    parser.add_argument("--out", type=Path, default=Path("results/single-units"))
    args = parser.parse_args()
    summary = merged(json.loads(path.read_text()) for path in args.summaries)
    out = {
        "question": __doc__.split("\n\n")[1].strip(),
        "summaries": [str(path) for path in args.summaries],
        "experience": experience_rows(summary),
        "sensitivity": sensitivity_rows(summary),
        "provenance": summary.get("provenance", {}),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    write_json(args.out / "sightgrip2-design.json", out)
    save_figure(experience_figure(out["experience"]), args.out, "experience-dose")
    save_figure(sensitivity_figure(out["sensitivity"]), args.out, "sensitivity")
    for row in out["experience"]:
        print(row["repeats"], {k: v for k, v in row.items() if k not in ("repeats", "seeds")})
    for row in out["sensitivity"]:
        changes = {k: v for k, v in row.items() if k.endswith("_change")}
        print(row["parameter"], row["change"], changes)


if __name__ == "__main__":
    main()
