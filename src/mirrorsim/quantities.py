"""Parsing and checking Brian2 quantities at the package boundary.

Parameters arrive as Brian2 quantities (from Python), as strings such as ``"10 ms"`` (from the
command line, config files and saved ``params.json``) or as plain numbers for dimensionless
values. Everything is turned into a :class:`brian2.Quantity` and its dimension is checked here, so
that a wrong unit is an error naming the parameter, not a silently wrong simulation.
"""

from __future__ import annotations

import difflib
import math
import re
from typing import Any

import numpy as np
from brian2 import Quantity, get_dimensions, get_unit

_NUMBER = r"[-+]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|(?i:inf(?:inity)?|nan))"
_QUANTITY_RE = re.compile(
    rf"^\s*(?P<number>{_NUMBER})\s*\*?\s*(?P<unit>(?:/\s*)?[A-Za-z_][\w/*^ -]*)?\s*$"
)

# A unit expression: names multiplied or divided (by names or whole numbers), small integer powers.
_UNIT_EXPR = r"[A-Za-z_]\w*(\s*\*\*\s*-?\d{1,2}|\s*[*/]\s*([A-Za-z_]\w*|\d+))*"


def _unit_namespace() -> dict[str, Any]:
    """Names of all Brian2 units (``ms``, ``nS``, ``mV``, ``Hz`` ...), for parsing unit strings."""
    from brian2.units import allunits, stdunits

    names: dict[str, Any] = {}
    for module in (allunits, stdunits):
        for name, value in vars(module).items():
            if isinstance(value, Quantity) and not name.startswith("_"):
                names[name] = value
    from brian2 import amp, farad, second, siemens, volt

    # Brian2 spells the base units out ("second", "volt" ...); users also write the SI symbols.
    for symbol, unit in (("s", second), ("V", volt), ("S", siemens), ("A", amp), ("F", farad)):
        names.setdefault(symbol, unit)
    return names


_UNITS = _unit_namespace()


def parse_quantity(text: str) -> Quantity:
    """Parse ``"10 ms"``, ``"10*ms"``, ``"0.5 nS"``, ``"4 kHz"`` or ``"1/ms"`` into a Quantity.

    Raises
    ------
    ValueError
        If the text is not a number followed by a known Brian2 unit.
    """
    if not isinstance(text, str):
        raise ValueError(f"expected a string such as '10 ms', got {type(text).__name__}")
    match = _QUANTITY_RE.match(text)
    if not match:
        if not text.strip():
            raise ValueError("empty value (expected a number with a unit, e.g. '10 ms')")
        raise ValueError(f"cannot read {text!r} as a number with a unit (e.g. '10 ms')")
    value = float(match["number"])
    unit_text = (match["unit"] or "").strip().replace("^", "**")
    if not unit_text:
        return Quantity(value)
    reciprocal = unit_text.startswith("/")
    unit_text = unit_text.removeprefix("/").strip()
    if not re.fullmatch(_UNIT_EXPR, unit_text):
        raise ValueError(f"cannot read unit {unit_text!r} in {text!r}")
    for token in re.findall(r"[A-Za-z_]\w*", unit_text):
        if token not in _UNITS:
            hint = difflib.get_close_matches(token, _UNITS, n=1, cutoff=0.75)
            suffix = f" (did you mean {hint[0]!r}?)" if hint else ""
            raise ValueError(f"unknown unit {token!r} in {text!r}{suffix}")
    try:
        unit = eval(unit_text, {"__builtins__": {}}, _UNITS)  # noqa: S307 - names checked above
        result = value / unit if reciprocal else value * unit
    except Exception as err:  # noqa: BLE001 - e.g. an absurd power: report, do not crash
        raise ValueError(f"cannot read unit {unit_text!r} in {text!r} ({err})") from None
    return result if isinstance(result, Quantity) else Quantity(float(result))


def as_quantity(value: Any, unit: Quantity) -> Quantity:
    """Turn ``value`` into a Quantity with the dimensions of ``unit``.

    A plain number is accepted only for dimensionless units: ``10`` for a time constant is
    ambiguous (seconds? milliseconds?) and is rejected.
    """
    if value is None:
        raise ValueError(f"expected {_expected(unit)}, got no value")
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
            raise ValueError(f"expected a plain number, got {_show(value)}")
        unitless = get_dimensions(value) == get_dimensions(1)
        got = "a number without unit" if unitless else _show(value)
        raise ValueError(f"expected {_expected(unit)}, got {got}")
    if not math.isfinite(float(value / unit)):
        where = "" if get_dimensions(unit) == get_dimensions(1) else f" {unit_symbol(unit)}"
        raise ValueError(f"expected a finite value, got {float(value / unit)}{where}")
    return value


def _show(value: Quantity) -> str:
    """Brian2's display of a quantity, with the number it leaves out of ``1/ms`` ("ms^-1")."""
    text = str(value)
    return text if re.match(r"[-+\d.]|nan|inf", text, re.IGNORECASE) else f"1 {text}"


_KINDS = {
    "s": ("a time", "10 ms"),
    "S": ("a conductance", "1 nS"),
    "V": ("a voltage", "-70 mV"),
    "F": ("a capacitance", "200 pF"),
    "A": ("a current", "20 pA"),
    "Hz": ("a rate", "5 Hz"),
}


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
    """Format ``q`` in ``unit`` as a string that :func:`parse_quantity` reads back exactly.

    ``x / unit * unit`` is not always ``x`` in floating point; when the value in ``unit`` does
    not read back bit for bit, a neighbouring float that does is used, and failing that the value
    is written in the SI base unit (exact, since its scale is 1).
    """
    if get_dimensions(unit) == get_dimensions(1):
        return repr(float(q))
    symbol = _unit_symbol(unit)
    x = float(q / unit)
    target = float(q)
    if not math.isfinite(x):
        return f"{x!r} {symbol}"
    for candidate in (x, float(np.nextafter(x, math.inf)), float(np.nextafter(x, -math.inf))):
        text = f"{candidate!r} {symbol}"
        if float(parse_quantity(text)) == target:
            return text
    base = get_unit(get_dimensions(unit))
    return f"{target!r} {_unit_symbol(base)}"


def _unit_symbol(unit: Quantity) -> str:
    """The first name of ``unit`` in the namespace (``msecond``, as written in params.json)."""
    for name, value in _UNITS.items():
        if value is unit:
            return name
    return str(unit).split()[-1]


def unit_symbol(unit: Quantity) -> str:
    """The shortest name of ``unit`` (``ms``, ``nS``, ``mV``, ``Hz``), for messages."""
    names = [name for name, value in _UNITS.items() if value is unit]
    return min(names, key=len) if names else str(unit).split()[-1]


__all__ = ["as_quantity", "format_quantity", "parse_quantity", "unit_name", "unit_symbol"]
