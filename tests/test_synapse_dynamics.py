"""Short-term facilitation of IPL->F5 and the NMDA-like F5 pool projection, against their
equations (Tsodyks & Markram 1997; Jahr & Stevens 1990)."""

import brian2
import numpy as np
import pytest
from brian2 import (
    Network,
    NeuronGroup,
    SpikeGeneratorGroup,
    StateMonitor,
    Synapses,
    TimedArray,
    ms,
    mV,
    nS,
    second,
)

from mirrorsim.circuit import build_circuit
from mirrorsim.params import make_params
from mirrorsim.plasticity import rule_namespace, run_time_values, synapse_equations
from mirrorsim.protocols import mirror_emergence_protocol


@pytest.fixture
def numpy_target():
    previous = brian2.prefs.codegen.target
    brian2.prefs.codegen.target = "numpy"
    yield
    brian2.prefs.codegen.target = previous


def test_facilitation_follows_the_tsodyks_markram_recursion(numpy_target):
    """An isolated spike gives the step w * w_max; in a 50 Hz burst each step is u_k / U
    times that, with u_k = u + U (1 - u) after decay with stf_tau."""
    params = make_params({"stf_u": 0.05, "stf_tau": "300 ms"})
    times = np.array([100.0] + [1000.0 + 20.0 * k for k in range(10)]) * ms
    pre = SpikeGeneratorGroup(1, np.zeros(len(times), dtype=int), times)
    post = NeuronGroup(1, "ge : siemens", threshold="False")
    model, on_pre, on_post = synapse_equations(params)
    namespace = rule_namespace(params) | {
        "learning": TimedArray([0.0], dt=10 * second),
        "coupling_gain": TimedArray([1.0], dt=10 * second),
    }
    syn = Synapses(pre, post, model, on_pre=on_pre, on_post=on_post, namespace=namespace)
    syn.connect()
    syn.w = 0.5
    for name, value in run_time_values(params).items():
        setattr(syn, name, value)
    monitor = StateMonitor(post, "ge", record=0)
    Network(pre, post, syn, monitor).run(1.3 * second)
    steps = np.diff(monitor.ge[0] / nS)
    steps = steps[steps > 0]

    u_step, tau = params.stf_u, float(params.stf_tau / second)
    expected, u, last = [], 0.0, None
    for t in times / second:
        if last is not None:
            u *= np.exp(-(t - last) / tau)
        u += u_step * (1 - u)
        expected.append(0.5 * float(params.w_ipl_f5_max / nS) * u / u_step)
        last = t
    np.testing.assert_allclose(steps, expected, rtol=1e-6)
    assert steps[0] == pytest.approx(0.5 * float(params.w_ipl_f5_max / nS), rel=1e-6)
    assert steps[-1] > 4 * steps[0]  # a burst transmits several times more per spike


def test_static_synapse_is_the_unfacilitated_code():
    model, on_pre, _ = synapse_equations(make_params({"stf_u": 1.0}))
    assert "u_f" not in model and "u_f" not in on_pre


@pytest.fixture
def tiny_circuit(tiny_overrides, numpy_target):
    """A built circuit, run for no time: its objects join the network (or Brian2 warns, when
    they are collected, that they never did), and nothing is simulated."""
    params = make_params(tiny_overrides)
    brian2.seed(3)
    circuit = build_circuit(params, mirror_emergence_protocol(params, 1, blocks=("post",)))
    circuit.network.run(0 * second)
    return circuit


def test_nmda_projection_stays_within_motor_pools(tiny_circuit):
    syn, f5 = tiny_circuit.synapses["f5_nmda"], tiny_circuit.groups["f5_e"]
    i, j = np.asarray(syn.i[:]), np.asarray(syn.j[:])
    action = np.asarray(f5.action[:])
    assert len(i) > 0
    assert np.all(action[i] == action[j]) and np.all(action[i] >= 0) and np.all(i != j)
    pooled = np.bincount(action[action >= 0])
    pairs = int(np.sum(pooled * (pooled - 1)))
    p = tiny_circuit.params.p_f5_nmda
    assert abs(len(i) - p * pairs) < 4 * np.sqrt(pairs * p * (1 - p))


def test_nmda_current_has_the_jahr_stevens_magnesium_block(tiny_circuit):
    f5 = tiny_circuit.groups["f5_e"]
    e_exc = float(tiny_circuit.params.e_exc / mV)
    for v in (-70.0, -40.0, -20.0):
        f5.v = v * mV
        f5.g_nmda = 1 * nS
        block = 1.0 / (1.0 + np.exp(-0.062 * v) * 1.0 / 3.57)  # [Mg2+] = 1 mM
        expected = 1e-9 * (e_exc - v) * 1e-3 * block  # A
        np.testing.assert_allclose(np.asarray(f5.i_nmda[:]), expected, rtol=1e-9)


def test_standalone_nmda_current_is_the_same_arithmetic(tmp_path):
    """The C++ standalone current (skips the exponential where g_nmda is 0) equals the
    equation's current."""
    import brian2
    from brian2 import NeuronGroup, StateMonitor, nS

    from mirrorsim.circuit import MG_RATIO, V_MG, _nmda_current
    from mirrorsim.params import make_params
    from mirrorsim.standalone import activate_standalone

    params = make_params({})
    activate_standalone(tmp_path)
    try:
        group = NeuronGroup(
            4,
            "i_nmda = nmda_current(g_nmda, v) : amp\ng_nmda : siemens\nv : volt",
            namespace={"nmda_current": _nmda_current(params)},
        )
        group.v = [-70, -40, -20, -20] * mV
        group.g_nmda = [1, 1, 1, 0] * nS
        monitor = StateMonitor(group, "i_nmda", record=True)
        brian2.run(brian2.defaultclock.dt)
        brian2.device.build(directory=str(tmp_path), compile=True, run=True, with_output=False)
        current = np.asarray(monitor.i_nmda[:, 0])
    finally:
        brian2.device.reinit()
        brian2.set_device("runtime")
    v = np.array([-70, -40, -20, -20]) * 1e-3
    g = np.array([1, 1, 1, 0]) * 1e-9
    e_exc = float(params.e_exc / brian2.volt)
    expected = g * (e_exc - v) / (1 + MG_RATIO * np.exp(-v / float(V_MG / brian2.volt)))
    np.testing.assert_allclose(current, expected, rtol=1e-12)
    assert current[3] == 0.0
