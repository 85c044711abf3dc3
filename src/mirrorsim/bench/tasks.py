"""The measurements of ``mirrorsim bench``, each run in a fresh Python process.

Brian2 keeps global state and peak memory is a per-process figure, so :mod:`mirrorsim.bench`
starts ``python -m mirrorsim.bench.tasks TASK JSON`` for every measurement; the task prints one
JSON line with its numbers. Tasks:

- ``naive_sweep``: the sweep as a user would write it by hand: runtime mode (Cython), one point
  after another in this one process.
- ``model``: the default circuit scaled ``scale`` times (neurons x scale, connection
  probabilities / scale, so every neuron keeps its in-degree), in standalone mode, plasticity on,
  for ``seconds`` of the protocol's start (settling, then learning by self-observation).
  ``if_cells``: its integrate-and-fire cells (the Poisson and pacemaker generators and the TMS
  source are not cells).
- ``main_job``: the main job's whole simulation (rest, trials and learning), default circuit.
- ``coba``: the reference network, the conductance-based balanced network of Vogels & Abbott
  (2005) as benchmark 1 of Brette et al. (2007): 4000 LIF neurons (3200 E, 800 I), p = 0.02,
  dge = 6 nS, dgi = 67 nS, in standalone mode.

Synaptic events are counted exactly: for every ``Synapses`` object, the sum over presynaptic
neurons of spikes x out-degree. The model's background input (``circuit.background``: each
neuron's many external synapses, drawn as a binomial count per time step) adds its expected
events, reported separately. Event rates divide by the time of the simulation loop alone
(Brian2's ``last_run_time``), not compilation or set-up.
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time

import numpy as np

SCALED_SIZES = (
    "n_sts_per_action",
    "n_intention_per_action",
    "n_ipl_e",
    "n_ipl_i",
    "n_f5_e",
    "n_f5_i",
    "n_m1_e",
    "n_gate",
    "n_thal_drive",
    "n_tc",
    "n_re",
    "n_obs_i",
    "n_ngf",
    "n_mn",
    "n_sgate",
    "n_object_inputs",
    "n_memory_per_action",
    "n_interaction_per_action",
)
SCALED_PROBABILITIES = (
    "p_local",
    "p_input",
    "p_ipl_f5",
    "p_ipl_f5i",
    "p_f5_m1",
    "p_gate_m1",
    "p_drive_tc",
    "p_tc_ctx",
    "p_tc_f5i",
    "p_ctx_re",
    "p_re_tc",
    "p_f5_nmda",
    "p_ipl_obs_i",
    "p_obs_i_e",
)


def scaled_overrides(scale: float) -> dict:
    """Overrides that make the default circuit ``scale`` times larger at constant in-degree."""
    from mirrorsim.params import Params

    base = Params()
    out: dict = {n: int(round(getattr(base, n) * scale)) for n in SCALED_SIZES}
    out |= {p: getattr(base, p) / scale for p in SCALED_PROBABILITIES}
    return out


def _peak_memory_gib() -> float:
    """Peak resident memory of this process and of its finished children (compiler, binary)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 2**20  # ru_maxrss is in KiB on Linux


def _events(synapses, counts: dict) -> int:
    """Exact synaptic events: presynaptic spikes x out-degree, summed over projections."""
    total = 0
    for syn in synapses:
        spikes = counts[syn.source.name]
        out_degree = np.bincount(np.asarray(syn.i[:]), minlength=len(spikes))
        total += int(np.dot(spikes.astype(np.int64), out_degree[: len(spikes)]))
    return total


def _background_events(circuit, seconds: float) -> float:
    """Expected events of the Poisson background (drawn as a binomial count per step)."""
    return float(
        sum(
            len(circuit.groups[bg.population]) * bg.n_inputs * float(bg.rate) * seconds
            for bg in circuit.background
        )
    )


def naive_sweep(points: list[dict], warmup: bool = False) -> dict:
    """Run ``points`` one by one in runtime mode; ``warmup``: first run the first point once,
    untimed, so that Brian2's persistent Cython cache holds the code."""
    from mirrorsim.sweep import run_point

    warmup_s = 0.0
    if warmup and points:
        t0 = time.perf_counter()
        run_point(points[0]["params"], points[0]["seed"], target="runtime")
        warmup_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for pt in points:
        run_point(pt["params"], pt["seed"], target="runtime")
    return {"wall_s": time.perf_counter() - t0, "points": len(points), "warmup_s": warmup_s}


def model(scale: float, seconds: float, seed: int = 1) -> dict:
    import brian2
    from brian2 import SpikeMonitor, second

    from mirrorsim.circuit import INPUTS, OPTIONAL_INPUTS, build_circuit
    from mirrorsim.params import make_params
    from mirrorsim.protocols import mirror_emergence_protocol
    from mirrorsim.standalone import activate_standalone

    params = make_params(scaled_overrides(scale))
    protocol = mirror_emergence_protocol(params, seed, blocks=("post",))
    with tempfile.TemporaryDirectory(prefix="mirrorsim_bench_") as build_dir:
        t0 = time.perf_counter()
        activate_standalone(build_dir)
        brian2.defaultclock.dt = params.dt
        brian2.seed(seed)
        circuit = build_circuit(params, protocol)
        monitored = {m.source.name: m for m in circuit.spike_monitors.values()}
        for syn in circuit.synapses.values():
            if syn.source.name not in monitored:
                monitored[syn.source.name] = SpikeMonitor(syn.source, record=False)
                circuit.network.add(monitored[syn.source.name])
        circuit.network.run(seconds * second)
        brian2.device.build(directory=build_dir, compile=True, run=True, with_output=False)
        wall = time.perf_counter() - t0
        loop = brian2.device._last_run_time
        counts = {name: np.asarray(m.count[:]) for name, m in monitored.items()}
        synapses = list(circuit.synapses.values())
        n_neurons = sum(len(g) for g in circuit.groups.values()) + params.n_thal_drive
        inputs = (*INPUTS, *OPTIONAL_INPUTS)
        if_cells = sum(len(g) for name, g in circuit.groups.items() if name not in inputs)
        result = {
            "scale": scale,
            "neurons": int(n_neurons),
            "if_cells": int(if_cells),
            "synapses": int(sum(len(s) for s in synapses)),
            "biological_s": seconds,
            "loop_s": loop,
            "wall_s": wall,
            "loop_s_per_biological_s": loop / seconds,
            "synaptic_events": _events(synapses, counts),
            "background_events": _background_events(circuit, seconds),
            "mean_rate_hz": float(
                sum(c.sum() for n, c in counts.items() if n in circuit.groups)
                / sum(len(g) for g in circuit.groups.values())
                / seconds
            ),
            "peak_memory_gib": _peak_memory_gib(),
        }
    return result


def main_job(seed: int = 1, overrides: dict | None = None) -> dict:
    """The main job's simulation (``mirror-emergence``: test, development, test) as ``mirrorsim
    run`` simulates it (:class:`~mirrorsim.standalone.StandaloneSession`, build cache): the
    loop's cost over the mix of rest, trials and learning that users run, where ``model``
    measures the protocol's first seconds (rest).

    ``loop_s`` is the compiled binary's wall time (the loop, plus loading its arrays and writing
    its monitors, well under a second), compilation excluded.
    """
    from mirrorsim.circuit import INPUTS, OPTIONAL_INPUTS
    from mirrorsim.params import make_params
    from mirrorsim.protocols import mirror_emergence_protocol
    from mirrorsim.standalone import StandaloneSession

    params = make_params(dict(overrides or {}))
    protocol = mirror_emergence_protocol(params, seed)
    session = StandaloneSession()
    try:
        circuit = session.run(params, protocol, seed)
        inputs = (*INPUTS, *OPTIONAL_INPUTS)
        if_cells = sum(len(g) for name, g in circuit.groups.items() if name not in inputs)
        spikes = sum(int(m.num_spikes) for m in circuit.spike_monitors.values())
        loop = session.run_time
    finally:
        session.close()
    return {
        "if_cells": int(if_cells),
        "biological_s": protocol.duration,
        "loop_s": loop,
        "loop_s_per_biological_s": loop / protocol.duration,
        "spikes": spikes,
        "overrides": dict(overrides or {}),
        "peak_memory_gib": _peak_memory_gib(),
    }


#: Code objects by the part of the model they simulate (first match of the name wins).
PROFILE_PARTS = (
    ("measurement", ("spikes_", "lfp_", "guard", "statemonitor", "spikemonitor")),
    ("background input", ("background_",)),
    (
        "stimulus generators",
        ("sts_s", "sts_hazard", "intention_s", "intention_hazard", "thal_drive_", "tms_"),
    ),
    ("synapses", ("_pre_", "_post_", "_pre_codeobject", "_post_codeobject")),
    ("neurons", ("stateupdater", "thresholder", "resetter")),
)


def profile_parts(info: list[tuple[str, float]]) -> dict[str, float]:
    """Fraction of loop time per part of the model, from Brian2's per-code-object profile."""
    total = sum(t for _, t in info) or 1.0
    parts: dict[str, float] = {}
    for name, seconds in info:
        part = next(
            (label for label, keys in PROFILE_PARTS if any(k in name for k in keys)), "other"
        )
        parts[part] = parts.get(part, 0.0) + seconds / total
    return parts


def model_profile(seconds: float, seed: int = 1) -> dict:
    """Where the default circuit's loop time goes (Brian2 profiling, standalone)."""
    import brian2
    from brian2 import second

    from mirrorsim.circuit import build_circuit
    from mirrorsim.params import make_params
    from mirrorsim.protocols import mirror_emergence_protocol
    from mirrorsim.standalone import activate_standalone

    params = make_params({})
    protocol = mirror_emergence_protocol(params, seed, blocks=("post",))
    with tempfile.TemporaryDirectory(prefix="mirrorsim_bench_") as build_dir:
        activate_standalone(build_dir)
        brian2.defaultclock.dt = params.dt
        brian2.seed(seed)
        circuit = build_circuit(params, protocol)
        circuit.network.run(seconds * second, profile=True)
        brian2.device.build(directory=build_dir, compile=True, run=True, with_output=False)
        info = [(name, float(t)) for name, t in circuit.network.profiling_info]
    return {"biological_s": seconds, "parts": profile_parts(info), "top": info[:12]}


COBA_EQUATIONS = """
dv/dt = (ge * (e_exc - v) + gi * (e_inh - v) + g_leak * (e_leak - v)) / c_m
    : volt (unless refractory)
dge/dt = -ge / tau_exc : siemens
dgi/dt = -gi / tau_inh : siemens
"""


def coba(seconds: float, seed: int = 1) -> dict:
    """Vogels & Abbott (2005) COBA network, Brette et al. (2007) benchmark 1 parameters."""
    import brian2
    from brian2 import Network, NeuronGroup, SpikeMonitor, Synapses, ms, mV, nS, pF, second

    from mirrorsim.standalone import activate_standalone

    namespace = {
        "e_exc": 0 * mV,
        "e_inh": -80 * mV,
        "e_leak": -60 * mV,
        "g_leak": 10 * nS,
        "c_m": 200 * pF,  # tau_m = 20 ms
        "tau_exc": 5 * ms,
        "tau_inh": 10 * ms,
        "v_threshold": -50 * mV,
        "v_reset": -60 * mV,
        "w_exc": 6 * nS,
        "w_inh": 67 * nS,
    }
    with tempfile.TemporaryDirectory(prefix="mirrorsim_bench_") as build_dir:
        t0 = time.perf_counter()
        activate_standalone(build_dir)
        brian2.defaultclock.dt = 0.1 * ms
        brian2.seed(seed)
        cells = NeuronGroup(
            4000,
            COBA_EQUATIONS,
            threshold="v > v_threshold",
            reset="v = v_reset",
            refractory=5 * ms,
            method="euler",
            namespace=namespace,
            name="coba",
        )
        cells.v = "v_reset + rand() * (v_threshold - v_reset)"
        cells.ge = "rand() * 10 * nS"  # a kick that starts self-sustained activity
        cells.gi = "rand() * 100 * nS"
        exc = Synapses(cells, cells, on_pre="ge_post += w_exc", namespace=namespace, name="exc")
        inh = Synapses(cells, cells, on_pre="gi_post += w_inh", namespace=namespace, name="inh")
        exc.connect("i < 3200", p=0.02)
        inh.connect("i >= 3200", p=0.02)
        monitor = SpikeMonitor(cells, record=False)
        Network(cells, exc, inh, monitor).run(seconds * second)
        brian2.device.build(directory=build_dir, compile=True, run=True, with_output=False)
        wall = time.perf_counter() - t0
        loop = brian2.device._last_run_time
        counts = {"coba": np.asarray(monitor.count[:])}
        result = {
            "neurons": 4000,
            "synapses": int(len(exc) + len(inh)),
            "biological_s": seconds,
            "loop_s": loop,
            "loop_s_per_biological_s": loop / seconds,
            "wall_s": wall,
            "synaptic_events": _events([exc, inh], counts),
            "mean_rate_hz": float(counts["coba"].sum() / 4000 / seconds),
            "peak_memory_gib": _peak_memory_gib(),
        }
    return result


TASKS = {
    "naive_sweep": naive_sweep,
    "model": model,
    "model_profile": model_profile,
    "main_job": main_job,
    "coba": coba,
}

if __name__ == "__main__":
    task, kwargs = sys.argv[1], json.loads(sys.argv[2])
    print(json.dumps(TASKS[task](**kwargs)))
