"""The main job as two halves: the same spikes as one simulation before learning, the after half
placed where it belongs, and the same record whether the halves run side by side or in turn."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from mirrorsim.params import make_params
from mirrorsim.side_process import can_fork
from mirrorsim.simulate import run_protocol
from mirrorsim.split_run import AFTER_STREAM, halves, merge_halves, run_main_job
from mirrorsim.testing import TINY_PARAMS

SEED = 5


@pytest.fixture(scope="module")
def params():
    return make_params({**TINY_PARAMS, "n_test_repeats": 1, "n_dev_repeats": 1})


@pytest.fixture(scope="module")
def runs(params):
    whole, before, after = halves(params, SEED)
    one = run_protocol(params, whole, SEED, target="numpy", progress=False)
    b = run_protocol(params, before, SEED, target="numpy", progress=False)
    a = run_protocol(params, after, SEED, target="numpy", progress=False, stream=AFTER_STREAM)
    return whole, one, b, a


def test_the_halves_hold_the_whole_protocol(params):
    whole, before, after = halves(params, SEED)
    assert before.blocks == ("pre",) and after.blocks == ("post",)
    assert before.learning_epochs == () and after.learning_epochs == ("development",)
    shift = whole.epoch("development").start - after.epoch("development").start
    assert shift == pytest.approx(whole.epoch("test_pre").stop - after.epoch("settle").stop)
    assert whole.epoch("test_post").stop == pytest.approx(after.duration + shift)


def test_the_before_half_is_the_whole_run_before_learning(runs):
    """Nothing learns before development: one simulation and the before half give the same
    spikes there (the same draws in the same order)."""
    whole, one, before, _ = runs
    cut = whole.epoch("development").start
    for name, s in one.spikes.items():
        early = s.t < cut
        b = before.spikes[name]
        assert np.array_equal(s.i[early], b.i[b.t < cut]), name
        assert np.array_equal(s.t[early], b.t[b.t < cut]), name
    assert np.array_equal(one.weights_pre, before.weights_pre)


def test_merged_record_places_the_after_half(runs):
    whole, one, before, after = runs
    merged = merge_halves(whole, before, after)
    cut = whole.epoch("development").start
    shift = cut - after.protocol.epoch("development").start
    assert merged.protocol is whole and merged.lfp_dt == one.lfp_dt
    for name, s in merged.spikes.items():
        late = s.t >= cut
        a = after.spikes[name]
        moved = a.t[a.t >= after.protocol.epoch("development").start] + shift
        assert np.array_equal(s.t[late], moved), name
        assert s.t.max(initial=0) < whole.duration
    for area, x in merged.lfp.items():
        assert x.size == one.lfp[area].size, area
        n = int(round(cut / one.lfp_dt))
        assert np.array_equal(x[:n], one.lfp[area][:n])
    assert np.array_equal(merged.weights_post, after.weights_post)
    assert np.array_equal(merged.tms_times, one.tms_times)
    # the learned network is as learned as one simulation's, not the same draws
    assert merged.weights_post.mean() > merged.weights_pre.mean()
    # the halves share the network, not the input: the after half's background is its own
    own = run_protocol(merged.params, after.protocol, SEED, target="numpy", progress=False)
    assert np.array_equal(own.syn_j, after.syn_j) and np.array_equal(
        own.weights_pre, after.weights_pre
    )
    t_0, t_1 = own.spikes["ipl_e"].t, after.spikes["ipl_e"].t
    assert not np.array_equal(t_0[t_0 < 0.3], t_1[t_1 < 0.3])
    other = dataclasses.replace(after, syn_j=after.syn_j[::-1])
    with pytest.raises(ValueError, match="not the same network"):
        merge_halves(whole, before, other)


@pytest.mark.skipif(not can_fork(), reason="the side process needs fork (Linux)")
def test_side_by_side_gives_the_same_record_as_in_turn(params, runs):
    whole, _, before, after = runs
    side = run_main_job(params, SEED, target="numpy", progress=False, parallel=True)
    turn = merge_halves(whole, before, after)
    assert side.info["split"]["parallel"] is True
    for name, s in turn.spikes.items():
        assert np.array_equal(side.spikes[name].t, s.t), name
        assert np.array_equal(side.spikes[name].i, s.i), name
    assert any(k.startswith("before learning: ") for k in side.info["phases_s"])
    assert side.info["split"]["cut_s"] == whole.epoch("development").start
