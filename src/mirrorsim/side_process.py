"""One function call in a forked process, while this one does something else.

A user's main job waits on one core for work that could run on the other: the test block before
learning beside the rest of the simulation (:mod:`mirrorsim.split_run`), the figures beside the
NWB file (:func:`mirrorsim.experiments.base.write_result_folder`). :class:`SideProcess` runs
``func(*args)`` in a child forked from this process (it sees this process's memory as it was,
without pickling its inputs or importing anything again) and returns the result, or raises the
child's error here.

Forking needs Linux and a process that may have children: a Dask worker is a daemonic process,
which may not (:func:`can_fork`). Where it cannot fork, callers do the work in turn.
"""

from __future__ import annotations

import multiprocessing
import sys
import traceback
from collections.abc import Callable
from typing import Any

__all__ = ["SideProcess", "can_fork"]


def can_fork() -> bool:
    """Whether work can go to a forked process here: on Linux, outside daemonic processes."""
    return sys.platform.startswith("linux") and not multiprocessing.current_process().daemon


class SideProcess:
    """``func(*args)`` in a forked child; :meth:`result` waits for it.

    Use as a context manager: leaving the block (normally or by an error, Ctrl-C included)
    stops a child that is still running.

    Examples
    --------
    >>> with SideProcess(sum, [1, 2, 3]) as side:
    ...     side.result()
    6
    """

    def __init__(self, func: Callable[..., Any], *args: Any) -> None:
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_child, args=(send, func, args), daemon=True)
        self._done = False

    def __enter__(self) -> SideProcess:
        self._process.start()
        return self

    def result(self) -> Any:
        """The child's return value (pickled through a pipe); its error as a RuntimeError."""
        try:
            ok, value = self._receive.recv()
        except EOFError:  # the child died without a word (killed)
            self._process.join()
            raise RuntimeError(
                f"a side process ended with exit code {self._process.exitcode}"
            ) from None
        self._process.join()
        self._done = True
        if not ok:
            raise RuntimeError(value)
        return value

    def __exit__(self, *exc: object) -> None:
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(timeout=5)
            if self._process.is_alive():  # SIGTERM ignored (a handler it inherited): kill it
                self._process.kill()
        if self._process.pid is not None:
            self._process.join()
        self._receive.close()


def _child(send, func: Callable[..., Any], args: tuple) -> None:
    try:
        result = func(*args)
        send.send((True, result))
    except BaseException as error:  # noqa: BLE001 - reported to the parent, which raises it
        first = traceback.format_exception_only(error)[-1].strip()
        send.send((False, f"{func.__name__} failed in a side process: {first}"))
    finally:
        send.close()
