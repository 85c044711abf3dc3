"""`mirrorsim run --from params.json` re-runs a recorded run exactly (same spikes)."""

import json
import subprocess
import sys

import numpy as np
import yaml


def _mirrorsim(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "mirrorsim.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=900,
    )


def test_run_from_params_json_reproduces_the_spikes(tiny_overrides, tmp_path):
    config = tmp_path / "tiny.yaml"
    # one repeat per test condition and TMS pulse: the machinery, not the science (3.7 s of
    # biological time per run on the numpy target instead of 6.4 s)
    overrides = {**tiny_overrides, "n_test_repeats": 1, "n_tms_repeats": 1, "coupling": 1.5}
    config.write_text(yaml.safe_dump(overrides))
    first = _mirrorsim(
        "run",
        "mirror-emergence",
        "--seed",
        "4",
        "--config",
        str(config),
        "--target",
        "numpy",
        "--out",
        str(tmp_path / "a"),
        "--quiet",
        cwd=tmp_path,
    )
    assert first.returncode == 0, first.stderr
    again = _mirrorsim(
        "run",
        "--from",
        str(tmp_path / "a" / "params.json"),
        "--target",
        "numpy",
        "--out",
        str(tmp_path / "b"),
        "--quiet",
        cwd=tmp_path,
    )
    assert again.returncode == 0, again.stderr
    rec_a = json.loads((tmp_path / "a" / "params.json").read_text())
    rec_b = json.loads((tmp_path / "b" / "params.json").read_text())
    assert rec_a["params"] == rec_b["params"] and rec_a["seed"] == rec_b["seed"] == 4
    assert rec_b["params"]["coupling"] == 1.5
    a, b = np.load(tmp_path / "a" / "spikes.npz"), np.load(tmp_path / "b" / "spikes.npz")
    assert a.files == b.files
    for key in a.files:
        np.testing.assert_array_equal(a[key], b[key])
