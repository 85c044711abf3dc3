"""No command deletes or overwrites a file it did not create.

Each way mirrorsim writes (a run's ``--out``, a sweep folder, the reference builder, a bench
record, a notebook's output folder, the firing statistics written into a run folder) is tried on
a destination holding a user's file: it is refused with one line and exit code 2, before any
simulation, and the user's file is still there, unchanged.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from mirrorsim import cli
from mirrorsim import experiments as runners
from mirrorsim.output_guard import (
    MARKER,
    OutputRefused,
    check_file,
    check_folder,
    mark_folder,
    read_marker,
)
from mirrorsim.regression import DEFAULT_REFERENCE, REFERENCE_FORMAT, save_reference
from mirrorsim.results import atomic_directory

KIND = "run:mirror-emergence"
USER_TEXT = "my analysis, not mirrorsim's\n"


def _user_folder(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    (path / "notes.txt").write_text(USER_TEXT)
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------- the rules


def test_new_and_empty_folders_are_fine(tmp_path: Path) -> None:
    check_folder(tmp_path / "new", KIND, replace=True)
    (tmp_path / "empty").mkdir()
    check_folder(tmp_path / "empty", KIND, replace=True)


def test_a_folder_with_a_users_file_is_refused(tmp_path: Path) -> None:
    folder = _user_folder(tmp_path / "analysis")
    for replace in (True, False):
        with pytest.raises(OutputRefused, match=r"notes\.txt.*--overwrite"):
            check_folder(folder, KIND, replace=replace)
    check_folder(folder, KIND, replace=True, overwrite=True)  # explicitly asked for


def test_an_earlier_result_of_the_same_kind_may_be_replaced(tmp_path: Path) -> None:
    folder = tmp_path / "run"
    folder.mkdir()
    (folder / "metrics.json").write_text("{}")
    mark_folder(folder, KIND)
    check_folder(folder, KIND, replace=True)
    with pytest.raises(OutputRefused, match="'sweep:coupling' result|'run:mirror-emergence'"):
        check_folder(folder, "sweep:coupling", replace=False)


def test_a_users_file_added_to_an_earlier_result_keeps_it(tmp_path: Path) -> None:
    folder = tmp_path / "run"
    folder.mkdir()
    (folder / "metrics.json").write_text("{}")
    mark_folder(folder, KIND)
    (folder / "notes.txt").write_text(USER_TEXT)
    with pytest.raises(OutputRefused, match=r"also holds files mirrorsim did not write \(notes"):
        check_folder(folder, KIND, replace=True)
    check_folder(folder, KIND, replace=False)  # writing into it leaves notes.txt alone


def test_a_file_where_a_folder_should_be_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a_file").write_text(USER_TEXT)
    with pytest.raises(OutputRefused, match="is a file"):
        check_folder(tmp_path / "a_file", KIND, replace=True, overwrite=True)


def test_results_of_earlier_versions_are_recognised(tmp_path: Path) -> None:
    run = tmp_path / "run"
    run.mkdir()
    record = {"format_version": 1, "experiment": "mirror-emergence", "provenance": {}}
    (run / "params.json").write_text(json.dumps(record))
    (run / "metrics.json").write_text("{}")
    (run / "weights.png").write_bytes(b"png")
    assert read_marker(run)["kind"] == KIND
    check_folder(run, KIND, replace=True)
    sweep = tmp_path / "sweep"
    sweep.mkdir()
    (sweep / "sweep.json").write_text(json.dumps({"name": "coupling", "grid": {}, "keys": []}))
    check_folder(sweep, "sweep:coupling", replace=False)
    with pytest.raises(OutputRefused):
        check_folder(sweep, "sweep:regime-map", replace=False)


def test_marking_in_steps_adds_up(tmp_path: Path) -> None:
    mark_folder(tmp_path, "sweep:coupling", ["sweep.json"])
    mark_folder(tmp_path, "sweep:coupling", ["points.csv"])
    assert read_marker(tmp_path)["files"] == ["points.csv", "sweep.json"]


def test_atomic_directory_replaces_only_its_own_kind(tmp_path: Path) -> None:
    out = tmp_path / "run"
    with atomic_directory(out, KIND) as tmp:
        (tmp / "metrics.json").write_text('{"v": 1}')
    assert json.loads((out / MARKER).read_text())["files"] == ["metrics.json"]
    with atomic_directory(out, KIND) as tmp:  # its own earlier result: replaced
        (tmp / "metrics.json").write_text('{"v": 2}')
    assert json.loads((out / "metrics.json").read_text()) == {"v": 2}
    (out / "notes.txt").write_text(USER_TEXT)
    with pytest.raises(OutputRefused), atomic_directory(out, KIND) as tmp:
        (tmp / "metrics.json").write_text('{"v": 3}')
    assert (out / "notes.txt").read_text() == USER_TEXT
    assert json.loads((out / "metrics.json").read_text()) == {"v": 2}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]  # no temporary left


def test_atomic_directory_checks_again_at_the_end(tmp_path: Path) -> None:
    """A user's file that appears while the simulation runs is not deleted either."""
    out = tmp_path / "run"
    with pytest.raises(OutputRefused), atomic_directory(out, KIND) as tmp:
        _user_folder(out)
        (tmp / "metrics.json").write_text("{}")
    assert (out / "notes.txt").read_text() == USER_TEXT


def test_files_are_replaced_only_when_they_say_what_they_are(tmp_path: Path) -> None:
    mine = tmp_path / "mine.json"
    mine.write_text(json.dumps({"results": [1, 2]}))
    with pytest.raises(OutputRefused, match="not a mirrorsim-firing-reference file"):
        check_file(mine, REFERENCE_FORMAT)
    with pytest.raises(OutputRefused):
        save_reference({"format": REFERENCE_FORMAT, "meta": {}}, mine)
    assert json.loads(mine.read_text()) == {"results": [1, 2]}
    ref = tmp_path / "ref.json"
    save_reference({"format": REFERENCE_FORMAT, "meta": {}}, ref)
    save_reference({"format": REFERENCE_FORMAT, "meta": {"n": 2}}, ref)  # its own: replaced
    assert json.loads(ref.read_text())["meta"] == {"n": 2}


# --------------------------------------------------------------------------- through the CLI


@pytest.fixture
def no_simulation(monkeypatch: pytest.MonkeyPatch) -> list:
    calls: list = []

    def stub(params, seed, out_dir=None, **kwargs):
        calls.append(out_dir)
        raise AssertionError("stub")

    for name, exp in list(runners.EXPERIMENTS.items()):
        monkeypatch.setitem(runners.EXPERIMENTS, name, runners.Experiment(name, exp.summary, stub))
    return calls


def _invoke(*args: str):
    return CliRunner().invoke(cli.main, list(args), catch_exceptions=True)


def _one_error_line(result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert result.exit_code == 2, (result.exit_code, result.output)
    return lines[0]


def test_run_refuses_a_users_folder_before_simulating(tmp_path: Path, no_simulation) -> None:
    folder = _user_folder(tmp_path / "analysis")
    line = _one_error_line(_invoke("run", "mirror-emergence", "--out", str(folder)))
    assert "notes.txt" in line and "--overwrite" in line
    assert no_simulation == []
    assert (folder / "notes.txt").read_text() == USER_TEXT


def test_run_refuses_the_default_folder_if_it_is_not_a_run(
    tmp_path: Path, no_simulation, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _user_folder(tmp_path / "results" / "mirror-emergence" / "seed-1")
    line = _one_error_line(_invoke("run", "mirror-emergence"))
    assert "seed-1" in line
    assert no_simulation == []


def test_run_may_replace_its_own_result_or_anything_with_overwrite(
    tmp_path: Path, no_simulation
) -> None:
    own = tmp_path / "own"
    own.mkdir()
    (own / "metrics.json").write_text("{}")
    mark_folder(own, KIND)
    assert _invoke("run", "mirror-emergence", "--out", str(own)).exit_code == 1  # the stub ran
    user = _user_folder(tmp_path / "user")
    _invoke("run", "mirror-emergence", "--out", str(user), "--overwrite")
    assert no_simulation == [own, user]


def test_build_reference_needs_out_and_never_touches_the_package(tmp_path: Path) -> None:
    before = _digest(DEFAULT_REFERENCE)
    line = _one_error_line(_invoke("stats", "--build-reference", str(tmp_path)))
    assert "needs --out" in line
    mine = tmp_path / "mine.json"
    mine.write_text('{"mine": true}')
    line = _one_error_line(_invoke("stats", "--build-reference", str(tmp_path), "--out", str(mine)))
    assert "not a mirrorsim-firing-reference file" in line
    assert mine.read_text() == '{"mine": true}'
    assert _digest(DEFAULT_REFERENCE) == before


def test_bench_refuses_a_users_file_before_measuring(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mirrorsim.bench as bench

    def never(*args, **kwargs):
        raise AssertionError("the bench started")

    monkeypatch.setattr(bench, "bench_sweep", never)
    mine = tmp_path / "bench.json"
    mine.write_text("my numbers\n")
    line = _one_error_line(_invoke("bench", "--quick", "--out", str(mine)))
    assert "not a mirrorsim-bench file" in line
    assert mine.read_text() == "my numbers\n"


def test_sweep_refuses_a_users_folder(tmp_path: Path) -> None:
    folder = _user_folder(tmp_path / "sweep")
    line = _one_error_line(
        _invoke("sweep", "coupling", "--values", "1", "--seeds", "1", "--out", str(folder))
    )
    assert "notes.txt" in line
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


def test_sweep_with_an_unreachable_scheduler_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "sweep"
    line = _one_error_line(
        _invoke(
            "sweep", "coupling", "--values", "1", "--seeds", "1", "--out", str(out),
            "--scheduler", "notanaddress",
        )
    )  # fmt: skip
    assert "cannot reach the Dask scheduler 'notanaddress'" in line
    assert "finished points" not in line
    assert not out.exists()


def test_sweep_values_option_is_named_in_its_errors(tmp_path: Path) -> None:
    line = _one_error_line(
        _invoke("sweep", "coupling", "--values", "a,b", "--out", str(tmp_path / "s"))
    )
    assert line.startswith("mirrorsim: error: --values: 'a' is not a number")


def test_notebook_output_folder_is_guarded(tmp_path: Path, monkeypatch) -> None:
    from mirrorsim.notebook_support import setup

    folder = _user_folder(tmp_path / "figures")
    monkeypatch.setenv("MIRRORSIM_NOTEBOOK_OUT", str(folder))
    with pytest.raises(OutputRefused, match="MIRRORSIM_NOTEBOOK_OUT"):
        setup("01_the_circuit")
    fresh = tmp_path / "fresh"
    monkeypatch.setenv("MIRRORSIM_NOTEBOOK_OUT", str(fresh))
    setup("01_the_circuit")
    (fresh / "circuit.png").write_bytes(b"png")
    mark_folder(fresh, "notebook:01_the_circuit", ["circuit.png"])  # as Notebook.show does
    setup("01_the_circuit")  # its own earlier output: fine
    with pytest.raises(OutputRefused, match="'notebook:01_the_circuit' result"):
        setup("02_learning_mirror_neurons")


def test_firing_stats_never_replace_a_users_file(tmp_path: Path) -> None:
    from mirrorsim.analysis.firing_summary import SUMMARY_JSON, _check_summary_target

    (tmp_path / SUMMARY_JSON).write_text(USER_TEXT)
    with pytest.raises(OutputRefused):
        _check_summary_target(tmp_path)
    mark_folder(tmp_path, KIND, [SUMMARY_JSON])
    _check_summary_target(tmp_path)


def test_a_real_run_replaces_its_own_result_but_not_a_users_file(
    tiny_overrides, tmp_path: Path
) -> None:
    """End to end, in a real process: the second run into the same folder replaces the first;
    once a user's file is in it, a third is refused before simulating."""
    config = tmp_path / "tiny.yaml"
    quick = {**tiny_overrides, "n_test_repeats": 1, "n_dev_repeats": 1}  # the files, not science
    config.write_text(yaml.safe_dump(quick))
    out = tmp_path / "out"
    args = [sys.executable, "-m", "mirrorsim", "run", "mirror-emergence", "--quiet"]
    args += ["--config", str(config), "--target", "numpy", "--out", str(out)]

    def run(*extra: str):
        return subprocess.run([*args, *extra], capture_output=True, text=True, timeout=900)

    first = run("--seed", "2")
    assert first.returncode == 0, first.stderr
    second = run("--seed", "3")
    assert second.returncode == 0, second.stderr
    assert json.loads((out / "params.json").read_text())["seed"] == 3
    assert (out / "run.nwb").stat().st_size > 0  # every run also writes its NWB file
    (out / "notes.txt").write_text(USER_TEXT)
    third = run("--seed", "4")
    assert third.returncode == 2
    assert third.stderr.count("\n") == 1 and "notes.txt" in third.stderr
    assert (out / "notes.txt").read_text() == USER_TEXT
    assert json.loads((out / "params.json").read_text())["seed"] == 3


def test_the_cli_answers_without_importing_brian2() -> None:
    """`mirrorsim --help` must not wait for Brian2 (seconds) to be imported."""
    code = "import sys, mirrorsim.cli; print('brian2' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("module", ["mirrorsim", "mirrorsim.cli"])
def test_python_m_knows_every_command(module: str) -> None:
    for command in ("run", "sweep", "bench", "stats", "params", "list"):
        proc = subprocess.run(
            [sys.executable, "-m", module, command, "--help"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode == 0, (command, proc.stderr)
        assert proc.stdout.startswith("Usage:"), command
