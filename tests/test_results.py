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
