"""Experiment audiovisual (model §6.10; Kohler et al. 2002): action sounds as a second
re-afferent modality. The schedule and drives, the circuit's auditory input, and the measures on
synthetic runs with known answers."""

import numpy as np
import pytest

from mirrorsim.analysis.audiovisual import audiovisual_record, decode_heard_action
from mirrorsim.experiments import EXPERIMENTS
from mirrorsim.experiments.audiovisual import MEASURES, with_sound
from mirrorsim.params import make_params
from mirrorsim.protocols import (
    PROTOCOL_DT,
    SOUND_CONDITIONS,
    input_drives,
    mirror_emergence_protocol,
    sound_drive,
)
from mirrorsim.testing import SMALL_PARAMS, TINY_PARAMS, poisson_run

SOUNDING = {**SMALL_PARAMS, "n_sounding_actions": 2, "n_test_repeats": 8}


def test_sound_is_opt_in():
    assert make_params({"n_sounding_actions": 0}).digest() == make_params().digest()
    plain = mirror_emergence_protocol(make_params(TINY_PARAMS), 3)
    assert not [t for t in plain.trials if t.condition in SOUND_CONDITIONS]
    with pytest.raises(ValueError, match="n_sounding_actions must not exceed n_actions"):
        make_params({"n_sounding_actions": 4})


def test_experiment_sounds_two_actions_unless_told():
    assert with_sound(make_params()).n_sounding_actions == 2
    assert with_sound(make_params({"n_sounding_actions": 1})).n_sounding_actions == 1
    assert EXPERIMENTS["audiovisual"].measures == MEASURES


def test_hear_and_see_hear_trials_drive_sound_and_sight():
    params = make_params({**TINY_PARAMS, "n_sounding_actions": 2, "n_test_repeats": 3})
    prot = mirror_emergence_protocol(params, 5)
    sight, intention = input_drives(prot, params.n_actions)
    sound = sound_drive(prot, params.n_actions, params.n_sounding_actions)
    assert sound.shape == sight.shape and not sound[:, 2].any()  # action 2 is silent
    for block in ("pre", "post"):
        for condition in SOUND_CONDITIONS:
            trials = prot.block_trials(block, condition)
            assert sorted({t.action for t in trials}) == [0, 1]
            assert len(trials) == 2 * 3
            for t in trials:
                mid = int(round((t.onset + t.duration / 2) / PROTOCOL_DT))
                assert sound[mid, t.action] == 1 and intention[mid].sum() == 0
                assert sight[mid, t.action] == (condition == "see_hear")
        for t in prot.block_trials(block, "observe"):  # see only
            assert sound[int(round((t.onset + t.duration / 2) / PROTOCOL_DT))].sum() == 0
    delay = prot.reafference_delay
    for t in prot.block_trials("development"):
        heard = int(round((t.onset + delay + 0.001) / PROTOCOL_DT))
        before = int(round((t.onset + delay - 0.001) / PROTOCOL_DT))
        assert sound[heard, t.action] == (t.action < 2) and sound[before].sum() == 0


def test_circuit_builds_the_auditory_input_only_when_asked():
    import brian2

    from mirrorsim.circuit import build_circuit

    brian2.set_device("runtime")
    brian2.prefs.codegen.target = "numpy"
    params = make_params({**TINY_PARAMS, "n_sounding_actions": 1})
    circuit = build_circuit(params, mirror_emergence_protocol(params, 1))
    aud, syn = circuit.groups["aud"], circuit.synapses["aud_ipl"]
    assert len(aud) == params.n_sts_per_action * params.n_actions
    pre, post = aud.action[:][syn.i[:]], circuit.groups["ipl_e"].action[:][syn.j[:]]
    assert len(syn) > 0 and np.array_equal(pre, post)  # sounds reach their own IPL pool
    plain = build_circuit(make_params(TINY_PARAMS), mirror_emergence_protocol(params, 1))
    assert "aud" not in plain.groups and "aud_ipl" not in plain.synapses


@pytest.fixture(scope="module")
def pooled():
    """F5 pool neurons fire at 40 Hz in every trial of their action (hear, see, do)."""
    data = poisson_run(make_params(SOUNDING), seed=2, rate=5.0, pool_rate=40.0)
    return data, audiovisual_record(data, n_permutations=20)


def test_measures_on_a_synthetic_run_with_audiovisual_pools(pooled):
    """Pool neurons that fire for their action's sound, sight and execution are sound, sight
    and audio-visual mirror units, congruent, and the heard action is decoded."""
    data, record = pooled
    pooled = int(data.params.f5_pool_fraction * data.params.n_f5_e)
    sounding_share = pooled * 2 / 3 / data.params.n_f5_e  # F5 pools of the 2 sounding actions
    for block in ("pre", "post"):
        assert record[f"{block}.audiovisual_fraction"] == pytest.approx(sounding_share, abs=0.05)
        assert record[f"{block}.audiovisual_mirror_fraction"] == pytest.approx(
            record[f"{block}.audiovisual_fraction"]
        )
        assert record[f"{block}.audiovisual_congruent"] == 1.0
        assert record[f"{block}.pool_hz.hear"] == pytest.approx(35, abs=4)
        assert record[f"{block}.decoder_accuracy"] > 0.9 and record[f"{block}.decoder_p"] < 0.1
        assert record[f"{block}.decoder_chance"] == 0.5


def test_measures_on_a_synthetic_run_without_responses():
    data = poisson_run(make_params(SOUNDING), seed=3, rate=5.0)
    record = audiovisual_record(data, n_permutations=20)
    assert record["post.sound_fraction"] < 0.05 and record["post.audiovisual_fraction"] < 0.02
    assert abs(record["post.pool_hz.hear"]) < 2
    assert record["post.decoder_accuracy"] < 0.8  # nothing to decode: near chance (0.5)


def test_decoder_needs_two_trials_per_action():
    out = decode_heard_action([np.ones((1, 3)), np.ones((1, 3))])
    assert np.isnan(out["accuracy"]) and out["chance"] == 0.5


def test_record_needs_sounding_actions():
    with pytest.raises(ValueError, match="no sounding actions"):
        audiovisual_record(poisson_run(make_params(SMALL_PARAMS), seed=1), n_permutations=20)


def test_silent_actions_are_measured_apart(pooled):
    _, record = pooled
    assert record["post.silent_observe_hz"] == pytest.approx(35, abs=4)
    every = poisson_run(make_params({**SOUNDING, "n_sounding_actions": 3}), seed=2)
    assert np.isnan(audiovisual_record(every, n_permutations=20)["post.silent_observe_hz"])


@pytest.mark.slow
@pytest.mark.full_network
@pytest.mark.standalone
def test_full_network_learns_to_hear_its_actions():
    """Quick mode of the experiment (fewer trials, same network; `-m slow`): before learning
    almost no F5 E neuron responds to sound and sight, after it a tenth or more do, congruently,
    and the heard action is read out above chance. The committed runs (results/audiovisual)
    give the sizes with their spread."""
    from mirrorsim.experiments.audiovisual import audiovisual_point

    short = {"n_test_repeats": 8, "n_dev_repeats": 15}
    run = audiovisual_point(make_params(short), 7)
    assert run["pre.audiovisual_fraction"] < 0.02
    assert run["post.audiovisual_fraction"] > 0.1
    assert run["post.audiovisual_congruent"] > 0.9
    assert run["post.pool_hz.hear"] > 5 > run["pre.pool_hz.hear"]
    assert run["post.decoder_accuracy"] > run["post.decoder_chance"] + 0.2
