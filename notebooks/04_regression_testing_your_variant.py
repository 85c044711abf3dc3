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
# # 4. Regression-testing your own model variant
#
# You changed the model: a parameter, a projection, a learning rule. Did anything move that you
# did not mean to move? Spiking networks are noisy: a different seed gives different rates,
# so "the same numbers as before" is the wrong test, and a hand-picked tolerance ("within
# 10 %") is either too tight for some statistics or too loose for others.
#
# mirrorsim's answer (`mirrorsim.regression`, `mirrorsim.testing`):
#
# 1. **Summarise** a run: about 90 firing statistics, per population (IPL, F5, M1, gate) and
#    condition (spontaneous, rest, execute, observe): rates, ISI CV, Fano factor, correlations.
# 2. **Build a reference** from many seeds of the unchanged model: the mean and the spread of
#    every statistic.
# 3. **Check** a new run against it: a statistic *moved* when it lies further from the mean than
#    a tolerance derived from the seed-to-seed spread, so that a fresh seed of the unchanged
#    model fails anywhere with probability at most α (1 % by default).
#
# This is the same kind of test as hnn-core's comparison of its simulated dipole with a stored
# output, with tolerances from the seed-to-seed spread instead of by hand.
#
# `MIRRORSIM_QUICK=1` uses a tiny network and 3 seeds (the minimum): it shows the workflow,
# but a reference of 3 seeds has tolerances so wide that it catches almost nothing. Use at least
# 10 seeds for a reference you rely on.

# %%

from mirrorsim.analysis.firing_summary import firing_summary, format_table
from mirrorsim.notebook_support import setup
from mirrorsim.params import make_params
from mirrorsim.protocols import mirror_emergence_protocol
from mirrorsim.regression import (
    RECOMMENDED_SEEDS,
    build_reference,
    format_check,
    load_reference,
    params_hash,
    reference_report,
    save_reference,
    z_critical,
)
from mirrorsim.simulate import run_protocol
from mirrorsim.testing import assert_matches_reference, check_run, poisson_run

nb = setup("04_regression_testing_your_variant")
N_SEEDS = 3 if nb.quick else RECOMMENDED_SEEDS

# %% [markdown]
# ## How wide is the tolerance?
#
# For a statistic with reference mean *m* and spread *s* over *n* seeds, a fresh seed is
# expected within *m* ± *z*·*s*, where *z* is a Student-t quantile (a prediction interval for
# one new observation), Bonferroni-corrected over the *M* statistics compared at once. The docstring
# of `mirrorsim.regression` derives it. More seeds, tighter tolerance:

# %%
for n in (3, 5, 10, 20):
    print(f"{n:>3} seeds, 90 statistics: moved if |z| > {z_critical(90, n):6.1f} spreads")

# %% [markdown]
# ## Does the check catch a change? A synthetic test first
#
# Before trusting a check on the model, try it where the answer is known. `poisson_run` makes a
# fake run without simulating anything: independent Poisson spikes with the real protocol
# (5 Hz background, 20 Hz in the pool of the action in a trial). A reference of 10 such seeds,
# then two fresh seeds: one of the same process (it should pass), one whose background rate is
# 40 % higher (it should fail, and say which statistics moved and by how many spreads).

# %%
synthetic = build_reference(
    [firing_summary(poisson_run(seed=s, rate=5.0, pool_rate=20.0)) for s in range(1, 11)]
)
print(reference_report(synthetic))
same = check_run(poisson_run(seed=99, rate=5.0, pool_rate=20.0), synthetic)
changed = check_run(poisson_run(seed=99, rate=7.0, pool_rate=20.0), synthetic)
print(f"\nsame process: {'PASS' if same.passed else 'FAIL'}")
print("\nbackground 5 -> 7 Hz:\n" + format_check(changed, top=3))

# %% [markdown]
# ## Your variant: build its reference
#
# Say your variant has 10 % stronger recurrent excitation (`w_ee`). Run it with several seeds,
# summarise the test block after learning of each (`firing_summary`), and build the reference.
# Keep the seeds of the reference apart from the seeds you check later: a seed that is in the
# reference is not a fresh test.
#
# From the command line the same is
# `mirrorsim run mirror-emergence --set w_ee="0.33 nS" --seed N --out runs/seed-N` for each
# seed, then `mirrorsim stats --build-reference runs/seed-* --out tests/data/my_variant.json`.

# %%
variant = make_params({"w_ee": "0.33 nS"}, base=nb.params())
reference_seeds = list(range(101, 101 + N_SEEDS))


def simulate(params, seed):
    return run_protocol(params, mirror_emergence_protocol(params, seed), seed, target=nb.target,
                        progress=False)  # fmt: skip


summaries = []
for seed in reference_seeds:
    summaries.append(firing_summary(simulate(variant, seed), "post"))
    print(f"seed {seed} done")
meta = {"seeds": reference_seeds, "block": "post", "params": variant.to_strings(),
        "params_hash": params_hash(variant)}  # fmt: skip
reference_path = save_reference(build_reference(summaries, meta), nb.out / "my_variant.json")
reference = load_reference(reference_path)
print(reference_report(reference))

# %% [markdown]
# What a summary looks like (the first reference seed):

# %%
print(format_table(summaries[0]))

# %% [markdown]
# ## Check a fresh seed
#
# `check_run` takes a run (or a run directory written by `mirrorsim run`, or a saved
# summary) and a reference, and returns a `CheckResult`; `format_check` reports it.
# `assert_matches_reference` does the same and raises an `AssertionError` with that report if
# anything moved: that is the line for your test suite. (By design, a fresh seed of an
# unchanged model fails at most 1 % of the time; this seed is fixed, so the outcome is too.)

# %%
fresh = simulate(variant, 9001)  # a seed that is not in the reference
result = check_run(fresh, reference_path)
print(format_check(result, top=3))
assert_matches_reference(fresh, reference_path)

# %% [markdown]
# ## In your own test suite
#
# Commit the reference (`tests/data/my_variant.json`) next to your tests and add, for example:
#
# ```python
# # tests/test_my_variant.py
# import pytest
# from mirrorsim.params import make_params
# from mirrorsim.protocols import mirror_emergence_protocol
# from mirrorsim.simulate import run_protocol
# from mirrorsim.testing import assert_matches_reference
#
# @pytest.mark.slow  # one full simulation
# def test_variant_unchanged():
#     params, seed = make_params({"w_ee": "0.33 nS"}), 9001  # a seed not in the reference
#     data = run_protocol(params, mirror_emergence_protocol(params, seed), seed)
#     assert_matches_reference(data, reference="tests/data/my_variant.json")
# ```
#
# or, for a run you already have on disk,
# `mirrorsim stats --check runs/seed-9001 --reference tests/data/my_variant.json`
# (exit status 1 if a statistic moved). `mirrorsim.testing.reference_fixture` turns a reference
# file into a pytest fixture that skips the tests using it when the file is missing.
#
# Rebuild the reference whenever you change the model *on purpose*, and commit it together with
# that change: a reference describes one model.

# %% [markdown]
# ## The default model's reference
#
# The repository keeps a reference for the default model (`mirrorsim/references/`); without
# `--reference`, `mirrorsim stats --check` and `assert_matches_reference` use it.

# %%
try:
    print(reference_report(load_reference()))
except FileNotFoundError as err:
    print(f"not available here: {err}")
