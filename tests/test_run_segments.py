"""The run is cut into pieces so that the learning rule's postsynaptic pathway runs only while
it can change a weight (circuit.run_segments); that must not change what the network does."""

import brian2
import numpy as np
from brian2 import second

from mirrorsim.circuit import build_circuit, drive_arrays, run_segments
from mirrorsim.params import make_params
from mirrorsim.protocols import PROTOCOL_DT, mirror_emergence_protocol
from mirrorsim.testing import TINY_PARAMS


def test_segments_cover_the_run_and_every_learning_bin():
    params = make_params({})
    protocol = mirror_emergence_protocol(params, seed=1)
    segments = run_segments(params, protocol)
    assert np.isclose(sum(d for d, _ in segments), protocol.duration, atol=1e-9)
    learning = np.flatnonzero(drive_arrays(params, protocol)["learning"] > 0) * PROTOCOL_DT
    start = 0.0
    on = []
    for duration, active in segments:
        if active:
            on.append((start, start + duration))
        start += duration
    assert len(on) == 1  # one development block
    first, last = on[0]
    assert first <= learning.min() + 1e-9
    assert last >= learning.max() + PROTOCOL_DT - 1e-9
    assert last - first < protocol.duration / 2  # the test blocks run without it


def test_no_learning_no_postsynaptic_pathway():
    params = make_params({"plasticity": "off"})
    protocol = mirror_emergence_protocol(params, seed=1)
    assert [active for _, active in run_segments(params, protocol)] == [False]


def test_pieces_give_the_spikes_and_weights_of_one_run():
    params = make_params(dict(TINY_PARAMS))
    protocol = mirror_emergence_protocol(params, seed=1)
    results = {}
    for how in ("one run", "pieces"):
        brian2.device.reinit()
        brian2.set_device("runtime")
        brian2.prefs.codegen.target = "numpy"
        brian2.defaultclock.dt = params.dt
        brian2.seed(3)
        circuit = build_circuit(params, protocol)
        if how == "one run":
            circuit.network.run(protocol.duration * second)
        else:
            circuit.run(protocol)
        spikes = {name: np.array(m.i[:], copy=True) for name, m in circuit.spike_monitors.items()}
        results[how] = (np.array(circuit.plastic.w[:], copy=True), spikes)
    (w_one, spikes_one), (w_pieces, spikes_pieces) = results["one run"], results["pieces"]
    np.testing.assert_array_equal(w_one, w_pieces)  # the traces are the neurons': all there
    for name, i in spikes_one.items():
        np.testing.assert_array_equal(i, spikes_pieces[name], err_msg=name)
