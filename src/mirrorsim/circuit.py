"""The parieto-premotor mirror circuit as one explicit Brian2 ``Network``.

Populations (model §3.1; the equations, connectivity and a diagram are in model §3):

- ``sts``: action-selective visual input (Poisson), pool *k* fires while action *k* is seen.
- ``intention``: prefrontal motor intention (Poisson), pool *k* fires while *k* is executed.
- ``ipl_e``/``ipl_i``: IPL (PF/PFG); STS pool *k* drives IPL pool *k*.
- ``f5_e``/``f5_i``: ventral premotor F5; intention pool *k* drives F5 motor pool *k*.
- ``m1_e``: motor output; F5 pool *k* drives M1 pool *k*.
- ``gate``: inhibitory population that holds M1 back unless the network's own intention
  inhibits it (self-other control; Brass & Heyes 2005).
- ``ngf`` (only with ``n_ngf`` > 0): M1 neurogliaform cells, whose spikes inhibit every M1 E
  cell through a slow GABA-B conductance (model §6.12; the LICI of the TMS paradigms).
- ``sgate`` (only with ``n_sgate`` > 0): spinal gate interneurons, the M1 gate's design one level
  down: they inhibit the motoneurons until one's own intention inhibits them.
- ``mn`` (only with ``n_mn`` > 0): spinal motoneurons in pools per action, driven by M1's pools
  (model §6.12; the MEP of the TMS paradigms).
- ``tc``/``re``: a sensorimotor thalamic loop that gives F5 and M1 their resting mu rhythm.
  Rhythmic pacemaker input (``thal_drive``, ~10 Hz as in hnn-core's thalamic drive; Jones et al.
  2009) excites relay cells (``tc``) that project to F5 E (M1 inherits the rhythm from F5).
  F5/M1 E excite reticular cells (``re``) that inhibit ``tc``. At rest the relay passes the
  rhythm; when execution or observation activates F5/M1, ``re`` closes the relay and the rhythm
  desynchronises, in proportion to the activation. Nothing in the protocol switches the rhythm.

Recording: spike monitors; an LFP proxy per cortical area (summed absolute AMPA + GABA currents
of its E cells, Mazzoni et al. 2015) sampled at 1 kHz; TMS pulses (``tms``) into M1 E at times
given by the protocol. A runaway guard (``guard``) counts cortical E spikes; if their mean rate
exceeds ``runaway_rate`` over ``runaway_window`` (after the first 250 ms) it trips, every neuron
stops spiking for the rest of the run (so monitors stay bounded) and the trip time is recorded.

IPL->F5 synapses are plastic (:mod:`mirrorsim.plasticity`) and start unselective: every IPL E
neuron may contact every F5 target neuron, with random weights independent of action. Nothing
links sensory pool *k* to motor pool *k*: that mapping has to be learned. They facilitate
(short-term facilitation, ``stf_u``/``stf_tau``): sparse resting IPL activity transmits weakly,
so raising ``coupling`` raises resting F5 activity little.

Each F5 motor pool has slow, NMDA-like recurrent excitation (``f5_nmda``: within-pool, with the
Mg2+ block of Jahr & Stevens 1990; Wang 1999): strong drive leaves a reverberating tail after
the stimulus ends; moderate drive hardly does.

Neurons are conductance-based leaky integrate-and-fire cells (Vogels & Abbott 2005) with
spike-frequency adaptation in excitatory cells (Brette & Gerstner 2005), driven by balanced
Poisson background input (Destexhe et al. 2003).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import partial

import numpy as np
from brian2 import (
    Clock,
    Function,
    Network,
    NeuronGroup,
    Quantity,
    SpikeMonitor,
    StateMonitor,
    Synapses,
    TimedArray,
    amp,
    linked_var,
    ms,
    mV,
    second,
    siemens,
    volt,
)
from brian2.devices.cpp_standalone.codeobject import CPPStandaloneCodeObject
from brian2.utils.logger import catch_logs

from mirrorsim.actions import action_space
from mirrorsim.fast_random import (
    binomial,
    inverted,
    prepare,
    standalone,
    uniform_call,
    uniform_namespace,
)
from mirrorsim.params import Params, run_time_params
from mirrorsim.plasticity import (
    POSTSYNAPTIC_TRACES,
    learned_pathway,
    presynaptic_run_time_values,
    presynaptic_traces,
    rule_namespace,
    run_time_values,
)
from mirrorsim.protocols import (
    PROTOCOL_DT,
    Protocol,
    epoch_mask,
    input_drives,
    interaction_drive,
    memory_drive,
    object_drive,
    sound_drive,
    tms_pulses,
)
from mirrorsim.vector_state_update import VectorStateUpdateCodeObject

NEURON_MODEL = """
dv/dt = (g_leak * (e_leak - v) + i_syn + i_nmda - w_ad) / c_m : volt (unless refractory)
i_syn = ge * (e_exc - v) + gi * (e_inh - v) : amp
i_abs = abs(ge * (e_exc - v)) + abs(gi * (e_inh - v)) : amp
tripped : 1 (linked)
dge/dt = -ge / tau_exc : siemens
dgi/dt = -gi / tau_inh : siemens
dw_ad/dt = -w_ad / tau_adapt : amp
action : integer (constant)
"""

NO_NMDA = "i_nmda = 0 * amp : amp\n"

# Slow inhibition of M1 E cells by neurogliaform cells (``n_ngf`` > 0; model §6.12): a
# dual-exponential GABA-B conductance onto the K+ reversal potential. The terms are added to the
# cells' equations only where the cells exist, so a model without them has unchanged code.
GABAB_MODEL = """
i_gabab = g_gabab * (e_gabab - v) : amp
dg_gabab/dt = (x_gabab - g_gabab) / tau_gabab_decay : siemens
dx_gabab/dt = -x_gabab / tau_gabab_rise : siemens
"""

# Slow recurrent excitation of F5 E cells (within-pool projection ``f5_nmda``): an NMDA-like
# conductance with the voltage-dependent Mg2+ block of Jahr & Stevens (1990),
# B(v) = 1 / (1 + [Mg]/3.57 mM * exp(-0.062 v/mV)), [Mg] = 1 mM.
NMDA_MODEL = """
i_nmda = g_nmda * (e_exc - v) / (1 + mg_ratio * exp(-v / v_mg)) : amp
dg_nmda/dt = -g_nmda / tau_nmda : siemens
"""
# The same current in C++ standalone code, through :func:`_nmda_current`: skipped where
# ``g_nmda`` is 0 (where it gives 0: in the 40 % of F5 E cells outside the motor pools, which
# have no NMDA synapses, and before a cell's first NMDA input), and the Mg2+ block read from a
# table between -120 and 0 mV (exact outside). Its exponential made the F5 E state update the
# model's costliest code object (issue 23's profile).
NMDA_MODEL_STANDALONE = """
i_nmda = nmda_current(g_nmda, v) : amp
dg_nmda/dt = -g_nmda / tau_nmda : siemens
"""
MG_RATIO = 1.0 / 3.57
V_MG = mV / 0.062
#: The Mg2+ block's table (standalone): from -120 mV to 0 mV in steps of 0.05 mV, linearly
#: interpolated: relative error below h**2 / (8 v_mg**2) = 1.2e-6 (tested), far below what
#: the block's measured constants are known to.
MG_TABLE_LOW, MG_TABLE_HIGH, MG_TABLE_STEP = -0.120, 0.0, 0.05e-3  # volt


def mg_block(v: np.ndarray | float) -> np.ndarray | float:
    """Jahr & Stevens (1990) Mg2+ block at [Mg2+] = 1 mM, ``v`` in volt."""
    return 1.0 / (1.0 + MG_RATIO * np.exp(-np.asarray(v) / float(V_MG / volt)))


def _nmda_current(params: Params) -> Function:
    """``g_nmda * (e_exc - v) * B(v)`` (Mg2+ block ``B``, :func:`mg_block`) as a C++ standalone
    function: 0 without further work where ``g_nmda`` is 0, ``B`` from a table within
    [:data:`MG_TABLE_LOW`, :data:`MG_TABLE_HIGH`] and from its formula outside (tested)."""
    e_exc, v_mg = float(params.e_exc / volt), float(V_MG / volt)

    def current(g, v):
        return g * (e_exc - v) * mg_block(v)

    function = Function(current, arg_units=[siemens, volt], return_unit=amp)
    n_points = int(round((MG_TABLE_HIGH - MG_TABLE_LOW) / MG_TABLE_STEP)) + 1
    code = f"""
static double _mg_block_table[{n_points}];
static inline double _mg_block_exact(const double v)
{{
    return 1.0 / (1.0 + {MG_RATIO!r} * exp(-v / {v_mg!r}));
}}
static const bool _mg_block_filled = []() {{
    for (int k = 0; k < {n_points}; k++)
        _mg_block_table[k] = _mg_block_exact({MG_TABLE_LOW!r} + k * {MG_TABLE_STEP!r});
    return true;
}}();
static inline double nmda_current(const double g_nmda, const double v)
{{
    if (g_nmda == 0.0)
        return 0.0;
    const double x = (v - {MG_TABLE_LOW!r}) * {1.0 / MG_TABLE_STEP!r};
    double block;
    if (__builtin_expect(x >= 0.0 && x < {n_points - 1}.0, 1))
    {{
        const int k = (int)x;
        const double f = x - k;
        block = _mg_block_table[k] + f * (_mg_block_table[k + 1] - _mg_block_table[k]);
    }}
    else
        block = _mg_block_exact(v);
    return g_nmda * ({e_exc!r} - v) * block;
}}
"""
    function.implementations.add_implementation(
        CPPStandaloneCodeObject, code={"support_code": code}, name="nmda_current"
    )
    return function


INPUT_MODEL = """
rate = rate_input_base + (rate_input_active - rate_input_base) * drive(t, action) : Hz
action : integer (constant)
hazard_left : 1
spend : 1
"""

POPULATIONS = ("sts", "intention", "ipl_e", "ipl_i", "f5_e", "f5_i", "m1_e", "gate", "tc", "re")
EXCITATORY = ("ipl_e", "f5_e", "m1_e")
INPUTS = ("sts", "intention")
#: The cortical spiking populations (without the inputs and the thalamic loop): what firing
#: statistics and rates are reported for.
CORTICAL = ("ipl_e", "ipl_i", "f5_e", "f5_i", "m1_e", "gate")
#: Populations built only when an opt-in option asks for them (``obs_i``: model §2.5; ``aud``,
#: the auditory input of sounding actions: §6.10; ``obj``, ``wm`` and ``sti``, the object
#: input, the working memory of a hidden action and STS hand-object interaction cells: §6.11;
#: ``ngf``, M1's neurogliaform cells, and ``mn``, spinal motoneurons: §6.12); their spikes are
#: recorded with the others when present. New ones go last: the position orders the
#: background draws of a time step.
OPTIONAL_POPULATIONS = ("obs_i", "aud", "obj", "wm", "sti", "ngf", "mn", "sgate")
#: Each motoneuron takes this share of its M1 pool's cells, drawn at random (model §6.12):
#: motoneurons with different inputs make a graded recruitment, not all-or-none.
M1_MN_PROBABILITY = 0.5
#: The optional populations that are Poisson inputs, not neurons.
OPTIONAL_INPUTS = ("aud", "obj", "wm", "sti")
LFP_AREAS = ("ipl", "f5", "m1")
LFP_DT = 1 * ms
#: The cells of each area whose excitatory synaptic current drives its haemodynamics (the
#: model's M1 is its output cells and the gate that withholds them).
BOLD_AREAS = {"ipl": ("ipl_e", "ipl_i"), "f5": ("f5_e", "f5_i"), "m1": ("m1_e", "gate")}

GUARD_MODEL = """
count : 1
tripped : 1
"""
GUARD_SETTLE = 250 * ms
"""The guard ignores the first 250 ms: cells start at random voltages with no synaptic input, and
at weak inhibition the transient this sets off alone would trip it, whatever follows."""


@dataclass
class Circuit:
    """A built circuit: the network and handles to its parts (no globals)."""

    network: Network
    groups: dict[str, NeuronGroup]
    synapses: dict[str, Synapses]
    spike_monitors: dict[str, SpikeMonitor]
    params: Params
    timed_arrays: dict[str, TimedArray] = field(default_factory=dict)
    lfp_monitors: dict[str, StateMonitor] = field(default_factory=dict)
    drive_monitors: dict[str, StateMonitor] = field(default_factory=dict)
    guard_monitor: SpikeMonitor | None = None
    background: list[BackgroundInput] = field(default_factory=list)

    @property
    def plastic(self) -> Synapses:
        return self.synapses["ipl_f5"]

    def run(self, protocol: Protocol, report=None, report_period=10 * second) -> None:
        """Simulate ``protocol`` in the pieces of :func:`run_segments`: the learning rule's
        postsynaptic pathway runs only while it can change a weight (plus the history its traces
        need), not through the test blocks, where it cost a fifth of the loop.

        ``report`` is Brian2's (``"stdout"`` or a function ``(elapsed, completed, start,
        duration)``); a function is told the fraction of the whole protocol completed.
        """
        segments = run_segments(self.params, protocol)
        done = 0.0
        # (no local variable may share a name with the model's: Brian2 resolves the names of
        # the equations in this frame too, e.g. ``learning``, the plasticity gain)
        for duration, pathway_on in segments:
            self.plastic.post.active = pathway_on
            piece_report = report
            if callable(report):
                piece_report = _scaled_report(report, done, duration, protocol.duration)
            self.network.run(duration * second, report=piece_report, report_period=report_period)
            done += duration
        self.plastic.post.active = True

    def run_args(self, params: Params, protocol: Protocol) -> dict:
        """``run_args`` that give a compiled binary of this circuit ``params`` and ``protocol``.

        Only :data:`RUN_TIME_PARAMS` may differ from the parameters it was built with.
        """
        args: dict = {
            self.synapses[name].w_syn: w
            for name, w in synaptic_weights(params).items()
            if name in self.synapses
        }
        for name, value in run_time_values(params).items():
            args[getattr(self.plastic, name)] = value
        for name, value in presynaptic_run_time_values(params).items():
            args[getattr(self.groups["ipl_e"], name)] = value
        for projection in ("obs_f5", "obs_m1"):  # learned observation inhibition (model §2.5)
            if projection in self.synapses and params.observation_inhibition != "fixed":
                for name, value in istdp_values(params).items():
                    args[getattr(self.synapses[projection], name)] = value
        for name, values in drive_arrays(params, protocol).items():
            args[self.timed_arrays[name]] = values
        return args


def pool_of(n: int, n_actions: int, n_pooled: int | None = None) -> np.ndarray:
    """Action pool of each of ``n`` neurons: contiguous pools, the last ``n - n_pooled`` get -1."""
    n_pooled = n if n_pooled is None else n_pooled
    pools = np.full(n, -1, dtype=int)
    pools[:n_pooled] = np.arange(n_pooled) * n_actions // n_pooled
    return pools


def gabab_peak_factor(params: Params) -> float:
    """Peak of the GABA-B conductance after a unit step of ``x_gabab`` (:data:`GABAB_MODEL`):
    ``tr / (td - tr) * (exp(-t*/td) - exp(-t*/tr))`` at its time ``t* = tr td ln(td/tr) / (td -
    tr)``; a spike's step is its peak conductance divided by this."""
    tr = float(params.tau_gabab_rise / second)
    td = float(params.tau_gabab_decay / second)
    t_peak = tr * td * math.log(td / tr) / (td - tr)
    return tr / (td - tr) * (math.exp(-t_peak / td) - math.exp(-t_peak / tr))


def _neurons(
    name: str,
    n: int,
    params: Params,
    excitatory: bool,
    extra_model: str = "",
    nmda: bool = False,
    gabab: bool = False,
) -> NeuronGroup:
    namespace = {
        "tau_nmda": params.tau_nmda,
        "mg_ratio": MG_RATIO,
        "v_mg": V_MG,
        "g_leak": params.g_leak,
        "e_leak": params.e_leak,
        "e_exc": params.e_exc,
        "e_inh": params.e_inh,
        "c_m": params.c_m,
        "tau_exc": params.tau_exc,
        "tau_inh": params.tau_inh,
        "tau_adapt": params.tau_adapt,
        "v_threshold": params.v_threshold,
        "v_reset": params.v_reset,
        "b_adapt": params.b_adapt if excitatory else 0 * params.b_adapt,
    }
    model = NEURON_MODEL
    if gabab:  # model §6.12: the cell takes the neurogliaform cells' slow inhibition
        model = model.replace("i_syn + i_nmda", "i_syn + i_nmda + i_gabab") + GABAB_MODEL
        namespace |= {
            "e_gabab": params.e_gabab,
            "tau_gabab_rise": params.tau_gabab_rise,
            "tau_gabab_decay": params.tau_gabab_decay,
        }
    nmda_model = NO_NMDA
    if nmda and standalone():
        nmda_model = NMDA_MODEL_STANDALONE
        namespace["nmda_current"] = _nmda_current(params)
    elif nmda:
        nmda_model = NMDA_MODEL
    group = NeuronGroup(
        n,
        model + nmda_model + extra_model,
        threshold="v > v_threshold and tripped == 0",
        reset="v = v_reset; w_ad += b_adapt",
        refractory=params.t_ref,
        method="euler",
        namespace=namespace,
        name=name,
    )
    if standalone():  # the same update in a form the compiler vectorises
        group.state_updater.codeobj_class = VectorStateUpdateCodeObject
    # Drawn by the generated code from Brian2's generator: a compiled binary re-run with
    # another seed draws them anew (see mirrorsim.standalone).
    group.v = "e_leak + (v_threshold - e_leak) * rand()"
    return group


def graded_input_model(params: Params) -> str:
    """Equations of a graded input cell (model §3.8): per feature dimension *d* a preferred
    coordinate ``pref_d`` and a width ``sig_d``; per action *k* a gain ``g_k`` in (0, 1]; the rate
    rises by ``g_k`` times the full response while action *k* is on."""
    space = action_space(params.action_space, params.n_actions)
    n_dims = space.coordinates.shape[1]
    gains = " + ".join(f"g_{k} * drive(t, {k})" for k in range(params.n_actions))
    lines = [f"rate = rate_input_base + (rate_input_active - rate_input_base) * ({gains}) : Hz"]
    lines += ["action : integer (constant)", "hazard_left : 1", "spend : 1"]
    lines += [f"pref_{d} : 1 (constant)\nsig_{d} : 1 (constant)" for d in range(n_dims)]
    lines += [f"g_{k} : 1 (constant)" for k in range(params.n_actions)]
    return "\n".join(lines) + "\n"


def _set_graded_tuning(group: NeuronGroup, params: Params) -> None:
    """Draw each input cell's tuning (model §3.8) with Brian2's generator (seeded per run).

    Preferred point: the coordinates of the cell's action plus Gaussian jitter
    (``tuning_jitter``) per dimension; width per dimension uniform in ``tuning_width`` x (1 +-
    ``tuning_width_spread``); gain for action *k*: a Gaussian of the distance from the preferred
    point to action *k*'s point, ``exp(-sum_d (pref_d - x_kd)^2 / (2 sig_d^2))``. Sight cells
    (``sts``) of the grip x goal space are ``sight_grip_width_factor`` times wider along the grip.
    """
    p = params
    space = action_space(p.action_space, p.n_actions)
    coords = space.coordinates
    for d in range(coords.shape[1]):
        own = " + ".join(
            f"{float(coords[k, d])!r} * int(action == {k})" for k in range(p.n_actions)
        )
        setattr(group, f"pref_{d}", f"{own} + {p.tuning_jitter!r} * randn()")
        width = p.tuning_width
        if group.name == "sts" and space.feature_names[d : d + 1] == ("grip",):
            width *= p.sight_grip_width_factor
        setattr(
            group,
            f"sig_{d}",
            f"{width!r} * (1 + {p.tuning_width_spread!r} * (2 * rand() - 1))",
        )
    for k in range(p.n_actions):
        exponent = " + ".join(
            f"(pref_{d} - {float(coords[k, d])!r})**2 / (2 * sig_{d}**2)"
            for d in range(coords.shape[1])
        )
        setattr(group, f"g_{k}", f"exp(-({exponent}))")


def _inputs(
    name: str,
    n_per_action: int,
    params: Params,
    drive: TimedArray,
    tuned: bool = True,
    clock: Clock | None = None,
    drive_clock: Clock | None = None,
) -> NeuronGroup:
    """Poisson generators: each cell fires in a time step with probability ``rate * dt``,
    independently of other steps and cells (``rate``: ``rate_input_active`` where ``drive`` is
    1, ``rate_input_base`` where it is 0; the drive arrays are on/off).

    The generators run on the input clock (:func:`input_step`): "step" here is its step.
    Drawn without a random number per cell and step: each cell holds ``hazard_left``, an
    Exp(1) draw, and spends ``-log(1 - rate * dt)`` of it per step; it fires in the step where
    the rest runs out, and draws a new one. The probability of not firing in a step is then
    ``exp(log(1 - rate * dt)) = 1 - rate * dt`` whatever came before (the exponential is
    memoryless): the same process as one uniform draw per cell and step against
    ``rate * dt``, at the cost of a subtraction per step and a draw per spike.

    ``tuned=False``: one pool of ``n_per_action`` cells that all follow ``drive``'s only column
    (the object input, model §6.11). ``clock``, ``drive_clock``: clocks of the input step and
    of ``drive``'s step to share (:func:`shared_clocks`); by default the group has its own.
    """
    n_actions = params.n_actions if tuned else 1
    step = input_step(params)
    dt = float(step / second)
    graded = tuned and params.tuning == "graded"
    group = NeuronGroup(
        n_per_action * n_actions,
        graded_input_model(params) if graded else INPUT_MODEL,
        **({"clock": clock} if clock is not None else {"dt": step}),
        threshold="hazard_left <= 0",
        reset=f"hazard_left = -log(1 - {uniform_call()})",
        namespace={
            "rate_input_base": params.rate_input_base,
            "rate_input_active": params.rate_input_active,
            "hazard_base": -np.log1p(-float(params.rate_input_base / second**-1) * dt),
            "hazard_active": -np.log1p(-float(params.rate_input_active / second**-1) * dt),
            "drive": drive,
        }
        | uniform_namespace(),
        name=name,
    )
    # Graded cells (model §3.8) have a rate of their own: they spend -log(1 - rate dt) per step.
    spend = (
        "-log(1 - rate * input_step)"
        if graded
        else "hazard_base + (hazard_active - hazard_base) * drive(t, action)"
    )
    group.namespace["input_step"] = step
    drive_step = drive.dt * second
    steps_per_drive = float(drive_step / step)
    if abs(steps_per_drive - round(steps_per_drive)) < 1e-9 * steps_per_drive:
        # The spend changes only where the drive does, on the drive array's grid: it is computed
        # there, once per cell (before the step's threshold), and each step subtracts it, a loop
        # the compiler vectorises (issue 23). The same values as computed per step.
        if drive_clock is not None and abs(float(drive_clock.dt / drive_step) - 1) > 1e-9:
            drive_clock = None  # a drive array on another grid than the shared clock's
        group.run_regularly(
            f"spend = {spend}",
            **({"clock": drive_clock} if drive_clock is not None else {"dt": drive_step}),
            when="start",
            name=f"{name}_spend",
        )
        spend = "spend"
    group.run_regularly(
        f"hazard_left -= {spend}",
        when="thresholds",
        order=-1,
        name=f"{name}_hazard",
    )
    group.action = pool_of(n_per_action * n_actions, n_actions)
    group.hazard_left = "-log(1 - rand())"
    if graded:
        _set_graded_tuning(group, params)
    return group


@dataclass(frozen=True)
class BackgroundInput:
    """``n_inputs`` independent Poisson synapses at ``rate`` each onto every cell of
    ``population``, adding ``weight`` to ``variable`` per event."""

    population: str
    variable: str
    n_inputs: int
    rate: Quantity
    weight: Quantity


def _background(
    group: NeuronGroup, params: Params, rate_exc, rate_inh, clock: Clock | None = None
) -> list[BackgroundInput]:
    """Balanced excitatory and inhibitory Poisson background (Destexhe et al. 2003).

    The same binomial draws per cell and step as Brian2's ``PoissonInput`` (excitatory, then
    inhibitory count; :func:`mirrorsim.fast_random.binomial`), as one named ``run_regularly``
    operation per population: PoissonInput's automatic names (``poissoninput_13``) depend on
    what the process built before, which changed the generated code of a second build in one
    process (so a cached build could not be reused) and, through the (order, name) scheduling
    of one time slot, the order of random draws. A fixed ``order`` per population keeps the
    draws in a fixed order. ``clock``: a clock of the input step to share (:func:`shared_clocks`).
    """
    inputs = [BackgroundInput(group.name, "ge", 100, rate_exc / 100, params.w_bg_exc)]
    if float(rate_inh) > 0:
        inputs.append(BackgroundInput(group.name, "gi", 100, rate_inh / 100, params.w_bg_inh))
    code = []
    step = input_step(params)
    prepared = []
    for bg in inputs:
        label = f"background_{bg.variable}_{group.name}"
        p_step = float(bg.rate * step)
        # in standalone mode, the step's draws are made contiguous once, before the loop over the
        # cells (scalar code), and the loop reads them: a loop the compiler vectorises
        per_cell = standalone() and inverted(bg.n_inputs, p_step)
        draw = binomial(
            bg.n_inputs, p_step, name=f"{label}_n", cells=len(group) if per_cell else None
        )
        group.namespace[draw.name] = draw
        group.namespace[f"{label}_w"] = bg.weight
        if per_cell:
            group.namespace[f"{draw.name}_prepare"] = prepare(draw)
            prepared.append(f"{label}_ready = {draw.name}_prepare()")
        code.append(f"{bg.variable} += {draw.name}() * {label}_w")
    code = prepared + code
    group.run_regularly(
        "\n".join(code),
        **({"clock": clock} if clock is not None else {"dt": step}),
        when="synapses",
        order=1 + (POPULATIONS + OPTIONAL_POPULATIONS).index(group.name),
        name=f"background_{group.name}",
    )
    return inputs


def shared_clocks(params: Params) -> dict[str, Clock]:
    """The circuit's clocks besides Brian2's default one: ``input`` (the input step,
    :func:`input_step`) for the stimulus generators and the background, ``drive`` (the drive
    arrays' step) for the generators' rates, ``probe`` (``LFP_DT``) for the LFP and BOLD probes.

    Every object given only a ``dt`` gets a clock of its own, and Brian2's compiled loop
    collects the clocks due in each step into a set and looks every object's clock up in it:
    with ~45 clocks that cost ~5 % of the loop (issue 23). Objects sharing a clock run in the
    same order (the schedule orders by slot, order and name, not by clock), so the spikes are
    the same.
    """
    return {
        "input": Clock(dt=input_step(params), name="input_clock"),
        "drive": Clock(dt=PROTOCOL_DT * second, name="drive_clock"),
        "probe": Clock(dt=LFP_DT, name="probe_clock"),
    }


def input_step(params: Params) -> Quantity:
    """The clock of the Poisson inputs: ``input_dt``, or ``dt`` where that is longer.

    The background counts and the stimulus generators are the model's costliest parts per
    step (issue 23's profile: two binomial draws per cell and step, and a countdown and a
    threshold test per generator and step). On a coarser clock they draw the summed counts of
    the step's sources, or fire with the probability of the longer step: the same rates and
    the same Poisson statistics of counts, only with events within one step arriving together
    at its start, on a grid that all cells share. At 0.5 ms that made the simulation ~1.8x
    faster but, compared seed by seed over 20 seeds, lowered almost every rate a little
    (median 0.4 %; README, speed), so the default stays at ``dt``.
    """
    return max(params.dt, params.input_dt)


def _connect(
    name: str, pre, post, target: str, p: float, delay, condition: str | None = None
) -> Synapses:
    """Random connections with probability ``p``; the weight ``w_syn`` is set afterwards.

    ``w_syn`` is a shared variable, not a constant compiled into the code, so a compiled
    standalone binary can be re-run with other weights (:func:`synaptic_weights`).
    """
    syn = Synapses(
        pre,
        post,
        model="w_syn : siemens (shared, constant)",
        on_pre=f"{target}_post += w_syn",
        delay=delay,
        name=name,
    )
    if condition is None:
        syn.connect(p=p)
    else:
        syn.connect(condition=condition, p=p)
    return syn


#: Parameters that enter the circuit only through :func:`synaptic_weights`,
#: :func:`drive_arrays` and :func:`mirrorsim.plasticity.run_time_values`: those whose field is
#: flagged ``run_time`` in :class:`~mirrorsim.params.Params` (declared there, once). A compiled
#: standalone binary is re-run with new values of these (and a new seed) without being rebuilt;
#: any other parameter changes the generated code. Whether IPL->F5 facilitation is on at all
#: (``stf_u < 1``) is structure: see :func:`structure_flags`.
RUN_TIME_PARAMS = run_time_params()


def structure_flags(params: Params) -> dict[str, bool]:
    """Options whose on/off state changes the generated code though their values are run-time."""
    return {
        "stf": params.stf_u < 1.0,
        "tms_gate": float(params.w_tms_gate / siemens) > 0,
        "ngf": params.n_ngf > 0,
        "mn": params.n_mn > 0,
        "sgate": params.n_sgate > 0,
    }


def synaptic_weights(params: Params) -> dict[str, Quantity]:
    """Conductance step of every fixed projection, by synapse name (``inhibition`` applied)."""
    p, inh = params, params.inhibition
    weights = {}
    for area in ("ipl", "f5"):
        weights |= {
            f"{area}_ee": p.w_ee,
            f"{area}_ei": p.w_ei,
            f"{area}_ie": p.w_ie * inh,
            f"{area}_ii": p.w_ii * inh,
        }
    return weights | {
        "sts_ipl": p.w_input,
        "aud_ipl": p.w_input,
        "obj_ipl": p.w_input,
        "wm_ipl": p.w_input,
        "sti_ipl": p.w_input,
        "intention_f5": p.w_input,
        "f5_m1": p.w_f5_m1,
        "gate_m1": p.w_gate_m1 * inh,
        "intention_gate": p.w_intention_gate,
        "ipl_f5i": p.w_ipl_f5i,
        "ipl_obs_i": p.w_ipl_obs_i,
        "intention_obs_i": p.w_intention_gate,  # observation_inhibition = coincidence (§2.5)
        # observation_inhibition = fixed (model §2.5); with istdp these weights are learned
        **(
            {"obs_f5": p.w_obs_i_e * inh, "obs_m1": p.w_obs_i_e * inh}
            if p.observation_inhibition == "fixed"
            else {}
        ),
        "f5_nmda": p.w_f5_nmda,
        "drive_tc": p.w_drive_tc,
        "re_tc": p.w_re_tc,
        "tc_f5": p.w_tc_ctx,
        "tc_f5i": p.w_tc_f5i,
        "f5_re": p.w_ctx_re,
        "m1_re": p.w_ctx_re,
        "tms_m1": p.w_tms,
        # the TMS step onto the gate (model §6.12) exists only where it is above 0
        **({"tms_gate": p.w_tms_gate} if structure_flags(p)["tms_gate"] else {}),
        # neurogliaform cells (model §6.12): each spike's step into x_gabab, such that all of
        # them firing once gives a peak of g_gabab_volley; they reach every M1 E cell
        **(
            {
                "ngf_m1": p.g_gabab_volley * inh / (p.n_ngf * gabab_peak_factor(p)),
                "gate_ngf": p.w_gate_m1 * inh,
                "tms_ngf": p.w_tms,
            }
            if structure_flags(p)["ngf"]
            else {}
        ),
        **({"m1_mn": p.w_m1_mn} if structure_flags(p)["mn"] else {}),
        # the spinal gate (model §6.12): the M1 gate's strengths, one level down
        **(
            {"sgate_mn": p.w_gate_m1 * inh, "intention_sgate": p.w_intention_gate}
            if structure_flags(p)["sgate"]
            else {}
        ),
    }


def drive_arrays(params: Params, protocol: Protocol) -> dict[str, np.ndarray]:
    """The protocol as time courses on the :data:`PROTOCOL_DT` grid, by TimedArray name.

    ``sight``/``intention_drive``: on/off drive of each STS/intention pool (and ``sound``, of
    each auditory pool, with ``n_sounding_actions`` > 0; ``object``, of the object input, with
    ``n_object_inputs`` > 0; ``memory``, of each working-memory pool, with
    ``n_memory_per_action`` > 0); ``learning``: the
    plasticity gain (``learning_rate`` in the development block, else 0); ``coupling_gain``: 1,
    then ``coupling`` from the post-learning spontaneous epoch on; ``tms_pulse``: the pulse's
    intensity (a multiple of ``w_tms``; 1 in the main job) in the bin of each TMS pulse.
    """
    p = params
    sight, intention = input_drives(protocol, p.n_actions)
    sound = {}
    if p.n_sounding_actions:  # the auditory pools' drive (model §6.10)
        sound = {"sound": sound_drive(protocol, p.n_actions, p.n_sounding_actions)}
    if p.n_object_inputs:  # the object input's drive (model §6.11)
        sound["object"] = object_drive(protocol)
    if p.n_memory_per_action:  # the working memory's drive (model §6.11)
        sound["memory"] = memory_drive(protocol, p.n_actions)
    if p.n_interaction_per_action:  # the sight of a hand acting on an object (model §6.11)
        sound["interaction"] = interaction_drive(sight, sound["object"])
    n_bins = sight.shape[0]
    learning = epoch_mask(protocol, protocol.learning_epochs, n_bins) * p.learning_rate
    if p.plasticity == "off":
        learning[:] = 0.0
    coupling = np.ones(n_bins)
    if any(e.name == "spontaneous_post" for e in protocol.epochs):  # not in a before-only run
        coupling[int(round(protocol.epoch("spontaneous_post").start / PROTOCOL_DT)) :] = p.coupling
    tms = np.zeros(n_bins)
    times, intensities = tms_pulses(protocol, float(p.tms_time / second))
    bins = np.round(times / PROTOCOL_DT).astype(int)
    if np.unique(bins).size < bins.size:
        raise ValueError("two TMS pulses fall in one 1 ms bin of the protocol")
    tms[bins] = intensities
    return {
        "sight": sight,
        "intention_drive": intention,
        **sound,
        "learning": learning,
        "coupling_gain": coupling,
        "tms_pulse": tms,
    }


def run_segments(params: Params, protocol: Protocol) -> tuple[tuple[float, bool], ...]:
    """The run cut into ``(duration in s, learning pathway on)`` pieces, on the ``dt`` grid.

    The IPL->F5 rule changes weights only in the learning epoch, where the ``learning`` gain
    (:func:`drive_arrays`) can be above 0. Its postsynaptic pathway (``on_post``: potentiation
    and heterosynaptic depression) runs in those windows only; elsewhere its update would
    change nothing. The traces are the neurons' and run throughout
    (:func:`mirrorsim.plasticity.learned_pathway`), so they hold their whole history when
    learning starts. The presynaptic pathway, which transmits, always runs.
    """
    dt = float(params.dt / second)
    total = int(round(protocol.duration / dt))
    # The learning epoch, not the gain's value: ``learning_rate`` is a run-time value, so a
    # gain of 0 re-runs the binary built for any other gain (same pieces, same code).
    n_bins = int(np.ceil(protocol.duration / PROTOCOL_DT)) + 1  # as input_drives
    learning = epoch_mask(protocol, protocol.learning_epochs, n_bins) > 0
    if params.plasticity == "off":
        learning[:] = False
    if not learning.any():
        return ((total * dt, False),)
    edges = np.flatnonzero(np.diff(np.concatenate([[0], learning.astype(np.int8), [0]])))
    windows = []  # in steps of dt: [start, stop)
    for start, stop in zip(edges[::2], edges[1::2], strict=True):
        first = int(round(start * PROTOCOL_DT / dt))
        last = min(total, int(round(stop * PROTOCOL_DT / dt)))
        if windows and first <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], last)
        else:
            windows.append([first, last])
    pieces, now = [], 0
    for first, last in windows:
        if first > now:
            pieces.append((first - now, False))
        pieces.append((last - first, True))
        now = last
    if total > now:
        pieces.append((total - now, False))
    return tuple((steps * dt, on) for steps, on in pieces if steps > 0)


def _scaled_report(report, done: float, duration: float, total: float):
    """Brian2 ``report`` function for one piece that tells ``report`` the whole run's progress."""

    def piece(elapsed, completed, start, _duration):
        report(elapsed, (done + float(completed) * duration) / total, start, total)

    return piece


def build_circuit(params: Params, protocol: Protocol) -> Circuit:
    """Build the circuit for ``protocol``: groups, synapses, background, inputs and monitors.

    Everything random (connectivity, initial weights and voltages, Poisson input) is drawn by
    Brian2's generator: seed it with :func:`brian2.seed` in runtime mode; in standalone mode
    :mod:`mirrorsim.standalone` seeds the compiled binary. Nothing is simulated here:
    :func:`mirrorsim.simulate.run_protocol` builds the circuit and runs it.

    Parameters
    ----------
    params : Params
        Validated parameters (:func:`mirrorsim.params.make_params`): population sizes,
        connection probabilities, weights, time constants (model §3).
    protocol : Protocol
        The schedule (e.g. :func:`mirrorsim.protocols.mirror_emergence_protocol`); it sets the
        input drives (``TimedArray``) of the STS, intention, learning, coupling and TMS signals.

    Returns
    -------
    Circuit
        The Brian2 ``Network`` and handles to its parts: ``groups`` (population name ->
        ``NeuronGroup``, each with an ``action`` pool per neuron, -1 for untuned), ``synapses``
        (projection name -> ``Synapses``; ``plastic`` is the learned IPL->F5 projection),
        ``spike_monitors``, ``lfp_monitors``, the runaway guard's monitor and the background
        inputs.

    Examples
    --------
    Build the small test circuit in Brian2's runtime mode (numpy code, nothing to compile):

    >>> import brian2
    >>> from mirrorsim.params import make_params
    >>> from mirrorsim.protocols import mirror_emergence_protocol
    >>> from mirrorsim.testing import TINY_PARAMS
    >>> brian2.set_device("runtime")
    >>> brian2.prefs.codegen.target = "numpy"
    >>> brian2.seed(1)
    >>> params = make_params(TINY_PARAMS)
    >>> circuit = build_circuit(params, mirror_emergence_protocol(params, seed=1))
    >>> {name: len(group) for name, group in circuit.groups.items()}
    {'sts': 30, 'intention': 30, 'ipl_e': 80, 'ipl_i': 20, 'f5_e': 80, 'f5_i': 20, 'm1_e': 30,
     'gate': 10, 'tc': 20, 're': 10}
    >>> circuit.plastic.name
    'ipl_f5'
    >>> sorted(set(circuit.groups["f5_e"].action[:].tolist()))  # F5 E pools; -1: untuned cells
    [-1, 0, 1, 2]
    """
    p = params
    timed = {
        name: TimedArray(values, dt=PROTOCOL_DT * 1000 * ms, name=name)
        for name, values in drive_arrays(params, protocol).items()
    }

    nmda = p.p_f5_nmda > 0
    clocks = shared_clocks(p)
    inputs = partial(_inputs, params=p, clock=clocks["input"], drive_clock=clocks["drive"])
    groups = {
        "sts": inputs("sts", p.n_sts_per_action, drive=timed["sight"]),
        "intention": inputs("intention", p.n_intention_per_action, drive=timed["intention_drive"]),
        "ipl_e": _neurons("ipl_e", p.n_ipl_e, p, True, presynaptic_traces(p)),
        "ipl_i": _neurons("ipl_i", p.n_ipl_i, p, excitatory=False),
        "f5_e": _neurons(
            "f5_e",
            p.n_f5_e,
            p,
            True,
            "ipl_target : boolean (constant)\n" + POSTSYNAPTIC_TRACES,
            nmda,
        ),
        "f5_i": _neurons("f5_i", p.n_f5_i, p, excitatory=False),
        "m1_e": _neurons("m1_e", p.n_m1_e, p, excitatory=True, gabab=p.n_ngf > 0),
        "gate": _neurons("gate", p.n_gate, p, excitatory=False),
        "tc": _neurons("tc", p.n_tc, p, excitatory=True),
        "re": _neurons("re", p.n_re, p, excitatory=False),
    }
    n_f5_pooled = int(p.f5_pool_fraction * p.n_f5_e)
    groups["ipl_e"].action = pool_of(p.n_ipl_e, p.n_actions)
    groups["f5_e"].action = pool_of(p.n_f5_e, p.n_actions, n_f5_pooled)
    groups["m1_e"].action = pool_of(p.n_m1_e, p.n_actions)
    for name in ("ipl_i", "f5_i", "gate", "tc", "re"):
        groups[name].action = -1
    if p.n_ngf > 0:  # neurogliaform cells: slow inhibition of M1 by volume transmission (§6.12)
        # given the output cells' resting state (their background, the gate's inhibition and
        # their adaptation), so that their threshold to a pulse is the output cells'
        groups["ngf"] = _neurons("ngf", p.n_ngf, p, excitatory=True)
        groups["ngf"].action = -1
    if p.n_mn > 0:  # spinal motoneurons (§6.12): no input but M1's; silent at rest
        groups["mn"] = _neurons("mn", p.n_mn, p, excitatory=True)
        groups["mn"].action = pool_of(p.n_mn, p.n_actions)
    if p.n_sgate > 0:  # the spinal gate (§6.12): the M1 gate's design, onto the motoneurons
        groups["sgate"] = _neurons("sgate", p.n_sgate, p, excitatory=False)
        groups["sgate"].action = -1

    d = p.delay
    syn: dict[str, Synapses] = {}
    for area in ("ipl", "f5"):
        e, i = groups[f"{area}_e"], groups[f"{area}_i"]
        syn[f"{area}_ee"] = _connect(f"{area}_ee", e, e, "ge", p.p_local, d, "i != j")
        syn[f"{area}_ei"] = _connect(f"{area}_ei", e, i, "ge", p.p_local, d)
        syn[f"{area}_ie"] = _connect(f"{area}_ie", i, e, "gi", p.p_local, d)
        syn[f"{area}_ii"] = _connect(f"{area}_ii", i, i, "gi", p.p_local, d, "i != j")
    same_pool = "action_pre == action_post"
    sts, intention = groups["sts"], groups["intention"]
    syn["sts_ipl"] = _connect("sts_ipl", sts, groups["ipl_e"], "ge", p.p_input, d, same_pool)
    syn["intention_f5"] = _connect(
        "intention_f5", intention, groups["f5_e"], "ge", p.p_input, d, same_pool
    )
    if p.n_sounding_actions:  # action sounds reach IPL as sights do (model §6.10)
        groups["aud"] = inputs("aud", p.n_sts_per_action, drive=timed["sound"])
        syn["aud_ipl"] = _connect(
            "aud_ipl", groups["aud"], groups["ipl_e"], "ge", p.p_input, d, same_pool
        )
    if p.n_object_inputs:  # a known object drives every IPL E cell alike (model §6.11)
        groups["obj"] = inputs("obj", p.n_object_inputs, drive=timed["object"], tuned=False)
        syn["obj_ipl"] = _connect("obj_ipl", groups["obj"], groups["ipl_e"], "ge", p.p_input, d)
    if p.n_memory_per_action:  # a held sight reaches its own IPL pool as the sight did
        groups["wm"] = inputs("wm", p.n_memory_per_action, drive=timed["memory"])
        syn["wm_ipl"] = _connect(
            "wm_ipl", groups["wm"], groups["ipl_e"], "ge", p.p_input, d, same_pool
        )
    if p.n_interaction_per_action:  # hand-object interaction cells of STS, like the sight
        groups["sti"] = inputs("sti", p.n_interaction_per_action, drive=timed["interaction"])
        syn["sti_ipl"] = _connect(
            "sti_ipl", groups["sti"], groups["ipl_e"], "ge", p.p_input, d, same_pool
        )
    syn["f5_m1"] = _connect("f5_m1", groups["f5_e"], groups["m1_e"], "ge", p.p_f5_m1, d, same_pool)
    if "mn" in groups:  # corticomotoneuronal: each M1 pool onto its own motoneurons
        syn["m1_mn"] = _connect(
            "m1_mn", groups["m1_e"], groups["mn"], "ge", M1_MN_PROBABILITY, d, same_pool
        )
    syn["gate_m1"] = _connect("gate_m1", groups["gate"], groups["m1_e"], "gi", p.p_gate_m1, d)
    if "ngf" in groups:  # volume transmission reaches nearly every cell nearby (Oláh et al. 2009)
        syn["ngf_m1"] = _connect("ngf_m1", groups["ngf"], groups["m1_e"], "x_gabab", 1.0, d)
        syn["gate_ngf"] = _connect("gate_ngf", groups["gate"], groups["ngf"], "gi", p.p_gate_m1, d)
    syn["intention_gate"] = _connect(
        "intention_gate", intention, groups["gate"], "gi", p.p_input, d
    )
    if "sgate" in groups:  # withholds the motoneurons as the gate withholds M1, until one acts
        syn["sgate_mn"] = _connect("sgate_mn", groups["sgate"], groups["mn"], "gi", p.p_gate_m1, d)
        syn["intention_sgate"] = _connect(
            "intention_sgate", intention, groups["sgate"], "gi", p.p_input, d
        )
    syn["ipl_f5i"] = _connect("ipl_f5i", groups["ipl_e"], groups["f5_i"], "ge", p.p_ipl_f5i, d)
    if nmda:  # slow recurrent excitation within each F5 motor pool (NMDA-like; Wang 1999)
        syn["f5_nmda"] = _connect(
            "f5_nmda",
            groups["f5_e"],
            groups["f5_e"],
            "g_nmda",
            p.p_f5_nmda,
            d,
            "i != j and action_pre == action_post and action_pre >= 0",
        )

    # The learned pathway: IPL E -> F5 E targets, unselective at the start: a random
    # ``f5_ipl_target_fraction`` of F5 E cells each receive a random ``p_ipl_f5`` of IPL E cells
    # (``ipl_f5_wiring="unstructured"``: every F5 E cell does; model §3.8).
    targeted = p.ipl_f5_wiring == "targeted"
    if targeted:
        groups["f5_e"].ipl_target = f"rand() < {p.f5_ipl_target_fraction!r}"
    else:
        groups["f5_e"].ipl_target = True
    namespace = rule_namespace(p) | {
        "learning": timed["learning"],
        "coupling_gain": timed["coupling_gain"],
    }
    plastic, trace_keepers = learned_pathway(
        groups["ipl_e"], groups["f5_e"], p, d, namespace, name="ipl_f5"
    )
    if targeted:
        plastic.connect(condition="ipl_target_post", p=p.p_ipl_f5)
    else:
        plastic.connect(p=p.p_ipl_f5)
    low, high = p.w_init_mean - p.w_init_spread, p.w_init_mean + p.w_init_spread
    plastic.w = f"clip({low!r} + {high - low!r} * rand(), 0, 1)"
    plastic.w0 = "w"
    for name, value in run_time_values(p).items():
        setattr(plastic, name, value)
    for name, value in presynaptic_run_time_values(p).items():
        setattr(groups["ipl_e"], name, value)
    syn["ipl_f5"] = plastic

    if p.observation_inhibition != "off":
        _observation_inhibition(groups, syn, p, d, timed["learning"])
    extra = trace_keepers + _thalamic_loop(groups, syn, p, d)
    extra += _tms(groups, syn, timed["tms_pulse"], p)
    weights = synaptic_weights(p)
    for name, weight in weights.items():
        if name in syn:
            syn[name].w_syn = weight
    unset = [name for name, s in syn.items() if "w_syn" in s.variables and name not in weights]
    if unset:  # a fixed projection without a weight would be silently absent (w_syn = 0)
        raise RuntimeError(f"no weight in synaptic_weights() for projection(s) {unset}")

    background = []
    background_of = partial(_background, clock=clocks["input"])
    for name in ("ipl_e", "ipl_i"):
        background += background_of(groups[name], p, p.bg_rate_exc_ipl, p.bg_rate_inh)
    for name in ("f5_e", "f5_i", "m1_e"):
        background += background_of(groups[name], p, p.bg_rate_exc, p.bg_rate_inh)
    background += background_of(groups["gate"], p, p.bg_rate_gate, 0 * p.bg_rate_inh)
    if "ngf" in groups:  # the output cells' background, without their task input from F5
        background += background_of(groups["ngf"], p, p.bg_rate_exc, p.bg_rate_inh)
    if "sgate" in groups:  # the gate's background: tonically active until one acts
        background += background_of(groups["sgate"], p, p.bg_rate_gate, 0 * p.bg_rate_inh)
    if "obs_i" in groups:  # parietal-driven interneurons rest like IPL interneurons
        background += background_of(groups["obs_i"], p, p.bg_rate_exc_ipl, p.bg_rate_inh)
    for name in ("tc", "re"):
        background += background_of(groups[name], p, p.bg_rate_thal, 0 * p.bg_rate_inh)

    guard, guard_monitor, guard_parts = _runaway_guard(groups, p)
    lfp_monitors, lfp_parts = _lfp_probes(groups, p, clocks["probe"])
    drive_monitors, drive_parts = _drive_probes(groups, p, clocks["probe"])

    monitors = {name: SpikeMonitor(g, name=f"spikes_{name}") for name, g in groups.items()}
    net = Network(
        *groups.values(),
        *syn.values(),
        *extra,
        guard,
        *guard_parts,
        guard_monitor,
        *lfp_parts,
        *lfp_monitors.values(),
        *drive_parts,
        *drive_monitors.values(),
        *monitors.values(),
    )
    return Circuit(
        net,
        groups,
        syn,
        monitors,
        p,
        timed,
        lfp_monitors,
        drive_monitors,
        guard_monitor,
        background,
    )


#: Inhibitory STDP of Vogels et al. (2011) on the obs_i -> F5 E / M1 E synapses (model §2.5):
#: symmetric, each pair of spikes within ~istdp_tau strengthens the synapse; each presynaptic
#: spike weakens it by ``alpha = 2 * rho0 * tau``. Weights are conductances, learned only while
#: ``learning(t)`` > 0 (the development block; 0 with ``plasticity = off``).
ISTDP_MODEL = """
w_inh : siemens
istdp_eta : siemens (shared, constant)
istdp_alpha : 1 (shared, constant)
istdp_w_max : siemens (shared, constant)
dapre/dt = -apre / istdp_tau : 1 (event-driven)
dapost/dt = -apost / istdp_tau : 1 (event-driven)
"""
ISTDP_ON_PRE = """
gi_post += w_inh
apre += 1
w_inh = clip(w_inh + learning(t) * istdp_eta * (apost - istdp_alpha), istdp_w_min, istdp_w_max)
"""
ISTDP_ON_POST = """
apost += 1
w_inh = clip(w_inh + learning(t) * istdp_eta * apre, istdp_w_min, istdp_w_max)
"""


def _observation_inhibition(groups: dict, syn: dict, p: Params, delay, learning) -> None:
    """Observation-driven inhibition (``observation_inhibition`` = ``istdp``, ``fixed`` or
    ``coincidence``; model §2.5).

    ``obs_i``: ``n_obs_i`` inhibitory interneurons in ``n_actions`` pools, each driven by its own
    IPL E pool (``p_ipl_obs_i``, ``w_ipl_obs_i``: the parietal visual input to F5). They project
    onto F5 E and M1 E cells of any pool (``p_obs_i_e``; ``obs_i_targets`` = ``f5`` or ``m1``
    keeps one of the two, ``f5_output`` only the F5 E cells that project to M1) through
    synapses that either start at 0
    and are learned by inhibitory STDP (:data:`ISTDP_MODEL`) during development (``istdp``),
    have the fixed step ``w_obs_i_e`` (``fixed``: Kraskov et al. 2009's proposal, visually driven
    inhibition of output cells), or start at that step and are weakened by coincident pre- and
    postsynaptic spikes (:data:`COINCIDENCE_MODEL`; ``coincidence``: Woodin et al. 2003), with
    the interneurons held back by the network's own intention as the gate is (Brass & Heyes
    2005). Whether a cell ends up suppressed or facilitated while observing is an outcome of
    what it learned, not a label.
    """
    obs = _neurons("obs_i", p.n_obs_i, p, excitatory=False)
    obs.action = pool_of(p.n_obs_i, p.n_actions)
    groups["obs_i"] = obs
    syn["ipl_obs_i"] = _connect(
        "ipl_obs_i", groups["ipl_e"], obs, "ge", p.p_ipl_obs_i, delay, "action_pre == action_post"
    )
    targets = {
        "f5_m1": ("f5_e", "m1_e"),
        "f5": ("f5_e",),
        "m1": ("m1_e",),
        "f5_output": ("f5_e",),
    }[p.obs_i_targets]
    # f5_output: only F5 E cells of the motor pools, the cells that project to M1 (f5_m1 joins
    # same pools only, §3.4); the untuned cells (pool -1) have no output to M1
    condition = "action_post >= 0" if p.obs_i_targets == "f5_output" else None
    if p.observation_inhibition == "fixed":
        for target in targets:
            name = f"obs_{target.split('_')[0]}"
            syn[name] = _connect(name, obs, groups[target], "gi", p.p_obs_i_e, delay, condition)
        return
    coincidence = p.observation_inhibition == "coincidence"
    if coincidence:  # one's own intention holds the interneurons back, as it does the gate
        syn["intention_obs_i"] = _connect(
            "intention_obs_i", groups["intention"], obs, "gi", p.p_input, delay
        )
    model, on_pre, on_post = (
        (COINCIDENCE_MODEL, COINCIDENCE_ON_PRE, COINCIDENCE_ON_POST)
        if coincidence
        else (ISTDP_MODEL, ISTDP_ON_PRE, ISTDP_ON_POST)
    )
    namespace = {"istdp_tau": p.istdp_tau, "istdp_w_min": 0 * siemens, "learning": learning}
    for target in targets:
        name = f"obs_{target.split('_')[0]}"
        plastic = Synapses(
            obs,
            groups[target],
            model,
            on_pre=on_pre,
            on_post=on_post,
            delay=delay,
            namespace=namespace,
            name=name,
        )
        plastic.connect(condition=condition, p=p.p_obs_i_e)
        if not coincidence:
            plastic.w_inh = 0 * siemens
        for variable, value in istdp_values(p).items():
            setattr(plastic, variable, value)
        syn[name] = plastic


#: Coincidence-weakened observation inhibition (model §2.5, ``observation_inhibition =
#: coincidence``): each synapse starts at the step ``w_obs_start`` (``w_obs_i_e`` times the
#: inhibition knob) and loses ``istdp_eta`` per unit trace at every pre- or postsynaptic spike,
#: the trace counting the other side's recent spikes (time constant ``istdp_tau``; Woodin,
#: Ganguly & Poo 2003: coincident pre- and postsynaptic spiking weakens GABAergic synapses).
#: There is no strengthening term. ``w_lost`` is the loss so far, between 0 and the step;
#: learned only while ``learning(t)`` > 0.
COINCIDENCE_MODEL = """
w_lost : siemens
istdp_eta : siemens (shared, constant)
w_obs_start : siemens (shared, constant)
dapre/dt = -apre / istdp_tau : 1 (event-driven)
dapost/dt = -apost / istdp_tau : 1 (event-driven)
"""
COINCIDENCE_ON_PRE = """
gi_post += w_obs_start - w_lost
apre += 1
w_lost = clip(w_lost + learning(t) * istdp_eta * apost, istdp_w_min, w_obs_start)
"""
COINCIDENCE_ON_POST = """
apost += 1
w_lost = clip(w_lost + learning(t) * istdp_eta * apre, istdp_w_min, w_obs_start)
"""


def istdp_values(params: Params) -> dict[str, object]:
    """Shared variables of the learned obs_i synapses that a compiled binary takes as run
    arguments: ``istdp_eta``, and ``istdp_rho0`` (through ``alpha = 2 rho0 tau``) and
    ``istdp_w_max`` (``istdp``) or the starting step ``w_obs_start`` (``coincidence``)."""
    if params.observation_inhibition == "coincidence":
        return {
            "istdp_eta": params.istdp_eta,
            "w_obs_start": params.w_obs_i_e * params.inhibition,
        }
    return {
        "istdp_eta": params.istdp_eta,
        "istdp_alpha": float(2 * params.istdp_rho0 * params.istdp_tau),
        "istdp_w_max": params.istdp_w_max,
    }


def _thalamic_loop(groups: dict, syn: dict, p: Params, delay) -> list:
    """Pacemaker -> TC -> F5 E, and F5/M1 E -> RE -| TC (the mu rhythm and its gating)."""
    # A Poisson generator has no state to reset, but its threshold draws from
    # mirrorsim.fast_random's stream, which Brian2 does not recognise as random, so it warns
    # about a threshold without a reset; that warning is caught here, for this group only.
    with catch_logs():
        drive = NeuronGroup(
            p.n_thal_drive,
            "rate = rate_thal_drive * (1 + cos(2 * pi * mu_frequency * t)) : Hz",
            threshold=f"{uniform_call()} < rate * dt",
            namespace={"rate_thal_drive": p.rate_thal_drive, "mu_frequency": p.mu_frequency}
            | uniform_namespace(),
            name="thal_drive",
        )
    tc, re = groups["tc"], groups["re"]
    syn["drive_tc"] = _connect("drive_tc", drive, tc, "ge", p.p_drive_tc, delay)
    syn["re_tc"] = _connect("re_tc", re, tc, "gi", p.p_re_tc, delay)
    syn["tc_f5"] = _connect("tc_f5", tc, groups["f5_e"], "ge", p.p_tc_ctx, delay)
    syn["tc_f5i"] = _connect("tc_f5i", tc, groups["f5_i"], "ge", p.p_tc_f5i, delay)
    for area in ("f5", "m1"):
        e = groups[f"{area}_e"]
        syn[f"{area}_re"] = _connect(f"{area}_re", e, re, "ge", p.p_ctx_re, delay)
    return [drive]


def _tms(groups: dict, syn: dict, pulse_drive: TimedArray, p: Params) -> list:
    """TMS pulses: a synchronous conductance step of ``w_tms`` times the pulse's intensity into
    every M1 E cell and, with ``w_tms_gate`` > 0, of ``w_tms_gate`` times it into every gate cell
    (the low-threshold inhibitory interneurons of SICI; model §6.12) and, with ``n_ngf`` > 0, of
    ``w_tms`` times it into every neurogliaform cell (the GABA-B source of LICI).

    The pulse source fires once at the start of each bin where ``tms_pulse`` (the intensity,
    a multiple of ``w_tms``) is above 0 (its refractory period outlasts a bin), so the pulse
    times and intensities are data, not code.
    """
    pulse = NeuronGroup(
        1,
        "",
        threshold="tms_pulse(t) > 0",
        refractory=2 * PROTOCOL_DT * 1000 * ms,
        namespace={"tms_pulse": pulse_drive},
        name="tms",
    )
    targets = {"tms_m1": groups["m1_e"]}
    if structure_flags(p)["tms_gate"]:
        targets["tms_gate"] = groups["gate"]
    if "ngf" in groups:  # the same step as the output cells': LICI needs a suprathreshold pulse
        targets["tms_ngf"] = groups["ngf"]
    for name, target in targets.items():
        syn[name] = Synapses(
            pulse,
            target,
            model="w_syn : siemens (shared, constant)",
            on_pre="ge_post += w_syn * tms_pulse(t)",
            namespace={"tms_pulse": pulse_drive},
            name=name,
        )
        syn[name].connect()
    return [pulse]


def _runaway_guard(groups: dict, p: Params) -> tuple[NeuronGroup, SpikeMonitor, list]:
    """Trip when cortical E cells fire above ``runaway_rate`` on average in a window, after
    :data:`GUARD_SETTLE`."""
    n_cortex = sum(len(groups[name]) for name in EXCITATORY)
    max_count = float(p.runaway_rate * p.runaway_window) * n_cortex
    guard = NeuronGroup(
        1,
        GUARD_MODEL,
        threshold="count > max_count and tripped == 0 and t >= settle",
        reset="tripped = 1",
        namespace={"max_count": max_count, "settle": GUARD_SETTLE},
        name="guard",
    )
    guard.run_regularly("count = 0", dt=p.runaway_window, when="end", name="guard_window")
    parts = []
    for name in EXCITATORY:
        counter = Synapses(groups[name], guard, on_pre="count_post += 1", name=f"guard_{name}")
        counter.connect(j="0 * i")
        parts.append(counter)
    for name, group in groups.items():
        if name not in INPUTS and name not in OPTIONAL_INPUTS:
            group.tripped = linked_var(guard, "tripped", index=np.zeros(len(group), dtype=int))
    return guard, SpikeMonitor(guard, name="guard_trips"), parts


def _lfp_probes(groups: dict, p: Params, clock: Clock) -> tuple[dict[str, StateMonitor], list]:
    """LFP proxy per area: summed |AMPA| + |GABA| currents of its E cells, sampled at 1 kHz."""
    monitors, parts = {}, []
    for area in LFP_AREAS:
        # Brian2 runs a summed variable on its *target's* clock: the probe's dt makes the sum
        # run once per sample, not on every 0.1 ms step (that cost 14 % of the loop).
        probe = NeuronGroup(1, "lfp : amp", clock=clock, name=f"lfp_{area}")
        summed = Synapses(
            groups[f"{area}_e"],
            probe,
            "lfp_post = i_abs_pre : amp (summed)",
            namespace={"e_exc": p.e_exc, "e_inh": p.e_inh},
            clock=clock,
            name=f"lfp_sum_{area}",
        )
        summed.connect(j="0 * i")
        parts += [probe, summed]
        # Recorded at the end of the step in which it was summed.
        monitors[area] = StateMonitor(
            probe, "lfp", record=0, clock=clock, when="end", name=f"lfp_monitor_{area}"
        )
    return monitors, parts


def _drive_probes(groups: dict, p: Params, clock: Clock) -> tuple[dict[str, StateMonitor], list]:
    """Excitatory synaptic current per area (all its cells, E and I), sampled at 1 kHz: what
    drives the haemodynamic model (:mod:`mirrorsim.measures.bold`). The BOLD signal follows an
    area's synaptic input more than its spiking (Logothetis et al. 2001), and excitatory
    (glutamatergic) signalling, not inhibition, takes most of the energy that blood flow
    replaces (Attwell & Laughlin 2001; Attwell & Iadecola 2002)."""
    monitors, parts = {}, []
    for area, populations in BOLD_AREAS.items():
        # one variable per population: Brian2 allows one summed variable per target variable
        names = [f"drive_{population}" for population in populations]
        probe = NeuronGroup(
            1, "\n".join(f"{name} : amp" for name in names), clock=clock, name=f"drive_{area}"
        )
        parts.append(probe)
        for population, name in zip(populations, names, strict=True):
            summed = Synapses(
                groups[population],
                probe,
                f"{name}_post = ge_pre * (e_exc - v_pre) : amp (summed)",
                namespace={"e_exc": p.e_exc},
                clock=clock,
                name=f"drive_sum_{population}",
            )
            summed.connect(j="0 * i")
            parts.append(summed)
        monitors[area] = StateMonitor(
            probe, names, record=0, clock=clock, when="end", name=f"drive_monitor_{area}"
        )
    return monitors, parts


def f5_ipl_targets(circuit: Circuit) -> np.ndarray:
    """Boolean mask of F5 E neurons that receive IPL input."""
    mask = np.zeros(circuit.params.n_f5_e, dtype=bool)
    mask[np.asarray(circuit.plastic.j[:])] = True
    return mask
