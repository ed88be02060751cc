"""Integration fixtures: a real local Pictory-compatible server on 127.0.0.1, talked to over HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pictory_desktop.sandbox import SandboxServer

SANDBOX_KEY = "pictai_integration_tests"


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    """A started sandbox whose jobs finish in under a second (0.2 s queued, 0.6 s rendering).

    After the test it is stopped, and the test fails if the server hit a bug of its own (answered 500)
    or left a thread running: both would make other tests' results unreliable.
    """
    server = SandboxServer(queue_seconds=0.2, render_seconds=0.6).start()
    try:
        yield server
    finally:
        server.stop()
    assert server.errors == [], "the sandbox server crashed while answering:\n" + "\n".join(server.errors)
    assert server.live_threads == [], f"the sandbox left threads running: {server.live_threads}"
