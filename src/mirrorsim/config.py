"""Parameter overrides from config files (YAML or TOML) and ``--set name=value`` options.

Both go through :func:`mirrorsim.params.make_params`, so they are validated the same way. A
malformed file is reported in one line naming the file and the place (line, column).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from mirrorsim.errors import ConfigError, ParameterError


def read_config(path: str | Path) -> dict[str, Any]:
    """Parameter overrides from a ``.yaml``/``.yml`` or ``.toml`` file (a flat name: value map).

    A TOML file may put them under a ``[params]`` table; a YAML file under a ``params:`` key.
    """
    path = Path(path)
    try:
        text = path.read_text()
    except OSError as err:
        raise ConfigError(f"{path}: cannot read config file ({err.strerror})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not a text file (expected UTF-8 YAML or TOML)") from None
    suffix = path.suffix.lower()
    if suffix == ".toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            raise ConfigError(f"{path}: invalid TOML: {err}") from None
    elif suffix in (".yaml", ".yml"):
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
            problem = getattr(err, "problem", None) or "syntax error"
            raise ConfigError(f"{path}: invalid YAML{where}: {problem}") from None
    else:
        raise ConfigError(f"{path}: unknown config format '{suffix}' (use .yaml, .yml or .toml)")
    if data is None:
        return {}
    if isinstance(data, dict) and set(data) == {"params"}:
        data = data["params"]
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of parameter names to values")
    for key, value in data.items():
        if isinstance(value, dict | list):
            raise ConfigError(
                f"{path}: parameter '{key}' must be a single value, not a {type(value).__name__}"
            )
    return {str(k): v for k, v in data.items()}


def parse_set_options(options: Iterable[str]) -> dict[str, Any]:
    """``["n_actions=5", "tau_exc=4 ms"]`` -> ``{"n_actions": 5, "tau_exc": "4 ms"}``.

    Integers stay integers (for counts); everything else stays a string and is read by the
    parameter's own validator (quantities, numbers, enumerations).
    """
    out: dict[str, Any] = {}
    for option in options:
        name, sep, value = option.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name:
            raise ConfigError(f"--set expects name=value, got {option!r}")
        if not value:
            raise ConfigError(f"--set {name}: missing value")
        out[name] = _scalar(value)
    return out


def _scalar(text: str) -> Any:
    try:
        return int(text)
    except ValueError:
        pass
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    return text


__all__ = ["ConfigError", "ParameterError", "parse_set_options", "read_config"]
