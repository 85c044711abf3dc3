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
# # 1. The circuit
#
# mirrorsim simulates the parieto-premotor mirror-neuron system (Rizzolatti & Craighero 2004) as
# a network of conductance-based integrate-and-fire neurons in Brian2. In this notebook we
#
# 1. choose parameters,
# 2. build the circuit and look at its parts,
# 3. run the main protocol and read the rasters of an **execute** and an **observe** trial.
#
# The flow is always the same: parameters → protocol → circuit → run → spikes → measures →
# figures. Every step is a call into the package; nothing here re-implements the model.
#
# **Quick mode.** With the environment variable `MIRRORSIM_QUICK=1` the notebook uses a tiny
# network (10× smaller, trials of 100 ms, one learning trial per action) and Brian2's numpy
# target, so that it runs in seconds. That mode tests the *machinery*; its numbers say nothing
# about the science. Without it, the default model runs with the C++ standalone target (about
# 1.5 minutes on 2 cores).

# %%
import gc

import brian2

from mirrorsim.analysis import analyse_block
from mirrorsim.circuit import build_circuit
from mirrorsim.notebook_support import setup
from mirrorsim.plots import mu_spectra, raster_psth
from mirrorsim.protocols import mirror_emergence_protocol
from mirrorsim.simulate import run_protocol

nb = setup("01_the_circuit")


# %% [markdown]
# ## Parameters
#
# Every parameter is declared once in `mirrorsim.params`, with its unit and its source
# (`uv run mirrorsim params` lists them all). `make_params` validates overrides: a wrong unit or
# a probability above 1 is an error, not a silent surprise.

# %%
params = nb.params()
seed = 1
for name in ("n_actions", "n_ipl_e", "n_f5_e", "n_m1_e", "n_gate", "t_trial", "dt"):
    print(f"{name:>10} = {getattr(params, name)}")

# %% [markdown]
# ## The protocol
#
# A protocol is a list of trials and named epochs, in seconds. The main one,
# `mirror_emergence_protocol`, is: settle, spontaneous rest, a **test block** (rest, execute
# action *k*, observe action *k*, each repeated, in random order, plus TMS trials), a
# **development block** (the network executes action *k* and sees itself doing so 80 ms later:
# this is where it learns), spontaneous rest again, and the same test block again.

# %%
protocol = mirror_emergence_protocol(params, seed)
for epoch in protocol.epochs:
    print(f"{epoch.name:>17}: {epoch.start:7.2f} – {epoch.stop:7.2f} s")
print("first trials of the test block before learning:")
for trial in protocol.block_trials("pre")[:5]:
    print("   ", trial)

# %% [markdown]
# ## The circuit
#
# `build_circuit` turns parameters and protocol into one explicit Brian2 `Network` and returns
# handles to its parts:
#
# | population | what it is |
# |---|---|
# | `sts` | Poisson inputs: the sight of action *k* (by another, or one's own after a delay) |
# | `intention` | Poisson inputs: the prefrontal intention to do action *k* |
# | `ipl_e`, `ipl_i` | inferior parietal lobule (PF/PFG); STS pool *k* drives IPL pool *k* |
# | `f5_e`, `f5_i` | ventral premotor F5; intention *k* drives F5 motor pool *k* |
# | `m1_e` | motor output; F5 pool *k* drives M1 pool *k* |
# | `gate` | inhibition that holds M1 back unless the network itself intends the action |
# | `tc`, `re` | a thalamic loop that gives F5 and M1 a resting mu (8–13 Hz) rhythm |
#
# The thalamic loop: a ~10 Hz pacemaker (as hnn-core's thalamic drive; Jones et al. 2009)
# excites relay cells (`tc`) that project to F5. F5 and M1 excite reticular cells (`re`) that
# inhibit the relay. So when executing or observing activates F5/M1, the relay closes and the
# mu rhythm desynchronises: the suppression *emerges* from the activation, nothing in the
# protocol switches the rhythm off.
#
# The IPL→F5 synapses (`ipl_f5`) are plastic and start weak and unselective: nothing links
# seeing *k* to doing *k* yet. We build the circuit here only to look at it (`run_protocol`
# below builds its own); Brian2's numpy target builds it without compiling anything.

# %%
brian2.prefs.codegen.target = "numpy"
# built only to look at, never run: silence Brian2's warning about unused objects
brian2.BrianLogger.suppress_name("unused_brian_object")
brian2.seed(seed)  # connectivity is drawn from Brian2's generator
circuit = build_circuit(params, protocol)
print("neurons per population:")
for name, group in circuit.groups.items():
    print(f"    {name:>9}: {len(group):5d}")
print("synapses per projection (a selection):")
for name in ("sts_ipl", "intention_f5", "ipl_f5", "f5_m1", "gate_m1", "tc_f5", "re_tc"):
    print(f"    {name:>12}: {len(circuit.synapses[name]):6d}")
del circuit
gc.collect()  # free its Brian2 objects (and their names) before the real run

# %% [markdown]
# ## Running it
#
# `run_protocol` builds the circuit, runs the protocol and returns a `RunData` of plain numpy
# arrays: spikes per population (neuron index `i`, time `t` in s, and the action pool of each
# neuron), the IPL→F5 weights before and after, and an LFP proxy per area (summed synaptic
# currents, Mazzoni et al. 2015). Brian2 keeps global state: `run_protocol` resets it for each
# run.

# %%
data = run_protocol(params, protocol, seed, target=nb.target, progress=False)
print(f"simulated {protocol.duration:.1f} s in {data.wall_time:.1f} s of wall time")
for name, spikes in data.spikes.items():
    print(f"    {name:>9}: {spikes.t.size:8d} spikes from {spikes.n} neurons")

# %% [markdown]
# ## Reading the rasters: executing and observing, before learning
#
# `raster_psth(data, block, action)` draws one example trial of each type in a test block (top)
# and the rate of the pool of that action, averaged over all trials of the type (bottom). Rows
# are a subsample of each population, ordered by action pool; the pool of the action shown is
# shaded, and so is the time the stimulus or the intention is on.
#
# What to look for, **before learning**:
#
# - *Execute action 0*: the intention drives F5 pool 0, F5 drives M1 pool 0, and the gate falls
#   silent (the network's own intention inhibits it), so M1 fires: the movement.
# - *Observe action 0*: STS and IPL pool 0 fire, but F5 hardly responds: the IPL→F5 synapses are
#   still weak and unselective. The gate stays on and M1 stays quiet.

# %%
nb.show(raster_psth(data, "pre", action=0), "raster_pre")

# %% [markdown]
# The same numbers as a table: mean rate of the F5 motor pools (Hz) per condition, from
# `analyse_block`, which also classifies every F5 neuron (notebook 2).

# %%
pre = analyse_block(data, "pre")
for condition, rates in pre.pool_rates.items():
    print(f"{condition:>8}: F5 pool rates {rates.round(1)} Hz")
m1_rates = {c: round(r, 1) for c, r in pre.rate_hz["m1_e"].items()}
print("M1 E mean rate per condition (Hz):", m1_rates)

# %% [markdown]
# ## After learning
#
# The same trials after the development block. With the default parameters, observing action 0
# now drives F5 pool 0 too (less than executing does), while the gate still keeps M1 quiet:
# mirror neurons have emerged. Notebook 2 looks at how, and how many.

# %%
nb.show(raster_psth(data, "post", action=0), "raster_post")

# %% [markdown]
# ## The mu rhythm
#
# The EEG-like signal is the LFP proxy of F5 + M1. At rest its spectrum has a peak in the mu
# band (8–13 Hz); executing, and after learning observing, suppress it (Oberman et al. 2005).

# %%
nb.show(mu_spectra(data, "post"), "mu_spectra_post")
