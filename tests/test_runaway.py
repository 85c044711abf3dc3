"""Runaway activity is detected, labelled and cut short: no crash, no hang, bounded output."""

import numpy as np
from brian2 import second

from mirrorsim.analysis import analyse_block, clinical_summary
from mirrorsim.circuit import GUARD_SETTLE
from mirrorsim.params import make_params
from mirrorsim.protocols import mirror_emergence_protocol
from mirrorsim.simulate import run_protocol


def test_exploding_network_trips_the_guard_and_falls_silent(tiny_overrides):
    params = make_params({**tiny_overrides, "w_ee": "30 nS", "p_local": 0.5, "inhibition": 0.0})
    protocol = mirror_emergence_protocol(params, 1, blocks=("post",))
    data = run_protocol(params, protocol, 1, target="numpy", progress=False)
    assert data.runaway
    # it explodes from the start, but the guard waits out the start transient
    assert float(GUARD_SETTLE / second) <= data.runaway_time < protocol.duration
    after = data.runaway_time + 0.01
    for pop in ("ipl_e", "f5_e", "m1_e", "gate"):
        assert np.sum(data.spikes[pop].t > after) == 0  # cut short: nothing after the trip
    summary = clinical_summary(data, analyse_block(data, "post"))
    assert summary["regime"] == "runaway"
    assert summary["runaway_time_s"] == data.runaway_time
    # measures of a silenced network are undefined, not zeros that read as "no response"
    for key in ("mu_suppression_observe", "mep_facilitation", "f5_rate_observe_hz", "echo_index"):
        assert np.isnan(summary[key]), key


def test_normal_network_does_not_trip(tiny_overrides):
    params = make_params(tiny_overrides)
    protocol = mirror_emergence_protocol(params, 1, blocks=("post",))
    data = run_protocol(params, protocol, 1, target="numpy", progress=False)
    assert not data.runaway
    assert set(data.lfp) == {"ipl", "f5", "m1"}
    n = int(round(protocol.duration / data.lfp_dt))
    assert all(abs(x.size - n) <= 1 and np.all(x >= 0) for x in data.lfp.values())
    assert data.tms_times.size == 2 * params.n_tms_repeats
