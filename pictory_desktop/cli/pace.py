"""How fast time passes for a command: real time for every user; faster only inside the test suite.

A command waits in three ways: between status checks (the poll schedule), between retries of a GET (backoff
and Retry-After), and for a server to answer (the connect and read timeouts). ``Pace(speed)`` divides all
of them by ``speed`` and runs the clock that measures the watch deadline ``speed`` times faster, so a
command at any pace makes the same requests and asks for the same delays, counted in its own seconds; only
the real seconds it takes change. The schedule, the retry rules and the never-resend rule are not touched.

Users always get ``REAL_TIME``. In-process callers (tests) pass a ``Pace`` to ``main``. Child processes get
theirs from the test hook below.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

# TEST HOOK, read only by Pace.from_environment() and set only by the test suite. The tests run the real
# command in a child process against their local sandbox, whose clock they run N times faster, and set
# this to N so the command keeps in step. It is honoured only for a server on this computer that the
# command did not start itself (see cli/connection.py), so against Pictory a command always runs in real
# time, whatever the environment says: a stray value can never change a real render, its retries or polls.
TEST_SPEED_ENV = "PICTORY_TEST_ONLY_TIME_SPEED"


@dataclass(frozen=True)
class Pace:
    speed: float = 1.0

    def __post_init__(self) -> None:
        if not (math.isfinite(self.speed) and self.speed >= 1.0):
            raise ValueError("A pace is real time (1) or faster.")

    @classmethod
    def from_environment(cls) -> Pace:
        """The test hook's pace; real time when it is unset or not a number of at least 1."""
        text = os.environ.get(TEST_SPEED_ENV, "").strip()
        if not text:
            return REAL_TIME
        try:
            return cls(float(text))
        except ValueError:
            return REAL_TIME

    @property
    def is_real_time(self) -> bool:
        return self.speed == 1.0

    def seconds(self, seconds: float) -> float:
        """Real seconds for ``seconds`` of this pace's time (a timeout, a wait)."""
        return seconds / self.speed

    def sleep(self, seconds: float) -> None:
        time.sleep(self.seconds(seconds))

    def clock(self) -> float:
        return time.monotonic() * self.speed

    def waiter(self, cancel: threading.Event) -> Callable[[float], bool]:
        """``cancel.wait`` at this pace: returns at once (True) when ``cancel`` is set."""
        if self.is_real_time:
            return cancel.wait
        return lambda seconds: cancel.wait(self.seconds(seconds))


REAL_TIME = Pace()
