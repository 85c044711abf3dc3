"""One run, one record: every key documented, one name per value, old names still read."""

from __future__ import annotations

import dataclasses
import json
import math
import re
import warnings
from pathlib import Path

import pytest

from mirrorsim.analysis import metrics
from mirrorsim.analysis.firing_summary import firing_summary, flatten
from mirrorsim.analysis.record import (
    KEYS,
    RENAMED,
    Record,
    documented,
    firing_part,
    key_table,
    nest,
    pre_name,
    read_record,
    run_record,
)
from mirrorsim.protocols import mirror_emergence_protocol
from mirrorsim.results import write_json
from mirrorsim.testing import check_run, poisson_run

ROOT = Path(__file__).resolve().parents[1]
#: metrics.json keys that earlier issues named: users' scripts read them.
NAMED = (
    "f5_mirror_fraction_pre",
    "f5_mirror_fraction_post",
    "f5_strictly_congruent_fraction",
    "f5_broadly_congruent_fraction",
    "mirror_index_pre",
    "mirror_index_post",
    "m1_overt_observe_fraction",
    "rate_hz",
    "isi_cv_rest",
)


@pytest.fixture(scope="module")
def run():
    return poisson_run(seed=1, rate=5.0, pool_rate=40.0)


@pytest.fixture(scope="module")
def record(run):
    return run_record(run)


def _names(key):
    return (key.name, pre_name(key.name)) if key.pre else (key.name,)


def test_every_key_is_documented_and_every_documented_key_is_there(record):
    assert [k for k in record if documented(k) is None] == []

    for key in KEYS:
        for name in _names(key):
            pattern = re.compile(re.sub(r"\\\{\w+\\\}", "[a-z0-9_]+", re.escape(name)) + r"\Z")
            assert any(pattern.match(k) for k in record), name
    assert all(k.unit is not None and k.meaning for k in KEYS)


def test_values_are_scalars_and_survive_json(record, tmp_path):
    assert all(v is None or isinstance(v, float | int | bool | str) for v in record.values())
    write_json(tmp_path / "metrics.json", nest(record))
    back = read_record(tmp_path)
    assert list(back) == list(record)
    for key, value in record.items():
        if isinstance(value, float) and math.isnan(value):
            assert math.isnan(back[key]), key
        else:
            assert back[key] == value, key


def test_the_named_keys_keep_their_names(record):
    nested = nest(record)
    for name in NAMED:
        assert name in nested, name
    assert set(nested["rate_hz"]["f5_e"]) == {"rest", "execute", "observe"}
    assert set(nested["isi_cv_rest"]) == {"ipl_e", "ipl_i", "f5_e", "f5_i", "m1_e", "gate"}


def test_one_name_per_value(record):
    """The echo index and the mirror index are each recorded once (0.5.0 kept both twice)."""
    for old in ("echo_index", "mirror_index", "clinical", "f5_mirror_fraction"):
        assert not any(k == old or k.startswith(old + ".") for k in record), old


def test_metrics_is_the_record_nested(run, record):
    summary, blocks = metrics(run)
    assert set(blocks) == {"pre", "post"}
    assert summary["rate_hz"]["f5_e"]["rest"] == record["rate_hz.f5_e.rest"]
    assert summary["mirror_index_post"] == record["mirror_index_post"]


def test_old_names_answer_with_a_warning(record, run):
    rec = Record(record)
    with pytest.warns(FutureWarning, match="'echo_index' is 'm1_overt_observe_fraction'"):
        assert rec["echo_index"] == rec["m1_overt_observe_fraction"]
    with pytest.warns(FutureWarning):
        clinical = rec["clinical"]
    assert clinical["regime"] == rec["regime"]
    assert clinical["echo_index"] == rec["m1_overt_observe_fraction"]
    with pytest.warns(FutureWarning):
        assert rec["clinical_pre"]["mep_facilitation"] == rec["mep_facilitation_pre"]
    summary, _ = metrics(run)  # the nested form answers too
    with pytest.warns(FutureWarning):
        assert summary["clinical"]["mirror_index"] == summary["mirror_index_post"]
    with pytest.raises(KeyError):
        rec["no_such_key"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert rec.get("no_such_key", 3) == 3


def test_a_protocol_without_the_pre_block_has_no_pre_keys(run):
    post_only = mirror_emergence_protocol(run.params, run.seed, blocks=("post",))
    rec = run_record(dataclasses.replace(run, protocol=post_only))
    pre = [k for k in rec if k.split(".")[0].endswith("_pre")]
    assert pre == ["w_same_pre", "w_other_pre"]  # the weights before learning: always there
    assert "mirror_index_post" in rec and "mep_facilitation" in rec


def test_a_runaway_run_has_nan_response_measures(run):
    tripped = dataclasses.replace(run, runaway_time=1.0)
    rec = run_record(tripped)
    assert rec["runaway"] is True and rec["regime"] == "runaway"
    for key in KEYS:
        if key.runaway_nan and "{" not in key.name:
            assert math.isnan(rec[key.name]), key.name
    assert not math.isnan(rec["mirror_index_pre"])


def test_a_metrics_json_of_0_6_reads_under_the_new_keys():
    """A run's metrics.json as 0.6.0 development first wrote it, with `clinical` and
    `clinical_pre` groups (the example run of docs/expected-output.md until it was re-run)."""
    path = ROOT / "tests/data/metrics-0.6-clinical-groups.json"
    old = json.loads(path.read_text())
    rec = read_record(path)
    assert rec["m1_overt_observe_fraction"] == old["m1_overt_observe_fraction"]
    assert rec["regime"] == old["clinical"]["regime"] == "typical"
    assert rec["mep_facilitation_pre"] == old["clinical_pre"]["mep_facilitation"]
    assert rec["rate_hz.f5_e.execute"] == old["rate_hz"]["f5_e"]["execute"]
    assert not [k for k in rec if k.startswith("clinical") or k in RENAMED]
    assert {documented(k) is not None for k in rec} == {True}


def test_a_sweep_point_of_0_5_reads_under_the_new_keys():
    point = sorted((ROOT / "results/sweeps/coupling/points").glob("*.json"))[0]
    old = json.loads(point.read_text())["measures"]
    rec = read_record(point)
    assert rec["mirror_index_post"] == old["mirror_index"]
    assert rec["m1_overt_observe_fraction"] == old["echo_index"]
    assert rec["f5_mirror_fraction_post"] == old["f5_mirror_fraction"]
    assert not [k for k in rec if k in RENAMED]


def test_the_regression_check_reads_the_records_firing_statistics(run, record, tmp_path):
    assert firing_part(record) == pytest.approx(flatten(firing_summary(run)), nan_ok=True)
    folder = tmp_path / "run"
    folder.mkdir()
    write_json(folder / "metrics.json", nest(record))
    from_run, from_folder = check_run(run), check_run(folder)
    from_record = check_run(record)
    expected = from_run.comparisons
    assert expected
    for result in (from_folder, from_record):
        assert [c.key for c in result.comparisons] == [c.key for c in expected]
        assert [c.z for c in result.comparisons] == pytest.approx(
            [c.z for c in expected], nan_ok=True
        )
        assert result.skipped == from_run.skipped


def test_the_key_table_lists_every_key():
    table = key_table()
    for key in KEYS:
        assert f"`{key.name}`" in table
