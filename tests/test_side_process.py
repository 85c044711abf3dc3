"""Work beside the main line of a run: a forked process (its result comes back, its error is one
line here, a child still running when the block is left is stopped), modules loaded in a thread,
and the phase callback that starts it."""

from __future__ import annotations

import os
import signal
import time

import pytest

from mirrorsim.side_process import SideProcess, can_fork

pytestmark = pytest.mark.skipif(not can_fork(), reason="needs fork (Linux)")


def _fail(message: str) -> None:
    raise ValueError(message)


def _pid_then_sleep(seconds: float) -> None:
    time.sleep(seconds)


def test_result_comes_back_without_pickling_the_inputs():
    data = {"unpicklable": lambda x: x + 1}  # a fork sees the parent's memory as it was
    with SideProcess(lambda: data["unpicklable"](41)) as side:
        assert side.result() == 42


def test_an_error_in_the_child_is_one_line_here():
    with SideProcess(_fail, "bad input") as side, pytest.raises(RuntimeError) as caught:
        side.result()
    message = str(caught.value)
    assert "_fail failed in a side process: ValueError: bad input" == message
    assert "\n" not in message


def test_a_killed_child_is_an_error_and_leaving_the_block_stops_a_running_one():
    with SideProcess(_pid_then_sleep, 30) as side:
        os.kill(side._process.pid, signal.SIGKILL)
        with pytest.raises(RuntimeError, match="exit code"):
            side.result()
    t0 = time.monotonic()
    with SideProcess(_pid_then_sleep, 30) as side:
        pid = side._process.pid
    assert time.monotonic() - t0 < 10
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_phases_call_back_when_a_phase_starts_once():
    from mirrorsim.phases import Phases

    calls = []
    phases = Phases(echo=None)
    phases.on_start("simulating", lambda: calls.append("loaded"))
    with phases("generating code"):
        assert calls == []
    with phases("simulating"):
        assert calls == ["loaded"]
    with phases("simulating"):
        pass
    assert calls == ["loaded"]


def test_preload_imports_in_a_thread():
    import sys

    from mirrorsim.experiments.base import preload

    preload(("json", "no_such_module_here")).join(timeout=30)
    assert "json" in sys.modules and "no_such_module_here" not in sys.modules
