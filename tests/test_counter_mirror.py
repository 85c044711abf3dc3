"""Experiment counter-mirror (model §6.6; Catmur, Walsh & Heyes 2007): the training schedule,
the mapping measures on synthetic runs with known answers, and the direction of learning on the
tiny network (the full-size direction is a slow test: run with ``-m slow``)."""

import dataclasses

import numpy as np
import pytest

from mirrorsim.analysis.training import counter_pool, mapping_measures, training_record
from mirrorsim.params import make_params
from mirrorsim.protocols import (
    PROTOCOL_DT,
    counter_mirror_protocol,
    input_drives,
    mirror_emergence_protocol,
    training_map,
)
from mirrorsim.testing import SMALL_PARAMS, TINY_PARAMS, poisson_run


@pytest.mark.parametrize("n", [2, 3, 4, 7])
def test_incompatible_map_is_a_derangement_and_counter_pool_its_inverse(n):
    seen = training_map(n, "incompatible")
    assert sorted(seen) == list(range(n)) and not np.any(seen == np.arange(n))
    assert np.array_equal(seen[counter_pool(n)], np.arange(n))
    assert np.array_equal(training_map(n, "compatible"), np.arange(n))
    if n == 2:
        assert seen.tolist() == [1, 0]  # the two-finger swap of Catmur et al. 2007


def test_unknown_mapping_is_refused():
    with pytest.raises(ValueError, match="mapping"):
        training_map(3, "mirror")
    with pytest.raises(ValueError):
        make_params({"training_mapping": "mirror"})


def test_training_options_leave_other_digests_unchanged():
    assert make_params({"training_mapping": "incompatible", "n_train_repeats": 20}).digest() == (
        make_params().digest()
    )
    assert make_params({"training_mapping": "compatible"}).digest() != make_params().digest()


@pytest.mark.parametrize("mapping", ["incompatible", "compatible"])
def test_protocol_trains_the_mapping_after_the_post_learning_schedule(mapping):
    params = make_params({**TINY_PARAMS, "training_mapping": mapping, "n_train_repeats": 3})
    protocol = counter_mirror_protocol(params, seed=4)
    first = mirror_emergence_protocol(params, 4, blocks=("post",))
    assert protocol.trials[: len(first.trials)] == first.trials  # same seed, same first part
    assert protocol.epochs[: len(first.epochs)] == first.epochs
    assert protocol.learning_epochs == ("development", "training")
    training = protocol.block_trials("training")
    seen = training_map(params.n_actions, mapping)
    assert len(training) == 3 * params.n_actions
    assert all(t.seen_action == seen[t.action] for t in training)
    assert {t.action for t in protocol.block_trials("trained", "observe")} == {0, 1, 2}

    sight, intention = input_drives(protocol, params.n_actions)
    delay = protocol.reafference_delay
    for trial in training:
        during = int(round((trial.onset + delay + trial.duration / 2) / PROTOCOL_DT))
        assert sight[during].tolist() == np.eye(params.n_actions)[seen[trial.action]].tolist()
        assert intention[during].tolist() == np.eye(params.n_actions)[trial.action].tolist()


def _counter_run(mirror: bool, seed: int = 2):
    """Synthetic counter-mirror run: F5 and M1 pools fire at 40 Hz while their action is
    observed (mirror), or relabelled so that each pool fires while the action incompatible
    training pairs with it is observed (a fully reversed mapping)."""
    params = make_params({**SMALL_PARAMS, "n_train_repeats": 2})
    data = poisson_run(params, seed, 5.0, 40.0, counter_mirror_protocol(params, seed))
    if mirror:
        return data
    relabel = counter_pool(params.n_actions)  # cells of pool a become pool counter_pool[a]
    spikes = dict(data.spikes)
    for pop in ("f5_e", "m1_e"):
        s = spikes[pop]
        action = np.where(s.action >= 0, relabel[np.maximum(s.action, 0)], -1)
        spikes[pop] = dataclasses.replace(s, action=action)
    return dataclasses.replace(data, spikes=spikes)


def test_mapping_measures_known_answers():
    mirror = mapping_measures(_counter_run(True), "post")
    assert mirror["congruent_hz"] == pytest.approx(35, abs=6)
    assert mirror["counter_hz"] == pytest.approx(0, abs=3)
    assert mirror["mep_seen"] > 3 * max(mirror["mep_counter"], 0.1)
    reversed_ = mapping_measures(_counter_run(False), "post")
    assert reversed_["counter_hz"] == pytest.approx(35, abs=6)
    assert reversed_["congruent_hz"] == pytest.approx(0, abs=3)
    assert reversed_["mapping_hz"] == pytest.approx(-mirror["mapping_hz"], rel=0.25)
    assert reversed_["mep_counter"] > 3 * max(reversed_["mep_seen"], 0.1)


def test_training_record_reversal():
    record = training_record(_counter_run(True))
    assert record["reversal"] == pytest.approx(1, abs=0.2)  # nothing changed between blocks
    assert set(record) >= {"post.mapping_hz", "trained.mapping_hz", "trained.counter_units"}


def test_figures_draw_from_records(tmp_path):
    from mirrorsim.training_plots import (
        counter_mirror_figures,
        training_dose_figure,
        training_summary_figure,
    )

    records = []
    for mirror, kind in ((True, "compatible"), (False, "incompatible")):
        for seed in (1, 2):
            record = training_record(_counter_run(mirror, seed))
            records.append(record | {"training_mapping": kind})
    paths = counter_mirror_figures(records[0], tmp_path)
    assert [p.name for p in paths] == ["mapping.png", "mapping.svg"]
    assert len(training_summary_figure(records).axes) == 2
    assert len(training_dose_figure(records).axes) == 2


@pytest.mark.slow
@pytest.mark.full_network
@pytest.mark.standalone
def test_incompatible_training_re_maps_the_full_network():
    """Quick mode of the experiment (fewer trials, same network; about 8 minutes with a cold
    build): incompatible training takes the mapping down by more than half and makes
    counter-congruent units, compatible training keeps it. The committed runs
    (results/counter-mirror) give the size of the effect with its spread."""
    from mirrorsim.experiments.counter_mirror import counter_mirror_point

    # 8 test repeats (as tests/test_emergence.py): with 6, seed 7, the per-cell classification
    # found no counter-congruent cell after training although the pool mapping had reversed
    short = {"n_test_repeats": 8, "n_tms_repeats": 6, "n_dev_repeats": 15, "n_train_repeats": 15}
    runs = {
        mapping: counter_mirror_point(make_params(short | {"training_mapping": mapping}), 7)
        for mapping in ("incompatible", "compatible")
    }
    inc, comp = runs["incompatible"], runs["compatible"]
    for run in (inc, comp):
        assert run["post.mapping_hz"] > 5  # mirror after development (Hz)
    assert inc["trained.mapping_hz"] < 0.5 * inc["post.mapping_hz"]
    assert inc["trained.counter_units"] > inc["post.counter_units"] + 0.05
    assert comp["trained.mapping_hz"] > 0.5 * comp["post.mapping_hz"]
