"""A run stopped with SIGTERM or Ctrl-C leaves no partial result and says what it discarded."""

import signal
import subprocess
import sys
import time

import pytest
import yaml


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_killed_run_leaves_nothing(tmp_path, tiny_overrides, sig):
    config = tmp_path / "tiny.yaml"
    config.write_text(yaml.safe_dump(tiny_overrides | {"t_spontaneous": "2 s"}))
    out = tmp_path / "results" / "run"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mirrorsim.cli",
            "run",
            "mirror-emergence",
            "--target",
            "numpy",
            "--config",
            str(config),
            "--out",
            str(out),
            "--quiet",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # A shell's background jobs inherit SIGINT as ignored; a user's terminal does not.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    time.sleep(8)  # inside the simulation (the whole run takes ~20 s)
    assert proc.poll() is None, proc.communicate()
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "discarded" in stderr
    assert "Traceback" not in stderr
    assert not out.exists()
    leftovers = list((tmp_path / "results").glob("*")) if (tmp_path / "results").exists() else []
    assert leftovers == []
