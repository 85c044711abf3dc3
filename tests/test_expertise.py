"""Experiment expertise (model §6.9; Calvo-Merino et al. 2005, 2006): the schedule, the roles
and the record on a synthetic run."""

from collections import Counter

import pytest

from mirrorsim.analysis.expertise import expertise_record
from mirrorsim.experiments import expertise
from mirrorsim.params import make_params
from mirrorsim.protocols import (
    EXPERTISE_ROLES,
    expertise_protocol,
    input_drives,
    mirror_emergence_protocol,
)
from mirrorsim.testing import SMALL_PARAMS, TINY_PARAMS, poisson_run


def test_roles_are_declared_once():
    assert expertise._ROLES == EXPERTISE_ROLES


def test_practised_is_done_and_seen_seen_is_only_seen():
    params = make_params({**TINY_PARAMS, "n_train_repeats": 4})
    protocol = expertise_protocol(params, 2)
    first = mirror_emergence_protocol(params, 2, blocks=("post",))
    assert protocol.trials[: len(first.trials)] == first.trials
    assert protocol.learning_epochs == ("development", "training")
    block = protocol.block_trials("training")
    assert Counter((t.condition, t.action) for t in block) == {
        ("self_execute", 0): 4,
        ("observe", 1): 4,
    }
    sight, intention = input_drives(protocol, params.n_actions)
    epoch = protocol.epoch("training")
    lo, hi = (round(x / 1e-3) for x in (epoch.start, epoch.stop))
    assert intention[lo:hi, 1:].sum() == 0 and sight[lo:hi, 2].sum() == 0
    assert intention[lo:hi, 0].sum() > 0 and sight[lo:hi, 1].sum() > 0


def test_needs_three_actions():
    with pytest.raises(ValueError, match="n_actions >= 3"):
        expertise_protocol(make_params({**TINY_PARAMS, "n_actions": 2}), 1)


def test_record_on_a_synthetic_run():
    """Poisson pools fire at 40 Hz in every trial of their action, before and after alike: each
    role's observation response is ~35 Hz above rest, the mirror index ~1 and the gains ~0."""
    params = make_params({**SMALL_PARAMS, "n_train_repeats": 2})
    data = poisson_run(params, 3, 5.0, 40.0, expertise_protocol(params, 3))
    record = expertise_record(data)
    assert set(record) >= set(expertise.MEASURES)
    for role in EXPERTISE_ROLES:
        assert record[f"trained.{role}.observe_hz"] == pytest.approx(35, abs=6)
        assert record[f"post.{role}.mirror_index"] == pytest.approx(1, abs=0.2)
        assert abs(record[f"gain.{role}"]) < 6
        assert record[f"post.{role}.mep_facilitation"] > 1


def test_figure_draws(tmp_path):
    from mirrorsim.training_plots import expertise_figure

    params = make_params({**SMALL_PARAMS, "n_train_repeats": 2})
    records = [
        expertise_record(poisson_run(params, s, 5.0, 40.0, expertise_protocol(params, s)))
        for s in (1, 2)
    ]
    assert len(expertise_figure(records).axes) == 3
