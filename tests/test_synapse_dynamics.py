"""Short-term facilitation of IPL->F5 and the NMDA-like F5 pool projection, against their
equations (Tsodyks & Markram 1997; Jahr & Stevens 1990)."""

import brian2
import numpy as np
import pytest
from brian2 import (
    Network,
    NeuronGroup,
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
from mirrorsim.plasticity import (
    POSTSYNAPTIC_TRACES,
    learned_pathway,
    presynaptic_run_time_values,
    presynaptic_traces,
    rule_namespace,
    run_time_values,
    synapse_equations,
)
from mirrorsim.protocols import mirror_emergence_protocol


@pytest.fixture
def numpy_target():
    previous = brian2.prefs.codegen.target
    brian2.prefs.codegen.target = "numpy"
    yield
    brian2.prefs.codegen.target = previous


def _spike_source(name: str, trains: list[np.ndarray], extra: str, duration) -> NeuronGroup:
    """A NeuronGroup that fires at the given times (one train per cell), on the 0.1 ms grid,
    with ``extra`` in its equations (the learned pathway's trace variables)."""
    dt = float(brian2.defaultclock.dt / second)
    grid = np.zeros((int(round(float(duration / second) / dt)) + 1, len(trains)))
    for k, train in enumerate(trains):
        grid[np.round(np.asarray(train) / dt).astype(int), k] = 1.0
    fires = TimedArray(grid, dt=brian2.defaultclock.dt, name=f"{name}_fires")
    return NeuronGroup(
        len(trains),
        extra + "ge : siemens\n",
        threshold=f"{name}_fires(t, i) > 0.5",
        namespace={f"{name}_fires": fires},
        name=name,
    )


def _rule_namespace(params, rate: float = 0.0) -> dict:
    return rule_namespace(params) | {
        "learning": TimedArray([rate], dt=10 * second),
        "coupling_gain": TimedArray([1.0], dt=10 * second),
    }


def test_facilitation_follows_the_tsodyks_markram_recursion(numpy_target):
    """An isolated spike gives the step w * w_max; in a 50 Hz burst each step is u_k / U
    times that, with u_k = u + U (1 - u) after decay with stf_tau."""
    params = make_params({"stf_u": 0.05, "stf_tau": "300 ms"})
    times = np.array([100.0] + [1000.0 + 20.0 * k for k in range(10)]) * 1e-3
    pre = _spike_source("pre", [times], presynaptic_traces(params), 1.3 * second)
    post = _spike_source("post", [np.array([])], POSTSYNAPTIC_TRACES, 1.3 * second)
    syn, keepers = learned_pathway(pre, post, params, 0 * ms, _rule_namespace(params), "stf")
    syn.connect()
    syn.w = 0.5
    for name, value in run_time_values(params).items():
        setattr(syn, name, value)
    for name, value in presynaptic_run_time_values(params).items():
        setattr(pre, name, value)
    monitor = StateMonitor(post, "ge", record=0)
    Network(pre, post, syn, *keepers, monitor).run(1.3 * second)
    steps = np.diff(monitor.ge[0] / nS)
    steps = steps[steps > 0]

    u_step, tau = params.stf_u, float(params.stf_tau / second)
    expected, u, last = [], 0.0, None
    for t in times:
        if last is not None:
            u *= np.exp(-(t - last) / tau)
        u += u_step * (1 - u)
        expected.append(0.5 * float(params.w_ipl_f5_max / nS) * u / u_step)
        last = t
    np.testing.assert_allclose(steps, expected, rtol=1e-6)
    assert steps[0] == pytest.approx(0.5 * float(params.w_ipl_f5_max / nS), rel=1e-6)
    assert steps[-1] > 4 * steps[0]  # a burst transmits several times more per spike


#: The rule as it was written before its traces moved to the neurons (mirrorsim 0.5.0): traces
#: per synapse, event-driven. The reference for the test below.
PER_SYNAPSE_MODEL = """
w : 1
w_max : siemens (shared, constant)
dr1/dt = -r1 / tau_plus : 1 (event-driven)
dr2/dt = -r2 / tau_x : 1 (event-driven)
do1/dt = -o1 / tau_minus : 1 (event-driven)
do2/dt = -o2 / tau_y : 1 (event-driven)
du_f/dt = -u_f / tau_stf : 1 (event-driven)
stf_u : 1 (shared, constant)
tau_stf : second (shared, constant)
"""
PER_SYNAPSE_ON_PRE = """
u_f += stf_u * (1 - u_f)
ge_post += w * w_max * coupling_gain(t) * u_f / stf_u
w = clip(w - learning(t) * o1 * (a2_minus + a3_minus * r2), 0, 1)
r1 += 1
r2 += 1
"""
PER_SYNAPSE_ON_POST = """
w = clip(w + learning(t) * (r1 * (a2_plus + a3_plus * o2) - heterosynaptic * o2 * w), 0, 1)
o1 += 1
o2 += 1
"""


def test_neuron_traces_give_the_per_synapse_rule(numpy_target):
    """Traces kept per neuron (decayed each step, incremented by the delayed relay and after
    the postsynaptic code) give the per-synapse, event-driven rule's weights and conductance
    steps, to rounding: 2 s of Poisson spikes at 20-40 Hz, with coincident pre- and
    postsynaptic steps, a 1.5 ms delay and a learning gain 100 times the default's."""
    params = make_params({})
    rng = np.random.default_rng(11)
    duration = 2 * second

    def trains(n, rate):
        return [
            np.sort(rng.choice(np.arange(1, 19_990), rng.poisson(rate * 2))) * 1e-4
            for _ in range(n)
        ]

    pre_trains, post_trains = trains(8, 40), trains(6, 20)
    post_trains[0] = np.union1d(post_trains[0], pre_trains[0] + 1.5e-3)  # coincident steps
    namespace = _rule_namespace(params, rate=100 * params.learning_rate)
    pre = _spike_source("pre", pre_trains, presynaptic_traces(params), duration)
    post = _spike_source("post", post_trains, POSTSYNAPTIC_TRACES, duration)
    new, keepers = learned_pathway(pre, post, params, 1.5 * ms, namespace, "new")
    pre_old = _spike_source("pre_old", pre_trains, "", duration)
    post_old = _spike_source("post_old", post_trains, "", duration)
    old = Synapses(
        pre_old,
        post_old,
        PER_SYNAPSE_MODEL,
        on_pre=PER_SYNAPSE_ON_PRE,
        on_post=PER_SYNAPSE_ON_POST,
        delay=1.5 * ms,
        namespace=namespace | {"tau_stf": params.stf_tau},
    )
    initial = rng.uniform(0.2, 0.8, 48)
    for syn in (new, old):
        syn.connect()
        syn.w = initial
        syn.w_max = params.w_ipl_f5_max
    old.stf_u, old.tau_stf = params.stf_u, params.stf_tau
    for name, value in presynaptic_run_time_values(params).items():
        setattr(pre, name, value)
    ge = StateMonitor(post, "ge", record=True, dt=1 * ms)
    ge_old = StateMonitor(post_old, "ge", record=True, dt=1 * ms)
    Network(pre, post, pre_old, post_old, new, old, *keepers, ge, ge_old).run(duration)
    moved = np.abs(np.asarray(old.w[:]) - initial)
    assert np.median(moved) > 0.01  # the rule did change the weights
    np.testing.assert_allclose(np.asarray(new.w[:]), np.asarray(old.w[:]), rtol=0, atol=1e-9)
    np.testing.assert_allclose(ge.ge / nS, ge_old.ge / nS, rtol=1e-9, atol=1e-12)


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


def test_standalone_nmda_current_follows_the_equation(tmp_path):
    """The C++ standalone current (0 without work where g_nmda is 0, the Mg2+ block from a
    table within -120..0 mV and from its formula outside) equals the equation's current to the
    table's stated precision (relative 1.2e-6), at table points, between them and outside."""
    import brian2
    from brian2 import NeuronGroup, StateMonitor

    from mirrorsim.circuit import MG_RATIO, V_MG, _nmda_current
    from mirrorsim.params import make_params
    from mirrorsim.standalone import activate_standalone

    params = make_params({})
    rng = np.random.default_rng(5)
    v = np.concatenate([[-0.07, -0.04, -0.02, -0.02, -0.13, 0.01, -0.12, 0.0]])
    v = np.concatenate([v, rng.uniform(-0.125, 0.005, 500)])
    g = np.full(len(v), 1e-9)
    g[3] = 0.0
    activate_standalone(tmp_path)
    try:
        group = NeuronGroup(
            len(v),
            "i_nmda = nmda_current(g_nmda, v) : amp\ng_nmda : siemens\nv : volt",
            namespace={"nmda_current": _nmda_current(params)},
        )
        group.v = v * brian2.volt
        group.g_nmda = g * brian2.siemens
        monitor = StateMonitor(group, "i_nmda", record=True)
        brian2.run(brian2.defaultclock.dt)
        brian2.device.build(directory=str(tmp_path), compile=True, run=True, with_output=False)
        current = np.asarray(monitor.i_nmda[:, 0])
    finally:
        brian2.device.reinit()
        brian2.set_device("runtime")
    e_exc = float(params.e_exc / brian2.volt)
    expected = g * (e_exc - v) / (1 + MG_RATIO * np.exp(-v / float(V_MG / brian2.volt)))
    outside = (v < -0.12) | (v > 0.0)
    np.testing.assert_allclose(current[outside], expected[outside], rtol=1e-12)
    np.testing.assert_allclose(current[~outside], expected[~outside], rtol=1.2e-6, atol=0)
    assert current[3] == 0.0


def test_mg_block_table_error_bound():
    """Linear interpolation of the table (step h) errs by at most h**2 / (8 v_mg**2) relative,
    as its comment says: checked on a fine grid with the table's own points."""
    from mirrorsim.circuit import MG_TABLE_HIGH, MG_TABLE_LOW, MG_TABLE_STEP, V_MG, mg_block

    n = int(round((MG_TABLE_HIGH - MG_TABLE_LOW) / MG_TABLE_STEP)) + 1
    table = mg_block(MG_TABLE_LOW + np.arange(n) * MG_TABLE_STEP)
    v = np.linspace(MG_TABLE_LOW, MG_TABLE_HIGH - 1e-12, 400_001)
    x = (v - MG_TABLE_LOW) / MG_TABLE_STEP
    k = x.astype(int)
    approx = table[k] + (x - k) * (table[k + 1] - table[k])
    bound = MG_TABLE_STEP**2 / (8 * float(V_MG / brian2.volt) ** 2)
    assert bound < 1.25e-6
    assert np.max(np.abs(approx / mg_block(v) - 1)) <= bound * 1.0001
