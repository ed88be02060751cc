"""Integration fixtures: a real local Pictory-compatible server on 127.0.0.1, talked to over HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pictory_desktop.sandbox import SandboxServer
from tests.timing import STOP_POLL, SandboxClock

SANDBOX_KEY = "pictai_integration_tests"
QUEUE_SECONDS = 0.2
RENDER_SECONDS = 0.6


@pytest.fixture
def sandbox_clock() -> SandboxClock:
    """The fixture sandbox's clock. It stands still: a job moves on only when the test advances it (or a test
    module overrides this fixture with a clock that runs, e.g. at the pace of a child command)."""
    return SandboxClock()


@pytest.fixture
def sandbox(sandbox_clock: SandboxClock) -> Iterator[SandboxServer]:
    """A started sandbox whose jobs are queued for 0.2 s, then render for 0.6 s, on ``sandbox_clock``.

    After the test it is stopped, and the test fails if the server hit a bug of its own (answered 500)
    or left a thread running: both would make other tests' results unreliable.
    """
    server = SandboxServer(
        queue_seconds=QUEUE_SECONDS, render_seconds=RENDER_SECONDS, clock=sandbox_clock, stop_poll_seconds=STOP_POLL
    ).start()
    try:
        yield server
    finally:
        server.stop()
    assert server.errors == [], "the sandbox server crashed while answering:\n" + "\n".join(server.errors)
    assert server.live_threads == [], f"the sandbox left threads running: {server.live_threads}"


@pytest.fixture(autouse=True)
def _one_qapplication_for_the_session(qapp: object) -> None:
    """The command line run in this process with ``--sandbox`` makes its own offscreen QGuiApplication to paint
    the sandbox's draft renders when none exists (``draft.frames.ensure_painting_app``); a QGuiApplication
    made first would leave the GUI tests after it without the QApplication widgets need. pytest-qt's one
    QApplication, made before any test here, is the one every test shares."""
