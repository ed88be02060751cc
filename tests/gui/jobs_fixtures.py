"""Shared fixtures for the connection / jobs / settings GUI tests: a fast local sandbox, a context built
around it, and a recorder of Qt warnings. Import the fixtures you need into a test module.

Contexts are built with ``backoff_sleep`` set to the ``backoffs`` recorder (tests/gui/conftest.py): the
clients retry exactly as in the app, but the delays they ask for (1, 2, 4 s…) are recorded, not slept."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QtMsgType, qInstallMessageHandler

from pictory_desktop.domain.body import storyboard_from_body
from pictory_desktop.domain.catalog import default_catalog
from pictory_desktop.domain.render_request import RenderRequest
from pictory_desktop.qt.context import AppContext, build_context
from pictory_desktop.sandbox.server import SandboxServer
from pictory_desktop.sandbox.state import VideoMaker
from tests.timing import STOP_POLL, Backoffs, SandboxClock

FAST_QUEUE = 0.2
FAST_RENDER = 0.8
FAST_POLL = 0.05
# Unless a test brings a clock of its own (one it moves itself, when it must see a job at a given stage),
# a fast sandbox's clock runs this many times real time: a whole render takes a quarter of a second.
SANDBOX_SPEED = 4.0

BODY: dict[str, Any] = {
    "videoName": "Spring sale teaser",
    "aspectRatio": "16:9",
    "scenes": [
        {
            "story": "Our spring sale starts today.",
            "background": {
                "type": "image",
                "aiVisual": {"model": "flux-schnell", "prompt": "A bright shop window with spring flowers"},
            },
        },
        {"story": "Everything is twenty percent off.", "background": {"color": "#1f2937"}},
    ],
}


def render_request(body: dict[str, Any] | None = None) -> RenderRequest:
    """What the window hands the job controller when the user confirms a render of ``body``."""
    return RenderRequest.of(storyboard_from_body(body or BODY), default_catalog())


def fast_sandbox_factory(
    queue: float = FAST_QUEUE,
    render: float = FAST_RENDER,
    started: list[SandboxServer] | None = None,
    clock: SandboxClock | None = None,
    video_maker: VideoMaker | None = None,
) -> Callable[[Path | None], SandboxServer]:
    """Sandboxes on ``clock``, by default one running at SANDBOX_SPEED; every server the factory makes shares
    it, so a sandbox restarted on the same state file finds its jobs aged on the same clock."""
    shared = clock if clock is not None else SandboxClock(rate=SANDBOX_SPEED)

    def factory(state_path: Path | None) -> SandboxServer:
        server = SandboxServer(
            queue_seconds=queue,
            render_seconds=render,
            state_path=state_path,
            clock=shared,
            stop_poll_seconds=STOP_POLL,
            video_maker=video_maker,
        ).start()
        if started is not None:
            started.append(server)
        return server

    return factory


@pytest.fixture
def sandbox_server(tmp_path: Path) -> Iterator[SandboxServer]:
    """A stand-alone sandbox (for "Pictory mode" tests that point the API base URL at it)."""
    server = SandboxServer(
        queue_seconds=FAST_QUEUE,
        render_seconds=FAST_RENDER,
        clock=SandboxClock(rate=SANDBOX_SPEED),
        stop_poll_seconds=STOP_POLL,
    ).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def qt_messages() -> Iterator[list[str]]:
    """Every Qt warning/critical message while the test runs (e.g. "QThread: Destroyed while ...")."""
    seen: list[str] = []

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        if kind != QtMsgType.QtDebugMsg:
            seen.append(message)

    previous = qInstallMessageHandler(handler)
    try:
        yield seen
    finally:
        qInstallMessageHandler(previous)


@pytest.fixture
def make_context(qapp: Any, backoffs: Backoffs) -> Iterator[Callable[..., AppContext]]:
    """Build contexts on the test's PICTORY_DESKTOP_HOME; every one is shut down at the end."""
    made: list[AppContext] = []
    default_factory = fast_sandbox_factory()  # one clock for every context of the test

    def make(**kwargs: Any) -> AppContext:
        kwargs.setdefault("sandbox_factory", default_factory)
        kwargs.setdefault("poll_interval", FAST_POLL)
        kwargs.setdefault("backoff_sleep", backoffs)
        context = build_context(**kwargs)
        made.append(context)
        return context

    yield make
    for context in made:
        context.shutdown()


def wait_until(qtbot: Any, predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    qtbot.waitUntil(predicate, timeout=int(timeout * 1000))


class GapMeter:
    """A 5 ms QTimer on the GUI thread; the longest gap between its ticks shows how responsive it stayed."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.ticks: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))

    def start(self) -> None:
        self.ticks = [time.perf_counter()]
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        self.ticks.append(time.perf_counter())
        return max(b - a for a, b in zip(self.ticks, self.ticks[1:], strict=False))
