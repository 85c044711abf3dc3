"""Learning rules of the IPL->F5 synapses, as Brian2 equation blocks.

The default is the minimal triplet STDP rule of Pfister & Gerstner (2006, J Neurosci 26:9673),
all-to-all traces, with the mirror-synapse parameters of Antunes et al. (ModelDB 229276). It is
Hebbian at the co-activation rates of action bouts, which is what associative accounts of mirror
neurons need (Keysers & Perrett 2004; Heyes 2010). Weights ``w`` are fractions of the maximum
conductance ``w_max``, hard-bounded in [0, 1] (additive STDP is competitive; Song, Miller & Abbott
2000), and kept in check by heterosynaptic depression on every postsynaptic spike, proportional to
``w`` and to the postsynaptic triplet trace ``o2`` (Chistiakova et al. 2014; Zenke et al. 2015
use a similarly steep dependence on postsynaptic activity): inputs that were silent while the
neuron fired lose weight.

Rate picture (Pfister & Gerstner 2006, eq. 6): for Poisson pre/post rates ``rho_pre``,
``rho_post`` the drift is ``rho_pre*rho_post*(a2_plus*tau_plus - a2_minus*tau_minus
+ a3_plus*tau_plus*tau_y*rho_post) - heterosynaptic*tau_y*rho_post**2*w``. With the Antunes et
al. parameters the Hebbian term changes sign at ``rho_post`` ~3 Hz. Both the triplet term and the
heterosynaptic term grow with ``rho_post**2``, so while the postsynaptic neuron is active the
weight settles near ``w* = rho_pre*a3_plus*tau_plus/heterosynaptic``: in proportion to how
strongly the presynaptic neuron fired *together with* the postsynaptic one, whatever the
postsynaptic rate. That is the contingency the associative account needs (Cook et al. 2010).

Short-term facilitation (:func:`synapse_equations`): with ``stf_u < 1`` (the default) each
synapse's efficacy grows with the presynaptic rate (Tsodyks & Markram 1997; Markram, Wang &
Tsodyks 1998), so the pathway transmits sparse resting IPL activity weakly and observation
bursts strongly, and stays facilitated for a few hundred ms after a burst.

``learning(t)`` is a time-dependent gain (0 outside the development block, ``learning_rate``
inside), and ``coupling_gain(t)`` scales the efficacy of the learned pathway (the regime knob).
"""

from __future__ import annotations

from brian2 import NeuronGroup, Synapses

from mirrorsim.params import Params

# The rule's four traces are those of single neurons, not of synapses: ``r1``, ``r2`` count the
# presynaptic (IPL E) cell's spikes as they arrive, ``o1``, ``o2`` the postsynaptic (F5 E) cell's
# spikes; every synapse of a cell sees the same values. They are therefore kept once per neuron
# (the trace variables below, in the two groups' equations), decayed exactly (by
# ``exp(-dt / tau)`` each step) and incremented by :func:`learned_pathway`'s spike-driven
# updates, in the order the per-synapse, event-driven traces had: the same values to rounding
# (tested). Kept per synapse, they were decayed with five exponentials per synapse and spike,
# scattered over memory on the postsynaptic side: the loop's costliest code object at rest
# (issue 23's profile). Short-term facilitation's ``u_f`` depends only on the presynaptic
# cell's spikes too, and moves with them.
SYNAPSE_MODEL = """
w : 1
w0 : 1 (constant)
w_max : siemens (shared, constant)
"""
PRESYNAPTIC_TRACES = """
r1 : 1
r2 : 1
"""
STF_TRACE = """
u_f : 1
stf_u : 1 (shared, constant)
tau_stf : second (shared, constant)
"""
POSTSYNAPTIC_TRACES = """
o1 : 1
o2 : 1
"""

_PRE_LEARNING = """
w = clip(w - learning(t) * o1_post * (a2_minus + a3_minus * r2_pre), 0, 1)
"""
ON_PRE = "\nge_post += w * w_max * coupling_gain(t)" + _PRE_LEARNING

# the same learning; the conductance step scaled by facilitation (see synapse_equations): the
# step uses the utilisation after this spike, u_f + stf_u (1 - u_f); the trace update that
# follows (learned_pathway) stores it
ON_PRE_STF = (
    "\nge_post += w * w_max * coupling_gain(t) * (u_f_pre + stf_u_pre * (1 - u_f_pre)) / stf_u_pre"
    + _PRE_LEARNING
)

ON_POST = (
    "\nw = clip(w + learning(t) * (r1_pre * (a2_plus + a3_plus * o2_post)"
    " - heterosynaptic * o2_post * w), 0, 1)\n"
)


# Opt-in terms of Zenke, Agnes & Gerstner (2015, Nat Commun 6:6922; model §2.4): a heterosynaptic
# pull towards the initial weight, cubic in the postsynaptic trace, on every postsynaptic spike;
# and transmitter-induced potentiation on every presynaptic spike. Only written into the code when
# their parameter is above 0, so the default rule's code is unchanged.
ON_POST_ZENKE = ON_POST.replace(
    "- heterosynaptic * o2_post * w)",
    "- heterosynaptic * o2_post * w - heterosynaptic_cubic * o1_post**3 * (w - w0))",
)
assert ON_POST_ZENKE != ON_POST
_PRE_LEARNING_DELTA = """
w = clip(w - learning(t) * (o1_post * (a2_minus + a3_minus * r2_pre) - transmitter_induced), 0, 1)
"""


def synapse_equations(params: Params) -> tuple[str, str, str]:
    """Model, ``on_pre`` and ``on_post`` of the IPL->F5 synapse for ``params``.

    With ``stf_u < 1`` the synapse facilitates (Tsodyks & Markram 1997; Markram, Wang & Tsodyks
    1998): a utilisation variable ``u_f`` jumps by ``stf_u * (1 - u_f)`` at each presynaptic spike
    and decays to 0 with ``stf_tau``; the spike's conductance step is scaled by ``u_f / stf_u``
    (1 for an isolated spike, up to ``1 / stf_u`` in a burst). Sparse spontaneous input then
    transmits weakly and bursts strongly, and a burst leaves the synapse facilitated for a few
    hundred ms. ``stf_u = 1`` is the static synapse (the same code as without the option).

    The traces are the neurons' (:func:`presynaptic_traces`, :data:`POSTSYNAPTIC_TRACES`, kept
    by :func:`learned_pathway`).
    """
    on_post = ON_POST_ZENKE if params.heterosynaptic_cubic > 0 else ON_POST
    on_pre = ON_PRE_STF if params.stf_u < 1.0 else ON_PRE
    if params.transmitter_induced > 0:
        on_pre = on_pre.replace(_PRE_LEARNING, _PRE_LEARNING_DELTA)
    return SYNAPSE_MODEL, on_pre, on_post


def presynaptic_traces(params: Params) -> str:
    """Equations of the rule's presynaptic traces, for the presynaptic group's model."""
    return PRESYNAPTIC_TRACES + (STF_TRACE if params.stf_u < 1.0 else "")


def learned_pathway(
    pre: NeuronGroup, post: NeuronGroup, params: Params, delay, namespace: dict, name: str
) -> tuple[Synapses, list[Synapses]]:
    """The learned synapses from ``pre`` to ``post`` (built with :func:`presynaptic_traces` and
    :data:`POSTSYNAPTIC_TRACES` in their equations), and the objects that keep the traces.

    Each step the traces decay by ``exp(-dt / tau)`` (in the groups' time slot, before any spike
    of the step is handled). A presynaptic spike increments ``r1``, ``r2`` (and facilitates
    ``u_f``) when it arrives, ``delay`` after it was fired, after the synapses have used the
    values from before it (a one-to-one relay with the pathway's delay, between its
    presynaptic and postsynaptic code); a postsynaptic spike increments ``o1``, ``o2`` after the
    synapses' postsynaptic code. Connect the returned synapses, then add them and the relay
    to the network; the decay and the postsynaptic update travel with the groups.
    """
    model, on_pre, on_post = synapse_equations(params)
    synapses = Synapses(
        pre,
        post,
        model,
        on_pre=on_pre,
        on_post=on_post,
        delay=delay,
        namespace=namespace,
        name=name,
    )
    stf = params.stf_u < 1.0
    constants = {"tau_plus": params.tau_plus, "tau_x": params.tau_x}
    decay = ["r1 *= exp(-dt / tau_plus)", "r2 *= exp(-dt / tau_x)"]
    increment = ["r1_post += 1", "r2_post += 1"]
    if stf:
        decay.append("u_f *= exp(-dt / tau_stf)")
        increment.append("u_f_post += stf_u_post * (1 - u_f_post)")
    pre.namespace.update(constants)
    pre.run_regularly("\n".join(decay), when="groups", order=1, name=f"{name}_pre_decay")
    relay = Synapses(pre, pre, on_pre="\n".join(increment), delay=delay, name=f"{name}_pre_traces")
    relay.connect(j="i")
    # One synapse per target cell: each step's updates touch distinct cells, so their order
    # cannot matter. Said to Brian2, which otherwise warns that it might (u_f's update reads
    # the value it writes).
    relay.variables["_synaptic_post"].unique = True
    relay.pre.order = 0  # after the synapses' presynaptic code (-1), before the postsynaptic (1)
    post.namespace.update({"tau_minus": params.tau_minus, "tau_y": params.tau_y})
    post.run_regularly(
        "o1 *= exp(-dt / tau_minus)\no2 *= exp(-dt / tau_y)",
        when="groups",
        order=1,
        name=f"{name}_post_decay",
    )
    if post.event_codes.get("spike"):  # the group's reset runs after the synapses' code
        post.event_codes["spike"] += "\no1 += 1\no2 += 1"
    else:
        post.run_on_event("spike", "o1 += 1\no2 += 1")
    return synapses, [relay]


def run_time_values(params: Params) -> dict[str, object]:
    """Shared variables of the IPL->F5 synapse that a compiled binary takes as run arguments."""
    return {"w_max": params.w_ipl_f5_max}


def presynaptic_run_time_values(params: Params) -> dict[str, object]:
    """Shared variables of the presynaptic group's facilitation (run arguments, as above)."""
    if params.stf_u < 1.0:
        return {"stf_u": params.stf_u, "tau_stf": params.stf_tau}
    return {}


def rule_namespace(params: Params) -> dict:
    """Constants of the chosen rule; the pair rule is the triplet rule without triplet terms."""
    triplet = params.plasticity == "triplet"
    return {
        "tau_plus": params.tau_plus,
        "tau_minus": params.tau_minus,
        "tau_x": params.tau_x,
        "tau_y": params.tau_y,
        "a2_plus": params.a2_plus,
        "a2_minus": params.a2_minus,
        "a3_plus": params.a3_plus if triplet else 0.0,
        "a3_minus": params.a3_minus if triplet else 0.0,
        "heterosynaptic": params.heterosynaptic,
    } | _zenke_namespace(params)


def _zenke_namespace(params: Params) -> dict:
    """Constants of the opt-in Zenke et al. (2015) terms, only when they are on."""
    out = {}
    if params.heterosynaptic_cubic > 0:
        out["heterosynaptic_cubic"] = params.heterosynaptic_cubic
    if params.transmitter_induced > 0:
        out["transmitter_induced"] = params.transmitter_induced
    return out
