"""Fixtures for the robustness suite: a sandbox on 127.0.0.1 that is checked for its own bugs afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from pictory_desktop.sandbox import SandboxServer
from tests.timing import STOP_POLL, SandboxClock

QUEUE_SECONDS = 0.2
RENDER_SECONDS = 0.6


@pytest.fixture
def sandbox_clock() -> SandboxClock:
    """The fixture sandbox's clock. It stands still: a job moves on only when the test advances it (or a test
    module overrides this fixture with a clock that runs, e.g. at the pace of a child command)."""
    return SandboxClock()


@pytest.fixture
def sandbox(sandbox_clock: SandboxClock) -> Iterator[SandboxServer]:
    """Jobs are queued 0.2 s, then render 0.6 s, on ``sandbox_clock``; credits never run out."""
    server = SandboxServer(
        queue_seconds=QUEUE_SECONDS,
        render_seconds=RENDER_SECONDS,
        credit_limit=Decimal(1_000_000),
        clock=sandbox_clock,
        stop_poll_seconds=STOP_POLL,
    ).start()
    try:
        yield server
    finally:
        server.stop()
    assert server.errors == [], "the sandbox server crashed while answering:\n" + "\n".join(server.errors)
