"""The same seed gives the same spikes, different seeds differ (each code target)."""

import numpy as np
import pytest

from mirrorsim.params import make_params
from mirrorsim.protocols import mirror_emergence_protocol
from mirrorsim.simulate import run_protocol
from mirrorsim.standalone import StandaloneSession


def _spikes(tiny, target, seed, session=None):
    params = make_params(tiny)
    data = run_protocol(
        params,
        mirror_emergence_protocol(params, seed, blocks=("post",)),  # development and a test
        seed,
        target=target,
        session=session,
        progress=False,
    )
    return {pop: (s.i.copy(), s.t.copy()) for pop, s in data.spikes.items()}, data


def _same(a, b):
    return all(np.array_equal(a[p][0], b[p][0]) and np.array_equal(a[p][1], b[p][1]) for p in a)


@pytest.mark.parametrize(
    "target", ["numpy", pytest.param("standalone", marks=pytest.mark.standalone)]
)
def test_same_seed_same_spikes_different_seed_different(target, tmp_path, tiny_overrides):
    """In standalone mode the three runs share one binary (a fresh build gives the same
    spikes as a re-run: tests/test_standalone.py)."""
    session = StandaloneSession(tmp_path / "build") if target == "standalone" else None
    if target == "numpy":  # one repeat per test condition and TMS pulse: ~40 % less Python loop
        tiny_overrides = tiny_overrides | {"n_test_repeats": 1, "n_tms_repeats": 1}
    a, data = _spikes(tiny_overrides, target, 5, session)
    b, _ = _spikes(tiny_overrides, target, 5, session)
    c, _ = _spikes(tiny_overrides, target, 6, session)
    if session is not None:
        assert session.builds == 1
        session.close()
    assert sum(len(v[0]) for v in a.values()) > 100  # the run did something
    assert _same(a, b)
    assert not _same(a, c)
    assert data.target == target
