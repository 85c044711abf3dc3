"""Protocol timing: trial counts, order, non-overlap and input drives (model §6)."""

import numpy as np
import pytest

from mirrorsim.params import make_params
from mirrorsim.protocols import (
    PROTOCOL_DT,
    input_drives,
    mirror_emergence_protocol,
    tms_pulse_times,
)


@pytest.fixture(scope="module")
def params():
    return make_params(
        {
            "n_actions": 3,
            "n_test_repeats": 4,
            "n_dev_repeats": 5,
            "t_spontaneous": "1 s",
            "t_trial": "500 ms",
            "t_iti": "300 ms",
            "reafference_delay": "80 ms",
        }
    )


def test_test_block_has_every_trial_type_repeated(params):
    prot = mirror_emergence_protocol(params, seed=1)
    for block in ("pre", "post"):
        trials = prot.block_trials(block)
        n_tms = 2 * params.n_tms_repeats
        assert len(trials) == params.n_test_repeats * (1 + 2 * params.n_actions) + n_tms
        assert len(prot.block_trials(block, "rest")) == params.n_test_repeats
        for cond in ("execute", "observe"):
            actions = [t.action for t in prot.block_trials(block, cond)]
            assert sorted(actions) == sorted(list(range(params.n_actions)) * params.n_test_repeats)


def test_trials_are_sequential_and_separated_by_the_iti(params):
    prot = mirror_emergence_protocol(params, seed=1)
    for block in ("pre", "post"):
        onsets = np.array([t.onset for t in prot.block_trials(block)])
        assert np.allclose(np.diff(onsets), 0.8)


def test_epochs_are_ordered_and_cover_the_run(params):
    prot = mirror_emergence_protocol(params, seed=1)
    names = [e.name for e in prot.epochs]
    assert names == [
        "settle",
        "spontaneous_pre",
        "test_pre",
        "development",
        "spontaneous_post",
        "test_post",
    ]
    for a, b in zip(prot.epochs, prot.epochs[1:], strict=False):
        assert a.stop == pytest.approx(b.start)
    assert prot.epochs[-1].stop == pytest.approx(prot.duration)
    dev = prot.block_trials("development")
    assert len(dev) == params.n_dev_repeats * params.n_actions
    assert all(
        prot.epoch("development").start <= t.onset < prot.epoch("development").stop for t in dev
    )


def test_order_is_randomised_by_seed_and_reproducible(params):
    a = [t.action for t in mirror_emergence_protocol(params, 1).block_trials("pre")]
    b = [t.action for t in mirror_emergence_protocol(params, 1).block_trials("pre")]
    c = [t.action for t in mirror_emergence_protocol(params, 2).block_trials("pre")]
    assert a == b
    assert a != c


def test_drives_follow_the_trials(params):
    prot = mirror_emergence_protocol(params, seed=3)
    sight, intention = input_drives(prot, params.n_actions)
    # Observation: sight of k only, no intention.
    obs = prot.block_trials("pre", "observe")[0]
    mid = int((obs.onset + obs.duration / 2) / PROTOCOL_DT)
    assert sight[mid, obs.action] == 1 and sight[mid].sum() == 1 and intention[mid].sum() == 0
    # Execution in the test block: intention only (no visual feedback).
    ex = prot.block_trials("pre", "execute")[0]
    mid = int((ex.onset + ex.duration / 2) / PROTOCOL_DT)
    assert intention[mid, ex.action] == 1 and sight[mid].sum() == 0
    # Self-execution: intention at onset, sight after the re-afference delay, same action.
    dev = prot.block_trials("development")[0]
    on = int(round(dev.onset / PROTOCOL_DT))
    delay = int(round(prot.reafference_delay / PROTOCOL_DT))
    assert intention[on, dev.action] == 1 and sight[on].sum() == 0
    assert sight[on + delay, dev.action] == 1
    assert sight[on + delay - 1].sum() == 0
    # Rest trials: nothing on.
    rest = prot.block_trials("pre", "rest")[0]
    span = slice(int(rest.onset / PROTOCOL_DT), int((rest.onset + rest.duration) / PROTOCOL_DT))
    assert sight[span].sum() == 0 and intention[span].sum() == 0
    # Total on-time equals the scheduled time.
    n_obs = len([t for t in prot.trials if t.condition in ("observe", "observe_tms")])
    n_dev = len(prot.block_trials("development"))
    expected = (n_obs + n_dev) * 0.5 / PROTOCOL_DT
    assert sight.sum() == pytest.approx(expected, abs=len(prot.trials))


def test_tms_trials_pulse_mid_trial_while_observing_or_viewing_a_static_scene(params):
    prot = mirror_emergence_protocol(params, seed=1)
    obs = prot.block_trials("post", "observe_tms")
    static = prot.block_trials("post", "static_tms")
    assert len(obs) == len(static) == params.n_tms_repeats
    assert all(t.action == -1 for t in static)
    assert {t.action for t in obs} == set(range(params.n_actions))
    pulses = tms_pulse_times(prot, 0.3)
    assert pulses.size == 4 * params.n_tms_repeats  # pre and post blocks
    onsets = sorted(t.onset for t in prot.trials if t.condition in ("observe_tms", "static_tms"))
    assert np.allclose(pulses, np.array(onsets) + 0.3)
    sight, intention = input_drives(prot, params.n_actions)
    for t in obs:  # the observed action is on screen, nothing is intended
        at = int(round((t.onset + 0.1) / PROTOCOL_DT))
        assert sight[at, t.action] == 1 and intention[at].sum() == 0
    for t in static:
        at = int(round((t.onset + 0.1) / PROTOCOL_DT))
        assert sight[at].sum() == 0 and intention[at].sum() == 0


def test_post_only_protocol_keeps_the_post_block_orders(params):
    full = mirror_emergence_protocol(params, seed=3)
    post_only = mirror_emergence_protocol(params, seed=3, blocks=("post",))
    assert post_only.block_trials("pre") == []
    key = [(t.condition, t.action) for t in full.block_trials("post")]
    assert [(t.condition, t.action) for t in post_only.block_trials("post")] == key
    assert post_only.duration < full.duration
    pre_only = mirror_emergence_protocol(params, seed=3, blocks=("pre",))  # mirrorsim.split_run
    assert list(pre_only.trials) == full.block_trials("pre") and pre_only.learning_epochs == ()
    for bad in (("post", "pre"), ("pre", "pre"), ()):
        with pytest.raises(ValueError, match="blocks"):
            mirror_emergence_protocol(params, seed=3, blocks=bad)


def test_unpaired_development_events_keep_the_paired_ones():
    """n_dev_unpaired (contingency, model §6.7): the paired self-executions stay, as many
    observe-only and unseen-execute events of each action join them, and 0 leaves the schedule
    as it was."""
    from collections import Counter

    plain = mirror_emergence_protocol(make_params(), 3)
    assert mirror_emergence_protocol(make_params({"n_dev_unpaired": 0}), 3) == plain
    prot = mirror_emergence_protocol(make_params({"n_dev_unpaired": 4}), 3)
    counts = Counter((t.condition, t.action) for t in prot.block_trials("development"))
    for k in range(3):
        assert counts["self_execute", k] == 20
        assert counts["observe", k] == counts["execute", k] == 4
    sight, intention = input_drives(prot, 3)
    for t in prot.block_trials("development", "observe")[:3]:
        mid = int(round((t.onset + t.duration / 2) / 1e-3))
        assert sight[mid, t.action] == 1 and intention[mid].sum() == 0


@pytest.mark.parametrize("delay_ms", [-500, -200, 0, 80, 450, 500])
def test_sight_follows_or_leads_the_intention_by_the_delay(delay_ms):
    """reafference_delay sets the sight's onset against the intention's (contiguity, model
    §6.8); a negative delay shows the action before it is made, within the same event, and
    a delay of a whole trial either way shows it just before or just after (no overlap)."""
    params = make_params({"reafference_delay": f"{delay_ms} ms", "n_dev_repeats": 2})
    prot = mirror_emergence_protocol(params, 1, blocks=("post",))
    sight, intention = input_drives(prot, params.n_actions)
    dev = prot.epoch("development")
    for trial in prot.block_trials("development"):
        k = trial.action
        on_sight = np.flatnonzero(np.diff(sight[:, k]) > 0) + 1
        on_int = np.flatnonzero(np.diff(intention[:, k]) > 0) + 1
        start = int(round(trial.onset / PROTOCOL_DT))
        assert start in on_int
        assert start + delay_ms in on_sight
        assert dev.start <= trial.onset + min(0, delay_ms) / 1000
    assert dev.stop - dev.start == pytest.approx(6 * (0.5 + abs(delay_ms) / 1000 + 0.3))


def test_delay_may_not_exceed_a_trial_either_way():
    with pytest.raises(ValueError, match="between -t_trial and t_trial"):
        make_params({"reafference_delay": "-501 ms"})
    with pytest.raises(ValueError, match="between -t_trial and t_trial"):
        make_params({"reafference_delay": "600 ms"})
