"""Brian2's C++ standalone device, compiled once per network structure, re-run many times.

A standalone build is a C++ program generated for one network. Compiling it costs ~25 s for the
default circuit; a sweep point simulates for ~2 min. :class:`StandaloneSession` compiles once
and re-runs the binary for every later point with the same structure, passing what differs as
``run_args`` (Brian2 >= 2.6: new values of variables and of TimedArrays, no recompilation):

- the seed: the binary seeds Brian2's generator from the environment variable
  :data:`SEED_ENV` before anything random is drawn, so connectivity, initial values and
  Poisson input all follow the point's seed;
- the synaptic weights and knobs in :data:`mirrorsim.circuit.RUN_TIME_PARAMS` (``coupling``,
  ``inhibition``, ``learning_rate``, the fixed-projection weights);
- the protocol's drive arrays (trial order, TMS pulse times).

Every other parameter (sizes, probabilities, time constants, protocol length) is part of the
*structure*: a change rebuilds. A fresh build and a re-run give identical spikes for the same
parameters and seed (tested), because both run the same binary with the same arguments.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
import weakref
from pathlib import Path

import brian2
from brian2 import second

from mirrorsim.circuit import RUN_TIME_PARAMS, Circuit, build_circuit
from mirrorsim.params import Params
from mirrorsim.protocols import Protocol

SEED_ENV = "MIRRORSIM_SEED"

# Inserted into the binary's main() before any random number is drawn. Same effect as
# brian2.seed(seed) in a script (Brian2 seeds generator i with seed + i), but read at run time.
_SEED_CODE = f"""
{{
    const char* _mirrorsim_seed = getenv("{SEED_ENV}");
    if (_mirrorsim_seed != NULL) {{
        const unsigned long _seed = strtoul(_mirrorsim_seed, NULL, 10);
        for (int _i = 0; _i < 1; _i++)
            brian::_random_generators[_i].seed(_seed + _i);
    }}
}}
"""


def structure_key(params: Params, protocol: Protocol) -> str:
    """Hash of what the generated code depends on: parameters outside ``RUN_TIME_PARAMS`` and
    the protocol's length (its content is data)."""
    record = {
        "params": {k: v for k, v in params.to_strings().items() if k not in RUN_TIME_PARAMS},
        "duration": round(protocol.duration, 9),
        "brian2": brian2.__version__,
    }
    return hashlib.sha256(json.dumps(record, sort_keys=True).encode()).hexdigest()[:16]


def activate_standalone(build_dir: str | Path) -> None:
    """A fresh C++ standalone device building into ``build_dir``, single-threaded, built on
    demand (``device.build``), not on ``run``."""
    brian2.device.reinit()
    brian2.device.activate()
    brian2.set_device("cpp_standalone", directory=str(build_dir), build_on_run=False)
    brian2.prefs.devices.cpp_standalone.openmp_threads = 0


class StandaloneSession:
    """One standalone build, re-run for every point with the same structure.

    Brian2's device is global to the process: use one session per process at a time (a Dask
    worker keeps one, :func:`worker_session`). ``builds`` and ``runs`` count what it did.
    """

    def __init__(self, build_dir: str | Path | None = None) -> None:
        self._tmp = None
        if build_dir is None:
            self._tmp = tempfile.mkdtemp(prefix="mirrorsim_build_")
            build_dir = self._tmp
            weakref.finalize(self, shutil.rmtree, self._tmp, ignore_errors=True)
        self.build_dir = str(Path(build_dir).absolute())
        self.key: str | None = None
        self.circuit: Circuit | None = None
        self._device = self._code_objects = None
        self.builds = 0
        self.runs = 0
        self.compile_time = 0.0  # s, of the last build
        self.run_time = 0.0  # s, of the last binary run

    def run(self, params: Params, protocol: Protocol, seed: int, progress: bool = False):
        """Simulate ``protocol`` with ``params`` and ``seed``; build only if the structure changed.

        Returns the Brian2 :class:`~mirrorsim.circuit.Circuit` whose monitors hold the results.
        """
        key = structure_key(params, protocol)
        if key != self.key or not self._device_is_ours():
            self._build(params, protocol, progress)
            self.key = key
        os.environ[SEED_ENV] = str(int(seed))
        # Brian2 turns Ctrl-C into a graceful stop and returns normally: that would yield a
        # truncated run that looks complete. Interrupt for real; the caller discards the run.
        brian2.prefs.core.stop_on_keyboard_interrupt = False
        t0 = time.perf_counter()
        brian2.device.run(
            directory=self.build_dir,
            with_output=progress,
            run_args=self.circuit.run_args(params, protocol),
        )
        self.run_time = time.perf_counter() - t0
        self.runs += 1
        return self.circuit

    def _device_is_ours(self) -> bool:
        """False once anything else reset or replaced Brian2's device (e.g. a runtime run)."""
        device = brian2.get_device()
        return device is self._device and device.code_objects is self._code_objects

    def _build(self, params: Params, protocol: Protocol, progress: bool) -> None:
        t0 = time.perf_counter()
        activate_standalone(self.build_dir)
        brian2.defaultclock.dt = params.dt
        brian2.device.insert_code("main", _SEED_CODE)
        circuit = build_circuit(params, protocol)
        circuit.network.run(
            protocol.duration * second,
            report="stdout" if progress else None,
            report_period=10 * second,
        )
        # clean=False: make recompiles only the sources that changed (Brian2 rewrites a file
        # only when its content changes), so rebuilding a similar network in the same
        # directory is quick.
        brian2.device.build(directory=self.build_dir, compile=True, run=False, clean=False)
        self.circuit = circuit
        self._device = brian2.get_device()
        self._code_objects = self._device.code_objects
        self.builds += 1
        self.compile_time = time.perf_counter() - t0

    def close(self) -> None:
        """Forget the build and give Brian2 back its runtime device."""
        brian2.device.reinit()
        brian2.set_device("runtime")
        self.key = self.circuit = None
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)


_WORKER_SESSION: StandaloneSession | None = None


def worker_session() -> StandaloneSession:
    """This process's session, kept between tasks: a sweep worker compiles once."""
    global _WORKER_SESSION
    if _WORKER_SESSION is None:
        _WORKER_SESSION = StandaloneSession()
    return _WORKER_SESSION
