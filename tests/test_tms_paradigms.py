"""TMS paradigms (model §6.12): recruitment curve, motor threshold, SICI and LICI."""

from types import SimpleNamespace

import numpy as np
import pytest

from mirrorsim.analysis.tms import calibration, paradigm_measures, trial_meps
from mirrorsim.circuit import drive_arrays
from mirrorsim.errors import ParameterError
from mirrorsim.measures.tms import (
    boltzmann,
    fit_recruitment_curve,
    motor_threshold,
    paired_pulse_ratio,
    percent_change,
)
from mirrorsim.params import make_params
from mirrorsim.protocols import (
    CURVE_INTENSITIES,
    PROTOCOL_DT,
    SICI_CONDITIONING,
    TEST_INTENSITY,
    TMS_TARGET_ACTION,
    tms_calibration_protocol,
    tms_paradigm_protocol,
)
from mirrorsim.simulate import SpikeData

# ------------------------------------------------------------------------------- measures


def test_the_boltzmann_fit_recovers_a_noisy_curve():
    rng = np.random.default_rng(3)
    x = np.repeat(np.linspace(0.5, 6, 12), 10)
    y = boltzmann(x, 50.0, 3.0, 0.5) + rng.normal(0, 2.0, x.size)
    fit = fit_recruitment_curve(x, y)
    assert fit["mep_max"] == pytest.approx(50, rel=0.05)
    assert fit["i50"] == pytest.approx(3.0, abs=0.1)
    assert fit["slope"] == pytest.approx(0.5, rel=0.2)
    assert fit["r2"] > 0.95


def test_a_flat_or_short_curve_gives_no_fit():
    assert np.isnan(fit_recruitment_curve([1, 2, 3, 4], [2, 2, 2, 2])["i50"])
    assert np.isnan(fit_recruitment_curve([1, 2, 3], [0, 1, 5])["i50"])


def test_the_motor_threshold_is_where_half_the_trials_have_an_mep():
    # 0/4, 1/4, 3/4, 4/4 trials with an MEP: half is reached half-way from 2 to 3
    x = np.repeat([1.0, 2.0, 3.0, 4.0], 4)
    has = np.array([0, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0, 1, 1, 1, 1], dtype=float)
    assert motor_threshold(x, has, 0.5) == pytest.approx(2.5)
    assert np.isnan(motor_threshold(x, np.zeros(16), 0.5))
    assert motor_threshold(x, np.ones(16), 0.5) == 1.0


def test_the_likelihood_threshold_of_a_steep_curve_lies_between_its_steps():
    """No MEP up to 8, some at 8 and all above: a separable curve still has a threshold."""
    from mirrorsim.measures.tms import motor_threshold_ml

    x = np.repeat(CURVE_INTENSITIES, 10)
    has = np.concatenate(
        [np.full(10, 0.0) for _ in CURVE_INTENSITIES[:-2]]
        + [(np.arange(10) < 4).astype(float), np.ones(10)]
    )
    fit = motor_threshold_ml(x, has)
    assert CURVE_INTENSITIES[-3] < fit["threshold"] < CURVE_INTENSITIES[-1]
    steep = motor_threshold_ml(np.repeat([1.0, 2.0, 3.0, 4.0], 5), np.repeat([0, 0, 1, 1], 5))
    assert 2.0 < steep["threshold"] < 3.0


def test_ratios_in_per_cent():
    assert percent_change([6, 6], [4, 4]) == pytest.approx(50)
    assert paired_pulse_ratio([2, 4], [6, 6]) == pytest.approx(50)
    assert np.isnan(paired_pulse_ratio([1], [0]))
    assert np.isnan(percent_change([], [1]))
    with pytest.raises(ValueError, match="non-finite"):
        percent_change([np.nan], [1])


# ------------------------------------------------------------------------------- protocols


def test_the_session_is_one_subject_before_the_tms_block():
    """Calibration and paradigms share everything before the TMS block (same development)."""
    p = make_params({"n_tms_repeats": 2})
    cal, par = tms_calibration_protocol(p, 5), tms_paradigm_protocol(p, 5, rmt=2.0)
    start = cal.epoch("test_post").start
    assert start == par.epoch("test_post").start
    assert [t for t in cal.trials if t.onset < start] == [t for t in par.trials if t.onset < start]
    assert len(cal.block_trials("post")) == len(CURVE_INTENSITIES) * 2
    assert len(par.block_trials("post")) == 2 * 3 * 2  # conditions x paradigms x repeats


def test_paradigm_pulses_are_relative_to_the_threshold():
    for isi in ("2 ms", "2.5 ms"):
        with pytest.raises(ParameterError, match="whole number of ms, at least 3 ms"):
            make_params({"sici_isi": isi})
    p = make_params({"n_tms_repeats": 1})
    trials = {
        (t.condition, t.paradigm): t for t in tms_paradigm_protocol(p, 1, 2.5).block_trials("post")
    }
    test = (0.3, TEST_INTENSITY * 2.5)
    assert trials["static_tms", "single"].pulses == (test,)
    assert trials["static_tms", "sici"].pulses == ((0.297, SICI_CONDITIONING * 2.5), test)
    assert trials["observe_tms", "lici"].pulses[0][0] == pytest.approx(0.2)
    assert trials["observe_tms", "single"].action == TMS_TARGET_ACTION
    with pytest.raises(ValueError, match="positive"):
        tms_paradigm_protocol(p, 1, float("nan"))
    with pytest.raises(ValueError, match="shorter than tms_time"):
        tms_paradigm_protocol(make_params({"lici_isi": "300 ms"}), 1, 2.0)


def test_the_pulse_drive_carries_the_intensities():
    p = make_params({"n_tms_repeats": 1})
    protocol = tms_paradigm_protocol(p, 1, rmt=2.0)
    drive = drive_arrays(p, protocol)["tms_pulse"]
    sici = next(t for t in protocol.block_trials("post") if t.paradigm == "sici")
    bins = [int(round((sici.onset + dt) / PROTOCOL_DT)) for dt, _ in sici.pulses]
    assert drive[bins].tolist() == pytest.approx([1.6, 2.4])
    assert np.count_nonzero(drive) == 2 * (1 + 2 + 2)  # both conditions: single, SICI, LICI


# ------------------------------------------------------------------------------- slow inhibition


def _lone_cells(name, n, params, **options):
    """``n`` cells of the model (:func:`mirrorsim.circuit._neurons`) outside a circuit, on
    Brian2's numpy runtime at the model's step: their runaway guard is a group of their own that
    never trips."""
    import brian2
    from brian2 import NeuronGroup, linked_var

    from mirrorsim.circuit import _neurons

    brian2.set_device("runtime")
    brian2.prefs.codegen.target = "numpy"
    # the model's step: another test in this process may have left Brian2's default clock at
    # another (the outcomes below depend on it: Euler steps)
    brian2.defaultclock.dt = params.dt
    cells = _neurons(name, n, params, excitatory=True, **options)
    guard = NeuronGroup(1, "tripped : 1", name="guard")
    cells.tripped = linked_var(guard, "tripped")
    return cells, guard


def test_a_neurogliaform_volley_gives_the_stated_gabab_conductance():
    """Every neurogliaform cell firing once gives each M1 E cell a GABA-B conductance that peaks
    at ``g_gabab_volley`` x ``inhibition`` ~100 ms later (the dual exponential's peak time)."""
    import brian2
    from brian2 import Network, SpikeGeneratorGroup, StateMonitor, ms

    from mirrorsim.circuit import _connect, synaptic_weights

    p = make_params({"n_ngf": 5, "inhibition": 0.8})
    cells, guard = _lone_cells("m1_e", 3, p, gabab=True)
    ngf = SpikeGeneratorGroup(5, list(range(5)), [10 * ms] * 5)
    syn = _connect("ngf_m1", ngf, cells, "x_gabab", 1.0, 0 * ms)
    syn.w_syn = synaptic_weights(p)["ngf_m1"]
    trace = StateMonitor(cells, "g_gabab", record=[0])
    Network(cells, guard, ngf, syn, trace).run(400 * ms)
    g = trace.g_gabab[0] / brian2.nS
    peak_time = float(trace.t[np.argmax(g)] / ms) - 10
    assert g.max() == pytest.approx(4.0 * 0.8, rel=2e-3)
    assert 95 < peak_time < 110
    assert g[trace.t / ms < 10].max() == 0
    t = np.clip(np.asarray(trace.t / ms) - 10, 0, None)  # the dual exponential, exactly
    rise, decay = 60.0, 200.0
    shape = np.exp(-t / decay) - np.exp(-t / rise)
    assert g == pytest.approx(3.2 * shape / shape.max(), abs=0.01 * 3.2)


def test_neurogliaform_cells_exist_only_when_asked_for():
    import brian2

    from mirrorsim.circuit import build_circuit
    from mirrorsim.experiments.tms_paradigms import N_NEUROGLIAFORM, with_tms_interneurons
    from mirrorsim.protocols import mirror_emergence_protocol
    from mirrorsim.testing import TINY_PARAMS

    brian2.set_device("runtime")
    brian2.prefs.codegen.target = "numpy"
    plain = make_params(TINY_PARAMS)
    circuit = build_circuit(plain, mirror_emergence_protocol(plain, seed=1))
    assert "ngf" not in circuit.groups and "g_gabab" not in circuit.groups["m1_e"].variables
    assert not {"ngf_m1", "tms_ngf"} & set(circuit.synapses)
    tms = with_tms_interneurons(plain)
    assert tms.n_ngf == N_NEUROGLIAFORM and with_tms_interneurons(tms) == tms
    assert with_tms_interneurons(make_params({**TINY_PARAMS, "n_ngf": 3})).n_ngf == 3
    circuit = build_circuit(tms, mirror_emergence_protocol(tms, seed=1))
    n_m1 = len(circuit.groups["m1_e"])
    assert len(circuit.synapses["ngf_m1"]) == N_NEUROGLIAFORM * n_m1  # every M1 E cell
    assert len(circuit.synapses["tms_ngf"]) == N_NEUROGLIAFORM
    assert float(circuit.synapses["tms_ngf"].w_syn[:]) == float(tms.w_tms)
    with pytest.raises(ParameterError, match="tau_gabab_rise must be shorter"):
        make_params({"tau_gabab_rise": "200 ms"})


def test_motoneurons_take_half_of_their_own_m1_pool():
    import brian2

    from mirrorsim.circuit import M1_MN_PROBABILITY, build_circuit
    from mirrorsim.protocols import mirror_emergence_protocol
    from mirrorsim.testing import TINY_PARAMS

    brian2.set_device("runtime")
    brian2.prefs.codegen.target = "numpy"
    p = make_params({**TINY_PARAMS, "n_mn": 60})
    circuit = build_circuit(p, mirror_emergence_protocol(p, seed=2))
    m1, mn, syn = circuit.groups["m1_e"], circuit.groups["mn"], circuit.synapses["m1_mn"]
    assert (m1.action[syn.i[:]] == mn.action[syn.j[:]]).all()  # its own pool only
    possible = sum(
        np.sum(m1.action[:] == a) * np.sum(mn.action[:] == a) for a in range(p.n_actions)
    )
    assert len(syn) / possible == pytest.approx(M1_MN_PROBABILITY, abs=0.08)
    assert float(syn.w_syn[:]) == float(p.w_m1_mn)


def test_the_spinal_gate_is_the_m1_gates_design_one_level_down():
    """n_sgate cells (model §6.12): the gate's background, inhibited by the intention and
    inhibiting the motoneurons with the gate's probability and (inhibition-scaled) step."""
    import brian2

    from mirrorsim.circuit import build_circuit, synaptic_weights
    from mirrorsim.protocols import mirror_emergence_protocol
    from mirrorsim.testing import TINY_PARAMS

    brian2.set_device("runtime")
    brian2.prefs.codegen.target = "numpy"
    p = make_params({**TINY_PARAMS, "n_mn": 60, "n_sgate": 40, "inhibition": 0.8})
    circuit = build_circuit(p, mirror_emergence_protocol(p, seed=2))
    weights = synaptic_weights(p)
    sgate_mn, intention_sgate = circuit.synapses["sgate_mn"], circuit.synapses["intention_sgate"]
    assert float(sgate_mn.w_syn[:]) == pytest.approx(float(weights["gate_m1"]))
    assert float(intention_sgate.w_syn[:]) == float(weights["intention_gate"])
    assert len(sgate_mn) / (40 * 60) == pytest.approx(p.p_gate_m1, abs=0.05)
    assert len(intention_sgate) / (40 * len(circuit.groups["intention"])) == pytest.approx(
        p.p_input, abs=0.05
    )
    plain = build_circuit(make_params({**TINY_PARAMS, "n_mn": 60}), mirror_emergence_protocol(p, 2))
    assert "sgate" not in plain.groups and "sgate_mn" not in plain.synapses


def test_a_spinal_gate_needs_motoneurons():
    from mirrorsim.errors import ParameterError

    with pytest.raises(ParameterError, match="n_sgate needs n_mn"):
        make_params({"n_sgate": 10})


def test_a_resting_motoneuron_needs_23_synchronous_cortical_inputs():
    """The assumption ``w_m1_mn`` states (model §6.12): 23 inputs at once fire a resting
    motoneuron, 22 do not."""
    from brian2 import Network, SpikeGeneratorGroup, SpikeMonitor, ms

    from mirrorsim.circuit import _connect

    p = make_params({})
    cells, guard = _lone_cells("mn", 2, p)
    cells.v = p.e_leak
    m1 = SpikeGeneratorGroup(23, list(range(23)), [5 * ms] * 23)
    syn = _connect("m1_mn", m1, cells, "ge", 1.0, 0 * ms, "j == 1 or i < 22")  # 22 and 23 inputs
    syn.w_syn = p.w_m1_mn
    spikes = SpikeMonitor(cells)
    Network(cells, guard, m1, syn, spikes).run(40 * ms)
    assert list(spikes.count[:]) == [0, 1]


def test_the_mep_is_read_from_motoneurons_where_there_are_some():
    from mirrorsim.analysis.tms import recorded_muscle

    p = make_params({"n_tms_repeats": 1})
    data = _session(tms_paradigm_protocol(p, 3, rmt=2.0), p, lambda intensity, trial: 0)
    cells, window = recorded_muscle(data)
    assert cells is data.spikes["m1_e"] and window == pytest.approx(0.003)
    data.spikes["mn"] = SpikeData(i=np.array([0]), t=np.array([1.0]), n=5, action=np.zeros(5))
    cells, window = recorded_muscle(data)
    assert cells is data.spikes["mn"] and window == pytest.approx(0.020)


# ------------------------------------------------------------------------------- analysis


def _session(protocol, params, respond, seed=0):
    """A fake run: the target pool (20 cells) fires at 5 Hz, and each test pulse evokes
    ``respond(intensity, trial)`` spikes 1 ms after it."""
    rng = np.random.default_rng(seed)
    n, rate = 20, 5.0
    t = np.sort(rng.uniform(0, protocol.duration, rng.poisson(n * rate * protocol.duration)))
    i = rng.integers(0, n, t.size)
    extra_t, extra_i = [], []
    for trial in protocol.block_trials("post"):
        pulses = trial.tms_pulses(float(params.tms_time / 1e-3) * 1e-3)
        when, intensity = pulses[-1]
        k = respond(intensity, trial)
        extra_t += [when + 0.001] * k
        extra_i += list(range(k))
    t = np.concatenate([t, extra_t])
    i = np.concatenate([i, extra_i]).astype(int)
    m1 = SpikeData(i=i, t=t, n=n, action=np.full(n, TMS_TARGET_ACTION))
    return SimpleNamespace(params=params, protocol=protocol, spikes={"m1_e": m1})


def test_calibration_finds_the_threshold_it_was_given():
    """Pulses above 2.0 always evoke 6 spikes and below never: the threshold lies between the
    grid's intensities around 2 (interpolated), and the fit rises there."""
    p = make_params({"n_tms_repeats": 8})
    protocol = tms_calibration_protocol(p, 2)
    data = _session(protocol, p, lambda x, tr: 6 if x > 2.0 else 0)
    curve = calibration(data)
    assert 1.41 < curve["rmt"] <= 2.83
    assert curve["mep_fraction"][0] < 0.5 and curve["mep_fraction"][-1] == 1.0
    assert curve["mean_mep"][-1] == pytest.approx(6, abs=0.5)


def test_paradigm_measures_read_inhibition_and_facilitation():
    p = make_params({"n_tms_repeats": 6})
    protocol = tms_paradigm_protocol(p, 3, rmt=2.0)

    def respond(intensity, trial):  # observing doubles the MEP; SICI halves it, LICI keeps it
        base = 8 if trial.condition == "observe_tms" else 4
        return base // 2 if trial.paradigm == "sici" else base

    out = paradigm_measures(_session(protocol, p, respond, seed=4))
    assert out["facilitation"] == pytest.approx(100, abs=15)
    assert out["sici.static"] == pytest.approx(50, abs=12)
    assert out["lici.static"] == pytest.approx(100, abs=15)
    assert out["background_hz.static"] == pytest.approx(5.0, rel=0.3)  # the fake pool's rate
    rows = trial_meps(_session(protocol, p, respond, seed=4))
    assert {r["paradigm"] for r in rows} == {"single", "sici", "lici"}


def test_resting_rates_come_from_the_spontaneous_epoch():
    from mirrorsim.analysis.tms import resting_rates

    p = make_params({"n_tms_repeats": 2})
    data = _session(tms_paradigm_protocol(p, 3, rmt=2.0), p, lambda intensity, trial: 0)
    rates = resting_rates(data)
    assert set(rates) == {"m1_e"}  # the populations the run has
    assert rates["m1_e"] == pytest.approx(5.0, rel=0.1)  # the fake pool fires at 5 Hz


def test_conditioning_recruitment_counts_the_cells_a_conditioning_pulse_fires():
    from mirrorsim.analysis.tms import conditioning_recruitment

    p = make_params({"n_tms_repeats": 3})
    protocol = tms_paradigm_protocol(p, 3, rmt=2.0)
    data = _session(protocol, p, lambda intensity, trial: 0)
    first = {  # 4 of 10 cells fire 1 ms after each LICI conditioning pulse, none after SICI's
        tr.tms_pulses(0.3)[0][0]
        for tr in protocol.block_trials("post")
        if tr.paradigm == "lici" and tr.condition == "static_tms"
    }
    t = np.sort([f + 0.001 for f in first for _ in range(4)])
    cells = np.tile(np.arange(4), len(first))
    data.spikes["ngf"] = SpikeData(i=cells, t=t, n=10, action=-np.ones(10))
    out = conditioning_recruitment(data)
    assert out == {"ngf.sici": 0.0, "ngf.lici": pytest.approx(0.4)}


# ------------------------------------------------------------------------------- end to end


@pytest.mark.slow
def test_a_tiny_session_writes_its_result_folder(tmp_path):
    import json

    from mirrorsim.experiments.tms_paradigms import run_tms_paradigms
    from mirrorsim.testing import TINY_PARAMS

    p = make_params({**TINY_PARAMS, "lici_isi": "20 ms", "n_tms_repeats": 4})
    out = run_tms_paradigms(p, 3, tmp_path / "run", progress=False)
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["calibration"]["rmt"] > 0
    assert len(metrics["calibration"]["mean_mep"]) == len(CURVE_INTENSITIES)
    assert {"facilitation", "sici.static", "lici.observe"} <= set(metrics["paradigms"])
    assert (out / "tms-paradigms.png").exists()
    params = json.loads((out / "params.json").read_text())
    assert params["params"]["w_tms_gate"] != "0.0 nsiemens"  # the interneurons are stimulated
