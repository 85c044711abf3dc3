"""Run a protocol on the circuit and return plain arrays (spikes, weights), nothing Brian2-shaped.

Three code targets:

- ``"standalone"``: Brian2's C++ standalone device, compiled once per network structure
  (:mod:`mirrorsim.standalone`); the default for the main job and anything long.
- ``"runtime"``: Brian2's runtime mode with compiled Cython code objects, for interactive work.
- ``"numpy"``: runtime mode with pure-numpy code: no compiler, slow, for tiny networks and tests.

Brian2 keeps global state, so run one simulation per process at a time; :func:`run_protocol`
resets the device before each run.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import brian2
import numpy as np
from brian2 import amp, nS, second

from mirrorsim.circuit import (
    LFP_DT,
    OPTIONAL_POPULATIONS,
    POPULATIONS,
    build_circuit,
    f5_ipl_targets,
)
from mirrorsim.params import Params
from mirrorsim.phases import Phases
from mirrorsim.protocols import Protocol, tms_pulse_times
from mirrorsim.standalone import StandaloneSession, stream_seed

Target = Literal["standalone", "runtime", "numpy"]
TARGETS = ("standalone", "runtime", "numpy")


@dataclass
class SpikeData:
    """Spikes of one population: neuron indices ``i`` and times ``t`` in seconds."""

    i: np.ndarray
    t: np.ndarray
    n: int
    action: np.ndarray  # pool of each neuron, -1 if none


@dataclass
class RunData:
    """Everything a run produced, as plain numpy arrays (times in seconds)."""

    params: Params
    protocol: Protocol
    seed: int
    spikes: dict[str, SpikeData]
    weights_pre: np.ndarray
    weights_post: np.ndarray
    syn_i: np.ndarray
    syn_j: np.ndarray
    f5_ipl_target: np.ndarray
    target: str
    wall_time: float
    info: dict = field(default_factory=dict)
    lfp: dict[str, np.ndarray] = field(default_factory=dict)  # area -> summed |I_syn| (A)
    lfp_dt: float = 1e-3  # s
    # area -> excitatory synaptic current of all its cells (A), at lfp_dt: drives the BOLD model
    drive: dict[str, np.ndarray] = field(default_factory=dict)
    tms_times: np.ndarray = field(default_factory=lambda: np.zeros(0))
    runaway_time: float | None = None  # s; when the runaway guard tripped, None if it did not
    # obs_i -> F5 E / M1 E weights (observation_inhibition: learned or fixed; model §2.5), by
    # projection: {"obs_f5": {"i", "j", "w" (nS)}, ...}; empty without the option
    inhibitory_weights: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)

    @property
    def runaway(self) -> bool:
        return self.runaway_time is not None


def run_protocol(
    params: Params,
    protocol: Protocol,
    seed: int,
    target: Target = "standalone",
    build_dir: str | Path | None = None,
    progress: bool = True,
    session: StandaloneSession | None = None,
    phases: Phases | None = None,
    stream: int = 0,
) -> RunData:
    """Build the circuit, run ``protocol`` on it with ``seed`` and return its spikes and weights.

    Parameters
    ----------
    params : Params
        Validated parameters (:func:`mirrorsim.params.make_params`).
    protocol : Protocol
        The schedule (e.g. :func:`mirrorsim.protocols.mirror_emergence_protocol`).
    seed : int
        Seeds everything random: connectivity, initial values, Poisson input.
    target : {"standalone", "runtime", "numpy"}
        Brian2 code target (see the module docstring).
    build_dir : path, optional
        Standalone build folder (default: a temporary one).
    progress : bool
        Show Brian2's progress report while simulating.
    session : StandaloneSession, optional
        Re-uses its compiled binary when only run-time values differ; without one, the run
        builds afresh (through the build cache).
    phases : Phases, optional
        Told what is being done and how long each phase took (``data.info["phases_s"]``).
    stream : int
        The input stream: 0 (default) draws everything from ``seed``; another value draws the
        same wiring and initial values, and other input (Poisson) draws while the network runs
        (the main job's after half: :mod:`mirrorsim.split_run`).

    Returns
    -------
    RunData
        Spikes per population, IPL->F5 weights before and after, LFP proxy, TMS times.

    Examples
    --------
    >>> from mirrorsim.params import make_params
    >>> from mirrorsim.protocols import mirror_emergence_protocol
    >>> from mirrorsim.testing import TINY_PARAMS
    >>> params = make_params({**TINY_PARAMS, "n_test_repeats": 1, "n_dev_repeats": 1})
    >>> protocol = mirror_emergence_protocol(params, seed=1)
    >>> data = run_protocol(params, protocol, seed=1, target="numpy", progress=False)
    >>> sorted(data.spikes)[:3]
    ['f5_e', 'f5_i', 'gate']
    """
    phases = Phases(echo=None) if phases is None else phases
    t0 = time.perf_counter()
    from mirrorsim.results import git_state  # (results imports this module)

    git_state()  # the revision this process runs, read before a commit can change it
    if target not in TARGETS:
        raise ValueError(f"unknown code target {target!r} (use one of {', '.join(TARGETS)})")
    if target == "standalone":
        own = session is None
        session = StandaloneSession(build_dir) if own else session
        try:
            circuit = session.run(
                params, protocol, seed, progress=progress, phases=phases, stream=stream
            )
            data = _collect(circuit, params, protocol, seed, target)
        finally:
            if own:
                session.close()
    else:
        brian2.device.reinit()
        brian2.set_device("runtime")
        brian2.prefs.codegen.target = "cython" if target == "runtime" else "numpy"
        brian2.defaultclock.dt = params.dt
        brian2.prefs.core.stop_on_keyboard_interrupt = False  # see StandaloneSession.run
        brian2.seed(seed)
        with phases("building the network"):
            circuit = build_circuit(params, protocol)
        if stream:  # the wiring and initial values are drawn: other input draws from here
            brian2.seed(stream_seed(seed, stream))
        with phases("simulating", f"{protocol.duration:g} s of biological time ({target})"):
            report = _reporter() if progress else None
            circuit.run(protocol, report=report, report_period=5 * second)
        data = _collect(circuit, params, protocol, seed, target)
    data.wall_time = time.perf_counter() - t0
    data.info["phases_s"] = dict(phases.seconds)
    return data


def _reporter():
    from tqdm.auto import tqdm

    bar = tqdm(total=100, unit="%", desc="simulating", leave=False)

    def report(elapsed, completed, start, duration):
        bar.n = round(100 * float(completed), 1)
        bar.refresh()
        if completed >= 1:
            bar.close()

    return report


def _collect(circuit, params: Params, protocol: Protocol, seed: int, target: str) -> RunData:
    spikes = {}
    for name in (*POPULATIONS, *(p for p in OPTIONAL_POPULATIONS if p in circuit.groups)):
        mon = circuit.spike_monitors[name]
        group = circuit.groups[name]
        spikes[name] = SpikeData(
            i=np.array(mon.i[:], dtype=np.int32),  # copies: runtime arrays die with the network
            t=np.array(mon.t[:] / second, dtype=np.float64),
            n=len(group),
            action=np.array(group.action[:], dtype=int),
        )
    plastic = circuit.plastic
    trips = np.asarray(circuit.guard_monitor.t[:] / second) if circuit.guard_monitor else []
    lfp = {
        area: np.array(mon.lfp[0] / amp, dtype=np.float64)
        for area, mon in circuit.lfp_monitors.items()
    }
    drive = {
        area: sum(
            np.array(getattr(mon, name)[0] / amp, dtype=np.float64) for name in mon.record_variables
        )
        for area, mon in circuit.drive_monitors.items()
    }
    return RunData(
        params=params,
        protocol=protocol,
        seed=seed,
        spikes=spikes,
        weights_pre=np.array(plastic.w0[:], dtype=float),
        weights_post=np.array(plastic.w[:], dtype=float),
        syn_i=np.array(plastic.i[:], dtype=np.int32),
        syn_j=np.array(plastic.j[:], dtype=np.int32),
        f5_ipl_target=f5_ipl_targets(circuit),
        target=target,
        wall_time=0.0,
        lfp=lfp,
        lfp_dt=float(LFP_DT / second),
        drive=drive,
        tms_times=tms_pulse_times(protocol, float(params.tms_time / second)),
        runaway_time=float(trips[0]) if len(trips) else None,
        inhibitory_weights={
            name: {
                "i": np.array(circuit.synapses[name].i[:], dtype=np.int32),
                "j": np.array(circuit.synapses[name].j[:], dtype=np.int32),
                "w": _obs_i_weights(circuit.synapses[name], params),
            }
            for name in ("obs_f5", "obs_m1")
            if name in circuit.synapses
        },
    )


def _obs_i_weights(synapses, params: Params) -> np.ndarray:
    """Each obs_i synapse's conductance step (nS): learned (``istdp``), the fixed step less what
    coincidences took from it (``coincidence``), or the fixed step."""
    if params.observation_inhibition == "istdp":
        return np.array(synapses.w_inh[:] / nS, dtype=float)
    step = float(params.w_obs_i_e * params.inhibition / nS)
    if params.observation_inhibition == "coincidence":
        return step - np.array(synapses.w_lost[:] / nS, dtype=float)
    return np.full(len(synapses.i[:]), step)
