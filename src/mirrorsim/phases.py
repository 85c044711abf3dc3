"""What a long run is doing and how long each part takes: printed as it goes, kept for the record.

A first run spends a minute generating and compiling C++ before it simulates anything; a user
who sees nothing for that minute assumes it hangs. :class:`Phases` prints one line when a phase
starts and one when it ends (to stderr, so results on stdout stay clean), and keeps the seconds
per phase for the run's provenance (``params.json``).
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterator


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Phases:
    """Named, timed phases of one run.

    Parameters
    ----------
    echo : callable or None
        Where progress lines go (default: stderr); None keeps quiet but still times.

    Examples
    --------
    >>> phases = Phases(echo=None)
    >>> with phases("analysing"):
    ...     pass
    >>> list(phases.seconds)
    ['analysing']
    """

    def __init__(self, echo: Callable[[str], None] | None = _stderr) -> None:
        self.echo = echo
        self.seconds: dict[str, float] = {}
        self._on_start: dict[str, list[Callable[[], None]]] = {}

    def on_start(self, name: str, callback: Callable[[], None]) -> None:
        """Call ``callback()`` when phase ``name`` next starts (once): e.g. to load what the
        next phases need while a compiled simulation runs."""
        self._on_start.setdefault(name, []).append(callback)

    def say(self, message: str) -> None:
        """A progress line (nothing when quiet)."""
        if self.echo is not None:
            self.echo(message)

    def add(self, name: str, seconds: float) -> None:
        """Record ``seconds`` spent in ``name`` (measured elsewhere, e.g. by Brian2)."""
        self.seconds[name] = round(self.seconds.get(name, 0.0) + float(seconds), 3)

    @contextlib.contextmanager
    def __call__(self, name: str, detail: str = "") -> Iterator[None]:
        """Time the block as phase ``name``; print its start (with ``detail``) and duration."""
        self.say(f"{name}{' ' + detail if detail else ''} ...")
        for callback in self._on_start.pop(name, []):
            callback()
        t0 = time.perf_counter()
        yield
        elapsed = time.perf_counter() - t0
        self.add(name, elapsed)
        self.say(f"  {name}: {elapsed:.1f} s")
