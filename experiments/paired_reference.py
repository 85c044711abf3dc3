"""A paired regression check: the changed model at a reference seed against the unchanged one.

Question
    The seed-to-seed spread of the firing statistics (wiring and input spikes) hides a 20 %
    change of the coupling from the unpaired check (``regression_power.py``: 0 of 5 seeds).
    With the same seed the wiring and the input spikes are the same, so they cancel in the
    difference of a changed run from the unchanged run of that seed (common random numbers).
    How much smaller is the noise that is left, what does the paired check catch, and does it
    keep its false-alarm rate?

Run
    nice -n 15 uv run python experiments/paired_reference.py [--seeds 30] [--perturb-seeds 5]
        [--params coupling,inhibition] [--workers 2] [--write-reference] [--from-csv] [--runs DIR]

    Simulates, as Dask sweeps into results/check-runs/paired/ (or ``--runs``; resumable:
    finished points are never redone, so a changed model's code needs a new folder), at the
    reference seeds 1001..:

    - ``base``: the unchanged model (these runs are the paired reference's per-seed values);
    - ``null``: :data:`NULL`, inhibition changed by a relative +1e-3;
    - ``validation``: :data:`VALIDATION`, by -1e-3, on the first half of the seeds. The
      calibration takes the -1e-3 run of those seeds and the +1e-3 run of the others (each
      sign equally often, :func:`balanced_null`); the +1e-3 runs of the first half are checked
      like a user's run (false alarms on null runs the calibration did not see);
    - each parameter of ``--params`` at x0.8 and x1.2 on the first ``--perturb-seeds`` seeds.

    Then writes results/regression/paired-runs.csv (the statistics of every finished run: the
    data behind everything else; ``--from-csv`` re-analyses it), results/regression/
    paired-power.csv (per parameter: seeds caught at +-20 % and the smallest change caught in
    >= 90 % of seeds, paired and, for comparison, unpaired from power.csv), results/regression/
    paired-noise.csv (per statistic: the null runs' spread over the seeds' spread), the figure
    docs/images/regression-paired-power.png and, with
    ``--write-reference``, src/mirrorsim/references/default_model_paired.json.

Why 1e-3: the null must set every trajectory apart, as any real change does, and move nothing on
purpose. A first batch used 1e-6: in most seeds it had not yet flipped a spike in IPL by the
test block, so the null differences of IPL's statistics were 0 in most seeds and large in a
few (excess kurtosis up to 15 over 19 seeds), the prediction intervals that assume normal
spreads did not hold, and 2 of 19 null runs failed against the others. Those runs are kept
(rows ``perturbed, inhibition, 1.000001``) and appear in paired-null-size.csv with the pilot's
coupling nudges of 1e-6, 1e-4 and 1e-3. A 1e-3 change of inhibition moves the statistics by
about 1/200 of what a 20 % change does.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from regression_power import (  # noqa: E402
    FACTORS,
    REFERENCE_SEED0,
    _stats,
    _write,
    detectable_change,
    read_rows,
    scaled,
    write_rows,
)

RUNS = Path("results/check-runs/paired")
OUT = Path("results/regression")
FIGURE = Path("docs/images/regression-paired-power.png")
EXPERIMENT = "mirror-emergence"
#: The null runs' change (calibration) and the validation runs' (false alarms).
NULL = ("inhibition", 1e-3)
VALIDATION = ("inhibition", -1e-3)
DEFAULT_PARAMS = ("coupling", "inhibition")


def nudged(name: str, relative: float) -> float | str:
    """Parameter ``name`` at its default times ``1 + relative`` (full precision)."""
    from mirrorsim.params import make_params

    value = make_params().to_strings()[name]
    if isinstance(value, str):
        number, unit = value.split(" ", 1)
        return f"{float(number) * (1 + relative)!r} {unit}"
    return float(value) * (1 + relative)


def plan(
    n_seeds: int, n_perturb: int, params, factors, n_validation: int | None = None
) -> list[tuple[str, dict, list[int]]]:
    """(folder, grid, seeds): base and null runs of the first seeds and the first parameter's
    perturbations (an interrupted batch can already be analysed), then base, null and
    validation runs of every seed, then the other perturbations."""
    seeds = list(range(REFERENCE_SEED0, REFERENCE_SEED0 + n_seeds))

    def perturbations(names):
        return [
            (f"{p}-x{f:g}", {p: [scaled(p, f)]}, seeds[:n_perturb]) for p in names for f in factors
        ]

    null = {NULL[0]: [nudged(*NULL)]}
    return (
        [("base", {}, seeds[:n_perturb]), ("null", null, seeds[:n_perturb])]
        + perturbations(params[:1])
        + [("base", {}, seeds), ("null", null, seeds)]
        + [
            (
                "validation",
                {VALIDATION[0]: [nudged(*VALIDATION)]},
                seeds[: n_seeds // 2 if n_validation is None else n_validation],
            )
        ]
        + perturbations(params[1:])
    )


def simulate(groups, rows, workers: int, scheduler: str | None) -> None:
    """Run each group's seeds that no finished run covers (``rows``: :func:`collect`)."""
    from mirrorsim.params import make_params
    from mirrorsim.sweep import run_sweep
    from mirrorsim.sweep.engine import close_client, connect

    have = {(r["group"], r["param"], r["factor"], r["seed"]) for r in rows}
    client = None
    try:
        for folder, grid, seeds in groups:
            knobs = {k: v[0] for k, v in grid.items()}
            group, param, factor = _identity(make_params(knobs))
            missing = [s for s in seeds if (group, param, factor, s) not in have]
            if not missing:
                continue
            if client is None:
                client = connect(scheduler, workers)
            print(f"{folder}: seeds {missing}", file=sys.stderr, flush=True)
            run_sweep(
                make_params(),
                grid,
                missing,
                RUNS / folder,
                f"paired-{folder}",
                client=client,
                experiment=EXPERIMENT,
            )
            have |= {(group, param, factor, s) for s in missing}
    finally:
        if client is not None:
            close_client(client)


def _identity(params) -> tuple[str, str, float]:
    """(group, param, factor) of a run's parameters: which one differs from the defaults, by
    how much (``base`` if none; ``null`` / ``validation`` for the nudges of NULL / VALIDATION)."""
    from mirrorsim.params import make_params

    strings = params.to_strings() if hasattr(params, "to_strings") else dict(params)
    default = make_params().to_strings()
    differ = [k for k in default if str(strings.get(k)) != str(default[k])]
    if not differ:
        return "base", "", 1.0
    if len(differ) > 1:
        raise ValueError(f"runs may change one parameter, this one changes {differ}")
    (name,) = differ

    def number(v):
        return float(str(v).split(" ")[0])

    factor = number(strings[name]) / number(default[name])
    for group, (param, rel) in (("null", NULL), ("validation", VALIDATION)):
        if name == param and math.isclose(factor, 1 + rel, rel_tol=1e-9):
            return group, name, 1 + rel
    return "perturbed", name, round(factor, 6)


def collect() -> list[dict]:
    """One row per finished run (every point file under :data:`RUNS`, whichever sweep wrote
    it) and test block: group, param, factor, seed, block, statistics."""

    rows, seen = [], set()
    for path in sorted(RUNS.glob("*/points/*.json")):
        point = json.loads(path.read_text())
        if point["key"] in seen:
            continue
        seen.add(point["key"])
        group, param, factor = _identity(point["params"])
        for block, flat in point["measures"]["firing_stats"].items():
            rows.append(
                {
                    "group": group,
                    "param": param,
                    "factor": factor,
                    "seed": int(point["seed"]),
                    "block": block,
                    **{k: (math.nan if v is None else v) for k, v in flat.items()},
                }
            )
    return sorted(rows, key=lambda r: (r["group"], r["param"], r["factor"], r["seed"], r["block"]))


def balanced_null(plus: dict, minus: dict) -> tuple[dict, dict]:
    """Null runs with both signs of the nudge, and validation runs.

    Even a 1e-3 nudge moves some statistic a little on purpose, the same way in nearly every
    seed (F5 I's execution rate, which the paired check resolves best): a null of one sign
    would be biased. So a seed with a run of each sign contributes the negative one to the
    null and keeps the positive one for validation; the other seeds contribute their positive
    one. With as many validation seeds as half the seeds, the null holds each sign equally
    often, and changes as small as the nudge are what the check calls no change."""
    null = {s: minus.get(s, run) for s, run in plus.items()}
    null |= {s: run for s, run in minus.items() if s not in null}
    validation = {s: plus[s] for s in minus if s in plus}
    return null, validation


def provenance_of_runs() -> dict:
    """The unchanged model's parameters and hash, and the git revisions and Brian2 versions of
    every run under :data:`RUNS` (empty when only the CSV is at hand)."""

    from mirrorsim import regression as rg

    params, revisions, brian2 = None, set(), set()
    for path in sorted(RUNS.glob("*/points/*.json")):
        point = json.loads(path.read_text())
        if params is None and _identity(point["params"])[0] == "base":
            params = point["params"]
        revisions.add(str(point["provenance"].get("git_revision")))
        brian2.add(str(point["provenance"].get("brian2_version")))
    if params is None:
        return {}
    return {
        "params": params,
        "params_hash": rg.params_hash(params),
        "run_git_revisions": sorted(revisions),
        "run_brian2_versions": sorted(brian2),
    }


def _by_seed(rows, group, param=None, factor=None) -> dict[int, dict]:
    """Post-learning rows of ``group`` (and ``param`` at ``factor``, if given) by seed."""
    return {
        r["seed"]: r
        for r in rows
        if r["group"] == group
        and r["block"] == "post"
        and (param is None or (r["param"], r["factor"]) == (param, factor))
    }


def _difference(run: dict, base: dict, keys) -> dict:
    return {k: run[k] - base[k] for k in keys} | {"seed": run["seed"]}


def analyse(rows, params, factors, write_reference: bool) -> None:
    from mirrorsim import regression as rg

    base = _by_seed(rows, "base")
    null, validation = balanced_null(_by_seed(rows, "null"), _by_seed(rows, "validation"))
    keys = _stats(list(base.values()))
    seeds = sorted(set(base) & set(null))
    stat = {s: {k: base[s][k] for k in keys} for s in seeds}
    reference = rg.build_paired_reference(
        stat,
        {s: {k: null[s][k] for k in keys} for s in seeds},
        f"{NULL[0]} x (1 +- {abs(NULL[1]):g}), each sign in half of the seeds",
        {"experiment": EXPERIMENT, "block": "post", **provenance_of_runs()},
    )
    print(f"paired reference: {len(seeds)} seeds", file=sys.stderr)
    diffs = [_difference(null[s], base[s], keys) for s in seeds]

    # noise: the null runs' spread against the seeds' own spread, per statistic
    unpaired = rg.load_reference()
    noise = []
    for k in keys:
        sd_null = reference["statistics"][k]["sd"]
        sd_seeds = unpaired["statistics"].get(k, {}).get("sd", math.nan)
        noise.append(
            {
                "statistic": k,
                "sd_null": sd_null,
                "sd_seeds": sd_seeds,
                "ratio": sd_null / sd_seeds if sd_seeds > 0 and sd_null > 0 else math.nan,
            }
        )
    _write(OUT / "paired-noise.csv", noise)
    _write(OUT / "paired-null-size.csv", null_sizes(rows, base, unpaired, keys))
    first = first_null(rows, base, keys)
    if first:
        (OUT / "paired-first-null.json").write_text(json.dumps(first, indent=1) + "\n")
    ratios = np.array([r["ratio"] for r in noise], dtype=float)
    ratios = ratios[np.isfinite(ratios)]
    print(
        f"null spread / seed spread: median {np.median(ratios):.3f}, quartiles "
        f"{np.percentile(ratios, 25):.3f}-{np.percentile(ratios, 75):.3f}, max {ratios.max():.3f}",
        file=sys.stderr,
    )

    checks = []
    loo = rg.leave_one_out(reference)
    checks += [
        {
            "group": "null-leave-one-out",
            "param": NULL[0],
            "factor": 1 + NULL[1],
            "seed": s,
            "passed": r.passed,
            "distance": round(r.distance, 2),
            "threshold": round(r.threshold, 2),
        }
        for s, r in zip(seeds, loo, strict=True)
    ]
    runs = {("validation", NULL[0], 1 + NULL[1]): validation}
    for p in params:
        for f in factors:
            runs[("perturbed", p, f)] = _by_seed(rows, "perturbed", p, f)
    for (group, p, f), by_seed in runs.items():
        for s, run in sorted(by_seed.items()):
            if s not in stat:
                continue
            res = rg.check({k: run[k] for k in keys}, reference, seed=s)
            checks.append(
                {
                    "group": group,
                    "param": p,
                    "factor": f,
                    "seed": s,
                    "passed": res.passed,
                    "distance": round(res.distance, 2),
                    "threshold": round(res.threshold, 2),
                }
            )
    _write(OUT / "paired-checks.csv", checks)

    unpaired_power = {r["param"]: r for r in csv.DictReader(open(OUT / "power.csv"))}
    table = []
    for p in params:
        row = {"param": p}
        for f in factors:
            tag = f"{(f - 1) * 100:+.0f}%"
            done = [
                c
                for c in checks
                if c["group"] == "perturbed" and (c["param"], c["factor"]) == (p, f)
            ]
            by_seed = runs[("perturbed", p, f)]
            d = [_difference(by_seed[s], base[s], keys) for s in sorted(by_seed) if s in base]
            row[f"paired detected {tag}"] = (
                f"{sum(not c['passed'] for c in done)}/{len(done)}" if done else ""
            )
            row[f"paired smallest {tag}"] = (
                detectable_change(diffs, d, f - 1, reference) if d else ""
            )
            row[f"unpaired detected {tag}"] = unpaired_power.get(p, {}).get(f"detected {tag}", "")
            row[f"unpaired smallest {tag}"] = unpaired_power.get(p, {}).get(f"smallest {tag}", "")
        table.append(row)
    _write(OUT / "paired-power.csv", table)
    figure(table, factors)
    val = [c for c in checks if c["group"] == "validation"]
    flagged = sum(not c["passed"] for c in checks if c["group"] == "null-leave-one-out")
    print(
        f"leave-one-out flagged {flagged}/{len(seeds)}; validation runs flagged "
        f"{sum(not c['passed'] for c in val)}/{len(val)}",
        file=sys.stderr,
    )
    print((OUT / "paired-power.csv").read_text())
    if write_reference:
        path = rg.save_reference(reference, rg.DEFAULT_PAIRED_REFERENCE, overwrite=True)
        print(f"written {path}", file=sys.stderr)


def figure(table, factors) -> None:
    """Smallest change caught in >= 90 % of seeds, paired against unpaired, per parameter."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    def pct(v) -> float:
        try:
            v = float(v)
        except (TypeError, ValueError):
            return math.nan
        return 100 * v if math.isfinite(v) else math.nan

    fig, ax = plt.subplots(figsize=(6.5, 0.9 * len(table) + 1.2))
    y = np.arange(len(table))
    bars = [(kind, f) for f in factors for kind in ("paired", "unpaired")]
    height = 0.8 / len(bars)
    for k, (kind, f) in enumerate(bars):
        tag = f"{(f - 1) * 100:+.0f}%"
        xs = [pct(r[f"{kind} smallest {tag}"]) for r in table]
        ax.barh(
            y - 0.4 + (k + 0.5) * height,
            xs,
            height=height * 0.9,
            color=("C3" if f > 1 else "C0"),
            alpha=1.0 if kind == "paired" else 0.4,
            label=f"{kind}, {'increase' if f > 1 else 'decrease'}",
        )
    ax.axvline(20, color="grey", lw=0.8, ls="--")
    ax.set_yticks(y, [r["param"] for r in table])
    ax.invert_yaxis()
    ax.set_xlabel("smallest relative change caught in >= 90 % of seeds (%)")
    ax.set_title("paired (same seed) against unpaired check", fontsize=9)
    ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    FIGURE.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(FIGURE, dpi=120)
    plt.close(fig)


def first_null(rows, base, keys, relative: float = 1e-6) -> dict:
    """The first batch's null (inhibition nudged by ``relative``) as a calibration: how many
    of its runs left IPL's statistics exactly unchanged, how heavy-tailed its differences are
    (largest excess kurtosis over the statistics) and how many of its runs a reference of the
    others flags (leave-one-out)."""
    from scipy.stats import kurtosis

    from mirrorsim import regression as rg

    runs = {
        r["seed"]: r
        for r in rows
        if r["block"] == "post"
        and r["param"] == NULL[0]
        and math.isclose(r["factor"], 1 + relative, rel_tol=1e-9)
        and r["seed"] in base
    }
    seeds = sorted(runs)
    if len(seeds) < rg.MIN_SEEDS:
        return {}
    ipl = [k for k in keys if k.startswith("ipl_")]
    reference = rg.build_paired_reference(
        {s: {k: base[s][k] for k in keys} for s in seeds},
        {s: {k: runs[s][k] for k in keys} for s in seeds},
        f"{NULL[0]} x (1 + {relative:g})",
    )
    diffs = np.array([[runs[s][k] - base[s][k] for k in keys] for s in seeds])
    return {
        "relative_change": relative,
        "seeds": seeds,
        "ipl_unchanged_runs": sum(all(runs[s][k] == base[s][k] for k in ipl) for s in seeds),
        "max_excess_kurtosis": round(float(np.nanmax(kurtosis(diffs, axis=0))), 1),
        "leave_one_out_flagged": sum(not r.passed for r in rg.leave_one_out(reference)),
    }


def null_sizes(rows, base, unpaired, keys) -> list[dict]:
    """Does the null's size matter? Per nudged run (any parameter within 1 % of its default,
    and the null and validation runs): the root mean square of its difference from its seed's
    unchanged run, in seed spreads, over the statistics that the nudge moved at all."""
    sd = np.array([unpaired["statistics"].get(k, {}).get("sd", math.nan) for k in keys])
    out = []
    for r in rows:
        if r["block"] != "post" or r["seed"] not in base or r["group"] == "base":
            continue
        if abs(r["factor"] - 1) >= 0.01:
            continue
        d = np.array([r[k] - base[r["seed"]][k] for k in keys]) / sd
        moved = np.isfinite(d) & (d != 0)
        out.append(
            {
                "group": r["group"],
                "param": r["param"],
                "relative_change": f"{r['factor'] - 1:+.0e}",
                "seed": r["seed"],
                "n_moved": int(moved.sum()),
                "rms_seed_spreads": round(float(np.sqrt(np.mean(d[moved] ** 2))), 3),
            }
        )
    return out


def main() -> None:
    global RUNS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=30, help="reference seeds (base + null)")
    parser.add_argument("--perturb-seeds", type=int, default=5, help="seeds per perturbation")
    parser.add_argument(
        "--validation-seeds", type=int, default=None, help="seeds nudged both ways [half]"
    )
    parser.add_argument("--params", default=",".join(DEFAULT_PARAMS), help="parameters to perturb")
    parser.add_argument("--workers", type=int, default=2, help="local Dask workers")
    parser.add_argument("--scheduler", default=None, help="Dask scheduler address")
    parser.add_argument("--from-csv", action="store_true", help="analyse paired-runs.csv")
    parser.add_argument("--write-reference", action="store_true")
    parser.add_argument(
        "--runs",
        type=Path,
        default=RUNS,
        help="folder of the runs; a new one after a change of the model's code (points are "
        "keyed by parameters, seed and versions, not by code)",
    )
    args = parser.parse_args()
    RUNS = args.runs
    params = [p for p in args.params.split(",") if p]
    if args.from_csv:
        rows = read_rows(OUT / "paired-runs.csv")
    else:
        groups = plan(args.seeds, args.perturb_seeds, params, FACTORS, args.validation_seeds)
        simulate(groups, collect(), args.workers, args.scheduler)
        rows = collect()
        write_rows(rows, OUT / "paired-runs.csv")
    analyse(rows, params, FACTORS, args.write_reference)


if __name__ == "__main__":
    main()
