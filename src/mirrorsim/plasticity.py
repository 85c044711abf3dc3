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

from mirrorsim.params import Params

SYNAPSE_MODEL = """
w : 1
w0 : 1 (constant)
w_max : siemens (shared, constant)
dr1/dt = -r1 / tau_plus : 1 (event-driven)
dr2/dt = -r2 / tau_x : 1 (event-driven)
do1/dt = -o1 / tau_minus : 1 (event-driven)
do2/dt = -o2 / tau_y : 1 (event-driven)
"""

_PRE_LEARNING = """
w = clip(w - learning(t) * o1 * (a2_minus + a3_minus * r2), 0, 1)
r1 += 1
r2 += 1
"""
ON_PRE = "\nge_post += w * w_max * coupling_gain(t)" + _PRE_LEARNING

STF_MODEL = """
du_f/dt = -u_f / tau_stf : 1 (event-driven)
stf_u : 1 (shared, constant)
tau_stf : second (shared, constant)
"""

# the same learning; the conductance step scaled by facilitation (see synapse_equations)
ON_PRE_STF = (
    "\nu_f += stf_u * (1 - u_f)\nge_post += w * w_max * coupling_gain(t) * u_f / stf_u"
    + _PRE_LEARNING
)

ON_POST = """
w = clip(w + learning(t) * (r1 * (a2_plus + a3_plus * o2) - heterosynaptic * o2 * w), 0, 1)
o1 += 1
o2 += 1
"""


# Opt-in terms of Zenke, Agnes & Gerstner (2015, Nat Commun 6:6922; model §2.4): a heterosynaptic
# pull towards the initial weight, cubic in the postsynaptic trace, on every postsynaptic spike;
# and transmitter-induced potentiation on every presynaptic spike. Only written into the code when
# their parameter is above 0, so the default rule's code is unchanged.
ON_POST_ZENKE = ON_POST.replace(
    "- heterosynaptic * o2 * w)",
    "- heterosynaptic * o2 * w - heterosynaptic_cubic * o1**3 * (w - w0))",
)
assert ON_POST_ZENKE != ON_POST
_PRE_LEARNING_DELTA = """
w = clip(w - learning(t) * (o1 * (a2_minus + a3_minus * r2) - transmitter_induced), 0, 1)
r1 += 1
r2 += 1
"""


def synapse_equations(params: Params) -> tuple[str, str, str]:
    """Model, ``on_pre`` and ``on_post`` of the IPL->F5 synapse for ``params``.

    With ``stf_u < 1`` the synapse facilitates (Tsodyks & Markram 1997; Markram, Wang & Tsodyks
    1998): a utilisation variable ``u_f`` jumps by ``stf_u * (1 - u_f)`` at each presynaptic spike
    and decays to 0 with ``stf_tau``; the spike's conductance step is scaled by ``u_f / stf_u``
    (1 for an isolated spike, up to ``1 / stf_u`` in a burst). Sparse spontaneous input then
    transmits weakly and bursts strongly, and a burst leaves the synapse facilitated for a few
    hundred ms. ``stf_u = 1`` is the static synapse (the same code as without the option).
    """
    on_post = ON_POST_ZENKE if params.heterosynaptic_cubic > 0 else ON_POST
    if params.transmitter_induced > 0:
        on_pre = ON_PRE_STF if params.stf_u < 1.0 else ON_PRE
        on_pre = on_pre.replace(_PRE_LEARNING, _PRE_LEARNING_DELTA)
    else:
        on_pre = ON_PRE_STF if params.stf_u < 1.0 else ON_PRE
    if params.stf_u < 1.0:
        return SYNAPSE_MODEL + STF_MODEL, on_pre, on_post
    return SYNAPSE_MODEL, on_pre, on_post


def run_time_values(params: Params) -> dict[str, object]:
    """Shared variables of the IPL->F5 synapse that a compiled binary takes as run arguments."""
    values: dict[str, object] = {"w_max": params.w_ipl_f5_max}
    if params.stf_u < 1.0:
        values |= {"stf_u": params.stf_u, "tau_stf": params.stf_tau}
    return values


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
