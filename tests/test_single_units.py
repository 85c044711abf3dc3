"""Opt-in graded, feature-structured actions and unstructured IPL->F5 wiring (model §3.8), the
Zenke et al. 2015 terms (model §2.4), and the per-unit classifier (model §4)."""

import numpy as np
import pytest

from mirrorsim.actions import GRIP_GOAL_NAMES, action_space
from mirrorsim.errors import ParameterError
from mirrorsim.measures.classification import (
    UNIT_CLASSES,
    classify,
    unit_class_fractions,
    unit_classes,
)
from mirrorsim.params import OPT_IN_DEFAULTS, make_params
from mirrorsim.plasticity import ON_POST, rule_namespace, synapse_equations

OPTION = {
    "n_actions": 4,
    "action_space": "grip_goal",
    "tuning": "graded",
    "ipl_f5_wiring": "unstructured",
}


# --------------------------------------------------------------------------- feature table


def test_grip_goal_table():
    space = action_space("grip_goal", 4)
    assert space.action_names == GRIP_GOAL_NAMES
    assert space.feature_names == ("grip", "goal")
    shares = space.shares_feature()
    # PG-eat shares the grip with PG-place and the goal with WHG-eat, nothing with WHG-place
    assert shares[0].tolist() == [True, True, True, False]
    assert (shares == shares.T).all() and shares.diagonal().all()
    d = space.distances()
    assert d[0, 1] == d[0, 2] == 1.0 and d[0, 3] == pytest.approx(np.sqrt(2))


def test_labels_table_any_size():
    for n in (1, 3, 7):
        space = action_space("labels", n)
        assert (space.shares_feature() == np.eye(n, dtype=bool)).all()
        off = space.distances()[~np.eye(n, dtype=bool)]
        assert np.allclose(off, 1.0)
    with pytest.raises(ValueError, match="4 actions"):
        action_space("grip_goal", 3)


# --------------------------------------------------------------------------- parameters


def test_opt_in_defaults_leave_digest_unchanged():
    default = make_params()
    for name, value in OPT_IN_DEFAULTS.items():
        assert getattr(default, name) == value
        assert name not in default.to_strings()
    assert make_params(dict(OPT_IN_DEFAULTS)).digest() == default.digest()
    option = make_params(OPTION)
    assert option.to_strings()["tuning"] == "graded"
    assert option.digest() != make_params({"n_actions": 4}).digest()
    rows = {r["name"]: r for r in default.describe()}
    assert rows["action_space"]["bounds"] == "labels, grip_goal"


def test_grip_goal_needs_four_actions():
    with pytest.raises(ParameterError, match="n_actions = 4"):
        make_params({"action_space": "grip_goal"})


def test_zenke_terms_only_when_on():
    default = make_params()
    assert synapse_equations(default)[2] == ON_POST
    assert "heterosynaptic_cubic" not in rule_namespace(default)
    on = make_params({"heterosynaptic_cubic": 3e-3, "transmitter_induced": 1e-4})
    _, on_pre, on_post = synapse_equations(on)
    assert "heterosynaptic_cubic * o1_post**3 * (w - w0)" in on_post
    assert "- transmitter_induced" in on_pre
    assert rule_namespace(on)["heterosynaptic_cubic"] == 3e-3


# --------------------------------------------------------------------------- unit classifier


def _counts(levels, n_trials=12, seed=0):
    """Poisson counts (n_trials, n) with the given mean per neuron."""
    rng = np.random.default_rng(seed)
    return rng.poisson(np.asarray(levels, float), size=(n_trials, len(levels)))


def test_unit_classes_synthetic_known_answers():
    """Eight neurons, the four grip x goal actions, rest 2 spikes per window, response 15."""
    lo, hi = 2, 15
    # per neuron: (executed-effective actions, observed-excited actions, observed-suppressed)
    design = [
        ({0}, {0}, set()),  # strictly congruent
        ({0}, {1}, set()),  # PG-eat done, PG-place seen: broadly (shares the grip)
        ({0}, {3}, set()),  # PG-eat done, WHG-place seen: non-congruent (shares nothing)
        ({0, 2}, {0}, set()),  # broadly: one of two executed actions seen
        ({1}, set(), {1}),  # observation-suppressed mirror (Kraskov et al. 2009)
        ({2}, set(), set()),  # motor only
        (set(), {2}, set()),  # visual only
        (set(), set(), set()),  # other
    ]
    n = len(design)
    rest = _counts([lo] * n, seed=1)
    rest_sup = _counts([8] * n, seed=1)  # a higher rest rate so that suppression is testable
    execute, observe = [], []
    for k in range(4):
        execute.append(_counts([hi if k in e else lo for e, _, _ in design], seed=10 + k))
        observe.append(
            _counts(
                [hi if k in o else 0 if k in s else lo for _, o, s in design],
                seed=20 + k,
            )
        )
    # suppression needs a resting rate above 0: give neuron 4 a higher rest
    rest[:, 4] = rest_sup[:, 4]
    for k in range(4):
        if k != 1:
            observe[k][:, 4] = _counts([8], seed=30 + k)[:, 0]
            execute[k][:, 4] = _counts([8], seed=40 + k)[:, 0]
    cls = classify(rest, execute, observe)
    related = action_space("grip_goal", 4).shares_feature()
    got = unit_classes(cls, related).tolist()
    assert got == [
        "strictly_congruent",
        "broadly_congruent",
        "non_congruent",
        "broadly_congruent",
        "observation_suppressed",
        "motor_only",
        "visual_only",
        "other",
    ]
    # without the feature structure, seeing another action is not broadly congruent
    labels = unit_classes(cls).tolist()
    assert labels[1] == "non_congruent" and labels[3] == "broadly_congruent"
    assert set(got) <= set(UNIT_CLASSES)
    # mirror neurons of the unit classes are those of the Classification
    mirror = np.isin(got, UNIT_CLASSES[:5])
    assert (mirror == cls.mirror).all()
    f = unit_class_fractions(got)
    assert f["mirror"] == pytest.approx(5 / 8)
    assert f["strictly_congruent"] == pytest.approx(1 / 4)
    assert f["broadly_congruent"] == pytest.approx(2 / 4)
    assert f["non_congruent"] == pytest.approx(1 / 4)
    assert f["observation_suppressed"] == pytest.approx(1 / 5)
    assert cls.exec_suppressed is not None and cls.exec_suppressed.shape == (4, n)


def test_suppression_by_another_action_is_not_observation_suppressed():
    """Kraskov et al. 2009: silenced while watching the grasp the cell fires for; a cell
    silenced only by watching another action is a mirror neuron of its own class, counted in
    neither the congruence shares (Gallese et al. 1996: observation-excited cells) nor as
    observation-suppressed."""
    from mirrorsim.measures.classification import Classification

    exe = np.array([[1, 1], [0, 0]], bool)  # both execute action 0
    obs_sup = np.array([[1, 0], [0, 1]], bool)  # 0: silenced by seeing 0; 1: by seeing 1
    c = Classification(exe, np.zeros((2, 2), bool), obs_sup, 0.01)
    assert unit_classes(c).tolist() == ["observation_suppressed", "suppressed_other_action"]
    f = unit_class_fractions(["suppressed_other_action", "observation_suppressed", "non_congruent"])
    assert f["mirror"] == 1.0
    assert f["non_congruent"] == 1.0  # of the one observation-excited mirror neuron
    assert f["observation_suppressed"] == f["suppressed_other_action"] == pytest.approx(1 / 3)


def test_unit_class_fractions_empty():
    f = unit_class_fractions(["other", "motor_only"])
    assert f["mirror"] == 0.0 and np.isnan(f["strictly_congruent"])


# --------------------------------------------------------------------------- the option runs


@pytest.fixture(scope="module")
def option_run(tiny_overrides):
    from mirrorsim.protocols import mirror_emergence_protocol
    from mirrorsim.simulate import run_protocol

    params = make_params({**tiny_overrides, **OPTION, "heterosynaptic_cubic": 3e-3})
    return run_protocol(
        params, mirror_emergence_protocol(params, 3), 3, target="numpy", progress=False
    )


@pytest.fixture(scope="module")
def tiny_overrides():
    from mirrorsim.testing import TINY_PARAMS

    return dict(TINY_PARAMS)


def test_graded_input_tuning_is_heterogeneous(tiny_overrides):
    """STS gains are graded in (0, 1], differ between cells of one preferred action, and fall
    with the feature distance from the preferred action on average."""
    import brian2

    from mirrorsim.circuit import build_circuit
    from mirrorsim.protocols import mirror_emergence_protocol

    params = make_params({**tiny_overrides, **OPTION, "n_sts_per_action": 200})
    brian2.device.reinit()
    brian2.set_device("runtime")
    brian2.prefs.codegen.target = "numpy"
    brian2.seed(4)
    circuit = build_circuit(params, mirror_emergence_protocol(params, 4))
    sts = circuit.groups["sts"]
    gains = np.array([np.asarray(getattr(sts, f"g_{k}")[:]) for k in range(4)])  # (4, n)
    action = np.asarray(sts.action[:])
    assert ((gains > 0) & (gains <= 1)).all()
    own = gains[0, action == 0]
    assert np.unique(np.round(own, 3)).size > 50  # graded, not all-or-none
    mean = gains[:, action == 0].mean(axis=1)
    # PG-eat cells: PG-eat > PG-place, WHG-eat (one feature away) > WHG-place (two away)
    assert mean[0] > mean[1] > mean[3] and mean[0] > mean[2] > mean[3]
    assert 0.05 < mean[1] < 0.6


def test_sight_grip_width_factor_widens_only_the_sight_along_the_grip(tiny_overrides):
    """With sight_grip_width_factor 3, STS cells are 3x wider along the grip (column 0 of the
    grip x goal space) and as wide along the goal; intention cells keep their width; so a
    PG-eat sight cell answers WHG-eat (other grip) more, and PG-place (other goal) no more."""
    import brian2

    from mirrorsim.circuit import build_circuit
    from mirrorsim.protocols import mirror_emergence_protocol

    def widths_and_gains(factor: float):
        params = make_params(
            {**tiny_overrides, **OPTION, "n_sts_per_action": 200, "sight_grip_width_factor": factor}
        )
        brian2.device.reinit()
        brian2.set_device("runtime")
        brian2.prefs.codegen.target = "numpy"
        brian2.seed(4)
        circuit = build_circuit(params, mirror_emergence_protocol(params, 4))
        sts, intention = circuit.groups["sts"], circuit.groups["intention"]
        own = np.asarray(sts.action[:]) == 0
        gains = [float(np.mean(np.asarray(getattr(sts, f"g_{k}")[:])[own])) for k in range(4)]
        return (
            float(np.mean(sts.sig_0[:])),
            float(np.mean(sts.sig_1[:])),
            float(np.mean(intention.sig_0[:])),
            gains,
        )

    grip1, goal1, intention1, gains1 = widths_and_gains(1.0)
    grip3, goal3, intention3, gains3 = widths_and_gains(3.0)
    assert grip3 == pytest.approx(3 * grip1, rel=1e-9)  # the same draws, scaled
    assert goal3 == pytest.approx(goal1, rel=1e-9) and intention3 == pytest.approx(intention1)
    assert gains3[2] > gains1[2] + 0.2  # WHG-eat, the other grip: much more
    assert gains3[1] == pytest.approx(gains1[1], abs=0.05)  # PG-place, the other goal


def test_sight_grip_width_factor_needs_the_grip_goal_space():
    with pytest.raises(ValueError, match="sight_grip_width_factor needs"):
        make_params({"sight_grip_width_factor": 2.0})


def test_option_runs_graded_and_unstructured(option_run):
    from mirrorsim.analysis.units import unit_summary, unit_tables
    from mirrorsim.plots import unit_modulation_scatter

    data = option_run
    assert data.f5_ipl_target.all()  # unstructured: every F5 E cell receives IPL input
    assert sum(len(s.i) for s in data.spikes.values()) > 100
    tables = unit_tables(data)
    f5 = tables["f5_e"]
    assert f5.obs_mod.shape == (4, data.params.n_f5_e)
    # graded responses: many distinct observation-response levels across cells
    assert np.unique(np.round(f5.obs_hz, 6)).size > 2
    assert np.unique(np.round(tables["m1_e"].exec_hz, 6)).size > 2
    assert set(f5.classes) <= set(UNIT_CLASSES)
    summary = unit_summary(tables)
    assert set(summary) == {"f5_e", "m1_e", "ipl_e"} and 0 <= summary["f5_e"]["mirror"] <= 1
    rows = f5.rows()
    assert rows[0]["preferred_action"] in GRIP_GOAL_NAMES
    fig = unit_modulation_scatter(tables)
    assert len(fig.axes) == 3


# --------------------------------------------------------------------------- observation inhibition

ISTDP = {**OPTION, "observation_inhibition": "istdp", "n_obs_i": 20}
ISTDP_OBJECTS = {"obs_i", "ipl_obs_i", "obs_f5", "obs_m1", "spikes_obs_i"}


def _objects(circuit) -> dict[str, str]:
    """Every object of a circuit's network by name, with its equations and code."""
    out = {}
    for obj in circuit.network.objects:
        parts = [str(getattr(obj, "equations", ""))]
        for pathway in getattr(obj, "_pathways", []):
            parts.append(str(pathway.code))
        out[obj.name] = "\n".join(parts)
    return out


def test_observation_inhibition_off_leaves_the_model_unchanged(tiny_overrides):
    """Off (the default): no obs_i, no digest change; on: the same objects with the same
    equations, plus exactly the interneurons, their input and their two learned projections."""
    import brian2

    from mirrorsim.circuit import build_circuit
    from mirrorsim.protocols import mirror_emergence_protocol

    default = make_params()
    assert default.observation_inhibition == "off"
    assert make_params({"observation_inhibition": "off", "istdp_rho0": "5 Hz"}).digest() == (
        default.digest()
    )
    assert "observation_inhibition" in make_params({"observation_inhibition": "istdp"}).to_strings()
    built = {}
    for name, extra in (("off", {}), ("on", {"observation_inhibition": "istdp", "n_obs_i": 20})):
        params = make_params({**tiny_overrides, **OPTION, **extra})
        brian2.device.reinit()
        brian2.set_device("runtime")
        brian2.seed(1)
        built[name] = _objects(build_circuit(params, mirror_emergence_protocol(params, 1)))
    off, on = built["off"], built["on"]
    assert not set(off) & ISTDP_OBJECTS
    assert set(on) - set(off) == ISTDP_OBJECTS
    assert {name: on[name] for name in off} == off


def test_make_params_checks_obs_i_size():
    with pytest.raises(ParameterError, match="obs_i"):
        make_params({"observation_inhibition": "istdp", "n_obs_i": 2})


def _obs_i_run(params, after_development=True):
    """obs_i -> F5 E / M1 E steps (nS) before, at the end of and after development (None with
    ``after_development`` False: the run stops there), and the circuit, in runtime mode."""
    import brian2
    from brian2 import second

    from mirrorsim.circuit import build_circuit
    from mirrorsim.protocols import mirror_emergence_protocol
    from mirrorsim.simulate import _obs_i_weights

    protocol = mirror_emergence_protocol(params, 5, blocks=("post",))
    brian2.device.reinit()
    brian2.set_device("runtime")
    brian2.prefs.codegen.target = "numpy"
    brian2.seed(5)
    circuit = build_circuit(params, protocol)
    circuit.ipl_f5_start = np.array(circuit.synapses["ipl_f5"].w[:])  # for the control's test
    dev = protocol.epoch("development")

    def weights():
        return np.concatenate(
            [_obs_i_weights(circuit.synapses[n], params) for n in ("obs_f5", "obs_m1")]
        )

    circuit.network.run(dev.start * second)
    before = weights()
    circuit.network.run((dev.stop - dev.start) * second)
    learned = weights()
    if not after_development:
        return before, learned, None, circuit
    circuit.network.run((protocol.duration - dev.stop) * second)
    return before, learned, weights(), circuit


def _istdp_weights(tiny_overrides, extra=None):
    """Learned obs_i -> F5 E / M1 E weights (nS) before, at the end of and after development."""
    params = make_params({**tiny_overrides, **ISTDP, "n_dev_repeats": 2, **(extra or {})})
    return _obs_i_run(params)


def test_istdp_learns_during_development_only(tiny_overrides):
    """Inhibitory weights start at 0, change in the development block, and not after it."""
    before, learned, after, circuit = _istdp_weights(tiny_overrides)
    assert (before == 0).all()
    assert (learned > 0).mean() > 0.5 and learned.max() > 0.01
    assert np.array_equal(after, learned)
    assert len(circuit.spike_monitors["obs_i"].i) > 0


def test_istdp_off_with_plasticity_off(tiny_overrides):
    """plasticity = off (the honest no-learning control) freezes the IPL->F5 weights, and the
    inhibitory weights too."""
    _, learned, after, circuit = _istdp_weights(tiny_overrides, {"plasticity": "off"})
    assert (learned == 0).all() and (after == 0).all()
    ipl_f5 = circuit.synapses["ipl_f5"]
    np.testing.assert_array_equal(ipl_f5.w[:], circuit.ipl_f5_start)


def test_fixed_observation_inhibition_has_the_fixed_step(tiny_overrides):
    """observation_inhibition = fixed: the same obs_i objects as istdp, with plain synapses whose
    step is w_obs_i_e times the inhibition knob (a run-time value: no rebuild to change it)."""
    import brian2
    from brian2 import nS

    from mirrorsim.circuit import build_circuit, synaptic_weights
    from mirrorsim.params import run_time_params
    from mirrorsim.protocols import mirror_emergence_protocol

    assert "w_obs_i_e" in run_time_params()
    assert make_params({"w_obs_i_e": "2 nS"}).digest() == make_params().digest()
    extra = {"observation_inhibition": "fixed", "n_obs_i": 20, "w_obs_i_e": "1.5 nS"}
    params = make_params({**tiny_overrides, **OPTION, **extra, "inhibition": 0.8})
    weights = synaptic_weights(params)
    assert weights["obs_f5"] == weights["obs_m1"]
    assert float(weights["obs_f5"] / nS) == pytest.approx(1.2)
    assert "obs_f5" not in synaptic_weights(make_params({**tiny_overrides, **ISTDP}))
    brian2.device.reinit()
    brian2.set_device("runtime")
    brian2.seed(1)
    circuit = build_circuit(params, mirror_emergence_protocol(params, 1))
    assert set(_objects(circuit)) >= ISTDP_OBJECTS
    for name in ("obs_f5", "obs_m1"):
        synapses = circuit.synapses[name]
        assert "w_inh" not in synapses.variables
        assert float(synapses.w_syn[:] / nS) == pytest.approx(1.2)
        assert len(synapses.i[:]) > 0


COINCIDENCE = {**OPTION, "observation_inhibition": "coincidence", "n_obs_i": 20}


def _coincidence_run(tiny_overrides, extra=None, after_development=True):
    """The parameters and :func:`_obs_i_run` of the coincidence variant, with observation-only
    events in development (n_dev_unpaired)."""
    overrides = {**tiny_overrides, **COINCIDENCE, "n_dev_repeats": 2, "n_dev_unpaired": 2}
    params = make_params({**overrides, "w_obs_i_e": "1.5 nS", **(extra or {})})
    return (params, *_obs_i_run(params, after_development))


def test_coincidence_inhibition_weakens_during_development_only(tiny_overrides):
    """observation_inhibition = coincidence: every step starts at w_obs_i_e times the knob,
    coincident spikes in development only weaken it (never below 0, never above the start),
    and one's own intention reaches the interneurons as inhibition."""
    from brian2 import nS

    from mirrorsim.circuit import istdp_values, synaptic_weights

    params, before, learned, after, circuit = _coincidence_run(tiny_overrides)
    assert before == pytest.approx(np.full(len(before), 1.5))
    assert (learned <= 1.5 + 1e-12).all() and (learned >= 0).all()
    assert (learned < 1.5).mean() > 0.5
    assert np.ptp(learned) > 0.01  # graded by each pair's coincidences, not one common loss
    np.testing.assert_array_equal(after, learned)
    assert "intention_obs_i" in circuit.synapses
    assert float(synaptic_weights(params)["intention_obs_i"] / nS) == pytest.approx(
        float(params.w_intention_gate / nS)
    )
    assert float(istdp_values(params)["w_obs_start"] / nS) == pytest.approx(1.5)
    knob = make_params({**tiny_overrides, **COINCIDENCE, "inhibition": 0.8})
    assert float(istdp_values(knob)["w_obs_start"] / nS) == pytest.approx(1.6)


def test_coincidence_inhibition_frozen_with_plasticity_off(tiny_overrides):
    """plasticity = off: the steps stay at their start through development, while the
    interneurons fire."""
    _, before, learned, _, circuit = _coincidence_run(
        tiny_overrides, {"plasticity": "off"}, after_development=False
    )
    np.testing.assert_array_equal(learned, before)
    assert len(circuit.spike_monitors["obs_i"].i) > 0


def test_only_coincidence_inhibition_is_held_back_by_intention(tiny_overrides):
    """The intention -> obs_i projection exists with coincidence only (istdp and fixed keep
    their published form)."""
    import brian2

    from mirrorsim.circuit import build_circuit
    from mirrorsim.protocols import mirror_emergence_protocol

    for variant, expected in (("istdp", False), ("fixed", False), ("coincidence", True)):
        extra = {"observation_inhibition": variant, "n_obs_i": 20}
        params = make_params({**tiny_overrides, **OPTION, **extra})
        brian2.device.reinit()
        brian2.set_device("runtime")
        brian2.seed(1)
        circuit = build_circuit(params, mirror_emergence_protocol(params, 1))
        assert ("intention_obs_i" in circuit.synapses) is expected


@pytest.mark.parametrize(
    ("targets", "expected"),
    [
        ("f5_m1", {"obs_f5", "obs_m1"}),
        ("f5", {"obs_f5"}),
        ("m1", {"obs_m1"}),
        ("f5_output", {"obs_f5"}),
    ],
)
def test_obs_i_targets_keep_only_the_named_projections(tiny_overrides, targets, expected):
    """obs_i_targets removes one target's projection and nothing else (model §2.5)."""
    import brian2

    from mirrorsim.circuit import build_circuit
    from mirrorsim.protocols import mirror_emergence_protocol

    extra = {"observation_inhibition": "coincidence", "n_obs_i": 20, "obs_i_targets": targets}
    params = make_params({**tiny_overrides, **OPTION, **extra})
    brian2.device.reinit()
    brian2.set_device("runtime")
    brian2.seed(1)
    circuit = build_circuit(params, mirror_emergence_protocol(params, 1))
    assert {name for name in circuit.synapses if name in ("obs_f5", "obs_m1")} == expected
    assert "ipl_obs_i" in circuit.synapses and "intention_obs_i" in circuit.synapses


@pytest.mark.parametrize("variant", ["coincidence", "fixed"])
def test_f5_output_targets_are_the_f5_cells_that_project_to_m1(tiny_overrides, variant):
    """obs_i_targets = f5_output: the obs_i reach F5 E cells of the motor pools, the only cells
    that F5 -> M1 synapses leave from, and none of the untuned F5 cells (model §2.5)."""
    import brian2
    import numpy as np

    from mirrorsim.circuit import build_circuit
    from mirrorsim.protocols import mirror_emergence_protocol

    extra = {"observation_inhibition": variant, "n_obs_i": 40, "obs_i_targets": "f5_output"}
    params = make_params({**tiny_overrides, **OPTION, **extra})
    brian2.device.reinit()
    brian2.set_device("runtime")
    brian2.seed(1)
    circuit = build_circuit(params, mirror_emergence_protocol(params, 1))
    targets = set(np.asarray(circuit.synapses["obs_f5"].j[:]).tolist())
    outputs = set(np.asarray(circuit.synapses["f5_m1"].i[:]).tolist())
    pools = np.asarray(circuit.groups["f5_e"].action[:])
    pooled = set(np.flatnonzero(pools >= 0).tolist())
    assert outputs <= pooled and targets <= pooled
    assert len(pooled - targets) < 0.1 * len(pooled)  # nearly every pooled cell is reached
    assert (pools < 0).any()  # there are untuned cells to leave out


def test_obs_i_targets_need_observation_inhibition():
    with pytest.raises(ParameterError, match="obs_i_targets"):
        make_params({"obs_i_targets": "f5"})
    assert make_params({"obs_i_targets": "f5_m1"}).digest() == make_params().digest()
