"""All parameters of the mirror circuit and its protocols: one validated object with units.

Every parameter is declared once, with its unit, its allowed range and its source (a paper, or
"tuned so that ..."). Values arrive as Brian2 quantities, strings such as ``"10 ms"`` or plain
numbers for dimensionless values; :func:`make_params` turns user overrides into a checked
:class:`Params` or raises :class:`ParameterError` with one line naming the parameter.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from typing import Any, Literal, get_args, get_origin

from brian2 import Hz, Quantity, cm2, ms, mV, nS, pA, pF
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from mirrorsim.errors import ParameterError
from mirrorsim.quantities import as_quantity, format_quantity, unit_name, unit_symbol

ONE = Quantity(1.0)


def _q(
    default: Any,
    unit: Quantity,
    description: str,
    source: str,
    *,
    gt: float | None = None,
    ge: float | None = None,
    le: float | None = None,
    run_time: bool = False,
) -> Any:
    """A quantity field: its unit, bounds (in ``unit``) and source travel as field metadata.

    ``run_time``: the parameter enters a compiled standalone simulation as a value, not as code,
    so changing it re-runs the binary without rebuilding (:func:`run_time_params`).
    """
    extra = {"unit": unit, "gt": gt, "ge": ge, "le": le, "source": source, "run_time": run_time}
    return Field(default, description=description, json_schema_extra=extra)


def _n(default: int, description: str, source: str, *, ge: int = 1, le: int = 100_000) -> Any:
    return Field(
        default, ge=ge, le=le, description=description, json_schema_extra={"source": source}
    )


def _x(
    default: float,
    description: str,
    source: str,
    *,
    ge: float = 0.0,
    le: float | None = None,
    run_time: bool = False,
) -> Any:
    """A dimensionless real number (probability, gain, fraction)."""
    return _q(default, ONE, description, source, ge=ge, le=le, run_time=run_time)


class Params(BaseModel):
    """Parameters of the parieto-premotor mirror circuit.

    A ``source`` of the form ``model §N`` (or ``model §N.M``) points to section N of the *Model*
    page of the documentation (``docs/model.md``), which sets out the populations, equations,
    connectivity, protocols and measures these parameters enter, with full references.
    """

    model_config = ConfigDict(
        arbitrary_types_allowed=True, extra="forbid", frozen=True, validate_default=True
    )

    # --- network sizes -------------------------------------------------------------------
    n_actions: int = _n(3, "number of action pools (grasp, hold, place ...)", "model §3.1", le=20)
    # Input pools are large and sparsely connected (each target cell still hears ~10 of them):
    # a whole IPL pool shares one STS pool, so a small one (50 cells until mirrorsim 0.3.2) puts its
    # own finite-size rate noise, ~1/N, into every target at once, a correlated drive that the
    # learned pathway amplifies into broadband LFP power (shared-input correlations; Shadlen &
    # Newsome 1998, de la Rocha et al. 2007).
    n_sts_per_action: int = _n(
        500, "STS Poisson inputs per action", "model §3.1; large: little shared input noise"
    )
    n_intention_per_action: int = _n(
        500, "prefrontal motor-intention Poisson inputs per action", "as STS, for symmetry"
    )
    n_ipl_e: int = _n(800, "IPL (PF/PFG) excitatory neurons", "model §3.1; 4:1 E:I")
    n_ipl_i: int = _n(200, "IPL inhibitory neurons", "4:1 E:I (Brunel 2000)")
    n_f5_e: int = _n(800, "F5 excitatory neurons", "model §3.1; 4:1 E:I")
    n_f5_i: int = _n(200, "F5 inhibitory neurons", "4:1 E:I (Brunel 2000)")
    n_m1_e: int = _n(200, "M1 output (corticospinal) excitatory neurons", "model §3.1")
    n_gate: int = _n(50, "inhibitory gate neurons holding M1 back", "model §3.1")
    f5_pool_fraction: float = _x(
        0.6,
        "fraction of F5 E neurons in motor pools (rest: untuned)",
        "Gallese 1996: most F5 neurons are motor-selective",
        le=1.0,
    )
    f5_ipl_target_fraction: float = _x(
        0.4,
        "fraction of F5 E neurons that receive IPL input at all",
        "IPL projects to part of F5 (Rizzolatti & Luppino 2001); tuned so that 10-30 % of F5 "
        "becomes mirror (Gallese 1996: ~17 %)",
        le=1.0,
    )

    # --- opt-in: actions in a feature space, graded tuning, unstructured IPL->F5 (model §3.8) --
    # Their defaults reproduce the labelled-pool model exactly (same code, same spikes); at their
    # defaults they are left out of to_strings() and digest() (OPT_IN_DEFAULTS).
    action_space: Literal["labels", "grip_goal"] = Field(
        "labels",
        description="what the actions are: unrelated labels, or 2 grips x 2 goals "
        "(n_actions = 4); the feature table is mirrorsim.actions",
        json_schema_extra={
            "source": "model §3.8; grip x goal: Fogassi et al. 2005, Fluet et al. 2010"
        },
    )
    tuning: Literal["pools", "graded"] = Field(
        "pools",
        description="STS and intention cells: all-or-none labelled pools, or graded, "
        "heterogeneous tuning to the actions' features (population code)",
        json_schema_extra={
            "source": "model §3.8; mixed, graded F5 tuning (Fluet et al. 2010), IPL "
            "goal-dependent grasp cells (Fogassi et al. 2005)"
        },
    )
    tuning_width: float = _x(
        0.6,
        "graded tuning: mean width (sd of the Gaussian, per feature dimension) of an input "
        "cell's tuning, in feature units (nearest distinct actions are 1 apart)",
        "not tuned to any target: an input cell answers an action one feature away from its "
        "preferred one at ~1/4 of its preferred response (exp(-1 / (2 * 0.6^2)))",
        ge=0.05,
        le=10.0,
    )
    tuning_width_spread: float = _x(
        0.5,
        "graded tuning: each cell's width per dimension is uniform in tuning_width * (1 +- "
        "spread), so some cells are grip-selective and goal-invariant, or the reverse",
        "heterogeneous mixed selectivity (Fluet et al. 2010); not tuned",
        le=0.95,
    )
    tuning_jitter: float = _x(
        0.25,
        "graded tuning: sd of a cell's preferred point around its preferred action, per "
        "feature dimension (feature units)",
        "varied preferred actions and peak responses below the maximum; not tuned",
        le=5.0,
    )
    sight_grip_width_factor: float = _x(
        1.0,
        "graded tuning, grip_goal: the width of sight (STS) cells' tuning along the grip "
        "dimension, as a multiple of their width; above 1 the sight of an action is coded more "
        "by its goal than by its grip (intention cells keep their width)",
        "not tuned: 1 by default (sight coded like intention); IPL grasping neurons code the "
        "goal of an observed grasp (Fogassi et al. 2005), and broadly congruent mirror neurons "
        "often respond to the sight of several grips (Gallese et al. 1996); the unit classes "
        "as a function of it are in docs/claims.md",
        ge=0.1,
        le=20.0,
    )
    ipl_f5_wiring: Literal["targeted", "unstructured"] = Field(
        "targeted",
        description="IPL->F5: only a random f5_ipl_target_fraction of F5 E cells receive "
        "IPL input (targeted), or every F5 E cell does with probability p_ipl_f5 "
        "(unstructured: no parameter decides which cells can become mirror)",
        json_schema_extra={"source": "model §3.8"},
    )

    # --- neurons: conductance-based LIF with adaptation (Brette & Gerstner 2005 without exp) --
    c_m: Quantity = _q(200 * pF, pF, "membrane capacitance", "Vogels & Abbott 2005", gt=0)
    g_leak: Quantity = _q(
        10 * nS, nS, "leak conductance (tau_m = 20 ms)", "Vogels & Abbott 2005", gt=0
    )
    e_leak: Quantity = _q(-70 * mV, mV, "leak reversal", "Destexhe et al. 2003")
    v_threshold: Quantity = _q(-50 * mV, mV, "spike threshold", "Vogels & Abbott 2005")
    v_reset: Quantity = _q(-60 * mV, mV, "reset potential", "Vogels & Abbott 2005")
    t_ref: Quantity = _q(2 * ms, ms, "absolute refractory period", "Brunel 2000", ge=0, le=20)
    e_exc: Quantity = _q(0 * mV, mV, "AMPA reversal", "Destexhe et al. 1994")
    e_inh: Quantity = _q(-80 * mV, mV, "GABA-A reversal", "Vogels & Abbott 2005")
    tau_exc: Quantity = _q(5 * ms, ms, "AMPA conductance decay", "Vogels & Abbott 2005", gt=0)
    tau_inh: Quantity = _q(10 * ms, ms, "GABA-A conductance decay", "Vogels & Abbott 2005", gt=0)
    tau_adapt: Quantity = _q(
        150 * ms,
        ms,
        "spike-frequency adaptation time constant (excitatory cells)",
        "slow AHP, 100-200 ms (Madison & Nicoll 1984; model §3.2)",
        gt=0,
    )
    b_adapt: Quantity = _q(
        20 * pA,
        pA,
        "adaptation current added per spike (excitatory cells)",
        "Brette & Gerstner 2005 range; tuned for ISI CV ~1 at rest",
        ge=0,
    )

    # --- balanced background (Poisson; Destexhe et al. 2003 high-conductance state) -----------
    bg_rate_exc: Quantity = _q(
        2.4 * Hz * 1000,
        Hz,
        "total rate of excitatory background input per neuron",
        "tuned so that rest rates are 1-10 Hz with ISI CV ~1",
        gt=0,
    )
    bg_rate_inh: Quantity = _q(
        0.8 * Hz * 1000,
        Hz,
        "total rate of inhibitory background input per neuron",
        "tuned with bg_rate_exc (balanced input)",
        ge=0,
    )
    bg_rate_exc_ipl: Quantity = _q(
        1.7 * Hz * 1000,
        Hz,
        "total rate of excitatory background input per IPL neuron",
        "tuned so that IPL E rests at ~2 Hz (sparse resting input to the facilitating IPL->F5 "
        "synapses)",
        gt=0,
    )
    w_bg_exc: Quantity = _q(1.0 * nS, nS, "background excitatory conductance step", "tuned", ge=0)
    w_bg_inh: Quantity = _q(2.0 * nS, nS, "background inhibitory conductance step", "tuned", ge=0)

    # --- recurrent connectivity within IPL and F5 ----------------------------------------------
    p_local: float = _x(0.1, "connection probability within an area", "model §3.4", le=1.0)
    w_ee: Quantity = _q(
        0.3 * nS, nS, "E->E conductance step", "EPSP ~0.3 mV; tuned", ge=0, run_time=True
    )
    w_ei: Quantity = _q(
        0.6 * nS, nS, "E->I conductance step", "tuned for I rates ~2x E", ge=0, run_time=True
    )
    w_ie: Quantity = _q(
        2.0 * nS,
        nS,
        "I->E conductance step",
        "inhibition-dominated (Brunel 2000)",
        ge=0,
        run_time=True,
    )
    w_ii: Quantity = _q(1.5 * nS, nS, "I->I conductance step", "tuned", ge=0, run_time=True)
    delay: Quantity = _q(1.5 * ms, ms, "synaptic delay", "Brunel 2000", ge=0, le=50)

    # --- inputs --------------------------------------------------------------------------------
    rate_input_base: Quantity = _q(2 * Hz, Hz, "STS / intention rate when idle", "tuned", ge=0)
    rate_input_active: Quantity = _q(
        60 * Hz,
        Hz,
        "STS / intention rate while the action is seen / intended",
        "STS action-selective cells fire tens of Hz (Perrett et al. 1989)",
        ge=0,
    )
    p_input: float = _x(
        0.02,
        "input pool -> target pool connection probability",
        "tuned: 10 inputs per target cell (0.2 of 50 until 0.3.2)",
        le=1.0,
    )
    w_input: Quantity = _q(
        1.5 * nS,
        nS,
        "STS -> IPL and intention -> F5 conductance step",
        "tuned",
        ge=0,
        run_time=True,
    )

    # --- IPL -> F5 (the learned observe->execute pathway) --------------------------------------
    p_ipl_f5: float = _x(0.2, "IPL E -> F5 E (targets) connection probability", "tuned", le=1.0)
    w_ipl_f5_max: Quantity = _q(
        0.17 * nS,
        nS,
        "conductance step of an IPL->F5 synapse at full weight (w = 1), for an isolated spike "
        "(facilitation multiplies it by u / stf_u, up to 1 / stf_u)",
        "tuned so that the mirror index after learning is 0.3-0.9 (Fox et al. 2016)",
        ge=0,
        run_time=True,
    )
    w_init_mean: float = _x(
        0.05, "initial IPL->F5 weight (fraction of max), mean", "tuned: unselective", le=1.0
    )
    w_init_spread: float = _x(0.03, "initial weights uniform in mean +- spread", "tuned", le=1.0)
    p_ipl_f5i: float = _x(
        0.1, "IPL E -> F5 I (feed-forward inhibition) probability", "tuned", le=1.0
    )
    w_ipl_f5i: Quantity = _q(
        0.1 * nS, nS, "IPL E -> F5 I conductance step", "tuned", ge=0, run_time=True
    )
    stf_u: float = _q(
        0.02,
        ONE,
        "short-term facilitation of IPL->F5 synapses: utilisation increment U per spike "
        "(1 = no facilitation); the efficacy of a spike is w * w_ipl_f5_max * u / U, so "
        "w_ipl_f5_max is the step of an isolated spike",
        "facilitating cortical E synapses have a low U (Tsodyks & Markram 1997; Markram, Wang "
        "& Tsodyks 1998; Wang et al. 2006); 0.02 is below the measured values (~0.1): tuned for "
        "a strong contrast between resting (~2 Hz) and observation (~25 Hz) IPL rates",
        gt=0,
        le=1.0,
        run_time=True,
    )
    stf_tau: Quantity = _q(
        500 * ms,
        ms,
        "decay time constant of IPL->F5 facilitation",
        "tau_F of several hundred ms (Markram, Wang & Tsodyks 1998; Wang et al. 2006); "
        "Mongillo, Barak & Tsodyks 2008 use 1.5 s",
        gt=0,
        run_time=True,
    )

    # --- slow (NMDA-like) recurrent excitation within F5 motor pools ----------------------------
    p_f5_nmda: float = _x(
        0.2,
        "F5 E -> F5 E probability of the within-pool (same action) NMDA-like projection "
        "(0 = no such projection)",
        "selective recurrent excitation within a pool (Brunel & Wang 2001)",
        le=1.0,
    )
    w_f5_nmda: Quantity = _q(
        0.2 * nS,
        nS,
        "conductance step of the within-pool NMDA-like projection (0 = none)",
        "Wang 1999 (NMDA-dominated reverberation); tuned so that F5 activity outlasts an "
        "observed action at coupling >= 2.5 but not at 1, without runaway execution",
        ge=0,
        run_time=True,
    )
    tau_nmda: Quantity = _q(
        100 * ms,
        ms,
        "NMDA conductance decay",
        "Wang 1999; Brunel & Wang 2001",
        gt=0,
    )

    # --- plasticity: triplet STDP (Pfister & Gerstner 2006), ModelDB 229276 (Antunes et al.) ----
    plasticity: Literal["triplet", "pair", "off"] = Field(
        "triplet",
        description="IPL->F5 learning rule",
        json_schema_extra={"source": "model §2"},
    )
    a2_plus: float = _x(4.6e-3, "pair potentiation amplitude", "Antunes et al., ModelDB 229276")
    a2_minus: float = _x(3.0e-3, "pair depression amplitude", "Antunes et al., ModelDB 229276")
    a3_plus: float = _x(9.1e-3, "triplet potentiation amplitude", "Antunes et al., ModelDB 229276")
    a3_minus: float = _x(7.5e-9, "triplet depression amplitude", "Antunes et al., ModelDB 229276")
    tau_plus: Quantity = _q(
        16.8 * ms, ms, "presynaptic pair trace", "Pfister & Gerstner 2006", gt=0
    )
    tau_minus: Quantity = _q(
        33.7 * ms, ms, "postsynaptic pair trace", "Pfister & Gerstner 2006", gt=0
    )
    tau_x: Quantity = _q(575 * ms, ms, "presynaptic triplet trace", "Pfister & Gerstner 2006", gt=0)
    tau_y: Quantity = _q(47 * ms, ms, "postsynaptic triplet trace", "Pfister & Gerstner 2006", gt=0)
    heterosynaptic: float = _x(
        6e-3,
        "heterosynaptic depression per postsynaptic spike (fraction of w per unit o2)",
        "competition: Chistiakova et al. 2014; Zenke et al. 2015",
        le=1.0,
    )
    heterosynaptic_cubic: float = _x(
        0.0,
        "opt-in heterosynaptic term of Zenke et al. 2015: per postsynaptic spike every input "
        "moves towards its initial weight w0 by heterosynaptic_cubic * o1^3 * (w - w0) "
        "(0 = off, the default rule)",
        "Zenke, Agnes & Gerstner 2015 (beta); model §2.4. 3e-3 for the opt-in runs: the pull "
        "at w - w0 = 0.5 equals the triplet potentiation of a 25 Hz input at 40 Hz postsynaptic "
        "(rate estimate, not fitted to single-unit targets)",
        le=1.0,
    )
    transmitter_induced: float = _x(
        0.0,
        "opt-in transmitter-induced potentiation of Zenke et al. 2015: w += "
        "transmitter_induced per presynaptic spike during learning (0 = off)",
        "Zenke, Agnes & Gerstner 2015 (delta); model §2.4",
        le=1.0,
    )
    learning_rate: float = _x(
        1.0, "gain on all plasticity amplitudes during development", "knob", le=100, run_time=True
    )

    # --- opt-in: observation-driven inhibition learned by inhibitory STDP (model §2.5) -----------
    # Vogels, Sprekeler, Zenke, Clopath & Gerstner 2011 (Science 334:1569). Off by default; at
    # their defaults these are left out of to_strings() and digest() (OPT_IN_DEFAULTS).
    observation_inhibition: Literal["off", "istdp", "fixed", "coincidence"] = Field(
        "off",
        description="observation-driven inhibitory interneurons (obs_i: driven by their IPL pool) "
        "onto F5 E and M1 E cells, with synapses that start at 0 and are learned by inhibitory "
        "STDP during development (istdp), or with the fixed step w_obs_i_e (fixed), or that "
        "start at w_obs_i_e and are weakened by coincident pre- and postsynaptic spikes during "
        "development, with the interneurons held back by one's own intention (coincidence), or "
        "none (off)",
        json_schema_extra={
            "source": "model §2.5; Vogels et al. 2011 (istdp rule); Woodin et al. 2003 "
            "(coincidence rule); proposed by Kraskov et al. 2009 and Vigneswaran et al. 2013 "
            "(suppression of output neurons withholds movement)"
        },
    )
    obs_i_targets: Literal["f5_m1", "f5", "m1", "f5_output"] = Field(
        "f5_m1",
        description="which excitatory cells the obs_i interneurons inhibit: F5 E and M1 E "
        "(f5_m1), F5 E only (f5), M1 E only (m1), or only the F5 E cells that project to M1 "
        "(f5_output: F5's output cells); with observation_inhibition on",
        json_schema_extra={
            "source": "model §2.5; not tuned: f5 and m1 take one target away to see which "
            "target each human measure's change comes from (Kraskov et al. 2009 recorded "
            "suppressed output neurons in F5, Vigneswaran et al. 2013 in M1); f5_output is "
            "their proposal taken literally: the inhibition that withholds movement reaches "
            "the cells whose output would make it"
        },
    )
    n_obs_i: int = _n(
        100,
        "observation-driven inhibitory interneurons (obs_i), in n_actions pools",
        "not tuned: half as many as F5 interneurons (n_f5_i)",
    )
    p_ipl_obs_i: float = _x(
        0.4,
        "IPL E -> obs_i probability, within the interneuron's own IPL pool",
        "not tuned: 0.4 x 200 IPL E per pool (n_actions = 4) gives 80 inputs, the in-degree of a "
        "local interneuron (p_local x n_ipl_e)",
        le=1.0,
    )
    w_ipl_obs_i: Quantity = _q(
        0.6 * nS,
        nS,
        "IPL E -> obs_i conductance step",
        "not tuned: as a local E->I synapse (w_ei)",
        ge=0,
    )
    p_obs_i_e: float = _x(
        0.2,
        "obs_i -> F5 E and obs_i -> M1 E probability (any pool: unstructured)",
        "not tuned: 0.2 x 100 obs_i gives 20 inputs, the in-degree of local inhibition "
        "(p_local x n_f5_i)",
        le=1.0,
    )
    w_obs_i_e: Quantity = _q(
        2.0 * nS,
        nS,
        "obs_i -> F5 E and obs_i -> M1 E conductance step with observation_inhibition = fixed, "
        "and the starting step with coincidence (times the inhibition knob, as every inhibitory "
        "step)",
        "not tuned: as a local I->E synapse (w_ie)",
        ge=0,
        run_time=True,
    )
    istdp_eta: Quantity = _q(
        0.01 * nS,
        nS,
        "inhibitory STDP learning rate: conductance change per unit trace (times the learning "
        "gain, learning_rate, during development only); with coincidence, the loss per unit "
        "trace",
        "Vogels et al. 2011 (eta = 1e-2 in units of the 1 nS weight; Brian2 example); not "
        "tuned, and with coincidence taken over from istdp, without a source of its own",
        ge=0,
        run_time=True,
    )
    istdp_tau: Quantity = _q(
        20 * ms, ms, "inhibitory STDP trace time constant", "Vogels et al. 2011", gt=0
    )
    istdp_rho0: Quantity = _q(
        5 * Hz,
        Hz,
        "inhibitory STDP target rate rho0 (alpha = 2 rho0 tau): inhibition grows onto cells that "
        "fire above rho0 while their obs_i fire, and shrinks onto those below",
        "Vogels et al. 2011 (3-5 Hz); within recorded F5 resting rates (a few to ~10 Hz; "
        "Kraskov et al. 2009); not tuned",
        gt=0,
        run_time=True,
    )
    istdp_w_max: Quantity = _q(
        100 * nS,
        nS,
        "upper bound of a learned obs_i synapse (initial weight 0)",
        "Vogels et al. 2011, Brian2 example (gmax = 100 x 1 nS): effectively unbounded",
        gt=0,
        run_time=True,
    )

    # --- M1 output and gate --------------------------------------------------------------------
    p_f5_m1: float = _x(
        0.2, "F5 pool k -> M1 pool k probability", "corticospinal F5->M1 (Shimazu 2004)", le=1.0
    )
    w_f5_m1: Quantity = _q(
        1.0 * nS, nS, "F5 E -> M1 E conductance step", "tuned", ge=0, run_time=True
    )
    p_gate_m1: float = _x(0.5, "gate -> M1 E probability", "tuned", le=1.0)
    w_gate_m1: Quantity = _q(
        1.0 * nS,
        nS,
        "gate -> M1 E conductance step",
        "tuned: gate holds at nominal",
        ge=0,
        run_time=True,
    )
    w_intention_gate: Quantity = _q(
        3.0 * nS,
        nS,
        "motor intention -> gate inhibitory step (own intention opens the gate)",
        "self-other control releases output only for own actions (Brass & Heyes 2005)",
        ge=0,
        run_time=True,
    )
    bg_rate_gate: Quantity = _q(1.2 * Hz * 1000, Hz, "gate tonic excitatory drive", "tuned", ge=0)

    # --- sensorimotor mu rhythm: a gated thalamocortical loop (model §3.6) ---------------------
    # A thalamic pacemaker (like hnn-core's ~10 Hz thalamic bursts; Jones et al. 2009) drives
    # relay cells (TC) that project to F5 and M1. Reticular cells (RE) inhibit TC and are driven
    # by F5/M1 pyramidal cells, so the area's own activation closes the relay: desynchronisation
    # emerges from execution or observation, it is not switched by the protocol.
    mu_frequency: Quantity = _q(
        10 * Hz,
        Hz,
        "frequency of the thalamic pacemaker",
        "mu band 8-13 Hz (Jones 2009)",
        gt=0,
        le=100,
    )
    n_thal_drive: int = _n(100, "thalamic pacemaker inputs (Poisson, rhythmic)", "tuned", ge=0)
    rate_thal_drive: Quantity = _q(20 * Hz, Hz, "mean rate of pacemaker inputs", "tuned", ge=0)
    n_tc: int = _n(100, "thalamocortical relay (TC) cells", "tuned")
    n_re: int = _n(50, "thalamic reticular (RE) cells", "tuned")
    p_drive_tc: float = _x(0.2, "pacemaker -> TC probability", "tuned", le=1.0)
    w_drive_tc: Quantity = _q(
        2.0 * nS, nS, "pacemaker -> TC conductance step", "tuned", ge=0, run_time=True
    )
    p_tc_ctx: float = _x(0.1, "TC -> F5 E probability", "tuned", le=1.0)
    w_tc_ctx: Quantity = _q(
        1.0 * nS, nS, "TC -> F5 E conductance step", "tuned: resting mu peak", ge=0, run_time=True
    )
    # Thalamic afferents also excite cortical fast-spiking interneurons, more strongly than
    # pyramidal cells (feed-forward inhibition; Gabernet et al. 2005, Cruikshank et al. 2007):
    # the resting rhythm reaches F5 as paced excitation *and* inhibition, which keeps the resting
    # rate moderate while the 8-13 Hz power stays high, so the relay can gate a deep rhythm.
    p_tc_f5i: float = _x(
        0.1, "TC -> F5 I probability (feed-forward inhibition)", "Cruikshank 2007; tuned", le=1.0
    )
    w_tc_f5i: Quantity = _q(
        1.0 * nS, nS, "TC -> F5 I conductance step", "tuned: F5 rest ~10 Hz", ge=0, run_time=True
    )
    p_ctx_re: float = _x(0.1, "F5/M1 E -> RE probability (corticothalamic)", "tuned", le=1.0)
    w_ctx_re: Quantity = _q(
        0.25 * nS, nS, "F5/M1 E -> RE conductance step", "tuned: graded gating", ge=0, run_time=True
    )
    p_re_tc: float = _x(0.5, "RE -> TC probability", "tuned", le=1.0)
    w_re_tc: Quantity = _q(
        1.5 * nS, nS, "RE -> TC inhibitory step", "tuned: graded gating", ge=0, run_time=True
    )
    bg_rate_thal: Quantity = _q(
        0.5 * Hz * 1000, Hz, "background excitatory drive of TC and RE", "tuned", ge=0
    )

    # --- TMS (Fadiga et al. 1995) and the runaway guard -----------------------------------------
    n_tms_repeats: int = _n(
        10, "TMS trials per test block for each of 'observe' and 'static scene'", "tuned", ge=0
    )
    tms_time: Quantity = _q(
        300 * ms, ms, "TMS pulse time after trial onset", "mid-movement (Fadiga 1995)", ge=0
    )
    w_tms: Quantity = _q(
        2.5 * nS,
        nS,
        "TMS pulse conductance step onto every M1 E cell",
        "tuned",
        ge=0,
        run_time=True,
    )
    w_tms_gate: Quantity = _q(
        0 * nS,
        nS,
        "TMS pulse conductance step onto every gate (inhibitory) cell, per unit intensity; 0: "
        "the pulse reaches the output cells only",
        "the tms-paradigms experiment sets w_tms / 0.7 (model §6.12)",
        ge=0,
        run_time=True,
    )
    tms_volley_window: Quantity = _q(
        3 * ms,
        ms,
        "TMS paradigms: window after a pulse in which the output cells' spikes are its MEP",
        "the pulse's own spikes come within 2.5 ms of it (model §6.12)",
        gt=0,
    )
    sici_isi: Quantity = _q(
        3 * ms,
        ms,
        "SICI: conditioning-to-test pulse interval (whole ms, >= 3 ms)",
        "Kujirai et al. 1993: 2-5 ms",
        gt=0,
    )
    lici_isi: Quantity = _q(
        100 * ms,
        ms,
        "LICI: conditioning-to-test pulse interval (whole ms)",
        "Valls-Solé et al. 1992; Basavaraju et al. 2019: 100 ms",
        gt=0,
    )
    # Slow (GABA-B) inhibition of M1 from neurogliaform cells (model §6.12), which LICI needs
    # (McDonnell, Orekhov & Ziemann 2006). Off (n_ngf = 0) in every experiment but tms-paradigms.
    n_ngf: int = _n(
        0,
        "M1 neurogliaform cells, whose single spikes inhibit every M1 E cell through GABA-B "
        "receptors (Tamás et al. 2003; Oláh et al. 2009); 0: none",
        "the tms-paradigms experiment sets 10, a fifth of the gate's cells (model §6.12)",
        ge=0,
    )
    g_gabab_volley: Quantity = _q(
        4 * nS,
        nS,
        "peak GABA-B conductance of an M1 E cell when every neurogliaform cell fires once",
        "0.4 x g_leak: saturating baclofen lowers the input resistance of neocortical neurons by "
        "10-58 % (Howe, Sutor & Zieglgänsberger 1987); an estimate, not set for any LICI",
        ge=0,
        run_time=True,
    )
    tau_gabab_rise: Quantity = _q(
        60 * ms,
        ms,
        "GABA-B conductance rise time constant",
        "with tau_gabab_decay, a peak at ~100 ms and a ~200 ms decay, as the kinetic model of "
        "Destexhe et al. 1996 fitted to Otis et al. 1993",
        gt=0,
    )
    tau_gabab_decay: Quantity = _q(
        200 * ms, ms, "GABA-B conductance decay time constant", "see tau_gabab_rise", gt=0
    )
    e_gabab: Quantity = _q(
        -95 * mV, mV, "GABA-B (K+) reversal potential", "E_K; Destexhe et al. 1996"
    )
    # A spinal stage for the TMS paradigms' MEP (model §6.12): opt-in (n_mn = 0 by default).
    n_mn: int = _n(
        0,
        "spinal motoneurons, in pools per action driven by M1's pools; with n_mn > 0 a TMS "
        "paradigm's MEP is the target pool's motoneuron spikes; 0: none (read from M1)",
        "opt-in (e.g. 150: 50 per action); with it the model's M1 drives motoneurons while "
        "observing (model §6.12)",
        ge=0,
    )
    w_m1_mn: Quantity = _q(
        1.0 * nS,
        nS,
        "corticomotoneuronal conductance step (every M1 E cell of a pool onto every motoneuron "
        "of the same pool)",
        "an assumption: a resting motoneuron fires when 23 or more of its ~33 inputs fire "
        "together (model §6.12)",
        ge=0,
        run_time=True,
    )
    n_sgate: int = _n(
        0,
        "spinal gate interneurons (needs n_mn > 0): inhibitory cells with the M1 gate's "
        "background, inhibited by one's own intention as the gate is, inhibiting the "
        "motoneurons as the gate inhibits M1 (the gate's probability and step)",
        "opt-in; spinal interneurons that withhold movement until it is made (Prut & Fetz "
        "1999), and spinal inhibition while observing (Baldissera et al. 2001); no new "
        "strength: the M1 gate's, one level down (model §6.12)",
        ge=0,
    )
    mep_window: Quantity = _q(
        20 * ms, ms, "window after the pulse in which M1 spikes count as the MEP", "tuned", gt=0
    )
    eeg_patch_area: Quantity = _q(
        6 * cm2,
        cm2,
        "area of one cortical patch of the scalp EEG's forward model: each modelled area is one "
        "patch under its electrode, the rest of cortex independent patches at rest (model §4)",
        "the smallest synchronous cortex the scalp shows (Cooper et al. 1965); not fitted",
        ge=1,
        le=90,
    )
    runaway_rate: Quantity = _q(
        60 * Hz,
        Hz,
        "mean cortical E rate over runaway_window that stops the run as 'runaway'",
        "far above any task rate (model §5)",
        gt=0,
    )
    runaway_window: Quantity = _q(50 * ms, ms, "window of the runaway guard", "tuned", gt=0)

    # --- knobs of the regime experiments (model §2.3) -------------------------------------------
    # `coupling` acts after learning only (a gain on the expression of the learned pathway, so
    # that regimes along it share one learning history); `inhibition` acts for the whole run,
    # learning included (a person's inhibition is a trait, not switched on after development).
    coupling: float = _x(
        1.0,
        "gain on the learned IPL->F5 efficacy, from the post-learning test on",
        "knob; model §2.3",
        le=100,
        run_time=True,
    )
    inhibition: float = _x(
        1.0,
        "gain on gate and intracortical inhibition, for the whole run (learning included)",
        "knob; model §2.3",
        le=100,
        run_time=True,
    )

    # --- protocol ------------------------------------------------------------------------------
    dt: Quantity = _q(0.1 * ms, ms, "integration time step", "model §3.2", gt=0, le=1)
    input_dt: Quantity = _q(
        0.1 * ms,
        ms,
        "time step of the Poisson inputs (background counts, stimulus generators); dt if "
        "smaller than dt. 0.5 ms: ~1.8x faster, with small measured shifts (model §3.5)",
        "speed option, not tuned; the default is the 0.1 ms step of every committed result",
        gt=0,
        le=5,
    )
    t_settle: Quantity = _q(
        300 * ms, ms, "initial settling time (discarded)", "transient of tau_adapt", ge=0
    )
    t_spontaneous: Quantity = _q(
        4000 * ms, ms, "spontaneous rest epoch before each test block", "ISI statistics", ge=0
    )
    n_test_repeats: int = _n(
        10, "repetitions of each trial type in a test block", "model §6.2", le=1000
    )
    t_trial: Quantity = _q(
        500 * ms, ms, "duration of a trial's stimulus / intention", "model §6.2", gt=0
    )
    t_iti: Quantity = _q(
        300 * ms, ms, "inter-trial interval", "tuned: activity returns to rest", ge=0
    )
    n_dev_repeats: int = _n(
        20, "self-executions per action in the development block", "model §6.3", le=10_000
    )
    reafference_delay: Quantity = _q(
        80 * ms,
        ms,
        "delay from motor intention to the sight of one's own action (negative: the sight "
        "comes first, as when the action is seen before it is made)",
        "visual latency of re-afference (Keysers & Gazzola 2014)",
        ge=-10_000,
    )
    analysis_start: Quantity = _q(
        50 * ms, ms, "start of the response window after onset", "latency", ge=0
    )

    # --- opt-in: unpaired events in development (contingency, model §6.7) ----------------------
    # Cook, Press, Dickinson & Heyes 2010 (JEP:HPP 36:840). At its default (0) it is left out of
    # to_strings() and digest() (OPT_IN_DEFAULTS).
    n_dev_unpaired: int = _n(
        0,
        "unpaired events per action and kind in the development block, shuffled among the "
        "n_dev_repeats paired ones: seeing the action without executing it, and executing it "
        "unseen (lower contingency, same contiguity)",
        "model §6.7; Cook et al. 2010",
        ge=0,
        le=10_000,
    )

    # --- opt-in: action sounds, a second re-afferent modality (experiment audiovisual, §6.10) ---
    # Kohler et al. 2002 (Science 297:846); Keysers et al. 2003 (Exp Brain Res 153:628). At its
    # default (0) there is no auditory population and it is left out of to_strings() and
    # digest() (OPT_IN_DEFAULTS).
    n_sounding_actions: int = _n(
        0,
        "actions 0 .. n-1 make a sound (as breaking a peanut or tearing paper; the others are "
        "silent, as grasping): an auditory input population (aud, n_sts_per_action cells per "
        "action, projecting onto IPL E like STS) and hear / see_hear test trials",
        "model §6.10; Kohler et al. 2002",
        ge=0,
        le=64,
    )

    # --- opt-in: a known object and a screen (experiment hidden-action, model §6.11) ----------
    # Umiltà et al. 2001 (Neuron 32:91). At its default (0) there is no object input and it is
    # left out of to_strings() and digest() (OPT_IN_DEFAULTS), as is screen_time.
    n_object_inputs: int = _n(
        0,
        "object input cells (obj: Poisson, not action-tuned, onto every IPL E cell with "
        "p_input and w_input) that fire at rate_input_active while an object is in view or "
        "known to be behind a screen; > 0 adds the hidden-action test trials",
        "model §6.11: AIP object signals reach PF/PFG (Fogassi et al. 2005); not tuned: a fifth "
        "of an action's sight (100 of n_sts_per_action = 500) in the experiment",
        ge=0,
        le=100_000,
    )
    n_memory_per_action: int = _n(
        0,
        "working-memory input cells per action (wm: Poisson, action-tuned like STS, onto IPL E "
        "of the same pool with p_input and w_input) that hold the sight of an action whose end "
        "is hidden, from the screen passage to the end of the trial, object or not",
        "model §6.11: a prefrontal memory of the hand as in MNS2 (Bonaiuto, Rosta & Arbib 2007); "
        "not tuned: as many as object inputs in the experiment (100)",
        ge=0,
        le=100_000,
    )
    n_interaction_per_action: int = _n(
        0,
        "STS hand-object interaction cells per action (sti: Poisson, action-tuned, onto IPL E "
        "of the same pool like STS) that fire with the sight of their action only while an "
        "object is there: silent in a mimed action; the experiment takes them out of "
        "n_sts_per_action so that a sight with an object stays as strong",
        "model §6.11: STS cells that respond to a hand acting on an object and not to the hand "
        "miming it (Perrett et al. 1989; Nelissen et al. 2011); not tuned: half of an action's "
        "sight in the experiment's interaction arm",
        ge=0,
        le=100_000,
    )
    screen_time: Quantity = _q(
        250 * ms,
        ms,
        "time after the onset of a hidden trial at which the hand passes behind the screen "
        "(its sight ends there)",
        "model §6.11: the final part of the action is hidden (Umiltà et al. 2001); half a trial",
        gt=0,
    )

    # --- opt-in: a training block after development (experiment counter-mirror, model §6.6) ----
    # Catmur, Walsh & Heyes 2007 (Curr Biol 17:1527). Only the counter-mirror experiment uses
    # them; at their defaults they are left out of to_strings() and digest() (OPT_IN_DEFAULTS).
    training_mapping: Literal["incompatible", "compatible"] = Field(
        "incompatible",
        description="training block of experiment counter-mirror: executing action k while "
        "seeing the next action, k + 1 mod n_actions (incompatible; for 2 actions a swap), or "
        "while seeing k itself (compatible, the control)",
        json_schema_extra={
            "source": "model §6.6; Catmur, Walsh & Heyes 2007; Catmur et al. 2008",
            "run_time": True,
        },
    )
    n_train_repeats: int = _n(
        20,
        "executions per action in the training block of experiment counter-mirror",
        "not tuned: as many as in development (n_dev_repeats), an equal dose",
        le=10_000,
    )

    @field_validator("*", mode="before")
    @classmethod
    def _to_quantity(cls, value: Any, info: Any) -> Any:
        field = cls.model_fields[info.field_name]
        extra = field.json_schema_extra or {}
        unit = extra.get("unit") if isinstance(extra, dict) else None
        if unit is None:
            return _plain_value(value, field.annotation)
        q = as_quantity(value, unit)
        x = float(q / unit)
        where = "" if unit is ONE else f" {unit_symbol(unit)}"
        got = f"{x!r}{where}"
        if extra["gt"] is not None and not x > extra["gt"]:
            raise ValueError(f"must be > {extra['gt']}{where}, got {got}")
        if extra["ge"] is not None and not x >= extra["ge"]:
            raise ValueError(f"must be >= {extra['ge']}{where}, got {got}")
        if extra["le"] is not None and not x <= extra["le"]:
            raise ValueError(f"must be <= {extra['le']}{where}, got {got}")
        return float(q) if unit is ONE else q

    @model_validator(mode="after")
    def _consistent(self) -> Params:
        def show(name: str) -> str:
            value = getattr(self, name)
            if isinstance(value, Quantity):
                unit = type(self).model_fields[name].json_schema_extra["unit"]  # type: ignore[index]
                return f"{name} = {float(value / unit):g} {unit_symbol(unit)}"
            return f"{name} = {value}"

        if not self.v_reset < self.v_threshold:
            raise ValueError(
                f"v_reset must be below v_threshold ({show('v_reset')}, {show('v_threshold')})"
            )
        if not self.e_inh < self.v_reset:
            raise ValueError(
                "e_inh must be below v_reset (inhibition must hyperpolarise; "
                f"{show('e_inh')}, {show('v_reset')})"
            )
        if self.input_dt > self.dt and not (
            _whole(self.input_dt / self.dt) and _whole(self.delay / self.input_dt)
        ):
            raise ValueError(
                "input_dt must be a whole multiple of dt and divide the synaptic delay "
                f"({show('input_dt')}, {show('dt')}, {show('delay')})"
            )
        if abs(self.reafference_delay) > self.t_trial:
            raise ValueError(
                "reafference_delay must lie between -t_trial and t_trial "
                f"({show('reafference_delay')}, {show('t_trial')})"
            )
        if self.n_sgate and not self.n_mn:
            raise ValueError(
                "n_sgate needs n_mn > 0: the spinal gate inhibits the motoneurons "
                f"({show('n_sgate')}, {show('n_mn')})"
            )
        if self.n_sounding_actions > self.n_actions:
            raise ValueError(
                "n_sounding_actions must not exceed n_actions "
                f"({show('n_sounding_actions')}, {show('n_actions')})"
            )
        if self.n_memory_per_action and not self.n_object_inputs:
            raise ValueError(
                "n_memory_per_action needs n_object_inputs > 0: the memory holds hidden actions, "
                f"and only runs with an object input have them ({show('n_memory_per_action')})"
            )
        if self.n_interaction_per_action and not self.n_object_inputs:
            raise ValueError(
                "n_interaction_per_action needs n_object_inputs > 0: interaction cells fire only "
                "while an object is there, and only runs with an object input know when "
                f"({show('n_interaction_per_action')})"
            )
        if self.n_object_inputs and not self.screen_time + self.analysis_start < self.t_trial:
            raise ValueError(
                "screen_time + analysis_start must be shorter than t_trial: the hidden part "
                f"needs a response window ({show('screen_time')}, {show('analysis_start')}, "
                f"{show('t_trial')})"
            )
        if self.n_object_inputs and not self.analysis_start < self.screen_time:
            raise ValueError(
                "screen_time must be longer than analysis_start: the visible part needs a "
                f"response window ({show('screen_time')}, {show('analysis_start')})"
            )
        if self.analysis_start >= self.t_trial:
            raise ValueError(
                "analysis_start must be shorter than t_trial "
                f"({show('analysis_start')}, {show('t_trial')})"
            )
        if self.tms_time + self.mep_window > self.t_trial + self.t_iti:
            raise ValueError(
                "tms_time + mep_window must fit in a trial and its interval "
                f"({show('tms_time')}, {show('mep_window')}, {show('t_trial')})"
            )
        if not self.tau_gabab_rise < self.tau_gabab_decay:
            raise ValueError(
                "tau_gabab_rise must be shorter than tau_gabab_decay "
                f"({show('tau_gabab_rise')}, {show('tau_gabab_decay')})"
            )
        for name in ("sici_isi", "lici_isi"):
            isi_ms = float(getattr(self, name) / ms)
            if abs(isi_ms - round(isi_ms)) > 1e-9 or round(isi_ms) < 3:
                raise ValueError(
                    f"{name} must be a whole number of ms, at least 3 ms: pulses are placed on "
                    f"the protocol's 1 ms grid ({show(name)})"
                )
        if self.action_space == "grip_goal" and self.n_actions != 4:
            raise ValueError(
                "action_space 'grip_goal' has 4 actions (2 grips x 2 goals): set n_actions = 4 "
                f"({show('n_actions')})"
            )
        if self.sight_grip_width_factor != 1.0 and (
            self.action_space != "grip_goal" or self.tuning != "graded"
        ):
            raise ValueError(
                "sight_grip_width_factor needs action_space 'grip_goal' and tuning 'graded' "
                f"({show('sight_grip_width_factor')}, {show('action_space')}, {show('tuning')})"
            )
        if self.observation_inhibition == "off" and self.obs_i_targets != "f5_m1":
            raise ValueError(
                "obs_i_targets needs observation_inhibition on "
                f"({show('obs_i_targets')}, {show('observation_inhibition')})"
            )
        if self.observation_inhibition != "off" and self.n_obs_i < self.n_actions:
            raise ValueError(
                "observation_inhibition needs at least one obs_i cell per action "
                f"({show('n_obs_i')}, {show('n_actions')})"
            )
        for pop in ("n_f5_e", "n_ipl_e", "n_m1_e"):
            if getattr(self, pop) < self.n_actions:
                raise ValueError(
                    f"{pop} must be at least n_actions ({show(pop)}, {show('n_actions')})"
                )
        if int(self.f5_pool_fraction * self.n_f5_e) < self.n_actions:
            raise ValueError(
                "f5_pool_fraction * n_f5_e must give at least one neuron per action "
                f"({show('f5_pool_fraction')}, {show('n_f5_e')}, "
                f"{show('n_actions')})"
            )
        return self

    # --- conversion ------------------------------------------------------------------------------
    def to_strings(self) -> dict[str, Any]:
        """Parameters as JSON-able values: quantities as strings in their declared unit.

        Opt-in options at their default (:data:`OPT_IN_DEFAULTS`) are left out, so that adding
        them changed no digest of an existing parameter set (sweep keys, build keys, references).
        """
        out: dict[str, Any] = {}
        for name, field in type(self).model_fields.items():
            value = getattr(self, name)
            if name in OPT_IN_DEFAULTS and value == OPT_IN_DEFAULTS[name]:
                continue
            extra = field.json_schema_extra or {}
            unit = extra.get("unit") if isinstance(extra, dict) else None
            out[name] = (
                format_quantity(value, unit) if unit is not None and unit is not ONE else value
            )
        return out

    def digest(self, length: int = 16) -> str:
        """Short SHA-256 of the parameters (as :meth:`to_strings` writes them)."""
        return digest(self, length)

    def describe(self) -> list[dict[str, str]]:
        """One row per parameter, for docs and ``mirrorsim params``.

        Keys: ``name``; ``value`` (as :meth:`to_strings` writes it); ``number`` and ``unit`` (the
        value in the declared unit, and that unit's symbol, ``""`` if dimensionless); ``bounds``
        (the allowed range, e.g. ``"[0, 1]"``, ``"> 0"``, or the allowed words); ``description``
        and ``source``.
        """
        rows = []
        strings = self.to_strings()
        for name, default in OPT_IN_DEFAULTS.items():
            if isinstance(default, Quantity) and name not in strings:
                unit = type(self).model_fields[name].json_schema_extra["unit"]  # type: ignore[index]
                default = format_quantity(default, unit)
            strings.setdefault(name, default)
        for name, field in type(self).model_fields.items():
            extra = field.json_schema_extra or {}
            extra = extra if isinstance(extra, dict) else {}
            value = getattr(self, name)
            unit = extra.get("unit")
            dimensional = unit is not None and unit is not ONE
            rows.append(
                {
                    "name": name,
                    "value": str(strings[name]),
                    "number": _number(value / unit if dimensional else value),
                    "unit": unit_symbol(unit) if dimensional else "",
                    "bounds": _bounds(field),
                    "description": field.description or "",
                    "source": str(extra.get("source", "")),
                }
            )
        return rows


OPT_IN_DEFAULTS: dict[str, Any] = {
    "action_space": "labels",
    "tuning": "pools",
    "tuning_width": 0.6,
    "tuning_width_spread": 0.5,
    "tuning_jitter": 0.25,
    "sight_grip_width_factor": 1.0,
    "ipl_f5_wiring": "targeted",
    "heterosynaptic_cubic": 0.0,
    "transmitter_induced": 0.0,
    "observation_inhibition": "off",
    "obs_i_targets": "f5_m1",
    "n_obs_i": 100,
    "p_ipl_obs_i": 0.4,
    "w_ipl_obs_i": 0.6 * nS,
    "p_obs_i_e": 0.2,
    "w_obs_i_e": 2.0 * nS,
    "istdp_eta": 0.01 * nS,
    "istdp_tau": 20 * ms,
    "istdp_rho0": 5 * Hz,
    "istdp_w_max": 100 * nS,
    "n_dev_unpaired": 0,
    "n_sounding_actions": 0,
    "n_object_inputs": 0,
    "n_memory_per_action": 0,
    "n_interaction_per_action": 0,
    "screen_time": 250 * ms,
    "training_mapping": "incompatible",
    "n_train_repeats": 20,
    "eeg_patch_area": 6 * cm2,
    "n_sgate": 0,
}
"""Opt-in options (model §2.4, §2.5, §3.8, §6.6, §6.7, §6.10, §6.11) and their defaults, which
reproduce the model without them: left out of :meth:`Params.to_strings` (and so of every
digest) at these values."""


def _whole(ratio: Any) -> bool:
    """Whether a ratio of two quantities is a whole number (to rounding)."""
    ratio = float(ratio)
    return abs(ratio - round(ratio)) < 1e-9 * max(1.0, abs(ratio))


def _number(value: Any) -> str:
    """A plain number as short text (``0.3``, not ``0.30000000000000004``); other values as str."""
    if isinstance(value, bool | str):
        return str(value)
    return f"{float(value):.12g}"


def _bounds(field: Any) -> str:
    """The allowed range of a field as text: from the quantity bounds, the pydantic ``ge``/``le``
    constraints of a count, or the words of an enumeration. ``""`` if unbounded."""
    if get_origin(field.annotation) is Literal:
        return ", ".join(str(word) for word in get_args(field.annotation))
    extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
    gt, ge, le = extra.get("gt"), extra.get("ge"), extra.get("le")
    for constraint in field.metadata:
        ge = getattr(constraint, "ge", ge)
        gt = getattr(constraint, "gt", gt)
        le = getattr(constraint, "le", le)
    low = f"({gt:g}" if gt is not None else f"[{ge:g}" if ge is not None else None
    if low is not None and le is not None:
        return f"{low}, {le:g}]"
    if low is not None:
        return f"> {gt:g}" if gt is not None else f"≥ {ge:g}"
    return f"≤ {le:g}" if le is not None else ""


def parameter_names() -> list[str]:
    return list(Params.model_fields)


def run_time_params() -> frozenset[str]:
    """Names of the parameters flagged ``run_time`` (values of a compiled simulation, not code):
    a standalone binary is re-run with new values of these without being rebuilt."""
    return frozenset(
        name
        for name, field in Params.model_fields.items()
        if isinstance(field.json_schema_extra, dict) and field.json_schema_extra.get("run_time")
    )


def digest(record: Mapping[str, Any] | Params, length: int = 16) -> str:
    """Short SHA-256 of a JSON-able record (or of a :class:`Params`' strings), key order
    ignored: the one hash behind parameter hashes, sweep point keys and standalone build keys."""
    import hashlib
    import json

    if isinstance(record, Params):
        record = record.to_strings()
    text = json.dumps(record, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:length]


def make_params(overrides: Mapping[str, Any] | None = None, base: Params | None = None) -> Params:
    """Validated parameters: ``base`` (default :class:`Params`) with ``overrides`` applied.

    Parameters
    ----------
    overrides : mapping of str to value, optional
        Parameter names and their new values: numbers in the parameter's base unit, Brian2
        quantities, or strings with a unit (``"4 ms"``); ``uv run mirrorsim params`` lists them.
    base : Params, optional
        The parameters to start from; the defaults if omitted.

    Returns
    -------
    Params
        A new, validated parameter set (``base`` is not changed).

    Raises
    ------
    ParameterError
        One line naming the parameter, the problem and, for unknown names, the closest match.

    Examples
    --------
    >>> from mirrorsim.params import make_params
    >>> p = make_params({"n_actions": 5, "tau_exc": "4 ms"})
    >>> p.n_actions, float(p.tau_exc / 1e-3)
    (5, 4.0)
    >>> make_params({"coupling": 2.0}, base=p).n_actions
    5
    >>> make_params({"n_action": 5})
    Traceback (most recent call last):
    ...
    mirrorsim.errors.ParameterError: unknown parameter 'n_action' (did you mean 'n_actions'?)
    """
    if overrides is not None and not isinstance(overrides, Mapping):
        raise ParameterError(
            f"expected a mapping of parameter names to values, got {type(overrides).__name__}"
        )
    overrides = dict(overrides or {})
    names = parameter_names()
    for name in overrides:
        if not isinstance(name, str) or name not in names:
            hint = difflib.get_close_matches(str(name), names, n=1)
            suffix = f" (did you mean '{hint[0]}'?)" if hint else ""
            raise ParameterError(f"unknown parameter '{name}'{suffix}")
    values = base.model_dump() if base is not None else {}
    values.update(overrides)
    try:
        return Params(**values)
    except ValidationError as err:
        raise ParameterError(_one_line(err)) from None


def _plain_value(value: Any, annotation: Any) -> Any:
    """Check a value of a field without unit: a count (int) or an enumeration (Literal)."""
    if get_origin(annotation) is Literal:
        allowed = get_args(annotation)
        # YAML 1.1 reads a bare ``off`` (also ``no``, ``false``) as the boolean False.
        if value is False and "off" in allowed:
            return "off"
        return value
    if annotation is int:
        if isinstance(value, bool):
            raise ValueError(f"expected a whole number, got {value}")
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"expected a finite whole number, got {value}")
        if isinstance(value, str):
            text = value.strip()
            try:
                return int(text)
            except ValueError:
                raise ValueError(f"expected a whole number, got {value!r}") from None
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("expected a finite number")
    return value


def _one_line(err: ValidationError) -> str:
    first = err.errors()[0]
    loc = ".".join(str(x) for x in first.get("loc", ()))
    msg = str(first.get("msg", "invalid value"))
    msg = msg.removeprefix("Value error, ")
    value = first.get("input")
    if (
        loc
        and "got " not in msg
        and isinstance(value, str | int | float | bool | None)
        and str(value) not in msg
    ):
        msg = f"{msg}, got {value!r}"
    msg = " ".join(msg.split())
    return f"parameter '{loc}': {msg}" if loc else msg


def expected_unit(name: str) -> str:
    """The unit name a parameter expects (``'s'``, ``'S'``, ``'dimensionless'``), for messages."""
    extra = Params.model_fields[name].json_schema_extra or {}
    unit = extra.get("unit") if isinstance(extra, dict) else None
    return "dimensionless" if unit is None else unit_name(unit)
