"""The experience and sensitivity tables of experiments/single_units_dose.py, on synthetic data."""

import importlib.util
import math
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def dose():
    sys.path.insert(0, str(ROOT / "experiments"))  # it imports single_units, as its runs do
    spec = importlib.util.spec_from_file_location(
        "single_units_dose", ROOT / "experiments" / "single_units_dose.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run(mirror: float, broadly: float, index: float, pre: float = 0.01) -> dict:
    return {
        "f5_e": {"mirror": mirror, "broadly_congruent": broadly},
        "m1_e": {"mirror": mirror / 2},
        "run": {"mirror_index_post": index, "f5_e_mirror_pre": pre, "mirror_index_pre": pre},
    }


def test_sensitivity_is_paired_by_seed(dose):
    """The change is the mean of per-seed differences over the seeds both configurations ran."""
    base = {"1": _run(0.20, 0.6, 0.2), "2": _run(0.30, 0.7, 0.3), "3": _run(0.5, 0.5, 0.5)}
    plus = {"1": _run(0.25, 0.6, 0.25), "2": _run(0.40, 0.7, 0.35)}
    summary = {"runs": {dose.BASE: base, f"{dose.BASE}_w_ipl_f5_max_plus25": plus}}
    (row,) = dose.sensitivity_rows(summary)
    assert row["parameter"] == "w_ipl_f5_max" and row["change"] == "plus25"
    assert row["seeds"] == ["1", "2"]  # seed 3 has no partner and is left out
    m, s = row["mirror_change"]
    assert m == pytest.approx(0.075)
    assert s == pytest.approx(math.sqrt(2) * 0.025)
    assert row["mirror_base"][0] == pytest.approx(0.25)  # the same seeds only


def test_experience_rows_start_before_development(dose):
    """Row 0 is the pre-learning block of the nominal runs; rows follow the repeats in order."""
    base = {"1": _run(0.2, 0.6, 0.2, pre=0.0), "2": _run(0.3, 0.7, 0.3, pre=0.02)}
    few = {"1": _run(0.1, 0.5, 0.1)}
    summary = {"runs": {dose.BASE: base, f"{dose.BASE}_dev5": few}}
    rows = dose.experience_rows(summary)
    assert [r["repeats"] for r in rows] == [0, 5, dose.BASE_REPEATS]
    assert rows[0]["mirror"][0] == pytest.approx(0.01)
    assert rows[1]["mirror"][0] == pytest.approx(0.1) and math.isnan(rows[1]["mirror"][1])
    assert rows[2]["broadly_congruent"][0] == pytest.approx(0.65)


def test_pooled_and_untuned_parts_sum_to_the_mean_change(dose):
    """The pooled and the untuned cells' parts of the mean observation modulation add up to
    it, and each comes from its own cells only (experiments/single_units.py)."""
    import numpy as np
    import single_units  # on the path through the dose fixture

    obs_mod = np.array([[2.0, 4.0, -3.0, -1.0], [0.0, 2.0, -1.0, -3.0]])  # 2 actions x 4 cells
    pools = np.array([0, 1, -1, -1])
    parts = single_units.pooled_untuned_parts(obs_mod, pools)
    assert parts["obs_mod_pooled_part_hz"] == pytest.approx((1.0 + 3.0) / 4)
    assert parts["obs_mod_untuned_part_hz"] == pytest.approx((-2.0 - 2.0) / 4)
    total = parts["obs_mod_pooled_part_hz"] + parts["obs_mod_untuned_part_hz"]
    assert total == pytest.approx(obs_mod.mean())


def test_pools_of_leaves_the_untuned_f5_cells_out(dose):
    """pools_of gives -1 to the untuned F5 cells only, as the circuit does (model §3.4)."""
    import single_units

    from mirrorsim.params import make_params

    params = make_params({"f5_pool_fraction": 0.5})
    f5 = single_units.pools_of(params, "f5_e")
    assert (f5 < 0).sum() == params.n_f5_e // 2
    assert (single_units.pools_of(params, "m1_e") >= 0).all()


def test_step_rows_pair_the_seeds_of_both_files_in_step_order():
    """experiments/observation_inhibition_step.py: one row per starting step in both files,
    in increasing step, with the seeds both files hold and each measure in their order."""
    spec = importlib.util.spec_from_file_location(
        "observation_inhibition_step", ROOT / "experiments" / "observation_inhibition_step.py"
    )
    step = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(step)

    def su_run(excited: float, suppressed: float) -> dict:
        return {
            "f5_e": {"facilitated_mirror_of_units": excited, "observation_suppressed": suppressed}
        }

    def human_run(mu: float) -> dict:
        return {"mu_suppression_observe": mu, "eeg_mu_observe": mu / 10, "mep_facilitation": 0.5}

    half = f"{step.BASE}_w0.5"
    su = {
        "runs": {
            step.BASE: {"1": su_run(0.05, 0.2), "2": su_run(0.07, 0.3)},
            half: {"1": su_run(0.16, 0.0), "3": su_run(0.1, 0.0)},
        }
    }
    human = {
        "runs": {
            step.BASE: {"2": human_run(0.2), "1": human_run(0.1)},
            half: {"1": human_run(-0.4)},
        }
    }
    rows = step.step_rows(su, human)
    assert [r["step_nS"] for r in rows] == [0.5, 2.0]
    assert rows[0]["seeds"] == ["1"]  # seed 3 has no human measures
    assert rows[0]["excited_mirror_pct_of_f5"] == [pytest.approx(16.0)]
    assert rows[1]["seeds"] == ["1", "2"]
    assert rows[1]["suppressed_pct_of_mirror"] == [pytest.approx(20.0), pytest.approx(30.0)]
    assert rows[1]["mu_observe"] == [0.1, 0.2]
    assert rows[1]["mep_facilitation_pct"] == [pytest.approx(50.0)] * 2
