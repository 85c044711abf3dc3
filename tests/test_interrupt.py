"""A run stopped with SIGTERM or Ctrl-C leaves no partial result and says what it discarded."""

import os
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
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # A shell's background jobs inherit SIGINT as ignored; a user's terminal does not.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    # Wait until the simulation runs (its progress bar appears), however loaded the machine is.
    seen = ""
    deadline = time.monotonic() + 300
    while "simulating" not in seen and time.monotonic() < deadline:
        chunk = os.read(proc.stderr.fileno(), 256)
        if not chunk:
            break
        seen += chunk.decode(errors="replace")
    assert "simulating" in seen and proc.poll() is None, seen
    time.sleep(1)
    proc.send_signal(sig)
    _, rest = proc.communicate(timeout=120)
    stderr = seen + rest
    assert proc.returncode == 130
    assert "discarded" in stderr
    assert "Traceback" not in stderr
    assert not out.exists()
    leftovers = list((tmp_path / "results").glob("*")) if (tmp_path / "results").exists() else []
    assert leftovers == []
