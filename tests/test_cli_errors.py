"""Bad input through the real CLI: one line on stderr, exit code 2, no traceback, nothing written.

Every row is rejected before a simulation could start; the experiment registry is replaced by a
stub that fails the test if it is ever called.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mirrorsim import cli
from mirrorsim import experiments as runners
from mirrorsim.params import Params

EXP = "mirror-emergence"

_DEFAULTS = Params().to_strings()


def _record(**changes: object) -> str:
    record = {"format_version": 1, "experiment": EXP, "seed": 3, "params": dict(_DEFAULTS)}
    params = changes.pop("params", {})
    record["params"].update(params)  # type: ignore[union-attr]
    record.update(changes)
    return json.dumps(record)


# Files the rows refer to as {tmp}/NAME (written fresh into each test's tmp_path).
FILES: dict[str, str | bytes] = {
    "bad.yaml": "tau_exc: 5 ms\nn_actions: [3\nn_gate: 10\n",
    "bad.toml": 'tau_exc = "5 ms"\nn_actions = \n',
    "list.yaml": "- tau_exc\n- n_actions\n",
    "nested.yaml": "tau_exc:\n  value: 5 ms\n",
    "nested.toml": '[params]\ntau_exc = { value = "5 ms" }\n',
    "config.ini": "[params]\ntau_exc = 5 ms\n",
    "units.yaml": "params:\n  tau_exc: 5 mV\n",
    "typo.toml": "n_action = 3\n",
    "binary.yaml": b"\xff\xfe\x00\x81tau_exc",
    "a_file": "not a directory\n",
    "bad.json": '{"experiment": "mirror-emergence", "seed": 1,\n "params": {',
    "nokeys.json": json.dumps({"experiment": EXP, "seed": 1}),
    "negseed.json": _record(seed=-1),
    "badparam.json": _record(params={"tau_exc": "5 mV"}),
    "strseed.json": _record(seed="many"),
    "nullseed.json": _record(seed=None),
}

S = "--set"
R = ["run", EXP]

# (args, regex for the one error line after "mirrorsim: error: ")
ROWS: list[tuple[list[str], str]] = [
    # experiments and command-line usage
    (
        ["run", "mirror-emergnce"],
        r"unknown experiment 'mirror-emergnce' \(did you mean "
        r"'mirror-emergence'\?\); see `mirrorsim list`",
    ),
    (["run", "zzz"], r"^unknown experiment 'zzz'; see `mirrorsim list`$"),
    (["run"], r"missing EXPERIMENT"),
    (["frobnicate"], r"No such command 'frobnicate'"),
    ([*R, "--bogus"], r"No such option '--bogus'"),
    ([*R, "--target", "gpu"], r"Invalid value for '--target': 'gpu' is not one of"),
    ([*R, "extra"], r"unexpected extra argument \(extra\)"),
    ([*R, S], r"Option '--set' requires an argument"),
    ([*R, "--seed", "-1"], r"Invalid value for '--seed': -1 is not in the range"),
    ([*R, "--seed", "abc"], r"Invalid value for '--seed': 'abc'"),
    ([*R, "--seed", str(2**32)], r"Invalid value for '--seed': 4294967296 is not in the range"),
    # parameter names
    ([*R, S, "tau_exx=5 ms"], r"unknown parameter 'tau_exx' \(did you mean 'tau_exc'\?\)"),
    ([*R, S, "zzzzzz=5 ms"], r"^unknown parameter 'zzzzzz'$"),
    # wrong units, one per kind
    (
        [*R, S, "tau_exc=5 mV"],
        r"parameter 'tau_exc': expected a time in s \(e.g. '10 ms'\), "
        r"got 5\. mV",
    ),
    ([*R, S, "w_ee=0.5 ms"], r"parameter 'w_ee': expected a conductance in S .*got 0\.5 ms"),
    ([*R, S, "e_leak=5 nS"], r"parameter 'e_leak': expected a voltage in V .*got 5\. nS"),
    ([*R, S, "bg_rate_exc=5 ms"], r"parameter 'bg_rate_exc': expected a rate in Hz .*got 5\. ms"),
    ([*R, S, "c_m=200 mV"], r"parameter 'c_m': expected a capacitance in F .*got 200\. mV"),
    ([*R, S, "b_adapt=20 nS"], r"parameter 'b_adapt': expected a current in A .*got 20\. nS"),
    ([*R, S, "tau_exc=1/ms"], r"parameter 'tau_exc': expected a time in s .*got 1 ms\^-1"),
    ([*R, S, "tau_exc=5"], r"parameter 'tau_exc': expected a time in s .*got a number without"),
    ([*R, S, "p_local=0.5 ms"], r"parameter 'p_local': expected a plain number, got 0\.5 ms"),
    ([*R, S, "tau_exc=10 parsecs"], r"parameter 'tau_exc': unknown unit 'parsecs'"),
    ([*R, S, "tau_exc=ms"], r"parameter 'tau_exc': cannot read 'ms' as a number with a unit"),
    ([*R, S, "tau_exc=10 ms ms"], r"parameter 'tau_exc': cannot read unit 'ms ms'"),
    ([*R, S, "tau_exc=__import__('os')"], r"parameter 'tau_exc': cannot read"),
    # out of range: negative, zero, too large
    ([*R, S, "tau_exc=-5 ms"], r"parameter 'tau_exc': must be > 0 ms, got -5\.0 ms"),
    ([*R, S, "tau_adapt=0 ms"], r"parameter 'tau_adapt': must be > 0 ms, got 0\.0 ms"),
    ([*R, S, "dt=0 ms"], r"parameter 'dt': must be > 0 ms, got 0\.0 ms"),
    ([*R, S, "dt=-0.1 ms"], r"parameter 'dt': must be > 0 ms, got -0\.1 ms"),
    ([*R, S, "dt=2 ms"], r"parameter 'dt': must be <= 1 ms, got 2\.0 ms"),
    ([*R, S, "t_iti=-1 ms"], r"parameter 't_iti': must be >= 0 ms, got -1\.0 ms"),
    ([*R, S, "w_ee=-0.3 nS"], r"parameter 'w_ee': must be >= 0 nS, got -0\.3 nS"),
    ([*R, S, "c_m=0 pF"], r"parameter 'c_m': must be > 0 pF"),
    ([*R, S, "n_f5_e=0"], r"parameter 'n_f5_e': .*greater than or equal to 1, got 0"),
    ([*R, S, "n_ipl_i=-5"], r"parameter 'n_ipl_i': .*greater than or equal to 1, got -5"),
    ([*R, S, "n_test_repeats=-1"], r"parameter 'n_test_repeats': .*greater than or equal to 1"),
    ([*R, S, "n_actions=25"], r"parameter 'n_actions': .*less than or equal to 20, got 25"),
    ([*R, S, "n_actions=2.5"], r"parameter 'n_actions': expected a whole number, got '2\.5'"),
    ([*R, S, "n_actions=true"], r"parameter 'n_actions': expected a whole number, got True"),
    ([*R, S, "n_actions=many"], r"parameter 'n_actions': expected a whole number, got 'many'"),
    # probabilities
    ([*R, S, "p_local=1.5"], r"parameter 'p_local': must be <= 1\.0, got 1\.5"),
    ([*R, S, "p_ipl_f5=-0.1"], r"parameter 'p_ipl_f5': must be >= 0\.0, got -0\.1"),
    ([*R, S, "p_local=high"], r"parameter 'p_local': cannot read 'high' as a number"),
    # NaN and inf, with and without units
    ([*R, S, "p_local=nan"], r"parameter 'p_local': expected a finite value, got nan"),
    ([*R, S, "learning_rate=inf"], r"parameter 'learning_rate': expected a finite value, got inf"),
    ([*R, S, "n_actions=nan"], r"parameter 'n_actions': expected a whole number, got 'nan'"),
    ([*R, S, "tau_exc=nan ms"], r"parameter 'tau_exc': expected a finite value, got nan ms"),
    ([*R, S, "tau_exc=NaN ms"], r"parameter 'tau_exc': expected a finite value, got nan ms"),
    ([*R, S, "tau_exc=inf ms"], r"parameter 'tau_exc': expected a finite value, got inf ms"),
    ([*R, S, "w_ee=-inf nS"], r"parameter 'w_ee': expected a finite value, got -inf nS"),
    ([*R, S, "tau_exc=1e400 ms"], r"parameter 'tau_exc': expected a finite value, got inf ms"),
    # non-numbers and enumerations
    ([*R, S, "tau_exc=fast"], r"parameter 'tau_exc': cannot read 'fast' as a number with a unit"),
    (
        [*R, S, "plasticity=foo"],
        r"parameter 'plasticity': Input should be 'triplet', 'pair' or "
        r"'off', got 'foo'",
    ),
    ([*R, S, "plasticity=true"], r"parameter 'plasticity': Input should be .*got True"),
    # --set syntax
    ([*R, S, "tau_exc"], r"--set expects name=value, got 'tau_exc'"),
    ([*R, S, "tau_exc 5 ms"], r"--set expects name=value"),
    ([*R, S, "tau_exc="], r"--set tau_exc: missing value"),
    ([*R, S, "tau_exc=   "], r"--set tau_exc: missing value"),
    ([*R, S, "=5 ms"], r"--set expects name=value, got '=5 ms'"),
    # config files
    ([*R, "--config", "{tmp}/bad.yaml"], r"bad\.yaml: invalid YAML at line 3, column \d+"),
    ([*R, "--config", "{tmp}/bad.toml"], r"bad\.toml: invalid TOML: .*line 2, column \d+"),
    ([*R, "--config", "{tmp}/missing.yaml"], r"missing\.yaml: cannot read config file \(No such"),
    ([*R, "--config", "{tmp}/list.yaml"], r"list\.yaml: expected a mapping of parameter names"),
    (
        [*R, "--config", "{tmp}/nested.yaml"],
        r"nested\.yaml: parameter 'tau_exc' must be a single "
        r"value, not a dict",
    ),
    ([*R, "--config", "{tmp}/nested.toml"], r"nested\.toml: parameter 'tau_exc' must be a single"),
    (
        [*R, "--config", "{tmp}/config.ini"],
        r"config\.ini: unknown config format '\.ini' \(use "
        r"\.yaml, \.yml or \.toml\)",
    ),
    ([*R, "--config", "{tmp}/binary.yaml"], r"binary\.yaml: not a text file"),
    ([*R, "--config", "{tmp}"], r"Invalid value for '--config': .* is a directory"),
    ([*R, "--config", "{tmp}/units.yaml"], r"parameter 'tau_exc': expected a time in s"),
    (
        [*R, "--config", "{tmp}/typo.toml"],
        r"unknown parameter 'n_action' \(did you mean "
        r"'n_actions'\?\)",
    ),
    # --from a params.json
    (["run", "--from", "{tmp}/missing.json"], r"cannot read .*missing\.json: No such file"),
    (["run", "--from", "{tmp}/bad.json"], r"bad\.json: not valid JSON \(line 2, column \d+\)"),
    (
        ["run", "--from", "{tmp}/nokeys.json"],
        r"nokeys\.json: not a mirrorsim params\.json "
        r"\(needs experiment, seed, params\)",
    ),
    (["run", "--from", "{tmp}/negseed.json"], r"^seed must be in 0\.\.4294967295, got -1$"),
    (["run", "--from", "{tmp}/badparam.json"], r"badparam\.json: parameter 'tau_exc': expected a"),
    (["run", "--from", "{tmp}/strseed.json"], r"strseed\.json: not a valid mirrorsim params\.json"),
    (["run", "--from", "{tmp}/nullseed.json"], r"nullseed\.json: not a valid mirrorsim params"),
    (
        ["run", "other", "--from", "{tmp}/negseed.json"],
        r"is a 'mirror-emergence' run, not "
        r"'other'",
    ),
    # inconsistent parameters
    (
        [*R, S, "v_reset=-40 mV"],
        r"^v_reset must be below v_threshold \(v_reset = -40 mV, "
        r"v_threshold = -50 mV\)$",
    ),
    ([*R, S, "v_threshold=-60 mV"], r"v_reset must be below v_threshold"),
    ([*R, S, "e_inh=-50 mV"], r"e_inh must be below v_reset"),
    (
        [*R, S, "reafference_delay=600 ms"],
        r"reafference_delay must lie between -t_trial and t_trial "
        r"\(reafference_delay = 600 ms, t_trial = 500 ms\)",
    ),
    ([*R, S, "t_trial=60 ms"], r"reafference_delay must lie between -t_trial and t_trial"),
    ([*R, S, "analysis_start=1 s"], r"analysis_start must be shorter than t_trial"),
    (
        [*R, S, "n_actions=20", S, "n_m1_e=10"],
        r"n_m1_e must be at least n_actions "
        r"\(n_m1_e = 10, n_actions = 20\)",
    ),
    ([*R, S, "n_actions=5", S, "n_f5_e=4"], r"n_f5_e must be at least n_actions"),
    ([*R, S, "f5_pool_fraction=0.001"], r"f5_pool_fraction \* n_f5_e must give at least one"),
    # --out itself
    ([*R, "--out"], r"Option '--out' requires an argument"),
    ([*R, "--out", "{tmp}/a_file"], r"Invalid value for '--out': .*a_file' is a file"),
    ([*R, "--out", "{tmp}/a_file/sub"], r"--out .*sub: .*a_file is not a directory"),
]


@pytest.fixture
def files(tmp_path: Path) -> Path:
    for name, content in FILES.items():
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    return tmp_path


@pytest.fixture
def no_simulation(monkeypatch: pytest.MonkeyPatch) -> list:
    """Replace the experiments by a stub that records a call instead of simulating."""
    calls: list = []

    def stub(params, seed, out_dir=None, **kwargs):
        calls.append((params, seed, out_dir, kwargs))
        raise AssertionError("a simulation was started for bad input")

    for name, exp in list(runners.EXPERIMENTS.items()):
        monkeypatch.setitem(runners.EXPERIMENTS, name, runners.Experiment(name, exp.summary, stub))
    return calls


def _invoke(args: list[str]):
    return CliRunner().invoke(cli.main, args, catch_exceptions=True)


def _error_line(result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line on stderr, got {result.stderr!r}"
    assert lines[0].startswith("mirrorsim: error: "), lines[0]
    return lines[0].removeprefix("mirrorsim: error: ")


def test_enough_rows() -> None:
    assert len(ROWS) >= 30


@pytest.mark.parametrize(("args", "pattern"), ROWS, ids=[" ".join(a[1:]) or a[0] for a, _ in ROWS])
def test_bad_input_is_one_line_exit_2_and_writes_nothing(
    args: list[str], pattern: str, files: Path, no_simulation: list
) -> None:
    out = files / "out"
    argv = [a.replace("{tmp}", str(files)) for a in args]
    if argv[0] == "run" and "--out" not in argv:
        argv[1:1] = ["--out", str(out)]
    result = _invoke(argv)
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    line = _error_line(result)
    assert re.search(pattern, line), f"{pattern!r} not in {line!r}"
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert not out.exists()
    assert sorted(p.name for p in files.iterdir()) == sorted(FILES), "something was written"
    assert no_simulation == []


def test_debug_shows_the_traceback(files: Path, no_simulation: list) -> None:
    out = files / "out"
    result = _invoke(["--debug", "run", EXP, "--out", str(out), S, "tau_exc=5 mV"])
    assert result.exit_code == 2
    assert "Traceback (most recent call last)" in result.stderr
    last = result.stderr.rstrip().splitlines()[-1]
    assert last.startswith("mirrorsim: error: parameter 'tau_exc'")
    assert not out.exists()


def test_help_goes_to_stdout_with_exit_0() -> None:
    for args in (["--help"], ["run", "--help"], ["-h"], ["run", "-h"]):
        result = _invoke(args)
        assert result.exit_code == 0, args
        assert result.stdout.startswith("Usage:"), args
        assert result.stderr == ""
    result = _invoke(["--version"])
    assert result.exit_code == 0
    assert "version" in result.stdout


def test_good_input_reaches_the_experiment(files: Path, no_simulation: list) -> None:
    """The stub is reached (so the rows above are rejected by validation, not by the stub)."""
    (files / "ok.yaml").write_text("plasticity: off\ntau_exc: 4 ms\n")
    result = _invoke(
        [
            "run",
            EXP,
            "--seed",
            "7",
            "--config",
            str(files / "ok.yaml"),
            S,
            "n_actions=2",
            "--out",
            str(files / "out"),
        ]
    )
    assert len(no_simulation) == 1
    params, seed, out_dir, _ = no_simulation[0]
    assert (seed, params.n_actions, params.plasticity) == (7, 2, "off")
    assert out_dir == files / "out"
    assert result.exit_code == 1  # the stub's AssertionError is a failed simulation: one line
    assert _error_line(result).startswith("simulation failed: AssertionError")


def test_from_uses_the_recorded_seed_and_params(files: Path, no_simulation: list) -> None:
    (files / "params.json").write_text(_record(params={"tau_exc": "4.0 msecond"}))
    _invoke(["run", "--from", str(files / "params.json"), "--out", str(files / "out")])
    params, seed, _, _ = no_simulation[0]
    assert seed == 3
    assert params == Params(tau_exc="4 ms")


def test_unexpected_error_is_one_line_without_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self):
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(Params, "describe", broken)
    result = _invoke(["params"])
    assert result.exit_code == 1
    assert _error_line(result) == (
        "internal error: RuntimeError: boom second line (run with --debug for the traceback)"
    )
    assert "Traceback" not in result.output
    result = _invoke(["--debug", "params"])
    assert isinstance(result.exception, RuntimeError)


def test_real_process_exit_code_and_stderr(tmp_path: Path) -> None:
    """Outside CliRunner: a real process, real stderr, no simulation started."""
    out = tmp_path / "out"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mirrorsim.cli",
            "run",
            EXP,
            "--out",
            str(out),
            "--set",
            "tau_exc=5 mV",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.splitlines() == [
        "mirrorsim: error: parameter 'tau_exc': expected a time in s (e.g. '10 ms'), got 5. mV"
    ]
    assert not out.exists()
