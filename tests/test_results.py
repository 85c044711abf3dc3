"""Run result files: what mirrorsim.results writes reads back."""

import numpy as np


def test_fast_npz_reads_back_like_numpys_own(tmp_path):
    from mirrorsim.results import savez_fast

    rng = np.random.default_rng(0)
    arrays = {"t": np.sort(rng.random(1000)), "i": rng.integers(0, 50, 1000), "n": np.array(50)}
    savez_fast(tmp_path / "a.npz", **arrays)
    with np.load(tmp_path / "a.npz") as back:
        assert sorted(back.files) == sorted(arrays)
        for name, value in arrays.items():
            np.testing.assert_array_equal(back[name], value)
            assert back[name].dtype == value.dtype


def test_git_state_is_read_once_per_process(tmp_path, monkeypatch):
    """A commit made while a run simulates must not become the revision of its results."""
    from mirrorsim import results

    results.git_state.cache_clear()
    first = results.git_state()
    calls = []
    monkeypatch.setattr(results.subprocess, "run", lambda *a, **k: calls.append(a))
    assert results.git_state() == first and not calls
    results.git_state.cache_clear()
