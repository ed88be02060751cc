"""A local Pictory-compatible server: the app's offline sandbox mode and every integration test's double.

Two origins, like the real service: the API (``base_url``, ``/pictoryapis/...``) and a separate CDN origin
(``cdn_base_url``) that serves finished videos, so clients cannot confuse the two (and tests can prove the
API key never travels to the CDN). Standard library only; it does not import ``pictory_desktop.domain`` so
the app's cost and validation logic is checked against an independent reading of Pictory's documentation.

Where each behaviour is decided, and the choices made where Pictory is silent:

* validation.py: what a storyboard body may contain and the 400 answers; unknown fields dropped silently.
* pricing.py: the cost of a render and scene splitting.
* jobs.py: job lifecycle, credits, ledger, persistence (with ``state_path``, the saved account wins over
  ``credit_limit``; an unreadable state file is renamed aside and a fresh account starts).
* state.py: what the handlers share (account, faults, tunables, request log, stop event).
* handlers.py: the HTTP transport of both origins (reading, faults, writing).
* routes.py: the answer of each route, 404s, pagination, CDN files and Range requests.
* faults.py: the fault kinds and what each does.
* library.py: the voices, music, brands and styles it lists, and the music search; audio.py: the WAV
  samples and tracks the CDN origin serves for them (``/sandbox-media/...``, no key needed).
"""

from __future__ import annotations

import contextlib
import socket
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from types import TracebackType

from pictory_desktop.sandbox.catalog import Catalog, load_catalog
from pictory_desktop.sandbox.faults import FaultInjector
from pictory_desktop.sandbox.handlers import OriginServer
from pictory_desktop.sandbox.jobs import Account
from pictory_desktop.sandbox.state import RecordedRequest, SandboxState, VideoMaker

STOP_BUDGET_SECONDS = 0.8


class SandboxServer:
    """Both origins, their threads, and the one ``SandboxState`` their handlers share.

    The tunables (``answer_delay``, ``cdn_payload_bytes``…) are the state's; the properties here let a test
    or the app set them on the server it holds.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        cdn_port: int = 0,
        queue_seconds: float = 1.0,
        render_seconds: float = 4.0,
        credit_limit: Decimal = Decimal("500"),
        state_path: Path | None = None,
        clock: Callable[[], float] = time.time,
        stop_poll_seconds: float = 0.05,
        video_maker: VideoMaker | None = None,
    ) -> None:
        self.host = host
        # How often each origin's accept loop looks for stop(); stop() waits up to this long for each.
        # Tests, which stop hundreds of servers, pass a shorter one.
        self._stop_poll_seconds = stop_poll_seconds
        self._port = port
        self._cdn_port = cdn_port
        catalog = load_catalog()
        account = Account(
            catalog=catalog,
            clock=clock,
            credit_limit=Decimal(credit_limit),
            state_path=Path(state_path) if state_path is not None else None,
        )
        self.state = SandboxState(
            catalog=catalog,
            account=account,
            clock=clock,
            queue_seconds=queue_seconds,
            render_seconds=render_seconds,
            video_maker=video_maker,
        )
        # Made videos live for the server's life only: a restarted sandbox makes them again from the bodies its
        # state file keeps, so nothing grows on the user's disk render after render.
        self._videos_dir: tempfile.TemporaryDirectory[str] | None = None
        if video_maker is not None:
            self._videos_dir = tempfile.TemporaryDirectory(prefix="pictory-sandbox-renders-")
            self.state.videos_dir = Path(self._videos_dir.name)
        self._origins: list[OriginServer] = []
        self._loops: list[threading.Thread] = []
        self._base_url: str | None = None

    # ---- what the handlers share, seen from the server -----------------------------------------------
    @property
    def catalog(self) -> Catalog:
        return self.state.catalog

    @property
    def account(self) -> Account:
        return self.state.account

    @property
    def faults(self) -> FaultInjector:
        return self.state.faults

    @property
    def clock(self) -> Callable[[], float]:
        return self.state.clock

    @property
    def errors(self) -> list[str]:
        """Tracebacks of sandbox bugs (answered as 500); tests may assert it is empty."""
        return self.state.errors

    @property
    def log(self) -> deque[str]:
        return self.state.log

    @property
    def queue_seconds(self) -> float:
        return self.state.queue_seconds

    @queue_seconds.setter
    def queue_seconds(self, seconds: float) -> None:
        self.state.queue_seconds = seconds

    @property
    def render_seconds(self) -> float:
        return self.state.render_seconds

    @render_seconds.setter
    def render_seconds(self, seconds: float) -> None:
        self.state.render_seconds = seconds

    @property
    def answer_delay(self) -> float:
        return self.state.answer_delay

    @answer_delay.setter
    def answer_delay(self, seconds: float) -> None:
        self.state.answer_delay = seconds

    @property
    def cdn_payload_bytes(self) -> int | None:
        return self.state.cdn_payload_bytes

    @cdn_payload_bytes.setter
    def cdn_payload_bytes(self, size: int | None) -> None:
        self.state.cdn_payload_bytes = size

    @property
    def cdn_bytes_per_second(self) -> float | None:
        return self.state.cdn_bytes_per_second

    @cdn_bytes_per_second.setter
    def cdn_bytes_per_second(self, rate: float | None) -> None:
        self.state.cdn_bytes_per_second = rate

    @property
    def jobs_page_size(self) -> int:
        return self.state.jobs_page_size

    @jobs_page_size.setter
    def jobs_page_size(self, size: int) -> None:
        self.state.jobs_page_size = size

    # ---- lifecycle ---------------------------------------------------------------------------------
    def start(self) -> SandboxServer:
        if self._origins:
            raise RuntimeError("This sandbox server is already started; create a new one to restart.")
        api = OriginServer((self.host, self._port), self.state, "api")
        try:
            cdn = OriginServer((self.host, self._cdn_port), self.state, "cdn")
        except OSError:
            api.server_close()
            raise
        self._origins = [api, cdn]
        self._base_url = f"http://{self.host}:{api.server_port}/pictoryapis"
        self.state.cdn_base_url = f"http://{self.host}:{cdn.server_port}"
        for origin in self._origins:
            loop = threading.Thread(
                target=origin.serve_forever,
                kwargs={"poll_interval": self._stop_poll_seconds},
                name=f"sandbox-{origin.origin}-accept",
                daemon=True,
            )
            self._loops.append(loop)
            loop.start()
        return self

    def stop(self) -> None:
        """Stop both origins within about a second, whatever the handlers are doing."""
        if not self._origins or self.state.stopping.is_set():
            return
        deadline = time.monotonic() + STOP_BUDGET_SECONDS
        self.state.stopping.set()  # wakes answer_delay, slow and hang waits
        for origin in self._origins:
            origin.shutdown()  # returns within one poll interval
        connections, threads = self.state.tracked()
        for connection in connections:
            # Wakes handlers blocked reading a kept-alive connection.
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        for origin in self._origins:
            origin.server_close()
        for thread in [*self._loops, *threads]:
            thread.join(max(0.0, deadline - time.monotonic()))
        if self._videos_dir is not None:
            with contextlib.suppress(OSError):
                self._videos_dir.cleanup()

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # ---- public views ------------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        if self._base_url is None:
            raise RuntimeError("Start the sandbox server before asking for its URL.")
        return self._base_url

    @property
    def cdn_base_url(self) -> str:
        if not self.state.cdn_base_url:
            raise RuntimeError("Start the sandbox server before asking for its URL.")
        return self.state.cdn_base_url

    @property
    def requests(self) -> list[RecordedRequest]:
        return self.state.requests

    def requests_for(self, route: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.route == route]

    def set_credits(self, *, limit: Decimal, used: Decimal = Decimal(0)) -> None:
        self.account.set_credits(limit=Decimal(limit), used=Decimal(used))

    @property
    def live_threads(self) -> list[threading.Thread]:
        """Handler and accept threads still running (empty after a clean stop())."""
        _connections, threads = self.state.tracked()
        return [t for t in [*self._loops, *threads] if t.is_alive()]


def serve_forever(
    port: int = 8765, cdn_port: int = 0, state_path: Path | None = None, video_maker: VideoMaker | None = None
) -> None:
    """Run the sandbox until Ctrl+C (for ``pictory-desktop sandbox --port N``)."""
    server = SandboxServer(port=port, cdn_port=cdn_port, state_path=state_path, video_maker=video_maker).start()
    print(f"Pictory sandbox API: {server.base_url}", flush=True)
    print(f"Sandbox CDN:         {server.cdn_base_url}", flush=True)
    print(
        "Use any key starting with pictai_ (for example pictai_sandbox). Its credits are pretend credits.", flush=True
    )
    if server.account.load_error:
        print(server.account.load_error, flush=True)
    print("Press Ctrl+C to stop.", flush=True)
    try:
        while True:  # a short wait keeps Ctrl+C responsive on every platform
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        print("Sandbox stopped.", flush=True)
