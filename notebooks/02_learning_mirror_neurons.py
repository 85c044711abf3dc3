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
# # 2. Learning mirror neurons
#
# Nothing in the circuit links *seeing* action *k* to *doing* action *k*. The IPL→F5 synapses
# start weak and unselective. The link is learned during the development block: the network
# executes action *k* and, 80 ms later, sees itself doing so (re-afference). IPL pool *k*
# (seeing *k*) and F5 pool *k* (doing *k*) then fire together, and a Hebbian rule strengthens
# exactly those synapses (the associative account: Keysers & Perrett 2004; Heyes 2010).
#
# The rule is triplet spike-timing-dependent plasticity (Pfister & Gerstner 2006) with the
# mirror-synapse parameters of Antunes et al. (ModelDB 229276), plus heterosynaptic depression
# that makes inputs compete (see the docstring of `mirrorsim.plasticity`).
#
# Here we look at the weights before and after learning, at how many F5 neurons become mirror
# neurons, at a control without plasticity, and at the human-study measures before and after.
#
# `MIRRORSIM_QUICK=1` runs a tiny network: too small and too short to learn anything, it only
# checks that the notebook works.

# %%


from mirrorsim.analysis import metrics
from mirrorsim.notebook_support import setup
from mirrorsim.params import make_params
from mirrorsim.plots import (
    mep_bars,
    mirror_responses,
    rates_by_condition,
    weight_matrix,
)
from mirrorsim.protocols import mirror_emergence_protocol
from mirrorsim.simulate import run_protocol

nb = setup("02_learning_mirror_neurons")


# %% [markdown]
# ## One run: test, learn, test again
#
# The main protocol (the same as `uv run mirrorsim run mirror-emergence`). `metrics` computes
# the run's record, everything that goes into its `metrics.json` (keys: docs, *The run
# record*), and returns the per-block results behind it (`blocks["pre"]`, `blocks["post"]`).

# %%
params = nb.params()
seed = 1
data = run_protocol(
    params, mirror_emergence_protocol(params, seed), seed, target=nb.target, progress=False
)
summary, blocks = metrics(data)
print(f"simulated {data.protocol.duration:.1f} s in {data.wall_time:.1f} s")

# %% [markdown]
# ## The weights
#
# Each IPL→F5 synapse has a weight `w` in [0, 1] (a fraction of `w_ipl_f5_max`). Before
# learning they are drawn around 0.05 whatever the action pools. After learning, the synapses
# from IPL pool *k* onto F5 pool *k* ("same") should be much stronger than those onto the other
# pools ("other"): the diagonal blocks of the matrix light up.

# %%
for when in ("pre", "post"):
    same, other = summary[f"w_same_{when}"], summary[f"w_other_{when}"]
    print(f"{when:>4}: mean weight same pool {same:.3f}, other pools {other:.3f}")
nb.show(weight_matrix(data), "weights")

# %% [markdown]
# ## Which neurons are mirror neurons?
#
# Each F5 excitatory neuron is classified as in the monkey studies (Gallese et al. 1996;
# Kraskov et al. 2009): its spike counts in execution and in observation trials are compared
# with its counts at rest (one-sided Mann–Whitney U, Bonferroni-corrected, α = 0.01 per neuron
# and condition). A *mirror* neuron responds both when the network executes and when it
# observes; *strictly congruent* ones respond to the same actions both ways, *broadly
# congruent* ones to at least one common action.
#
# <!-- numbers: nb02-mirror-fraction -->
# With the default parameters the mirror fraction after learning was 0.34 ± 0.02 (mirrorsim 0.5.0,
# the coupling sweep's default point, seeds 1–5, `results/sweeps/coupling`; the sweeps do not
# measure the network before learning).
# <!-- /numbers -->
#
# Gallese et al. found about 17 % of recorded F5 neurons to be mirror neurons.

# %%
for when in ("pre", "post"):
    fractions = blocks[when].classification.fractions()
    print(f"{when:>4}: " + ", ".join(f"{k} {v:.3f}" for k, v in fractions.items()))
print(
    f"mirror index: {summary['mirror_index_pre']:.2f} before, "
    f"{summary['mirror_index_post']:.2f} after learning"
)

# %% [markdown]
# The *mirror index* is the F5 motor pools' response to observing *k* over their response to
# executing *k* (both minus rest). Below 1 means that observing drives premotor cortex less
# than acting does, as in the human meta-analysis of Fox et al. (2016).
#
# <!-- numbers: nb02-mirror-index -->
# We measured 0.42 ± 0.03 with the default parameters (mirrorsim 0.5.0, coupling sweep at coupling
# 1, seeds 1–5).
# <!-- /numbers -->
#
# Left: every F5 neuron's execution response against its observation response, coloured by
# category. Right: the category fractions before and after learning.

# %%
nb.show(mirror_responses(blocks, data), "mirror_responses")
nb.show(rates_by_condition(blocks), "rates_by_condition")

# %% [markdown]
# ## Control: no plasticity, no mirror neurons
#
# The same seed with `plasticity="off"`: the development block happens, the network still
# executes and sees itself, but no synapse changes. The mirror fraction should stay near zero,
# which shows that learning, not the wiring, makes the mirror neurons.

# %%
frozen = make_params({"plasticity": "off"}, base=params)
control = run_protocol(
    frozen, mirror_emergence_protocol(frozen, seed), seed, target=nb.target, progress=False
)
control_summary, _ = metrics(control)
print(
    f"plasticity off: mirror fraction {control_summary['f5_mirror_fraction_pre']:.3f} before, "
    f"{control_summary['f5_mirror_fraction_post']:.3f} after the development block"
)

# %% [markdown]
# ## What a human study would measure
#
# The same run seen through the measures of human studies (`mirrorsim.analysis.clinical`):
#
# - **mu suppression** (EEG; Oberman et al. 2005): 8–13 Hz power of the F5 + M1 LFP proxy while
#   observing or executing, against rest, as ln(P / P_rest); negative means suppression.
# - **MEP facilitation** (TMS; Fadiga et al. 1995): M1 spikes right after a pulse while
#   observing an action, against viewing a static scene; above 0 means facilitation.
# - **echo index**: the fraction of observation trials in which M1 output escapes the gate.
#
# <!-- numbers: nb02-after-learning -->
# With the default parameters (mirrorsim 0.5.0, coupling sweep at coupling 1, seeds 1–5) after
# learning, mu suppression was −0.97 ± 0.13 while observing and −5.54 ± 0.11 while executing, MEP
# facilitation 6.5 ± 1.7, and the echo index 0: the "typical" pattern in 5 of 5 seeds. Before
# learning no committed result holds these measures; run the notebook without quick mode to see
# them for one seed.
# <!-- /numbers -->

# %%
for key in ("mu_suppression_observe", "mu_suppression_execute", "mep_facilitation"):
    print(f"{key:>23}: {summary[key + '_pre']:+.2f} before, {summary[key]:+.2f} after learning")
echo = summary["m1_overt_observe_fraction"]  # the echo index
print(f"{'echo index':>23}: {echo:.2f} after learning; regime: {summary['regime']}")
nb.show(mep_bars(data, "pre"), "mep_pre")
nb.show(mep_bars(data, "post"), "mep_post")
