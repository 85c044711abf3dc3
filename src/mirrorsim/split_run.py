"""The main job as two simulations side by side: the part before learning, and learning with the
part after it.

Nothing learns before development (the IPL->F5 rule is on only there, model §6.3), so the test block
before learning and the development that follows it need not be one simulation: development
starts from the settled network either way. The main job (:mod:`mirrorsim.experiments.
mirror_emergence`) therefore runs

- the *before* half: settle, spontaneous activity and the test block before learning
  (``mirror_emergence_protocol(blocks=("pre",))``), the same simulation as the first 76 s of the
  whole protocol, so the same spikes;
- the *after* half: settle, development, spontaneous activity and the test block after learning
  (``blocks=("post",)``, the sweeps' schedule), with the same trials and the same network but
  its own input draws (:data:`AFTER_STREAM`),

and merges them into the record of the whole protocol (:func:`merge_halves`). Where this process
can fork (:func:`~mirrorsim.side_process.can_fork`) the halves run at the same time, the before
half in a forked process, so two cores share the work; in a process that may not have children
(a Dask worker) or off Linux they run one after the other. Either way the same seed gives the
same spikes, because the halves are the same simulations.

Why: a user's main job waited for 205 s of biological time on one core while the other was
idle; the longer half is 129 s (issue 23's second-run time).
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

import numpy as np
from brian2 import second

from mirrorsim.params import Params
from mirrorsim.phases import Phases
from mirrorsim.protocols import Protocol, mirror_emergence_protocol, tms_pulse_times
from mirrorsim.side_process import SideProcess, can_fork
from mirrorsim.simulate import RunData, SpikeData, Target, run_protocol

__all__ = ["AFTER_STREAM", "halves", "merge_halves", "run_main_job"]

#: The after half's input stream (:func:`mirrorsim.simulate.run_protocol`): the same wiring as
#: the before half, other input draws. With the seed's own stream its background input would
#: repeat the before half's, draw for draw, at the same times of each half, so the tests before
#: and after learning would share their noise.
AFTER_STREAM = 1


def halves(params: Params, seed: int) -> tuple[Protocol, Protocol, Protocol]:
    """The whole protocol, its before half and its after half; checks that the halves hold
    the whole protocol's trials (the after half's shifted by :func:`offset`)."""
    whole = mirror_emergence_protocol(params, seed)
    before = mirror_emergence_protocol(params, seed, ("pre",))
    after = mirror_emergence_protocol(params, seed, ("post",))
    shift = offset(whole, after)
    moved = [replace(t, onset=t.onset + shift) for t in after.trials]
    later = [t for t in whole.trials if t.block != "pre"]
    if list(before.trials) != whole.block_trials("pre") or _key(moved) != _key(later):
        raise RuntimeError("the main job's halves do not hold the whole protocol's trials")
    return whole, before, after


def _key(trials: list) -> list:
    return [(round(t.onset, 9), t.block, t.condition, t.action, t.pulses) for t in trials]


def offset(whole: Protocol, after: Protocol) -> float:
    """Seconds to add to the after half's times to place them in the whole protocol."""
    return whole.epoch("development").start - after.epoch("development").start


def merge_halves(whole: Protocol, before: RunData, after: RunData) -> RunData:
    """The record of the ``whole`` protocol from its two halves: everything before development
    from ``before``, everything from development on from ``after``, moved by :func:`offset`.

    The halves must be the same network (the same seed and parameters): their synapses and
    initial weights are compared.
    """
    cut = whole.epoch("development").start
    start = after.protocol.epoch("development").start
    shift = offset(whole, after.protocol)
    for name in ("syn_i", "syn_j", "weights_pre", "f5_ipl_target"):
        if not np.array_equal(getattr(before, name), getattr(after, name)):
            raise ValueError(f"the halves are not the same network ({name} differ)")
    spikes = {}
    for name, b in before.spikes.items():
        a = after.spikes[name]
        keep_b, keep_a = b.t < cut, a.t >= start
        spikes[name] = SpikeData(
            i=np.concatenate([b.i[keep_b], a.i[keep_a]]),
            t=np.concatenate([b.t[keep_b], a.t[keep_a] + shift]),
            n=b.n,
            action=b.action,
        )
    step = before.lfp_dt
    n_cut, n_start = int(round(cut / step)), int(round(start / step))

    def joined(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return np.concatenate([x[:n_cut], y[n_start:]])

    trips = [t for t in (before.runaway_time,) if t is not None and t < cut]
    if after.runaway_time is not None:
        trips.append(max(after.runaway_time, start) + shift)
    return RunData(
        params=after.params,
        protocol=whole,
        seed=after.seed,
        spikes=spikes,
        weights_pre=before.weights_pre,
        weights_post=after.weights_post,
        syn_i=after.syn_i,
        syn_j=after.syn_j,
        f5_ipl_target=after.f5_ipl_target,
        target=after.target,
        wall_time=0.0,
        info={"split": {"cut_s": cut, "offset_s": shift}},
        lfp={k: joined(v, after.lfp[k]) for k, v in before.lfp.items()},
        lfp_dt=step,
        drive={k: joined(v, after.drive[k]) for k, v in before.drive.items()},
        tms_times=tms_pulse_times(whole, float(after.params.tms_time / second)),
        runaway_time=min(trips) if trips else None,
        inhibitory_weights=after.inhibitory_weights,
    )


def run_main_job(
    params: Params,
    seed: int,
    target: Target = "standalone",
    progress: bool = True,
    phases: Phases | None = None,
    session: Any = None,
    parallel: bool | None = None,
) -> RunData:
    """Run the main job's protocol as its two halves and return the whole protocol's record.

    ``parallel`` (default: :func:`~mirrorsim.side_process.can_fork`, and no ``session``
    given) runs the before half in a forked process while this one runs the after half; the
    spikes are the same either way.
    """
    phases = Phases(echo=None) if phases is None else phases
    t0 = time.perf_counter()
    whole, before_protocol, after_protocol = halves(params, seed)
    if parallel is None:
        parallel = session is None and can_fork()
    if parallel:
        with SideProcess(_quiet_run, params, before_protocol, seed, target) as side:
            after = run_protocol(
                params,
                after_protocol,
                seed,
                target=target,
                progress=progress,
                phases=phases,
                stream=AFTER_STREAM,
            )
            with phases("waiting for the part before learning"):
                before = side.result()
    else:
        before = run_protocol(
            params, before_protocol, seed, target, progress=progress, session=session
        )
        after = run_protocol(
            params,
            after_protocol,
            seed,
            target,
            progress=progress,
            session=session,
            phases=phases,
            stream=AFTER_STREAM,
        )
    for name, seconds in before.info.get("phases_s", {}).items():
        phases.add(f"before learning: {name}", seconds)
    data = merge_halves(whole, before, after)
    data.wall_time = time.perf_counter() - t0
    data.info["split"]["parallel"] = bool(parallel)
    data.info["phases_s"] = dict(phases.seconds)
    return data


def _quiet_run(params: Params, protocol: Protocol, seed: int, target: Target) -> RunData:
    """The before half, in the side process: no progress lines of its own."""
    return run_protocol(params, protocol, seed, target, progress=False)
