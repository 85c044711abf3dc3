"""Simulated cohorts: effect sizes, subjects' parameter draws, groups, tables and the command."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from click.testing import CliRunner
from scipy import stats as sps

from mirrorsim.analysis.cohort import (
    COHORT_MEASURES,
    TMS_COHORT_MEASURES,
    cohort_measures,
    cohort_rows,
    group_table,
)
from mirrorsim.cli import main
from mirrorsim.errors import ConfigError
from mirrorsim.measures.effect_size import cohens_dz, group_summary, hedges_g, welch_test
from mirrorsim.params import make_params
from mirrorsim.subjects import BETWEEN_SUBJECT_CV, subject_factors, subject_knobs
from mirrorsim.sweep.cohort import GROUPS, SEEDS_PER_GROUP, cohort_points, parse_group
from mirrorsim.testing import TINY_PARAMS

# --------------------------------------------------------------------------- effect sizes


def test_cohens_dz_is_the_paired_t_over_root_n():
    rng = np.random.default_rng(1)
    base = rng.normal(10, 2, 25)
    cond = base + rng.normal(0.8, 1.0, 25)
    t = sps.ttest_rel(cond, base).statistic
    assert cohens_dz(cond, base) == pytest.approx(t / math.sqrt(25))
    assert cohens_dz(cond - base) == pytest.approx(t / math.sqrt(25))
    with_nan = np.append(cond, np.nan)
    assert cohens_dz(with_nan, np.append(base, 1.0)) == pytest.approx(t / math.sqrt(25))
    assert math.isnan(cohens_dz([1.0])) and math.isnan(cohens_dz([2.0, 2.0]))


def test_hedges_g_and_welch():
    rng = np.random.default_rng(2)
    a, b = rng.normal(1.0, 1.0, 30), rng.normal(0.0, 1.0, 20)
    pooled = math.sqrt((29 * a.var(ddof=1) + 19 * b.var(ddof=1)) / 48)
    d = (a.mean() - b.mean()) / pooled
    assert hedges_g(a, b) == pytest.approx(d * (1 - 3 / (4 * 50 - 9)))
    assert hedges_g(b, a) == pytest.approx(-hedges_g(a, b))
    t, p = welch_test(a, b)
    ref = sps.ttest_ind(a, b, equal_var=False)
    assert (t, p) == pytest.approx((ref.statistic, ref.pvalue))
    assert math.isnan(hedges_g([1.0], b)) and math.isnan(welch_test([1.0], b)[1])
    s = group_summary([1.0, 3.0, np.nan])
    assert (s.n, s.n_undefined, s.mean) == (2, 1, 2.0) and s.sem == pytest.approx(1.0)
    with pytest.raises(ValueError, match="1-D"):
        group_summary([[1.0, 2.0]])


# --------------------------------------------------------------------------- subjects


def test_subject_factors_have_mean_one_and_the_stated_cv():
    factors = np.array([subject_factors(s, {"inhibition": 0.1})["inhibition"] for s in range(4000)])
    assert factors.mean() == pytest.approx(1.0, abs=0.005)
    assert factors.std() / factors.mean() == pytest.approx(0.1, rel=0.05)
    assert factors.min() > 0
    assert subject_factors(7, {"inhibition": 0.1}) == subject_factors(7, {"inhibition": 0.1})
    assert subject_factors(7, {"inhibition": 0.1}) != subject_factors(8, {"inhibition": 0.1})
    with pytest.raises(ConfigError, match="finite and >= 0"):
        subject_factors(1, {"inhibition": -0.1})
    assert BETWEEN_SUBJECT_CV == {"inhibition": 0.10}


def test_subject_knobs_scale_the_group_value_and_keep_units():
    f = subject_factors(5, {"inhibition": 0.1, "tau_inh": 0.2})
    knobs = subject_knobs(5, {"inhibition": 0.8}, {"inhibition": 0.1, "tau_inh": 0.2})
    assert knobs["inhibition"] == pytest.approx(0.8 * f["inhibition"])
    number, unit = knobs["tau_inh"].split(" ")
    assert unit == "msecond" and float(number) == pytest.approx(10.0 * f["tau_inh"])
    make_params(knobs)  # valid parameters
    with pytest.raises(ConfigError, match="unknown parameter"):
        subject_knobs(5, {}, {"no_such_parameter": 0.1})


# --------------------------------------------------------------------------- groups and points


def test_parse_group():
    assert parse_group("hypoactive") == ("hypoactive", GROUPS["hypoactive"])
    assert parse_group("mine:coupling=1.5,tau_inh=12 ms") == (
        "mine",
        {"coupling": 1.5, "tau_inh": "12 ms"},
    )
    for bad, match in (
        ("nosuch", "unknown group"),
        ("x:coupling", "not knob=value"),
        (":coupling=1", "needs a name"),
        ("x:coupling=nan", "finite"),
    ):
        with pytest.raises(ConfigError, match=match):
            parse_group(bad)
    with pytest.raises(ValueError):
        parse_group("x:no_such_parameter=1")


def test_cohort_points_give_each_group_its_own_subjects():
    groups = {"typical": GROUPS["typical"], "low-inh": {"inhibition": 0.8}}
    points = cohort_points(groups, 3, {"inhibition": 0.1}, first_seed=11)
    assert [p.seed for p in points["typical"]] == [11, 12, 13]
    assert [p.seed for p in points["low-inh"]] == [11 + SEEDS_PER_GROUP + k for k in range(3)]
    for p in points["typical"]:
        knobs = dict(p.knobs)
        assert set(knobs) == {"coupling", "inhibition"} and knobs["coupling"] == 1.0
        assert knobs["inhibition"] == pytest.approx(
            subject_factors(p.seed, {"inhibition": 0.1})["inhibition"]
        )
    low = [dict(p.knobs)["inhibition"] for p in points["low-inh"]]
    assert np.mean(low) < 0.95 and all(0.5 < x < 1.1 for x in low)
    again = cohort_points(groups, 3, {"inhibition": 0.1}, first_seed=11)
    assert again == points
    with pytest.raises(ConfigError, match="at least 2 subjects"):
        cohort_points(groups, 1, {})


# --------------------------------------------------------------------------- tables


def test_group_table_on_known_subjects():
    rng = np.random.default_rng(3)
    rows = []
    for group, shift in (("typical", -0.3), ("hypoactive", 0.0)):
        for seed in range(20):
            row = {"group": group, "seed": seed}
            for m in COHORT_MEASURES:
                row[m.key] = float(rng.normal(shift, 0.2))
                if m.baseline:
                    row[m.baseline] = float(rng.normal(0.0, 0.2))
            rows.append(row)
    table = {(t["group"], t["measure"]): t for t in group_table(rows, "typical")}
    obs = [r["mu_suppression_observe"] for r in rows if r["group"] == "typical"]
    hypo = [r["mu_suppression_observe"] for r in rows if r["group"] == "hypoactive"]
    t = table[("typical", "mu_suppression_observe")]
    assert t["n"] == 20 and t["mean"] == pytest.approx(np.mean(obs))
    assert t["d_z"] == pytest.approx(cohens_dz(obs)) and t["d_z"] < -1
    assert math.isnan(t["g_vs_control"])
    h = table[("hypoactive", "mu_suppression_observe")]
    assert h["g_vs_control"] == pytest.approx(hedges_g(hypo, obs)) and h["g_vs_control"] > 1
    assert h["p_vs_control"] < 0.01
    mep = table[("typical", "mep_facilitation")]
    assert mep["mean"] == pytest.approx(100 * np.mean([r["mep_facilitation"] for r in rows[:20]]))


def test_a_tms_cohort_table_reads_paradigm_records(tmp_path):
    """A cohort of TMS sessions: rows from the nested ``tms-paradigms`` record, paired-pulse
    MEPs tested against 100 % (no inhibition), the threshold without an effect size, no regime
    columns; and its figure is drawn."""
    from mirrorsim.plots import cohort_figure

    rng = np.random.default_rng(4)
    spec = {"experiment": "tms-paradigms", "subjects": {"typical": [1, 2, 3], "hyper": [4, 5, 6]}}
    points = []
    for seed in range(1, 7):
        sici = float(rng.normal(50.0 if seed < 4 else 80.0, 5.0))
        static = float(rng.uniform(1.0, 2.0))
        paradigms = {
            "facilitation": float(rng.normal(100.0, 20.0)),
            "mep_single": {"static": static, "observe": 2 * static},
            "sici": {"static": sici, "observe": sici},
            "lici": {"static": 100.0 + seed, "observe": 100.0},
        }
        measures = {"calibration": {"rmt": 1.5 + 0.1 * seed}, "paradigms": paradigms}
        points.append({"seed": seed, "knobs": {"coupling": 1.0}, "measures": measures})
    points.append({"seed": 99, "knobs": {}, "measures": {}})  # not a subject: left out
    rows = cohort_rows(points, spec)
    assert [r["seed"] for r in rows] == [1, 2, 3, 4, 5, 6]
    assert "regime" not in rows[0] and "regime_human" not in rows[0]
    entries = group_table(rows, "typical", TMS_COHORT_MEASURES)
    table = {(t["group"], t["measure"]): t for t in entries}
    sici = table[("typical", "paradigms.sici.static")]
    values = [r["paradigms.sici.static"] for r in rows[:3]]
    assert sici["d_z"] == pytest.approx(cohens_dz(np.array(values) - 100.0)) and sici["d_z"] < 0
    assert sici["baseline"] == "100"
    assert table[("hyper", "paradigms.sici.static")]["g_vs_control"] > 1
    mep = table[("typical", "paradigms.mep_single.observe")]
    assert mep["baseline"] == "paradigms.mep_single.static" and mep["d_z"] > 0
    assert math.isnan(table[("typical", "calibration.rmt")]["d_z"])
    written = cohort_figure(rows, entries, tmp_path / "tms", TMS_COHORT_MEASURES)
    assert all(p.exists() for p in written)
    assert cohort_measures() is COHORT_MEASURES
    with pytest.raises(ConfigError, match="no cohort measures"):
        cohort_measures("counter-mirror")


# --------------------------------------------------------------------------- the command


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--group", "nosuch"], "unknown group"),
        (["--group", "typical", "--group", "typical"], "given twice"),
        (["--vary", "inhibition"], "NAME=CV"),
        (["--vary", "inhibition=-1"], "NAME=CV"),
        (["--vary", "no_such_param=0.1"], "unknown parameter"),
        (["--control", "other"], "not one of the groups"),
        (["--subjects", "1"], "1"),
        (["--experiment", "counter-mirror"], "is not one of"),
    ],
)
def test_cohort_bad_input_is_one_line(args, message, tmp_path):
    result = CliRunner().invoke(main, ["cohort", "--out", str(tmp_path / "c"), *args])
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "c").exists()


@pytest.mark.slow  # ~1 min on 2 cores: the default run stays under CI's 15 minutes
def test_a_tiny_cohort_end_to_end(tmp_path):
    """Two subjects of one group on the numpy target (the machinery, not the science): the
    tables, the figure and the subjects' own parameter values; a re-run redoes nothing."""
    config = tmp_path / "tiny.yaml"
    tiny = dict(TINY_PARAMS) | {"n_test_repeats": 1, "n_tms_repeats": 1}
    config.write_text("".join(f"{k}: {json.dumps(v)}\n" for k, v in tiny.items()))
    out = tmp_path / "cohort"
    args = ["cohort", "--subjects", "2", "--group", "typical", "--target", "numpy"]
    args += ["--config", str(config), "--workers", "1", "--quiet", "--out", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "typical (n=2)" in result.output
    for name in ("groups.csv", "subjects.csv", "cohort.json", "cohort.png", "points"):
        assert (out / name).exists()
    summary = json.loads((out / "cohort.json").read_text())
    assert summary["spec"]["subjects"] == {"typical": [1, 2]}
    assert summary["n_subjects_finished"] == {"typical": 2}
    assert summary["provenance"]["git_revision"]
    subjects = (out / "subjects.csv").read_text().splitlines()
    assert subjects[0].startswith("group,seed,coupling,inhibition")
    inhibition = [float(line.split(",")[3]) for line in subjects[1:]]
    assert inhibition[0] != inhibition[1]  # each subject its own draw
    files = {p.name: p.stat().st_mtime_ns for p in (out / "points").iterdir()}
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 0, again.output
    assert {p.name: p.stat().st_mtime_ns for p in (out / "points").iterdir()} == files
