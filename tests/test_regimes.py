"""Regime labels follow the stated rules (model §5)."""

import math

import pytest

from mirrorsim.measures.regimes import HYPO_MIRROR_INDEX, label_regime


@pytest.mark.parametrize(
    ("measures", "expected"),
    [
        ({"mirror_index": 0.5, "echo_index": 0.0}, "typical"),
        ({"mirror_index": HYPO_MIRROR_INDEX - 0.01, "echo_index": 0.0}, "hypoactive"),
        ({"mirror_index": -0.1, "echo_index": 0.0}, "hypoactive"),
        ({"mirror_index": 0.6, "echo_index": 0.1}, "hyperactive"),
        ({"mirror_index": 1.2, "echo_index": 0.0}, "hyperactive"),
        ({"mirror_index": 0.05, "echo_index": 0.2}, "hyperactive"),  # breach beats weak drive
        ({"mirror_index": 0.5, "echo_index": 0.0, "runaway": True}, "runaway"),
        ({"mirror_index": math.nan, "echo_index": 0.0}, "runaway"),
        ({"mirror_index": 0.5, "echo_index": math.nan}, "typical"),
    ],
)
def test_regime_rules(measures, expected):
    assert label_regime(measures) == expected
