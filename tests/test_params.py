"""The parameter object: defaults, documentation, round trips, accepted forms and rejections."""

from __future__ import annotations

import math

import pytest
from brian2 import Hz, Quantity, get_dimensions, kHz, ms, mV, nS, pA, pF, second
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from mirrorsim.params import ParameterError, Params, expected_unit, make_params, parameter_names
from mirrorsim.quantities import as_quantity, format_quantity, parse_quantity

FIELDS = Params.model_fields


def _unit(name: str):
    extra = FIELDS[name].json_schema_extra
    return extra.get("unit") if isinstance(extra, dict) else None


QUANTITY_FIELDS = [
    n for n in FIELDS if _unit(n) is not None and get_dimensions(_unit(n)) != get_dimensions(1)
]


def test_defaults_validate() -> None:
    p = Params()
    assert make_params() == p
    assert make_params({}) == p
    assert p.plasticity == "triplet"
    assert p.tau_exc == 5 * ms


@pytest.mark.parametrize("name", list(FIELDS))
def test_every_field_has_a_description_and_a_source(name: str) -> None:
    field = FIELDS[name]
    assert field.description and field.description.strip(), name
    extra = field.json_schema_extra
    assert isinstance(extra, dict) and str(extra.get("source", "")).strip(), name


def test_describe_has_a_row_per_field() -> None:
    rows = Params().describe()
    assert [r["name"] for r in rows] == parameter_names()
    assert all(r["description"] and r["source"] for r in rows)


def test_round_trip_through_strings_is_exact() -> None:
    p = Params()
    strings = p.to_strings()
    q = make_params(strings)
    assert q == p
    for name in FIELDS:
        a, b = getattr(p, name), getattr(q, name)
        assert type(a) is type(b), name
        assert float(a) == float(b) if isinstance(a, Quantity | float) else a == b, name
    assert q.to_strings() == strings


@pytest.mark.parametrize("name", QUANTITY_FIELDS)
def test_every_quantity_field_reads_back_its_own_default(name: str) -> None:
    # describe() also writes the opt-in quantities that to_strings() leaves out at their default
    text = {row["name"]: row["value"] for row in Params().describe()}[name]
    assert isinstance(text, str)
    q = make_params({name: text})
    assert float(getattr(q, name)) == float(getattr(Params(), name))
    assert get_dimensions(getattr(q, name)) == get_dimensions(_unit(name))


@settings(max_examples=200, deadline=None)
@given(x=st.floats(min_value=1e-6, max_value=1e6, allow_nan=False, allow_infinity=False))
def test_format_quantity_reads_back_bit_for_bit(x: float) -> None:
    # x / ms * ms is not always x: format_quantity must still give back exactly x seconds
    for unit in (ms, mV, nS, pF, pA, Hz):
        q = x * unit
        assert float(parse_quantity(format_quantity(q, unit))) == float(q)


def test_a_value_not_exact_in_ms_still_reads_back() -> None:
    x = 0.0123456789012345  # seconds; x / 1e-3 * 1e-3 != x
    q = x * second
    text = format_quantity(q, ms)
    assert float(parse_quantity(text)) == x
    assert make_params({"tau_exc": text}).tau_exc == q


@pytest.mark.parametrize(
    "value",
    [
        "10 ms",
        "10*ms",
        "10 * ms",
        "10ms",
        " 10 ms ",
        "10 msecond",
        10 * ms,
        "0.01 s",
        "1e-2 s",
        "10e-3 second",
        "+10 ms",
    ],
)
def test_accepted_forms_of_a_time(value: object) -> None:
    assert float(make_params({"tau_exc": value}).tau_exc) == pytest.approx(0.010, rel=1e-15)


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("e_leak", "-70 mV", -70 * mV),
        ("e_leak", "-0.07 V", -70 * mV),
        ("w_ee", "0.3 nS", 0.3 * nS),
        ("w_ee", "3e-10 S", 0.3 * nS),
        ("c_m", "200 pF", 200 * pF),
        ("b_adapt", "20 pA", 20 * pA),
        ("bg_rate_exc", "2.4 kHz", 2400 * Hz),
        ("bg_rate_exc", "2400 Hz", 2400 * Hz),
        ("bg_rate_exc", "2.4/ms", 2400 * Hz),
        ("rate_input_active", 60 * Hz, 60 * Hz),
    ],
)
def test_accepted_forms_per_kind(name: str, value: object, expected: Quantity) -> None:
    got = getattr(make_params({name: value}), name)
    assert float(got) == pytest.approx(float(expected), rel=1e-12)
    assert get_dimensions(got) == get_dimensions(expected)


@pytest.mark.parametrize("value", [0.5, "0.5", 1, "1", "5e-1", 0])
def test_dimensionless_fields_take_plain_numbers(value: object) -> None:
    p = make_params({"p_local": value})
    assert isinstance(p.p_local, float)
    assert p.p_local == float(value)


@pytest.mark.parametrize("value", [5, "5", " 5 "])
def test_counts_take_whole_numbers(value: object) -> None:
    assert make_params({"n_actions": value}).n_actions == 5


def test_unknown_name_is_rejected_with_a_hint() -> None:
    with pytest.raises(
        ParameterError,
        match=r"^unknown parameter 'tau_exx' \(did you mean "
        r"'tau_exc'\?\)$",
    ):
        make_params({"tau_exx": "5 ms"})
    with pytest.raises(ParameterError, match=r"^unknown parameter 'qqqqqq'$"):
        make_params({"qqqqqq": 1})


def test_overrides_must_be_a_mapping() -> None:
    with pytest.raises(ParameterError, match="expected a mapping"):
        make_params([("tau_exc", "5 ms")])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("overrides", "pattern"),
    [
        (
            {"tau_exc": "5 mV"},
            r"^parameter 'tau_exc': expected a time in s \(e\.g\. '10 ms'\), got 5",
        ),
        ({"tau_exc": 5}, r"parameter 'tau_exc': expected a time .*got a number without unit"),
        ({"tau_exc": 5.0 * mV}, r"parameter 'tau_exc': expected a time"),
        ({"tau_exc": None}, r"parameter 'tau_exc': expected a time .*got no value"),
        ({"tau_exc": True}, r"parameter 'tau_exc': expected a time .*got a boolean"),
        ({"tau_exc": [5 * ms]}, r"parameter 'tau_exc': expected a time .*got list"),
        ({"tau_exc": -1 * ms}, r"parameter 'tau_exc': must be > 0 ms, got -1\.0 ms"),
        (
            {"tau_exc": float("nan") * ms},
            r"parameter 'tau_exc': expected a finite value, got nan ms",
        ),
        ({"p_local": "0.2 Hz"}, r"parameter 'p_local': expected a plain number, got .*Hz"),
        ({"p_local": 1.01}, r"parameter 'p_local': must be <= 1\.0, got 1\.01"),
        ({"p_local": float("inf")}, r"parameter 'p_local': expected a finite value, got inf"),
        ({"n_actions": 0}, r"parameter 'n_actions': .*greater than or equal to 1, got 0"),
        ({"n_actions": False}, r"parameter 'n_actions': expected a whole number, got False"),
        ({"n_actions": float("nan")}, r"parameter 'n_actions': expected a finite whole number"),
        ({"n_actions": 2.5}, r"parameter 'n_actions': .*fractional part"),
        ({"n_actions": "3 ms"}, r"parameter 'n_actions': expected a whole number, got '3 ms'"),
        ({"plasticity": "foo"}, r"parameter 'plasticity': .*'triplet', 'pair' or 'off', got 'foo'"),
        ({"plasticity": True}, r"parameter 'plasticity': .*got True"),
        ({"v_reset": "-45 mV"}, r"^v_reset must be below v_threshold \(v_reset = -45 mV, "),
        ({"t_trial": "50 ms"}, r"^reafference_delay must lie between -t_trial and t_trial"),
        ({"n_actions": 20, "n_ipl_e": 19}, r"^n_ipl_e must be at least n_actions"),
    ],
)
def test_bad_values_are_one_line_errors(overrides: dict, pattern: str) -> None:
    with pytest.raises(ParameterError, match=pattern) as info:
        make_params(overrides)
    assert "\n" not in str(info.value)
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_model_is_frozen() -> None:
    p = Params()
    with pytest.raises(ValidationError):
        p.tau_exc = 4 * ms  # type: ignore[misc]
    with pytest.raises(ValidationError):
        Params(not_a_parameter=1)  # type: ignore[call-arg]


def test_base_is_kept_and_overridden() -> None:
    base = make_params({"tau_exc": "4 ms", "n_actions": 4})
    p = make_params({"n_actions": 5}, base=base)
    assert (p.tau_exc, p.n_actions) == (4 * ms, 5)
    assert base.n_actions == 4


def test_plasticity_off_from_a_yaml_boolean() -> None:
    assert make_params({"plasticity": False}).plasticity == "off"
    assert make_params({"plasticity": "off"}).plasticity == "off"
    assert make_params({"plasticity": "pair"}).plasticity == "pair"


def test_expected_unit() -> None:
    assert expected_unit("tau_exc") == "s"
    assert expected_unit("w_ee") == "S"
    assert expected_unit("p_local") == "dimensionless"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4 kHz", 4000 * Hz),
        ("4kHz", 4 * kHz),
        ("1/ms", 1 * kHz),
        ("2 / ms", 2 * kHz),
        ("-70 mV", -70 * mV),
        ("1e-3 s", 1 * ms),
        ("1E-3 s", 1 * ms),
        (".5 ms", 0.5 * ms),
        ("10 ms", 10 * ms),
        ("10*ms", 10 * ms),
        ("0.5 nS", 0.5 * nS),
        ("5 Hz*ms", Quantity(0.005)),
        ("3 ms**-1", 3 * kHz),
        ("3 ms^-1", 3 * kHz),
        ("2", Quantity(2.0)),
        ("-1.5e2", Quantity(-150.0)),
    ],
)
def test_parse_quantity(text: str, expected: Quantity) -> None:
    got = parse_quantity(text)
    assert isinstance(got, Quantity)
    assert get_dimensions(got) == get_dimensions(expected)
    assert float(got) == pytest.approx(float(expected), rel=1e-12)


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("10 parsecs", r"unknown unit 'parsecs'"),
        ("10 msec", r"unknown unit 'msec'"),
        ("ms", r"cannot read 'ms' as a number"),
        ("", r"empty value"),
        ("   ", r"empty value"),
        ("ten ms", r"cannot read"),
        ("10 ms ms", r"cannot read unit"),
        ("10 ms;", r"cannot read"),
        ("__import__('os')", r"cannot read"),
        ("1 ms + 1 ms", r"cannot read"),
        ("1..2 ms", r"cannot"),
        ("10 __class__", r"unknown unit '__class__'"),
        ("1 ms**99999999999999999999999", r"cannot"),
    ],
)
def test_parse_quantity_rejects(text: str, pattern: str) -> None:
    with pytest.raises(ValueError, match=pattern):
        parse_quantity(text)


def test_parse_quantity_nan_and_inf_are_read_then_refused_by_as_quantity() -> None:
    assert math.isnan(float(parse_quantity("nan ms")))
    assert float(parse_quantity("-inf ms")) == -math.inf
    for text in ("nan ms", "inf ms", "NaN ms", "Infinity ms", "1e999 ms"):
        with pytest.raises(ValueError, match="expected a finite value"):
            as_quantity(text, ms)
