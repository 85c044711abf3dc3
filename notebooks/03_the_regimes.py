# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 3. The regimes: from hypoactive to hyperactive mirroring
#
# Two knobs move the learned network between regimes:
#
# - `coupling`: a gain on the efficacy of the learned IPL→F5 pathway in the test after learning
#   (0: nothing learned reaches F5; 1: as learned; above 1: stronger than learned);
# - `inhibition`: a gain on the gate and on intracortical inhibition.
#
# - **hypoactive, autism-like**: observing barely drives F5. Human findings it mirrors: no mu
#   suppression when observing, intact when executing (Oberman et al. 2005; contested by
#   Raymaekers et al. 2009); reduced MEP facilitation (Théoret et al. 2005).
# - **typical**: observing drives F5 less than executing (mirror index below 1) and no output
#   escapes the gate; the observation effect is smaller than the execution effect in the
#   meta-analysis of Fox et al. (2016).
# - **hyperactive, mania-like**: the gate is breached (echo index above 0), or observing drives
#   F5 as hard as executing. Basavaraju et al. (2019) found more MEP facilitation while
#   observing in mania, tied to reduced intracortical inhibition, and echo phenomena.
# - **runaway**: activity explodes; the run is stopped and labelled, not crashed.
#
# The labels come from stated rules (`mirrorsim.measures.regimes.label_regime`), not from
# clustering the sweep. The measures are those of notebook 2. The model shows that a change of
# coupling or inhibition *can* produce these patterns; it does not show that this is what
# happens in autism or mania.
#
# With `MIRRORSIM_QUICK=1` the notebook runs a tiny sweep of a tiny network: the machinery
# runs, the numbers mean nothing (the tiny network has no learned mirror mapping at all).

# %%
from pathlib import Path

from dask.distributed import LocalCluster

from mirrorsim.measures import regimes
from mirrorsim.measures.regimes import label_regime
from mirrorsim.notebook_support import setup
from mirrorsim.plots import measures_vs_knob, regime_map
from mirrorsim.sweep import run_sweep
from mirrorsim.sweep.output import points_rows, summarise

nb = setup("03_the_regimes")
# the repository root (Jupyter starts in notebooks/), where `mirrorsim sweep` writes by default
ROOT = next(
    (d for d in (Path.cwd(), Path.cwd().parent) if (d / "pyproject.toml").is_file()), Path.cwd()
)


# %% [markdown]
# ## The rules
#
# They are stated in the docstring of `mirrorsim.measures.regimes` and applied to the measures
# of the test block after learning. Here they are, and what they make of a few made-up measures:

# %%
print(regimes.__doc__)
print(f"thresholds: hypoactive below mirror index {regimes.HYPO_MIRROR_INDEX}, "
      f"hyperactive from {regimes.HYPER_MIRROR_INDEX}")  # fmt: skip
examples = {
    "observing barely drives F5": {"mirror_index": 0.05, "echo_index": 0.0},
    "weaker than executing, gate holds": {"mirror_index": 0.44, "echo_index": 0.0},
    "gate breached in 1 of 10 trials": {"mirror_index": 0.7, "echo_index": 0.1},
    "runaway guard tripped": {"mirror_index": 0.5, "echo_index": 0.0, "runaway": True},
}
for what, measures in examples.items():
    print(f"{what:>34} -> {label_regime(measures)}")

# %% [markdown]
# ## A sweep
#
# A sweep runs one simulation per grid point and seed: learn by self-observation, then the test
# block with the knobs set. `mirrorsim sweep coupling --out results/sweeps/coupling` runs the
# coupling sweep (7 values × 5 seeds) on a local Dask cluster, one worker process per core, and
# is resumable: rerun the same command after an interruption and only the missing points run.
#
# If that sweep has been run (its `points.csv` exists) we load it. Otherwise we run a small
# sweep here with `run_sweep`, the function behind the command. We hand it the address of a
# cluster we start ourselves, as you would hand it `tcp://host:8786` of a cluster on SLURM. It
# is an in-process cluster with one worker thread (one simulation at a time: Brian2 keeps
# global state), so that this notebook also runs as a plain script: worker *processes* would
# import the script again.

# %%
saved = ROOT / "results" / "sweeps" / "coupling"
if not nb.quick and (saved / "points.csv").is_file():
    sweep_dir = saved
else:
    sweep_dir = nb.out / "sweep"
    base = nb.params()
    if nb.quick:  # two couplings x two inhibition levels, one seed: 4 tiny runs
        grid = {"coupling": [0.0, 2.0], "inhibition": [0.5, 1.0]}
    else:  # three couplings, one seed: 3 full runs, a few minutes
        grid = {"coupling": [0.0, 1.0, 2.5], "inhibition": [1.0]}
    with LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0"
    ) as cluster:
        address = cluster.scheduler_address  # e.g. "tcp://host:8786" for a remote cluster
        run_sweep(base, grid, seeds=[1], out_dir=sweep_dir, name="notebook", scheduler=address,
                  target=nb.target, progress=False)  # fmt: skip
rows = points_rows(sweep_dir)
print(f"{len(rows)} points from {sweep_dir}")

# %% [markdown]
# ## The measures, point by point
#
# One row per point: the knobs, the seed, the measures and the regime label (the same table is
# written to `points.csv` by `mirrorsim.sweep.output.write_outputs`).

# %%
columns = (
    "coupling",
    "inhibition",
    "seed",
    "mirror_index_post",
    "mu_suppression_observe",
    "mu_periodic_observe",
    "mu_suppression_execute",
    "mep_facilitation",
    "m1_overt_observe_fraction",
    "regime",
)
print(" ".join(f"{c[:12]:>12}" for c in columns))
for row in rows:
    print(" ".join(f"{row[c]:>12.3g}" if c != "regime" else f"{row[c]:>12}" for c in columns))

# %% [markdown]
# ## Measures against coupling
#
# Mean ± sd across seeds of each measure, the dots coloured by the regime most seeds were in.
# What the coupling sweep is expected to show (its script, `experiments/coupling_sweep.py`,
# says so before it runs): at coupling 0 no mu suppression and no MEP facilitation when
# observing, execution intact (hypoactive); at 1 both suppressions negative, the observation one
# weaker, the MEP facilitated, no echo (typical); at high coupling the gate is breached
# (hyperactive), each measure moving monotonically with coupling while activity stays bounded.
# `summarise` tests the monotonic trends with Spearman's rank correlation.
#
# Two mu indices: the raw one (`mu_suppression_*`, 8–13 Hz power against rest, as Oberman et
# al. 2005 computed it) and the periodic one (`mu_periodic_*`, the same net of the change of a
# 1/f fit to the spectrum; Donoghue et al. 2020). Both deepen with coupling until the thalamic
# relay is closed while observing, then level off: there is no rhythm left to suppress
# <!-- numbers: nb03-mu -->
# (committed sweep, `results/sweeps/coupling`, mirrorsim 0.5.0: raw −0.97 at 1, −3.37 at 2.5, −3.29
# at 3; Spearman's rho −0.95 raw, −0.94 periodic over 0–3).
# <!-- /numbers -->
#
# Up to 0.4.0 the raw index weakened again above 1.5; `docs/history.md` tells why and what
# changed.

# %%
nb.show_png(measures_vs_knob(rows, "coupling", nb.out / "measures_vs_coupling"))
trends = summarise(rows)["trends_vs_coupling"]
for measure, trend in trends.items():
    rho = trend["spearman_rho"]
    print(
        f"{measure:>26}: rho = {rho:+.2f} (n = {trend['n']})"
        if rho is not None
        else f"{measure:>26}: no trend to test (n = {trend['n']})"
    )

# %% [markdown]
# ## The regime map
#
# With both knobs varied the regimes form a map, in the spirit of Brunel's (2000) phase
# diagram of a spiking network: one cell per (coupling, inhibition), coloured by the majority
# regime over seeds, with the share of the majority where seeds disagree. Lower inhibition should
# move the hyperactive border to lower coupling (Basavaraju et al. 2019). The full map is
# `mirrorsim sweep regime-map --out results/sweeps/regime-map`; we use it if it is there.

# %%
saved_map = ROOT / "results" / "sweeps" / "regime-map"
if not nb.quick and (saved_map / "points.csv").is_file():
    rows = points_rows(saved_map)
nb.show_png(regime_map(rows, nb.out / "regime_map"))
