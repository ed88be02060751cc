"""Time in the tests is injected, not waited for.

* ``SandboxClock`` is the local server's clock (``SandboxServer(clock=...)``), which decides everything time
  decides there: queueing, render progress, completion, charges, and the time each request is recorded at.
  It stands still until a test moves it (``advance``), or runs at ``rate`` times real time: a fixture's
  sandbox finishes a render the moment the test says that render's seconds have passed.
* ``VirtualWaits`` is what an in-process watcher or client is given instead of sleeping: each wait moves
  the sandbox's clock on at once and is recorded, so the watch takes exactly the steps (and asks for exactly
  the delays) it would take in real time, without the real seconds.
* ``Backoffs`` records the retry waits a client asked for (``PictoryClient(sleep=...)``,
  ``build_context(backoff_sleep=...)``) without sleeping them.
* ``STOP_POLL`` makes a test's sandbox stop in a hundredth of a second rather than a tenth.
* ``CLI_SPEED`` is the pace of the real command in a child process (the ``PICTORY_TEST_ONLY_TIME_SPEED``
  test hook, pictory_desktop/cli/pace.py): every wait and timeout of the child is that many times shorter,
  and a sandbox it talks to runs its clock at the same rate, so both sides agree on every interval.

What the app does is never changed by any of these: its schedule, retry rules and timeouts are the real
ones; only the clock that measures them is the test's.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from pictory_desktop.cli.pace import TEST_SPEED_ENV

CLI_SPEED = 20.0
# SandboxServer(stop_poll_seconds=...): how soon a test's sandbox notices stop(); the app's 0.05 s would cost
# about 0.1 s in every test that stops one.
STOP_POLL = 0.01


def cli_speed_env(speed: float = CLI_SPEED) -> dict[str, str]:
    """Environment entries that run a child ``pictory-desktop`` command at ``speed`` (1: real time)."""
    return {} if speed == 1 else {TEST_SPEED_ENV: repr(float(speed))}


class SandboxClock:
    """Seconds since the epoch (the sandbox writes ledger dates from them), moved by the test."""

    def __init__(self, rate: float = 0.0, *, start: float | None = None) -> None:
        self._lock = threading.Lock()
        self._base = time.time() if start is None else start
        self._real_base = time.monotonic()
        self._rate = float(rate)
        self._start_when: tuple[Callable[[], bool], float] | None = None

    def __call__(self) -> float:
        with self._lock:
            if self._start_when is not None and self._start_when[0]():
                self._set_rate(self._start_when[1])
                self._start_when = None
            return self._now()

    def _now(self) -> float:
        return self._base + (time.monotonic() - self._real_base) * self._rate

    @property
    def rate(self) -> float:
        return self._rate

    def advance(self, seconds: float) -> None:
        """``seconds`` pass at once (never backwards)."""
        with self._lock:
            self._base += max(0.0, seconds)

    def set_rate(self, rate: float) -> None:
        """From now on run at ``rate`` times real time (0 stops the clock); the time so far is kept."""
        with self._lock:
            self._set_rate(rate)

    def _set_rate(self, rate: float) -> None:
        self._base = self._now()
        self._real_base = time.monotonic()
        self._rate = float(rate)

    def run_when(self, ready: Callable[[], bool], rate: float) -> None:
        """Stand still until ``ready()`` holds (asked each time the clock is read), then run at ``rate``: the
        switch happens at an exact point of what the sandbox sees, not at a moment a test thread guesses."""
        with self._lock:
            self._set_rate(0.0)
            self._start_when = (ready, float(rate))


class VirtualWaits:
    """A ``wait``/``sleep`` for in-process code that moves ``clock`` on instead of sleeping, and a matching
    ``now`` for ``watch_job(clock=...)``; ``cancel`` still ends a wait (returns True) as ``Event.wait`` does."""

    def __init__(self, clock: SandboxClock, cancel: threading.Event | None = None) -> None:
        self.clock = clock
        self.cancel = cancel if cancel is not None else threading.Event()
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> bool:
        self.waits.append(seconds)
        if self.cancel.is_set():
            return True
        self.clock.advance(seconds)
        return False

    def now(self) -> float:
        return self.clock()


class Backoffs:
    """Stands in for time.sleep as a client's retry wait: records each delay asked for, sleeps none of it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        with self._lock:
            self.delays.append(seconds)
