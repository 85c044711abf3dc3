"""Config files (YAML, TOML) and ``--set`` options, and the order in which they apply."""

from __future__ import annotations

from pathlib import Path

import pytest
from brian2 import ms, nS

from mirrorsim.cli import resolve_params
from mirrorsim.config import ConfigError, parse_set_options, read_config
from mirrorsim.params import ParameterError, Params, make_params


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


# --- reading files ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("flat.yaml", "tau_exc: 4 ms\nn_actions: 4\np_local: 0.2\nplasticity: pair\n"),
        ("flat.yml", "tau_exc: '4 ms'\nn_actions: 4\np_local: 0.2\nplasticity: pair\n"),
        (
            "nested.yaml",
            "params:\n  tau_exc: 4 ms\n  n_actions: 4\n  p_local: 0.2\n  plasticity: pair\n",
        ),
        ("flat.toml", 'tau_exc = "4 ms"\nn_actions = 4\np_local = 0.2\nplasticity = "pair"\n'),
        (
            "nested.toml",
            '[params]\ntau_exc = "4 ms"\nn_actions = 4\np_local = 0.2\nplasticity = "pair"\n',
        ),
        ("UPPER.YAML", "tau_exc: 4 ms\nn_actions: 4\np_local: 0.2\nplasticity: pair\n"),
    ],
)
def test_yaml_and_toml_flat_or_under_params(tmp_path: Path, name: str, text: str) -> None:
    overrides = read_config(_write(tmp_path, name, text))
    assert overrides == {"tau_exc": "4 ms", "n_actions": 4, "p_local": 0.2, "plasticity": "pair"}
    p = make_params(overrides)
    assert (p.tau_exc, p.n_actions, p.p_local, p.plasticity) == (4 * ms, 4, 0.2, "pair")


@pytest.mark.parametrize("name", ["empty.yaml", "empty.toml"])
def test_empty_config_is_no_overrides(tmp_path: Path, name: str) -> None:
    assert read_config(_write(tmp_path, name, "")) == {}


def test_yaml_comments_and_exponent_without_dot(tmp_path: Path) -> None:
    # YAML 1.1 reads 1e-3 (no dot) as a string; the parameter reads it as a number all the same
    path = _write(tmp_path, "c.yaml", "# comment\np_local: 1e-3  # sparse\nw_ee: 0.5 nS\n")
    p = make_params(read_config(path))
    assert p.p_local == pytest.approx(1e-3)
    assert p.w_ee == 0.5 * nS


@pytest.mark.parametrize(
    "text",
    [
        "plasticity: off\n",
        "plasticity: Off\n",
        "plasticity: no\n",
        "plasticity: 'off'\n",
        "params:\n  plasticity: OFF\n",
    ],
)
def test_yaml_off_is_plasticity_off_not_a_boolean(tmp_path: Path, text: str) -> None:
    overrides = read_config(_write(tmp_path, "c.yaml", text))
    assert make_params(overrides).plasticity == "off"


def test_toml_false_is_plasticity_off(tmp_path: Path) -> None:
    assert (
        make_params(read_config(_write(tmp_path, "c.toml", "plasticity = false\n"))).plasticity
        == "off"
    )


def test_yaml_on_is_not_a_plasticity_rule(tmp_path: Path) -> None:
    overrides = read_config(_write(tmp_path, "c.yaml", "plasticity: on\n"))
    with pytest.raises(ParameterError, match=r"parameter 'plasticity': .*got True"):
        make_params(overrides)


def test_yaml_off_does_not_turn_counts_into_booleans(tmp_path: Path) -> None:
    overrides = read_config(_write(tmp_path, "c.yaml", "n_actions: off\n"))
    with pytest.raises(ParameterError, match=r"parameter 'n_actions': expected a whole number"):
        make_params(overrides)


@pytest.mark.parametrize(
    ("name", "text", "pattern"),
    [
        (
            "bad.yaml",
            "tau_exc: 4 ms\nn_actions: [4\n",
            r"bad\.yaml: invalid YAML at line 3, column 1",
        ),
        (
            "bad2.yaml",
            "tau_exc: 4 ms\n  n_actions: 4\n",
            r"bad2\.yaml: invalid YAML at line 2, "
            r"column \d+",
        ),
        (
            "bad.toml",
            'tau_exc = "4 ms"\nn_actions = = 4\n',
            r"bad\.toml: invalid TOML: .*\(at line 2, "
            r"column \d+\)",
        ),
        ("list.yaml", "- 1\n- 2\n", r"list\.yaml: expected a mapping of parameter names to values"),
        ("scalar.yaml", "just text\n", r"scalar\.yaml: expected a mapping"),
        ("params_list.yaml", "params:\n  - 1\n", r"params_list\.yaml: expected a mapping"),
        (
            "dict.yaml",
            "tau_exc:\n  a: 1\n",
            r"dict\.yaml: parameter 'tau_exc' must be a single value, "
            r"not a dict",
        ),
        (
            "list_value.yaml",
            "tau_exc: [4 ms]\n",
            r"parameter 'tau_exc' must be a single value, not a "
            r"list",
        ),
        (
            "table.toml",
            "[tau_exc]\nvalue = 1\n",
            r"table\.toml: parameter 'tau_exc' must be a single",
        ),
        (
            "c.json",
            "{}",
            r"c\.json: unknown config format '\.json' \(use \.yaml, \.yml or \.toml\)",
        ),
        ("noext", "tau_exc: 4 ms\n", r"noext: unknown config format ''"),
    ],
)
def test_malformed_configs(tmp_path: Path, name: str, text: str, pattern: str) -> None:
    with pytest.raises(ConfigError, match=pattern) as info:
        read_config(_write(tmp_path, name, text))
    assert "\n" not in str(info.value)
    assert str(tmp_path / name) in str(info.value)


def test_missing_and_binary_configs(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"nope\.yaml: cannot read config file \(No such file"):
        read_config(tmp_path / "nope.yaml")
    (tmp_path / "bin.toml").write_bytes(b"\x80\x81\xfe")
    with pytest.raises(ConfigError, match=r"bin\.toml: not a text file"):
        read_config(tmp_path / "bin.toml")


# --- --set --------------------------------------------------------------------------------------


def test_parse_set_options() -> None:
    assert parse_set_options([]) == {}
    assert parse_set_options(
        ["n_actions=5", "tau_exc=4 ms", " p_local = 0.3 ", "dt=0.1*ms", "plasticity=off"]
    ) == {"n_actions": 5, "tau_exc": "4 ms", "p_local": "0.3", "dt": "0.1*ms", "plasticity": "off"}
    # the value is everything after the first '='; the last --set of a name wins
    assert parse_set_options(["a=b=c"]) == {"a": "b=c"}
    assert parse_set_options(["n_actions=4", "n_actions=5"]) == {"n_actions": 5}
    assert parse_set_options(["x=true", "y=False"]) == {"x": True, "y": False}


@pytest.mark.parametrize(
    ("option", "pattern"),
    [
        ("tau_exc", r"^--set expects name=value, got 'tau_exc'$"),
        ("", r"^--set expects name=value, got ''$"),
        ("=4 ms", r"^--set expects name=value, got '=4 ms'$"),
        ("tau_exc=", r"^--set tau_exc: missing value$"),
        ("tau_exc=  ", r"^--set tau_exc: missing value$"),
    ],
)
def test_bad_set_options(option: str, pattern: str) -> None:
    with pytest.raises(ConfigError, match=pattern):
        parse_set_options([option])


def test_set_values_go_through_the_parameter_validators() -> None:
    p = make_params(parse_set_options(["n_actions=4", "tau_exc=4 ms", "p_local=0.3"]))
    assert (p.n_actions, p.tau_exc, p.p_local) == (4, 4 * ms, 0.3)
    with pytest.raises(ParameterError, match=r"parameter 'tau_exc': expected a time"):
        make_params(parse_set_options(["tau_exc=4"]))


# --- precedence ---------------------------------------------------------------------------------


def test_defaults_then_config_then_set(tmp_path: Path) -> None:
    config = _write(tmp_path, "c.yaml", "tau_exc: 4 ms\ntau_inh: 8 ms\nn_actions: 4\n")
    p = resolve_params(str(config), ("tau_exc=6 ms", "plasticity=pair"))
    assert p.tau_exc == 6 * ms  # --set beats the config
    assert p.tau_inh == 8 * ms  # the config beats the default
    assert p.n_actions == 4
    assert p.plasticity == "pair"
    assert p.tau_adapt == Params().tau_adapt  # defaults elsewhere
    assert resolve_params(None, ()) == Params()


def test_recorded_base_then_config_then_set(tmp_path: Path) -> None:
    base = make_params({"tau_exc": "3 ms", "tau_inh": "7 ms", "tau_adapt": "120 ms"})
    config = _write(tmp_path, "c.toml", '[params]\ntau_inh = "8 ms"\ntau_adapt = "130 ms"\n')
    p = resolve_params(str(config), ("tau_adapt=140 ms",), base)
    assert (p.tau_exc, p.tau_inh, p.tau_adapt) == (3 * ms, 8 * ms, 140 * ms)


def test_config_and_set_errors_name_the_problem(tmp_path: Path) -> None:
    config = _write(tmp_path, "c.yaml", "tau_exc: 4 ms\n")
    with pytest.raises(ParameterError, match=r"unknown parameter 'tau_exx' \(did you mean"):
        resolve_params(str(config), ("tau_exx=5 ms",))
    # a --set can repair a bad value from the config: validation happens once, at the end
    bad = _write(tmp_path, "bad.yaml", "tau_exc: 4 mV\n")
    assert resolve_params(str(bad), ("tau_exc=5 ms",)).tau_exc == 5 * ms
    with pytest.raises(ParameterError, match=r"parameter 'tau_exc': expected a time"):
        resolve_params(str(bad), ())
