"""Regime labels follow the stated rules (model §5)."""

import math

import pytest

from mirrorsim.measures.regimes import (
    HYPO_MIRROR_INDEX,
    human_measure_votes,
    label_regime,
    label_regime_human,
)


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


def _human(mi=0.44, echo=0.0, obs=-0.18, exe=-0.26, mep=4.8, **extra):
    return {
        "mirror_index": mi,
        "echo_index": echo,
        "eeg_mu_observe": obs,
        "eeg_mu_execute": exe,
        "mep_facilitation": mep,
        **extra,
    }


@pytest.mark.parametrize(
    ("measures", "expected"),
    [
        (_human(), "typical"),
        (_human(mi=0.1, obs=-0.01), "hypoactive"),  # weak neurons and no scalp mu: 2 of 3
        (_human(mi=0.1, mep=-0.2), "hypoactive"),  # weak neurons and no facilitation
        (_human(mi=0.1), "typical"),  # only the neurons are weak: outvoted
        (_human(obs=0.05), "typical"),  # mu enhanced, not suppressed: one vote only
        (_human(mi=1.2, obs=-0.3), "hyperactive"),  # observation >= execution, twice
        (_human(mi=1.2), "typical"),  # once: outvoted
        (_human(mi=0.1, echo=0.1), "hyperactive"),  # the breach decides, as in label_regime
        (_human(mi=0.1, obs=-0.3), "typical"),  # hypo, hyper, typical: mixed
        (_human(mi=0.1, obs=math.nan, exe=math.nan), "typical"),  # mu undefined: 1 vs 1
        (_human(mi=0.1, obs=math.nan, mep=0.0), "hypoactive"),  # no facilitation at all
        (_human(runaway=True), "runaway"),
        (_human(mi=math.nan), "runaway"),
    ],
)
def test_human_measure_regime_rules(measures, expected):
    assert label_regime_human(measures) == expected


def test_scalp_mu_votes_on_its_observation_to_execution_ratio():
    assert human_measure_votes(_human(obs=-0.04, exe=-0.26))["mu"] == "hypoactive"  # 0.15
    assert human_measure_votes(_human(obs=-0.26, exe=-0.26))["mu"] == "hyperactive"  # 1
    assert human_measure_votes(_human(obs=-0.1, exe=0.02))["mu"] is None  # no execution effect
