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
