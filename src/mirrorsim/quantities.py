"""Parsing and checking Brian2 quantities at the package boundary.

Parameters arrive as Brian2 quantities (from Python), as strings such as ``"10 ms"`` (from the
command line, config files and saved ``params.json``) or as plain numbers for dimensionless
values. Everything is turned into a :class:`brian2.Quantity` and its dimension is checked here, so
that a wrong unit is an error naming the parameter, not a silently wrong simulation.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
from brian2 import Quantity, get_dimensions, get_unit

_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?inf|nan"
_QUANTITY_RE = re.compile(rf"^\s*(?P<number>{_NUMBER})\s*\*?\s*(?P<unit>[A-Za-z_][\w/*^ ]*)?\s*$")


def _unit_namespace() -> dict[str, Any]:
    """Names of all Brian2 units (``ms``, ``nS``, ``mV``, ``Hz`` ...), for parsing unit strings."""
    from brian2.units import allunits, stdunits

    names: dict[str, Any] = {}
    for module in (allunits, stdunits):
        for name, value in vars(module).items():
            if isinstance(value, Quantity) and not name.startswith("_"):
                names[name] = value
    from brian2 import second

    names.setdefault("s", second)  # Brian2 spells the base unit "second"; users write "s"
    return names


_UNITS = _unit_namespace()


def parse_quantity(text: str) -> Quantity:
    """Parse ``"10 ms"``, ``"10*ms"``, ``"0.5 nS"``, ``"4 kHz"`` or ``"1/ms"`` into a Quantity.

    Raises
    ------
    ValueError
        If the text is not a number followed by a known Brian2 unit.
    """
    match = _QUANTITY_RE.match(text)
    if not match:
        raise ValueError(f"cannot read {text!r} as a number with a unit (e.g. '10 ms')")
    value = float(match["number"])
    unit_text = (match["unit"] or "").strip().replace("^", "**")
    if not unit_text:
        return Quantity(value)
    if not re.fullmatch(r"[A-Za-z_]\w*(\s*(\*\*?|/)\s*([A-Za-z_]\w*|\d+))*", unit_text):
        raise ValueError(f"cannot read unit {unit_text!r} in {text!r}")
    for token in re.findall(r"[A-Za-z_]\w*", unit_text):
        if token not in _UNITS:
            raise ValueError(f"unknown unit {token!r} in {text!r}")
    unit = eval(unit_text, {"__builtins__": {}}, _UNITS)  # noqa: S307 - names checked above
    return value * unit


def as_quantity(value: Any, unit: Quantity) -> Quantity:
    """Turn ``value`` into a Quantity with the dimensions of ``unit``.

    A plain number is accepted only for dimensionless units: ``10`` for a time constant is
    ambiguous (seconds? milliseconds?) and is rejected.
    """
    if isinstance(value, str):
        value = parse_quantity(value)
    elif isinstance(value, bool):
        raise ValueError(f"expected {_expected(unit)}, got a boolean")
    elif isinstance(value, int | float | np.integer | np.floating) and not isinstance(
        value, Quantity
    ):
        value = Quantity(float(value))
    if not isinstance(value, Quantity):
        raise ValueError(f"expected {_expected(unit)}, got {type(value).__name__}")
    if value.shape != ():
        raise ValueError("expected a single value, got an array")
    if get_dimensions(value) != get_dimensions(unit):
        if get_dimensions(unit) == get_dimensions(1):
            raise ValueError(f"expected a plain number, got {value}")
        got = "a number without unit" if get_dimensions(value) == get_dimensions(1) else str(value)
        raise ValueError(f"expected {_expected(unit)}, got {got}")
    if not math.isfinite(float(value / unit)):
        raise ValueError(f"expected a finite value, got {value}")
    return value


_KINDS = {"s": ("a time", "10 ms"), "S": ("a conductance", "1 nS"), "V": ("a voltage", "-70 mV"),
          "F": ("a capacitance", "200 pF"), "A": ("a current", "20 pA"), "Hz": ("a rate", "5 Hz")}


def unit_name(q: Quantity) -> str:
    """The name of the base unit of ``q``'s dimensions (``'s'``, ``'S'``, ``'V'``), for messages."""
    dims = get_dimensions(q)
    if dims == get_dimensions(1):
        return "dimensionless"
    return str(get_unit(dims))


def _expected(unit: Quantity) -> str:
    name = unit_name(unit)
    if name in _KINDS:
        kind, example = _KINDS[name]
        return f"{kind} in {name} (e.g. '{example}')"
    return f"a quantity in {name}"


def format_quantity(q: Quantity, unit: Quantity) -> str:
    """Format ``q`` in ``unit`` as a string that :func:`parse_quantity` reads back exactly."""
    if get_dimensions(unit) == get_dimensions(1):
        return repr(float(q))
    return f"{float(q / unit)!r} {_unit_symbol(unit)}"


def _unit_symbol(unit: Quantity) -> str:
    for name, value in _UNITS.items():
        if value is unit:
            return name
    return str(unit).split()[-1]


__all__ = ["as_quantity", "format_quantity", "parse_quantity", "unit_name"]
