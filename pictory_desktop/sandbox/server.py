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
* routes.py: the answer of each route, 404s, pagination, CDN files and Range requests.
* faults.py: the fault kinds and what each does.
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from http.server import ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

from pictory_desktop.sandbox.catalog import Catalog, load_catalog
from pictory_desktop.sandbox.faults import FaultInjector
from pictory_desktop.sandbox.handlers import SandboxHandler
from pictory_desktop.sandbox.jobs import Account

STOP_BUDGET_SECONDS = 0.8


@dataclass(frozen=True)
class RecordedRequest:
    """One request as it arrived (before any fault acted on it); ``time`` comes from the injected clock."""

    origin: str  # "api" | "cdn"
    route: str
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    time: float


class _Origin(ThreadingHTTPServer):
    """One listening socket; tracks its connections and threads so stop() can end them all."""

    daemon_threads = True
    block_on_close = False  # the SandboxServer joins threads itself, with a time budget

    def __init__(self, address: tuple[str, int], sandbox: SandboxServer, origin: str) -> None:
        self.sandbox = sandbox
        self.origin = origin
        super().__init__(address, SandboxHandler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind calls socket.getfqdn(), a reverse DNS lookup that can stall for seconds.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def process_request(self, request: Any, client_address: Any) -> None:
        thread = threading.Thread(
            target=self._handle_connection,
            args=(request, client_address),
            name=f"sandbox-{self.origin}-{client_address[1]}",
            daemon=True,
        )
        self.sandbox._track(thread, request)
        thread.start()

    def _handle_connection(self, request: Any, client_address: Any) -> None:
        try:
            self.process_request_thread(request, client_address)
        finally:
            self.sandbox._untrack(threading.current_thread(), request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # The default prints a traceback to stderr; a dropped client is normal here, so keep it quiet.
        self.sandbox._log(f"connection error from {client_address}: {sys.exc_info()[1]!r}")


class SandboxServer:
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
    ) -> None:
        self.host = host
        # How often each origin's accept loop looks for stop(); stop() waits up to this long for each.
        # Tests, which stop hundreds of servers, pass a shorter one.
        self._stop_poll_seconds = stop_poll_seconds
        self._port = port
        self._cdn_port = cdn_port
        self.queue_seconds = queue_seconds
        self.render_seconds = render_seconds
        self.clock = clock
        self.catalog: Catalog = load_catalog()
        self.account = Account(
            catalog=self.catalog,
            clock=clock,
            credit_limit=Decimal(credit_limit),
            state_path=Path(state_path) if state_path is not None else None,
        )
        self.faults = FaultInjector()
        self.answer_delay: float = 0.0
        self.cdn_payload_bytes: int | None = None
        # Throttle for the padded video: a CDN on loopback moves hundreds of MB a second, too fast to
        # test a download that is still running when the user quits or cancels.
        self.cdn_bytes_per_second: float | None = None
        self.jobs_page_size = 10
        self.errors: list[str] = []  # tracebacks of sandbox bugs (answered as 500); tests may assert empty
        self.log: deque[str] = deque(maxlen=500)
        self._lock = threading.Lock()
        self._requests: list[RecordedRequest] = []
        self._stopping = threading.Event()
        self._threads: set[threading.Thread] = set()
        self._connections: set[Any] = set()
        self._origins: list[_Origin] = []
        self._loops: list[threading.Thread] = []
        self._base_url: str | None = None
        self._cdn_base_url: str | None = None

    # ---- lifecycle ---------------------------------------------------------------------------------
    def start(self) -> SandboxServer:
        if self._origins:
            raise RuntimeError("This sandbox server is already started; create a new one to restart.")
        api = _Origin((self.host, self._port), self, "api")
        try:
            cdn = _Origin((self.host, self._cdn_port), self, "cdn")
        except OSError:
            api.server_close()
            raise
        self._origins = [api, cdn]
        self._base_url = f"http://{self.host}:{api.server_port}/pictoryapis"
        self._cdn_base_url = f"http://{self.host}:{cdn.server_port}"
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
        if not self._origins or self._stopping.is_set():
            return
        deadline = time.monotonic() + STOP_BUDGET_SECONDS
        self._stopping.set()  # wakes answer_delay, slow and hang waits
        for origin in self._origins:
            origin.shutdown()  # returns within one poll interval
        with self._lock:
            connections = list(self._connections)
            threads = list(self._threads)
        for connection in connections:
            # Wakes handlers blocked reading a kept-alive connection.
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        for origin in self._origins:
            origin.server_close()
        for thread in [*self._loops, *threads]:
            thread.join(max(0.0, deadline - time.monotonic()))

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
        if self._cdn_base_url is None:
            raise RuntimeError("Start the sandbox server before asking for its URL.")
        return self._cdn_base_url

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def requests_for(self, route: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.route == route]

    def set_credits(self, *, limit: Decimal, used: Decimal = Decimal(0)) -> None:
        self.account.set_credits(limit=Decimal(limit), used=Decimal(used))

    @property
    def live_threads(self) -> list[threading.Thread]:
        """Handler and accept threads still running (empty after a clean stop())."""
        with self._lock:
            threads = list(self._threads)
        return [t for t in [*self._loops, *threads] if t.is_alive()]

    # ---- used by the handlers ----------------------------------------------------------------------
    def _record(self, origin: str, route: str, method: str, path: str, headers: dict[str, str], body: bytes) -> None:
        request = RecordedRequest(origin, route, method, path, dict(headers), body, self.clock())
        with self._lock:
            self._requests.append(request)

    def _log(self, line: str) -> None:
        self.log.append(line)

    def _track(self, thread: threading.Thread, connection: Any) -> None:
        with self._lock:
            self._threads.add(thread)
            self._connections.add(connection)

    def _untrack(self, thread: threading.Thread, connection: Any) -> None:
        with self._lock:
            self._threads.discard(thread)
            self._connections.discard(connection)


def serve_forever(port: int = 8765, cdn_port: int = 0, state_path: Path | None = None) -> None:
    """Run the sandbox until Ctrl+C (for ``pictory-desktop sandbox --port N``)."""
    server = SandboxServer(port=port, cdn_port=cdn_port, state_path=state_path).start()
    print(f"Pictory sandbox API: {server.base_url}", flush=True)
    print(f"Sandbox CDN:         {server.cdn_base_url}", flush=True)
    print("Use any key starting with pictai_ (for example pictai_sandbox). No credits are spent.", flush=True)
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
