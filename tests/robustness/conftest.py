"""Fixtures for the robustness suite: a sandbox on 127.0.0.1 that is checked for its own bugs afterwards."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pictory_desktop.sandbox import SandboxServer


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    """Jobs finish in under a second (0.2 s queued, 0.6 s rendering); credits never run out."""
    from decimal import Decimal

    server = SandboxServer(queue_seconds=0.2, render_seconds=0.6, credit_limit=Decimal(1_000_000)).start()
    try:
        yield server
    finally:
        server.stop()
    assert server.errors == [], "the sandbox server crashed while answering:\n" + "\n".join(server.errors)
