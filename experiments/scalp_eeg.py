"""How much does the scalp mu index depend on the forward model's patch area? (issue 17)

Question
    The scalp EEG (model §4) treats each modelled area as one cortical patch of
    ``eeg_patch_area`` (6 cm², Cooper et al. 1965) and the rest of cortex as independent resting
    patches of the same size. The patch area sets the modelled areas' share of the electrode's
    power, and so the size of the scalp effects. What do the index, its observation/execution
    ratio and the share give at half and twice the area, on the same runs?

Run
    for s in 1 2 3 4 5; do
        uv run mirrorsim run mirror-emergence --seed $s --out DIR/seed-$s
    done
    uv run python experiments/scalp_eeg.py DIR/seed-* \
        --out results/human-measures/scalp-eeg-patch-area.json

Per run and patch area: ``eeg_mu_observe``, ``eeg_mu_execute``, ``eeg_task_share`` after
learning (and ``eeg_mu_observe`` before it); per area their mean and sd over runs, and the ratio
of the mean observation index to the mean execution index. The simulation does not depend on the
patch area, so one set of runs serves every area.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from mirrorsim.analysis.clinical import scalp_mu
from mirrorsim.params import make_params
from mirrorsim.results import load_run, now, provenance, write_json

AREAS_CM2 = (3.0, 6.0, 12.0)
KEYS = ("eeg_mu_observe", "eeg_mu_execute", "eeg_task_share")


def analyse(run_dirs: list[Path]) -> dict:
    """Per patch area, the scalp measures of every run and their mean and sd."""
    runs = [load_run(d) for d in run_dirs]
    out = {}
    for area in AREAS_CM2:
        rows = []
        for run_dir, data in zip(run_dirs, runs, strict=True):
            data.params = make_params({"eeg_patch_area": f"{area} cm2"}, base=data.params)
            post = scalp_mu(data, "post")
            pre = scalp_mu(data, "pre") if "pre" in data.protocol.blocks else {}
            rows.append(
                {"run": str(run_dir), "seed": data.seed, **post}
                | {"eeg_mu_observe_pre": pre.get("eeg_mu_observe", float("nan"))}
            )
        stats = {
            key: [float(np.mean(v := [r[key] for r in rows])), float(np.std(v, ddof=1))]
            if len(rows) > 1
            else [float(rows[0][key]), float("nan")]
            for key in (*KEYS, "eeg_mu_observe_pre")
        }
        stats["observe_over_execute"] = stats["eeg_mu_observe"][0] / stats["eeg_mu_execute"][0]
        out[f"{area:g} cm2"] = {"runs": rows, "mean_sd": stats}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="+", type=Path, help="main-job result folders")
    parser.add_argument("--out", type=Path, required=True, help="JSON file to write")
    args = parser.parse_args()
    started = now()
    result = analyse(sorted(args.runs))
    write_json(
        args.out,
        {
            "question": __doc__.splitlines()[0],
            "runs": [str(r) for r in sorted(args.runs)],
            "by_patch_area": result,
            "provenance": provenance("standalone", started, now()),
        },
    )
    for area, entry in result.items():
        s = entry["mean_sd"]
        print(
            f"{area}: observe {s['eeg_mu_observe'][0]:+.3f} ± {s['eeg_mu_observe'][1]:.3f}, "
            f"execute {s['eeg_mu_execute'][0]:+.3f} ± {s['eeg_mu_execute'][1]:.3f}, "
            f"share {s['eeg_task_share'][0]:.3f}, ratio {s['observe_over_execute']:.2f}"
        )


if __name__ == "__main__":
    main()
