"""Tests for mirrorsim.regression and mirrorsim.testing: the tolerance rule and its behaviour.

Synthetic "seeds" are draws of 90 correlated, normally distributed statistics (a one-factor
model, like rates that move together). With fixed numpy seeds every check below is one fixed
number, not a flaky one.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np
import pytest
from scipy import stats as sps

from mirrorsim.analysis.firing_summary import firing_summary, flatten, write_summary
from mirrorsim.regression import (
    DEFAULT_ALPHA,
    DEFAULT_REFERENCE,
    MIN_SEEDS,
    SINGLE_SHARE,
    build_reference,
    build_reference_from_runs,
    check,
    format_check,
    leave_one_out,
    load_reference,
    params_hash,
    save_reference,
    z_critical,
)
from mirrorsim.results import params_record, save_run_arrays, write_json
from mirrorsim.testing import assert_matches_reference, check_run, poisson_run

pytest_plugins = ["pytester"]

N_STATS, N_SEEDS = 90, 20
SAVED_RUN = Path(os.environ.get("MIRRORSIM_SAVED_RUN", "/tmp/plotdata_run1"))
KEYS = [f"pop{k // 15}.cond{(k // 5) % 3}.stat{k % 5}" for k in range(N_STATS)]


class Model:
    """Correlated normal statistics: value = mean + sd * (0.6 * common + 0.8 * own)."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.mean = rng.uniform(0.5, 50.0, N_STATS)
        self.sd = self.mean * rng.uniform(0.01, 0.1, N_STATS)

    def draw(self, rng: np.random.Generator, shift: dict[str, float] | None = None) -> dict:
        z = 0.6 * rng.standard_normal() + 0.8 * rng.standard_normal(N_STATS)
        values = dict(zip(KEYS, self.mean + self.sd * z, strict=True))
        for key, n_sd in (shift or {}).items():
            values[key] += n_sd * self.sd[KEYS.index(key)]
        return values


@pytest.fixture(scope="module")
def model_and_reference():
    rng = np.random.default_rng(20240501)
    model = Model(rng)
    reference = build_reference(
        [model.draw(rng) for _ in range(N_SEEDS)], {"seeds": list(range(101, 101 + N_SEEDS))}
    )
    return model, reference


# --------------------------------------------------------------------------- threshold


def test_z_critical_formula_and_limits():
    z = z_critical(90, 12, 0.01)
    assert z == pytest.approx(sps.t.isf(0.01 / 180, 11) * math.sqrt(1 + 1 / 12))
    assert 5.5 < z < 6.5
    assert z_critical(150, 12) > z > z_critical(90, 20)
    # many seeds: the Bonferroni-normal threshold
    assert z_critical(90, 10**6) == pytest.approx(sps.norm.isf(0.01 / 180), rel=1e-4)
    for bad in ((0, 12, 0.01), (90, 1, 0.01), (90, 12, 0.0), (90, 12, 1.0)):
        with pytest.raises(ValueError):
            z_critical(*bad)


# --------------------------------------------------------------------------- building


def test_build_reference_mean_sd_and_nan():
    summaries = [
        {"a.b.c": 1.0, "a.b.d": 2.0},
        {"a.b.c": 3.0, "a.b.d": float("nan")},
        {"a.b.c": 5.0, "a.b.d": 4.0},
        {"a.b.c": 7.0},
    ]
    ref = build_reference(summaries, {"block": "post"})
    c, d = ref["statistics"]["a.b.c"], ref["statistics"]["a.b.d"]
    assert (c["mean"], c["sd"], c["n_seeds"], c["n_undefined"]) == (
        4.0,
        pytest.approx(np.std([1, 3, 5, 7], ddof=1)),
        4,
        0,
    )
    assert (d["mean"], d["n_seeds"], d["n_undefined"]) == (3.0, 2, 2)
    assert ref["meta"]["n_seeds"] == 4 and ref["meta"]["block"] == "post"
    assert "warning" in ref["meta"]  # fewer than 10 seeds
    with pytest.raises(ValueError, match="at least"):
        build_reference(summaries[: MIN_SEEDS - 1])


def test_build_reference_accepts_nested_summaries():
    nested = [{"f5_e": {"rest": {"rate_hz": r}}} for r in (1.0, 2.0, 3.0)]
    ref = build_reference(nested)
    assert ref["statistics"]["f5_e.rest.rate_hz"]["mean"] == 2.0


def test_save_load_round_trip(model_and_reference, tmp_path):
    _, ref = model_and_reference
    ref = {
        **ref,
        "statistics": {
            **ref["statistics"],
            "x.y.nan": build_reference([{"x.y.nan": float("nan")}] * 3)["statistics"]["x.y.nan"],
        },
    }
    path = save_reference(ref, tmp_path / "sub" / "ref.json")
    loaded = load_reference(path)
    assert loaded["meta"]["seeds"] == ref["meta"]["seeds"]
    for key, entry in ref["statistics"].items():
        assert loaded["statistics"][key]["mean"] == pytest.approx(entry["mean"], nan_ok=True)
        assert loaded["statistics"][key]["sd"] == pytest.approx(entry["sd"], nan_ok=True)
    draw = {k: e["mean"] + 3 * e["sd"] for k, e in ref["statistics"].items()}
    assert [c.z for c in check(draw, loaded).comparisons] == pytest.approx(
        [c.z for c in check(draw, ref).comparisons]
    )


def test_load_reference_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="no reference"):
        load_reference(tmp_path / "missing.json")
    (tmp_path / "other.json").write_text('{"a": 1}')
    with pytest.raises(ValueError, match="not a mirrorsim"):
        load_reference(tmp_path / "other.json")


# --------------------------------------------------------------------------- false alarms, power


def test_fresh_seeds_pass_at_least_95_percent(model_and_reference):
    """The false-alarm property: fresh draws of the unchanged model pass (expected >= 99 %)."""
    model, ref = model_and_reference
    rng = np.random.default_rng(7)
    passed = [check(model.draw(rng), ref).passed for _ in range(200)]
    assert np.mean(passed) >= 0.95


def test_false_alarm_rate_over_references():
    """Averaged over references too (the rule's guarantee is unconditional): <= alpha + noise."""
    rng = np.random.default_rng(11)
    failures = 0
    for _ in range(20):
        model = Model(rng)
        ref = build_reference([model.draw(rng) for _ in range(N_SEEDS)])
        failures += sum(not check(model.draw(rng), ref).passed for _ in range(50))
    assert failures / 1000 <= 0.025  # alpha = 1 %; binomial 99.9 % bound ~ 2.1 %


def test_shifted_statistics_fail_and_are_named(model_and_reference):
    model, ref = model_and_reference
    z_crit = z_critical(N_STATS, N_SEEDS, DEFAULT_ALPHA * SINGLE_SHARE)
    shifted = {KEYS[3]: z_crit + 3, KEYS[40]: -(z_crit + 3), KEYS[77]: 2 * z_crit}
    rng = np.random.default_rng(3)
    result = check(model.draw(rng, shifted), ref)
    assert not result.passed
    assert {c.key for c in result.deviations} == set(shifted)
    report = format_check(result)
    assert report.startswith("FAIL: 3 of 90")
    for c in result.deviations:
        assert c.key in report and f"{c.z:+.2f}" in report
    # sorted by |z|, largest first
    assert [c.key for c in result.deviations][0] == KEYS[77]


def test_three_spread_shift_alone_is_within_tolerance(model_and_reference):
    """A 3-sd shift of one statistic is a plausible fluke among 90 and is not flagged."""
    model, ref = model_and_reference
    result = check(model.draw(np.random.default_rng(5), {KEYS[10]: 3.0}), ref)
    assert result.passed
    assert "largest changes within the single-statistic limit" in format_check(result)


def test_many_moderate_shifts_like_a_rate_change_fail(model_and_reference):
    """A model change moving many statistics by 8 spreads (e.g. F5 rates by several Hz)."""
    model, ref = model_and_reference
    shifts = {k: 8.0 for k in KEYS if k.startswith("pop2.")}
    result = check(model.draw(np.random.default_rng(6), shifts), ref)
    assert not result.passed
    assert {c.key for c in result.deviations} <= set(shifts)


def test_small_shifts_of_many_statistics_fail_on_the_aggregate(model_and_reference):
    """What the aggregate is for: a change that moves every statistic of two populations by
    3 spreads (one up, one down), far within every single-statistic limit (~7.9), fails on the
    distance."""
    model, ref = model_and_reference
    shifts = {k: 3.0 if k.startswith("pop1.") else -3.0 for k in KEYS if k[:4] in ("pop1", "pop2")}
    result = check(model.draw(np.random.default_rng(12), shifts), ref)
    assert not result.deviations  # no single statistic beyond its limit ...
    assert not result.aggregate_passed and not result.passed  # ... but the run as a whole
    report = format_check(result)
    assert report.startswith("FAIL: 0 of 90") and "BEYOND threshold" in report
    assert "top 10" in report  # the explanation: which statistics moved most


def test_aggregate_threshold_false_alarms_by_seed_count():
    """The aggregate's calibration (leave-one-out, log-normal prediction limit) on correlated
    normal statistics: with 20 seeds a fresh seed exceeds it about 1 % of the time (nominal
    0.5 %; the realised rate is above nominal for small references, see calibrate)."""
    from mirrorsim.regression import AGGREGATE_SHARE, calibrate, mahalanobis

    rng = np.random.default_rng(21)
    exceed = total = 0
    for _ in range(15):
        model = Model(rng)
        seeds = np.array([list(model.draw(rng).values()) for _ in range(20)])
        threshold, loo = calibrate(seeds, mahalanobis, DEFAULT_ALPHA * AGGREGATE_SHARE)
        assert loo.shape == (20,) and threshold > loo.max() * 0.9
        fresh = [np.array(list(model.draw(rng).values())) for _ in range(60)]
        exceed += sum(mahalanobis(seeds, x) > threshold for x in fresh)
        total += len(fresh)
    assert exceed / total <= 0.025


def test_ledoit_wolf_shrinks_towards_scaled_identity():
    from mirrorsim.regression import ledoit_wolf

    rng = np.random.default_rng(4)
    x = rng.standard_normal((200, 5)) @ np.diag([3.0, 2.0, 1.0, 0.5, 0.2])
    cov, shrink = ledoit_wolf(x)
    sample = np.cov(x.T, bias=True)
    target = np.trace(sample) / 5 * np.eye(5)
    assert 0 <= shrink < 0.2  # much data, far from the target: little shrinkage
    assert np.allclose(cov, (1 - shrink) * sample + shrink * target)
    assert ledoit_wolf(rng.standard_normal((200, 5)))[1] > 0.5  # the truth is the target
    few = rng.standard_normal((6, 40))  # fewer observations than variables: still invertible
    assert np.linalg.matrix_rank(ledoit_wolf(few)[0]) == 40


# --------------------------------------------------------------------------- edge cases


def _tiny_reference():
    return build_reference(
        [
            {"p.c.ok": v, "p.c.const": 0.0, "p.c.somenan": s, "p.c.allnan": float("nan")}
            for v, s in zip(
                [1.0, 1.2, 0.9, 1.1, 1.0], [2.0, float("nan"), 2.1, 1.9, 2.0], strict=True
            )
        ]
    )


def test_nan_in_run_where_reference_is_finite_is_a_deviation():
    ref = _tiny_reference()
    result = check({"p.c.ok": float("nan"), "p.c.const": 0.0, "p.c.somenan": 2.0}, ref)
    assert not result.passed
    (dev,) = result.deviations
    assert dev.key == "p.c.ok" and math.isnan(dev.z) and "undefined in the run" in dev.note
    assert "p.c.ok" in format_check(result)


def test_nan_where_reference_had_nan_and_constant_statistics_are_skipped():
    ref = _tiny_reference()
    result = check(
        {"p.c.ok": 1.05, "p.c.const": 5.0, "p.c.somenan": float("nan"), "p.c.allnan": 1.0}, ref
    )
    assert result.passed
    assert set(result.skipped) == {"p.c.const", "p.c.somenan", "p.c.allnan"}
    assert "constant" in result.skipped["p.c.const"]
    assert "reference seeds too" in result.skipped["p.c.somenan"]
    assert result.n_stats == 2  # ok and somenan (4 finite seeds) form the family
    assert "skipped 3" in format_check(result)


def test_missing_statistic_is_a_deviation_and_extra_is_a_note():
    ref = _tiny_reference()
    result = check({"p.c.somenan": 2.0, "p.c.new": 1.0}, ref)
    assert [c.key for c in result.deviations] == ["p.c.ok"]
    assert result.deviations[0].note == "missing from the run"
    assert any("p.c.new" in note for note in result.notes)


def test_include_exclude_and_params_notes(model_and_reference):
    model, ref = model_and_reference
    draw = model.draw(np.random.default_rng(8), {KEYS[0]: 50.0})
    assert not check(draw, ref, include=["pop0.*"]).passed
    only = check(draw, ref, include=["pop0.*"])
    assert only.n_stats == 15 and len(only.comparisons) == 15
    assert check(draw, ref, exclude=[KEYS[0]]).passed
    ref_p = {**ref, "meta": {**ref["meta"], "params": {"coupling": 1.0, "n_actions": 3}}}
    result = check(draw, ref_p, params={"coupling": 1.2, "n_actions": 3})
    assert any("coupling=1.2 (reference 1.0)" in n for n in result.notes)
    assert "coupling=1.2" in format_check(result)


def test_leave_one_out(model_and_reference):
    _, ref = model_and_reference
    results = leave_one_out(ref)
    assert len(results) == N_SEEDS
    assert sum(not r.passed for r in results) <= 1
    assert results[0].n_stats == N_STATS
    assert all(c.n_seeds == N_SEEDS - 1 for c in results[0].comparisons)


# --------------------------------------------------------------------------- runs, testing helpers


@pytest.fixture(scope="module")
def synthetic_reference():
    summaries = [firing_summary(poisson_run(seed=s, pool_rate=30.0)) for s in range(12)]
    return build_reference(summaries, {"block": "post"})


def test_params_hash_is_stable():
    run = poisson_run(seed=0)
    assert params_hash(run.params) == params_hash(dict(reversed(run.params.to_strings().items())))
    assert len(params_hash(run.params)) == 16


def test_assert_matches_reference_on_runs(synthetic_reference, tmp_path):
    fresh = poisson_run(seed=100, pool_rate=30.0)
    result = assert_matches_reference(fresh, synthetic_reference)
    assert result.passed and result.n_stats > 80
    assert_matches_reference(firing_summary(fresh), synthetic_reference)
    assert_matches_reference(flatten(firing_summary(fresh)), synthetic_reference)
    changed = poisson_run(seed=101, pool_rate=45.0)
    with pytest.raises(AssertionError, match=r"pool_rate_hz") as err:
        assert_matches_reference(changed, synthetic_reference)
    assert "FAIL" in str(err.value) and "z" in str(err.value)


def test_check_run_on_directories(synthetic_reference, tmp_path):
    run_dir = _save(poisson_run(seed=102, pool_rate=30.0), tmp_path / "run")
    assert check_run(run_dir, synthetic_reference).passed
    write_summary(run_dir, out_dir=tmp_path / "only_stats")
    assert check_run(tmp_path / "only_stats", synthetic_reference).passed
    with pytest.raises(FileNotFoundError):
        check_run(tmp_path, synthetic_reference)


def test_build_reference_from_runs(tmp_path):
    dirs = [_save(poisson_run(seed=s), tmp_path / f"seed-{s}") for s in (1, 2, 3)]
    ref = build_reference_from_runs(dirs)
    meta = ref["meta"]
    assert meta["seeds"] == [1, 2, 3] and meta["block"] == "post"
    assert meta["experiment"] == "mirror-emergence"
    assert meta["params_hash"] == params_hash(poisson_run(seed=1).params)
    assert ref["statistics"]["f5_e.rest.rate_hz"]["n_seeds"] == 3
    other = _save(poisson_run({"n_test_repeats": 3}, seed=4), tmp_path / "other")
    with pytest.raises(ValueError, match="different parameters"):
        build_reference_from_runs([*dirs, other])
    with pytest.raises(ValueError, match="repeated seeds"):
        build_reference_from_runs([*dirs, dirs[0]])


def test_build_reference_from_a_sweep_folder(tmp_path):
    """A reference from a mirror-emergence sweep's point records (their firing summaries), by
    the function and by `mirrorsim stats --build-reference SWEEP_DIR`."""
    import json

    from click.testing import CliRunner

    from mirrorsim.cli import main
    from mirrorsim.regression import build_reference_from_sweep

    sweep = tmp_path / "sweep"
    (sweep / "points").mkdir(parents=True)
    keys = []
    for s in range(1, 21):
        run = poisson_run(seed=s, pool_rate=30.0)
        record = {
            "key": f"k{s}",
            "seed": s,
            "params": run.params.to_strings(),
            "provenance": {"code_target": "test"},
            "measures": {"firing_stats": {"post": flatten(firing_summary(run, "post"))}},
        }
        (sweep / "points" / f"k{s}.json").write_text(json.dumps(record))
        keys.append(f"k{s}")
    (sweep / "sweep.json").write_text(json.dumps({"experiment": "mirror-emergence", "keys": keys}))
    ref = build_reference_from_sweep(sweep)
    assert ref["meta"]["seeds"] == list(range(1, 21)) and ref["meta"]["n_seeds"] == 20
    assert ref["meta"]["aggregate"]["threshold"] > 0
    out = tmp_path / "ref.json"
    result = CliRunner().invoke(main, ["stats", "--build-reference", str(sweep), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "aggregate" in result.output and load_reference(out)["meta"]["n_seeds"] == 20
    with pytest.raises(ValueError, match="firing statistics of block 'pre'"):
        build_reference_from_sweep(sweep, block="pre")


def test_fixtures_in_a_user_conftest(pytester, synthetic_reference, tmp_path):
    ref_path = save_reference(synthetic_reference, tmp_path / "variant.json")
    summary_path = tmp_path / "fresh"
    write_summary(
        _save(poisson_run(seed=103, pool_rate=30.0), tmp_path / "run"), out_dir=summary_path
    )
    pytester.makeconftest(f"""
from mirrorsim.testing import mirrorsim_reference, reference_fixture  # noqa: F401
variant_reference = reference_fixture({str(ref_path)!r})
missing_reference = reference_fixture({str(tmp_path / "missing.json")!r})
""")
    pytester.makepyfile(f"""
from mirrorsim.testing import assert_matches_reference

def test_variant(variant_reference):
    assert_matches_reference({str(summary_path)!r}, variant_reference)

def test_missing(missing_reference):
    raise AssertionError("not reached")
""")
    outcome = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    outcome.assert_outcomes(passed=1, skipped=1)


DOCS = Path(__file__).resolve().parents[1] / "docs" / "regression-testing.md"
EXAMPLE_DATA = Path(__file__).resolve().parent / "data" / "regression"


def test_the_documented_example_test_file_runs(pytester):
    """The example of docs/regression-testing.md, on committed run summaries, against the
    repository's reference: a fresh seed passes, inhibition x0.8 fails."""
    text = DOCS.read_text()
    start = text.index("```python\n# tests/test_firing_regression.py")
    code = text[text.index("\n", start) + 1 : text.index("```", start + 3)]
    data = pytester.path / "data"
    data.mkdir()
    for name in ("fresh-seed.json", "inhibition-x0.8.json"):
        (data / name).write_text((EXAMPLE_DATA / name).read_text())
    pytester.makepyfile(test_firing_regression=code)
    outcome = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    outcome.assert_outcomes(passed=2)


def test_example_summaries_are_fresh_for_the_reference():
    """The committed summaries are of seeds not in the reference, of the reference's model
    (fresh) or with inhibition x0.8 only."""
    import json

    ref = load_reference()
    for name, inhibition in (("fresh-seed.json", None), ("inhibition-x0.8.json", 0.8)):
        record = json.loads((EXAMPLE_DATA / name).read_text())
        assert record["seed"] not in ref["meta"]["seeds"]
        if inhibition is None:
            assert record["params_hash"] == ref["meta"]["params_hash"]
        else:
            params = dict(ref["meta"]["params"], inhibition=inhibition)
            assert record["params_hash"] == params_hash(params)


def _save(run, directory: Path) -> Path:
    """A run directory as `mirrorsim run` writes it (params.json, spikes.npz, weights.npz)."""
    directory.mkdir(parents=True, exist_ok=True)
    save_run_arrays(directory, run)
    write_json(
        directory / "params.json",
        params_record(run.params, run.seed, "mirror-emergence", {"code_target": "test"}),
    )
    return directory


# --------------------------------------------------------------------------- the default model


def _default_reference_or_skip():
    if not DEFAULT_REFERENCE.is_file():
        pytest.skip(f"no repository reference at {DEFAULT_REFERENCE}")
    return load_reference()


@pytest.mark.skipif(not (SAVED_RUN / "spikes.npz").is_file(), reason="no saved run")
def test_saved_default_run_matches_repository_reference():
    ref = _default_reference_or_skip()
    from mirrorsim.results import load_run

    data = load_run(SAVED_RUN)
    if params_hash(data.params) != ref["meta"].get("params_hash") or data.seed in ref["meta"].get(
        "seeds", []
    ):
        pytest.skip("the saved run is not a fresh seed of the reference model")
    assert_matches_reference(data, ref, alpha=DEFAULT_ALPHA)


COUPLING_MISSED = (
    "issue 20 target not met: the check catches coupling x1.2 in too few seeds (0 of 5 in "
    "results/regression/power-checks.csv; docs/regression-testing.md, *What it catches*)"
)


@pytest.mark.slow
@pytest.mark.full_network
@pytest.mark.standalone
@pytest.mark.parametrize(
    ("overrides", "should_pass"),
    [
        ({}, True),
        pytest.param({"coupling": 1.2}, False, marks=pytest.mark.xfail(reason=COUPLING_MISSED)),
        ({"inhibition": 0.8}, False),
        ({"inhibition": 1.2}, False),
    ],
)
def test_default_model_regression(overrides, should_pass):
    """A fresh seed of the default model passes; inhibition -20 % or +20 % fails; coupling
    +20 % should fail and is expected not to (xfail: the measured power, docs).

    Seed 9001 is in none of the seed sets of experiments/regression_power.py."""
    ref = _default_reference_or_skip()
    from mirrorsim.params import make_params
    from mirrorsim.protocols import mirror_emergence_protocol
    from mirrorsim.simulate import run_protocol

    params = make_params(overrides)
    seed = 9001
    data = run_protocol(params, mirror_emergence_protocol(params, seed), seed, progress=False)
    result = check_run(data, ref)
    assert result.passed is should_pass, format_check(result)
