"""Brian2's C++ standalone device, compiled once per network structure, re-run many times.

A standalone build is a C++ program generated for one network. Compiling it cold takes about a
minute on 2 cores (~430 files, with a precompiled header: :mod:`mirrorsim.precompiled_header`);
a sweep point simulates for ~2 min. :class:`StandaloneSession` compiles once and re-runs the
binary for every later point with the same structure, passing what differs as ``run_args``
(Brian2 >= 2.6: new values of variables and of TimedArrays, no recompilation):

- the seed: the binary seeds Brian2's generator from the environment variable
  :data:`SEED_ENV` before anything random is drawn, so connectivity, initial values and
  Poisson input all follow the point's seed;
- the synaptic weights and knobs in :data:`mirrorsim.circuit.RUN_TIME_PARAMS` (``coupling``,
  ``inhibition``, ``learning_rate``, the fixed-projection weights);
- the protocol's drive arrays (trial order, TMS pulse times).

Every other parameter (sizes, probabilities, time constants, protocol length) is part of the
*structure*: a change rebuilds. A fresh build and a re-run give identical spikes for the same
parameters and seed (tested), because both run the same binary with the same arguments.

Compiled builds are also kept on disk, in a cache keyed by structure and machine
(:func:`build_cache_dir`): the first session to need a structure compiles it, under a file
lock, and every later session (another sweep worker, the next sweep, tomorrow's run) copies the
compiled objects and only re-links nothing: ``make`` finds them up to date. Set
:data:`CACHE_ENV` to another directory, or to ``off`` to always compile.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import hashlib
import json
import os
import platform
import shutil
import tempfile
import time
import weakref
from pathlib import Path

import brian2
from brian2 import second

from mirrorsim.circuit import (
    RUN_TIME_PARAMS,
    Circuit,
    build_circuit,
    run_segments,
    structure_flags,
)
from mirrorsim.params import Params, digest
from mirrorsim.phases import Phases
from mirrorsim.precompiled_header import precompiled_header
from mirrorsim.protocols import Protocol

SEED_ENV = "MIRRORSIM_SEED"
#: The input stream of a run (0: the seed's own). Another stream re-seeds the generator after
#: the wiring and initial values are drawn: the same network with other input spikes.
STREAM_ENV = "MIRRORSIM_INPUT_STREAM"
CACHE_ENV = "MIRRORSIM_BUILD_CACHE"
CACHE_KEEP = 24  # builds kept in the cache (~10 MB each for the default circuit)
#: Not copied into or out of the cache: a build's results and Brian2's run-time argument files.
_NOT_CACHED = ("results", "*.tmp")

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


# Inserted after the network is built and before it runs: with a stream other than 0, Brian2's
# generator is re-seeded from the seed and the stream (splitmix64 of both), so every draw made
# while the network runs (Poisson input, the fast generators' seeds) differs, and the wiring and
# initial values, drawn before, do not.
_STREAM_CODE = f"""
{{
    const char* _mirrorsim_seed = getenv("{SEED_ENV}");
    const char* _mirrorsim_stream = getenv("{STREAM_ENV}");
    const unsigned long _stream = _mirrorsim_stream ? strtoul(_mirrorsim_stream, NULL, 10) : 0;
    if (_mirrorsim_seed != NULL && _stream != 0) {{
        unsigned long long z = strtoull(_mirrorsim_seed, NULL, 10) * 0x9e3779b97f4a7c15ULL
                               + _stream * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        z = z ^ (z >> 31);
        for (int _i = 0; _i < 1; _i++)
            brian::_random_generators[_i].seed((unsigned long)(z + _i));
    }}
}}
"""


def stream_seed(seed: int, stream: int) -> int:
    """The runtime targets' counterpart of the standalone re-seeding: a 32-bit seed for the
    input draws of ``stream`` (the standalone program computes its own)."""
    import numpy as np

    return int(np.random.SeedSequence([int(seed), int(stream)]).generate_state(1)[0])


def structure_key(params: Params, protocol: Protocol) -> str:
    """Hash of what the generated code depends on: parameters outside ``RUN_TIME_PARAMS`` and
    the protocol's length (its content is data)."""
    record = {
        "params": {k: v for k, v in params.to_strings().items() if k not in RUN_TIME_PARAMS},
        "flags": structure_flags(params),
        "duration": round(protocol.duration, 9),
        "segments": [[round(d, 9), on] for d, on in run_segments(params, protocol)],
        "brian2": brian2.__version__,
    }
    return digest(record)


def _machine_tag() -> dict:
    """What a compiled binary depends on besides the code: Brian2 compiles with
    ``-march=native``, so a build is only reused on the same CPU model and compiler flags."""
    cpu = platform.processor()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith(("model name", "flags")):
                cpu += line
    prefs = brian2.prefs.codegen.cpp
    return {
        "machine": platform.machine(),
        "cpu": hashlib.sha256(cpu.encode()).hexdigest()[:16],
        "flags": [*(prefs.extra_compile_args_gcc or []), *(prefs.extra_compile_args or [])],
        "python": platform.python_version(),
    }


def build_cache_dir() -> Path | None:
    """Where compiled builds are kept: ``$MIRRORSIM_BUILD_CACHE``, else
    ``$XDG_CACHE_HOME/mirrorsim/builds`` (``~/.cache/mirrorsim/builds``); None when the
    variable is ``off``. On a cluster, point it at a node-local disk (file locks on network
    file systems are unreliable)."""
    value = os.environ.get(CACHE_ENV, "")
    if value.lower() in {"off", "0", "false", "no"}:
        return None
    if value:
        return Path(value).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "mirrorsim" / "builds"


@contextlib.contextmanager
def _locked(path: Path):
    """An exclusive advisory lock on ``path`` (one compiler per structure at a time)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _prune(cache_dir: Path, keep: int) -> None:
    """Delete all but the ``keep`` most recently used builds (skipping any in use)."""
    entries = sorted(
        (p for p in cache_dir.iterdir() if p.is_dir() and not p.name.endswith(".tmp")),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for entry in entries[keep:]:
        with open(entry.with_suffix(".lock"), "a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # another process is building or copying it
            shutil.rmtree(entry, ignore_errors=True)
            fcntl.flock(handle, fcntl.LOCK_UN)
        entry.with_suffix(".lock").unlink(missing_ok=True)


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

    def __init__(
        self, build_dir: str | Path | None = None, cache_dir: str | Path | None | bool = True
    ) -> None:
        """``cache_dir``: True for :func:`build_cache_dir`, a directory, or False/None for no
        cache (every build compiles)."""
        self.cache_dir = (
            build_cache_dir() if cache_dir is True else (Path(cache_dir) if cache_dir else None)
        )
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
        self.cached_builds = 0  # builds whose compiled objects came from the cache
        # Object files the last build compiled. From the cache: none, or only main.o (Brian2
        # writes the clock resets in main.cpp in set order, which varies between processes).
        self.compiled_objects: list[str] = []
        self.cache_entry: Path | None = None  # the cache entry of the last build
        self.runs = 0
        self.compile_time = 0.0  # s, of the last build
        self.run_time = 0.0  # s, of the last binary run

    def run(
        self,
        params: Params,
        protocol: Protocol,
        seed: int,
        progress: bool = False,
        phases: Phases | None = None,
        stream: int = 0,
    ):
        """Simulate ``protocol`` with ``params`` and ``seed``; build only if the structure changed.

        ``stream`` other than 0 gives the same network other input draws (:data:`STREAM_ENV`).

        Returns the Brian2 :class:`~mirrorsim.circuit.Circuit` whose monitors hold the results.
        ``phases`` (:class:`~mirrorsim.phases.Phases`) is told what is being done and how long
        generating, compiling and simulating took.
        """
        phases = Phases(echo=None) if phases is None else phases
        key = structure_key(params, protocol)
        if key != self.key or not self._device_is_ours():
            self._build(params, protocol, progress, phases)
            self.key = key
        else:
            phases.say("re-using the compiled simulation (same structure, new values)")
        os.environ[SEED_ENV] = str(int(seed))
        os.environ[STREAM_ENV] = str(int(stream))
        # Brian2 turns Ctrl-C into a graceful stop and returns normally: that would yield a
        # truncated run that looks complete. Interrupt for real; the caller discards the run.
        brian2.prefs.core.stop_on_keyboard_interrupt = False
        t0 = time.perf_counter()
        with phases("simulating", f"{protocol.duration:g} s of biological time"):
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

    def _build(self, params: Params, protocol: Protocol, progress: bool, phases: Phases) -> None:
        phases.say("building the network and generating C++ code ...")
        t0 = time.perf_counter()
        # Brian2 names code objects ``<owner>_codeobject*``: while objects of an earlier build
        # are alive, the new ones get ``_1`` suffixes, other code, and miss the build cache
        # (correct, but compiled anew). A sweep worker or a script builds once per process.
        self.circuit = self._device = self._code_objects = None
        gc.collect()
        activate_standalone(self.build_dir)
        brian2.defaultclock.dt = params.dt
        brian2.device.insert_code("main", _SEED_CODE)
        circuit = build_circuit(params, protocol)
        brian2.device.insert_code("main", _STREAM_CODE)  # after the wiring, before the run
        circuit.run(protocol, report="stdout" if progress else None, report_period=10 * second)
        # clean=False: make recompiles only the sources that changed (Brian2 rewrites a file
        # only when its content changes), so rebuilding a similar network in the same
        # directory, or in one restored from the cache, compiles nothing.
        started = time.time()
        if self.cache_dir is None:
            self._compile()
        else:
            self._build_through_cache(structure_key(params, protocol))
        self.compiled_objects = sorted(
            str(o.relative_to(self.build_dir))
            for o in Path(self.build_dir).rglob("*.o")
            if o.stat().st_mtime >= started
        )
        self.circuit = circuit
        self._device = brian2.get_device()
        self._code_objects = self._device.code_objects
        self.builds += 1
        self.compile_time = time.perf_counter() - t0
        make = brian2.get_device().timers["compile"]["make"] or 0.0
        phases.add("generating code", self.compile_time - make)
        phases.add("compiling", make)
        where = (
            f"build cache {self.cache_entry} ({'reused' if self.cached_builds else 'new entry'})"
            if self.cache_dir is not None
            else "no build cache"
        )
        phases.say(
            f"  generating code: {self.compile_time - make:.1f} s, compiling: {make:.1f} s; {where}"
        )

    def _compile(self, restored: bool = False) -> None:
        """Brian2's build of the generated code, with a precompiled header unless the build
        was ``restored`` from the cache."""
        with precompiled_header(self.build_dir, wanted=not restored):
            brian2.device.build(directory=self.build_dir, compile=True, run=False, clean=False)

    def _build_through_cache(self, key: str) -> None:
        machine = hashlib.sha256(json.dumps(_machine_tag(), sort_keys=True).encode())
        entry = self.cache_dir / f"{key}-{machine.hexdigest()[:8]}"
        self.cache_entry = entry
        ignore = shutil.ignore_patterns(*_NOT_CACHED)
        with _locked(entry.with_suffix(".lock")):
            cached = (entry / "main").exists()
            if cached:
                shutil.copytree(entry, self.build_dir, dirs_exist_ok=True, ignore=ignore)
                entry.touch()  # most recently used: kept by _prune
            started = time.time()
            self._compile(restored=cached)
            # The key covers parameters, not mirrorsim's code: after a code change the copied
            # entry is out of date and make recompiles what changed. Publish that build, or
            # every later run compiles the same objects again.
            stale = any(
                o.name != "main.o" and o.stat().st_mtime >= started
                for o in Path(self.build_dir).rglob("*.o")
            )
            if cached and not stale:
                self.cached_builds += 1
            else:  # publish atomically: a half-copied entry is never seen as a build
                staging = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
                shutil.rmtree(staging, ignore_errors=True)
                shutil.copytree(self.build_dir, staging, ignore=ignore)
                shutil.rmtree(entry, ignore_errors=True)
                os.replace(staging, entry)
        _prune(self.cache_dir, keep=CACHE_KEEP)

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
