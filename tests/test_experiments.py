"""Experiments are plug-ins: one module and one registry line make a new one listable, runnable
and sweepable over any parameter; the named sweep grids are declared once, in the registry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from brian2 import nS
from click.testing import CliRunner

from mirrorsim import cli
from mirrorsim.experiments import EXPERIMENTS, SWEEP_PRESETS, Experiment
from mirrorsim.params import make_params
from mirrorsim.sweep import run_sweep
from mirrorsim.sweep.output import MEASURES, points_rows, write_outputs


def fake_point(params, seed, target="numpy", session=None) -> dict:
    """A record that depends on the swept parameter, made without simulating."""
    record = {m: float(params.w_ee / nS) + seed for m in MEASURES}
    return record | {"regime": "typical"}


def fake_run(params, seed, out_dir=None, **kwargs) -> Path:
    out = Path(out_dir)
    out.mkdir(parents=True)
    (out / "metrics.json").write_text("{}")
    return out


FAKE = Experiment("fake", "a stand-in experiment", fake_run, fake_point, "fake-v1")


@pytest.fixture
def registered(monkeypatch):
    monkeypatch.setitem(EXPERIMENTS, FAKE.name, FAKE)  # the one registry line
    return FAKE


def test_every_experiment_runs_and_sweeps():
    for name, exp in EXPERIMENTS.items():
        assert exp.name == name and exp.summary and callable(exp.run)
        assert exp.point is None or exp.protocol_tag, name


def test_presets_are_the_committed_sweeps():
    """The grids of `sweep coupling` and `sweep regime-map` are those of the committed results
    (results/sweeps/*/sweep.json), declared once in the registry."""
    import json

    for name in ("coupling", "regime-map"):
        spec = json.loads(Path(f"results/sweeps/{name}/sweep.json").read_text())
        _, preset = SWEEP_PRESETS[name]
        assert {k: list(v) for k, v in preset.grid.items()} == spec["grid"], name
        assert preset.seeds == len(spec["seeds"]), name


def test_cli_defaults_come_from_the_registry():
    result = CliRunner().invoke(cli.main, ["sweep", "regime-map", "--help"])
    assert "0,0.1,0.25,0.5,0.75,1" in result.output


def test_a_registered_experiment_is_listed_and_run(registered, tmp_path):
    runner = CliRunner()
    assert "a stand-in experiment" in runner.invoke(cli.main, ["list"]).output
    result = runner.invoke(cli.main, ["run", "fake", "--out", str(tmp_path / "r"), "--quiet"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r" / "metrics.json").exists()


def test_any_parameter_of_a_registered_experiment_sweeps(registered, tmp_path):
    from dask.distributed import Client

    out = tmp_path / "sweep"
    with Client(processes=False, n_workers=1, threads_per_worker=1, dashboard_address=":0") as c:
        run_sweep(
            make_params(),
            {"w_ee": ["0.2 nS", "0.4 nS"]},
            [1, 2],
            out,
            "fake:w_ee",
            client=c,
            target="numpy",
            progress=False,
            experiment="fake",
        )
    rows = points_rows(out)
    assert [(r["w_ee"], r["seed"]) for r in rows] == [(0.2, 1), (0.2, 2), (0.4, 1), (0.4, 2)]
    assert rows[0]["mirror_index_post"] == pytest.approx(1.2)
    summary = write_outputs(out, "fake:w_ee")
    assert [s["w_ee"] for s in summary["settings"]] == [0.2, 0.4]
    assert (out / "measures_vs_w_ee.png").exists()
    header = (out / "points.csv").read_text().splitlines()[0].split(",")
    assert header[:4] == ["w_ee", "coupling", "inhibition", "seed"]


def test_unknown_sweep_names_say_what_exists():
    result = CliRunner().invoke(cli.main, ["sweep", "tau_exx", "--values", "1", "--out", "x"])
    assert result.exit_code == 2
    assert "did you mean 'tau_exc'" in result.stderr and "presets: coupling" in result.stderr


def test_parameter_values_are_validated_before_any_point(tmp_path):
    result = CliRunner().invoke(
        cli.main, ["sweep", "tau_exc", "--values", "4 ms,5 mV", "--out", str(tmp_path / "s")]
    )
    assert result.exit_code == 2
    assert "parameter 'tau_exc': expected a time" in result.stderr
    assert not (tmp_path / "s").exists()


def test_parameter_values_are_validated_with_the_sweeps_other_parameters(tmp_path):
    """A value that needs another option is valid when --set gives it (and not otherwise)."""
    args = ["sweep", "n_memory_per_action", "--values", "250", "--experiment", "hidden-action"]
    alone = CliRunner().invoke(cli.main, [*args, "--out", str(tmp_path / "a")])
    assert alone.exit_code == 2 and "needs n_object_inputs > 0" in alone.stderr
    given = CliRunner().invoke(
        cli.main,
        [*args, "--set", "n_object_inputs=100", "--scheduler", "tcp://127.0.0.1:1",
         "--out", str(tmp_path / "b")],
    )  # fmt: skip
    assert "needs n_object_inputs" not in given.stderr  # it got past the values' check


def test_the_sweep_command_prints_each_setting(registered, tmp_path):
    """`mirrorsim sweep PARAM` to the end: the table it prints reads the record's keys."""
    from dask.distributed import LocalCluster

    out = tmp_path / "sweep"
    with LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0"
    ) as cluster:
        result = CliRunner().invoke(
            cli.main,
            ["sweep", "w_ee", "--values", "0.2 nS,0.4 nS", "--seeds", "1", "--experiment",
             "fake", "--out", str(out), "--scheduler", cluster.scheduler_address,
             "--target", "numpy", "--quiet"],
        )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "mirror index 1.2  -> typical" in result.output
    assert "mirror index 1.4  -> typical" in result.output


def word_point(params, seed, target="numpy", session=None) -> dict:
    """A record with dotted keys and no regime, like counter-mirror's, made without simulating."""
    gain = 2.0 if params.training_mapping == "incompatible" else 1.0
    return {"post": {"mapping_hz": 10.0 * seed}, "trained": {"mapping_hz": -gain * seed}}


WORDS = Experiment(
    "words", "a stand-in with its own measures", fake_run, word_point, "words-v1",
    measures=("post.mapping_hz", "trained.mapping_hz"),
)  # fmt: skip


def test_an_experiment_with_its_own_measures_sweeps_a_word_parameter(monkeypatch, tmp_path):
    """A sweep of an experiment that declares its measures, over a parameter whose values are
    words: the table holds those measures, no regime, and the command prints each setting."""
    from dask.distributed import LocalCluster

    monkeypatch.setitem(EXPERIMENTS, WORDS.name, WORDS)
    out = tmp_path / "sweep"
    with LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0"
    ) as cluster:
        result = CliRunner().invoke(
            cli.main,
            ["sweep", "training_mapping", "--values", "compatible,incompatible", "--seeds", "2",
             "--experiment", "words", "--out", str(out), "--scheduler",
             cluster.scheduler_address, "--target", "numpy", "--quiet"],
        )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "training_mapping incompatible  coupling 1  inhibition 1  (2 seeds)" in result.output
    rows = points_rows(out)
    assert [(r["training_mapping"], r["seed"]) for r in rows] == [
        ("compatible", 1), ("compatible", 2), ("incompatible", 1), ("incompatible", 2)
    ]  # fmt: skip
    assert rows[3]["trained.mapping_hz"] == -4.0 and rows[3]["regime"] == ""
    summary = json.loads((out / "summary.json").read_text())
    settings = {s["training_mapping"]: s for s in summary["settings"]}
    assert settings["incompatible"]["trained.mapping_hz"]["mean"] == pytest.approx(-3.0)
    assert "regime" not in settings["compatible"]
    header = (out / "points.csv").read_text().splitlines()[0].split(",")
    assert header == [
        "training_mapping", "coupling", "inhibition", "seed", "post.mapping_hz",
        "trained.mapping_hz", "regime",
    ]  # fmt: skip
    import xarray as xr

    with xr.open_dataset(out / "points.nc") as ds:
        assert list(ds["training_mapping"].values) == ["compatible", "incompatible"]
