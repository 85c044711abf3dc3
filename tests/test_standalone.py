"""Compile once, run many: a re-run binary equals a fresh build; standalone agrees with runtime."""

import shutil

import numpy as np
import pytest

from mirrorsim.params import make_params
from mirrorsim.protocols import mirror_emergence_protocol
from mirrorsim.simulate import run_protocol
from mirrorsim.standalone import StandaloneSession, structure_key

pytestmark = pytest.mark.standalone


def _run(overrides, seed, **kwargs):
    params = make_params(overrides)
    protocol = mirror_emergence_protocol(params, seed, blocks=("post",))
    return run_protocol(params, protocol, seed, progress=False, **kwargs)


def test_structure_key_ignores_run_time_values_only(tiny_overrides):
    base = make_params(tiny_overrides)
    protocol = mirror_emergence_protocol(base, 1)
    key = structure_key(base, protocol)
    for knob in ({"coupling": 2.5}, {"inhibition": 0.5}, {"w_ee": "0.9 nS"}):
        assert structure_key(make_params(tiny_overrides | knob), protocol) == key
    for structural in ({"n_f5_e": 90}, {"p_local": 0.2}, {"tau_adapt": "50 ms"}):
        assert structure_key(make_params(tiny_overrides | structural), protocol) != key
    other_seed = mirror_emergence_protocol(base, 2)  # same length, other trial order
    assert structure_key(base, other_seed) == key
    shorter = mirror_emergence_protocol(base, 1, blocks=("post",))
    assert structure_key(base, shorter) != key


@pytest.fixture(scope="module")
def session():
    """One compiled binary shared by the tests of this module."""
    session = StandaloneSession()
    yield session
    session.close()


FRESH_BUILD_SCRIPT = """
import json, sys
import numpy as np
from mirrorsim.params import make_params
from mirrorsim.protocols import mirror_emergence_protocol
from mirrorsim.simulate import run_protocol
from mirrorsim.standalone import StandaloneSession

params = make_params(json.loads(sys.argv[1]))
protocol = mirror_emergence_protocol(params, 2, blocks=("post",))
session = StandaloneSession(sys.argv[2], cache_dir=False)
data = run_protocol(params, protocol, 2, progress=False, session=session)
arrays = {"weights_post": data.weights_post, "syn_i": data.syn_i, "tms_times": data.tms_times}
for pop, spikes in data.spikes.items():
    arrays[f"i_{pop}"], arrays[f"t_{pop}"] = spikes.i, spikes.t
for area, lfp in data.lfp.items():
    arrays[f"lfp_{area}"] = lfp
np.savez(sys.argv[3], **arrays)
print(json.dumps({"builds": session.builds, "cached": session.cached_builds,
                  "compiled": session.compiled_objects}))
"""


def test_rerun_with_new_values_equals_a_fresh_build(tiny_overrides, session, tmp_path):
    """Seed, coupling, inhibition and a weight change between runs of one binary."""
    import json
    import subprocess
    import sys

    first = _run(tiny_overrides, 1, session=session)
    builds = session.builds
    new = tiny_overrides | {"coupling": 2.0, "inhibition": 0.7, "w_ee": "0.6 nS"}
    rerun = _run(new, 2, session=session)
    assert session.builds == builds  # re-run, not rebuilt
    # A fresh build, in another process: no build cache, every file generated anew from the
    # new values. Its directory starts as a copy of this build's sources and objects, so make
    # recompiles only the files whose generated content changed (Brian2 rewrites a file only
    # then): the binary of a full build, without compiling every code object again.
    fresh_dir = tmp_path / "fresh"
    shutil.copytree(session.build_dir, fresh_dir, ignore=shutil.ignore_patterns("results"))
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            FRESH_BUILD_SCRIPT,
            json.dumps(new),
            str(fresh_dir),
            str(tmp_path / "fresh.npz"),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    built = json.loads(out.stdout.strip().splitlines()[-1])
    assert built["builds"] == 1 and built["cached"] == 0
    fresh = np.load(tmp_path / "fresh.npz")
    assert sum(len(s.t) for s in rerun.spikes.values()) > 1000
    for pop, spikes in rerun.spikes.items():
        assert np.array_equal(spikes.i, fresh[f"i_{pop}"]), pop
        assert np.array_equal(spikes.t, fresh[f"t_{pop}"]), pop
        assert not np.array_equal(spikes.t, first.spikes[pop].t) or len(spikes.t) == 0, pop
    assert np.array_equal(rerun.weights_post, fresh["weights_post"])
    assert np.array_equal(rerun.syn_i, fresh["syn_i"])
    for area, lfp in rerun.lfp.items():
        assert np.array_equal(lfp, fresh[f"lfp_{area}"])
    assert rerun.params.coupling == 2.0
    np.testing.assert_allclose(rerun.tms_times, fresh["tms_times"])


REUSE_SCRIPT = """
import json, sys
import numpy as np
from mirrorsim.params import make_params
from mirrorsim.protocols import mirror_emergence_protocol
from mirrorsim.simulate import run_protocol
from mirrorsim.standalone import StandaloneSession

params = make_params(json.loads(sys.argv[1]))
protocol = mirror_emergence_protocol(params, 3, blocks=("post",))
session = StandaloneSession(sys.argv[2])
data = run_protocol(params, protocol, 3, progress=False, session=session)
np.save(sys.argv[3], data.spikes["f5_e"].t)
print(json.dumps({"cached": session.cached_builds, "compiled": session.compiled_objects}))
"""


def test_another_process_reuses_the_cached_build(tiny_overrides, session, tmp_path):
    """A second process (a sweep worker, the next sweep) copies the build and compiles nothing."""
    import json
    import subprocess
    import sys

    here = _run(tiny_overrides, 3, session=session)
    assert session.cache_entry is not None and (session.cache_entry / "main").exists()
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            REUSE_SCRIPT,
            json.dumps(tiny_overrides),
            str(tmp_path / "build"),
            str(tmp_path / "f5_e.npy"),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["cached"] == 1
    # No code object is recompiled; main.cpp's clock resets follow Python's set order.
    assert set(report["compiled"]) <= {"main.o"}
    np.testing.assert_array_equal(np.load(tmp_path / "f5_e.npy"), here.spikes["f5_e"].t)


def _rates(data) -> dict[str, float]:
    duration = data.protocol.duration
    return {pop: len(s.t) / s.n / duration for pop, s in data.spikes.items()}


def test_standalone_and_runtime_agree_within_seed_spread(tiny_overrides, session):
    """Per-population rates over 4 seeds: means differ by less than twice the seed-to-seed SD."""
    seeds = range(11, 15)
    standalone = [_rates(_run(tiny_overrides, s, session=session)) for s in seeds]
    runtime = [_rates(_run(tiny_overrides, s, target="numpy")) for s in seeds]
    for pop in ("ipl_e", "f5_e", "f5_i", "m1_e", "gate", "tc"):
        a = np.array([r[pop] for r in standalone])
        b = np.array([r[pop] for r in runtime])
        spread = max(a.std(ddof=1), b.std(ddof=1))
        assert abs(a.mean() - b.mean()) <= 2 * spread, (pop, a, b)
        assert a.mean() > 0.5, pop  # the populations are active at all


def test_another_input_stream_is_the_same_network_with_other_input(tiny_overrides, session):
    """stream 1 (the main job's after half): the wiring and initial weights of stream 0, other
    spikes; the same stream twice, the same spikes (one binary, no rebuild)."""
    zero = _run(tiny_overrides, 4, session=session)
    builds = session.builds
    one = _run(tiny_overrides, 4, session=session, stream=1)
    again = _run(tiny_overrides, 4, session=session, stream=1)
    assert session.builds == builds
    assert np.array_equal(zero.syn_j, one.syn_j) and np.array_equal(zero.syn_i, one.syn_i)
    assert np.array_equal(zero.weights_pre, one.weights_pre)
    assert not np.array_equal(zero.spikes["ipl_e"].t, one.spikes["ipl_e"].t)
    for pop, spikes in one.spikes.items():
        assert np.array_equal(spikes.t, again.spikes[pop].t), pop
