"""A tiny scriptable HTTP server on 127.0.0.1 for the client tests (real sockets, no patched requests).

Imported by the other test_client_* modules; it holds no tests itself.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass
class Reply:
    status: int = 200
    body: Any = None  # dict/list -> JSON; bytes/str sent as is
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (for read timeouts)
    drop: bool = False  # close the connection without any answer
    truncate_to: int | None = None  # send only this many body bytes, with the full Content-Length
    chunk_pause: float = 0.0  # pause between 1 KiB chunks (slow downloads)

    def payload(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode()
        return json.dumps(self.body if self.body is not None else {}).encode()


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


Responder = Reply | Callable[[Recorded], Reply]


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the tests cut connections on purpose: no tracebacks on stderr


class FakeServer:
    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], list[Responder]] = {}
        self.requests: list[Recorded] = []
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                record = Recorded(self.command, self.path, dict(self.headers.items()), body)
                reply = outer._reply_for(record)
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.drop:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                payload = reply.payload()
                self.send_response(reply.status)
                headers = {"Content-Type": "application/json", **reply.headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                if reply.truncate_to is not None:
                    self.send_header("Connection", "close")
                self.end_headers()
                if reply.truncate_to is not None:
                    self.wfile.write(payload[: reply.truncate_to])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                if reply.chunk_pause:
                    for start in range(0, len(payload), 1024):
                        try:
                            self.wfile.write(payload[start : start + 1024])
                            self.wfile.flush()
                        except OSError:
                            return
                        time.sleep(reply.chunk_pause)
                else:
                    try:
                        self.wfile.write(payload)
                    except OSError:
                        pass  # the client gave up first (timeout tests)

            do_GET = do_POST = do_PUT = do_DELETE = _handle

        self.httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)

    def start(self) -> FakeServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(5)

    def on(self, method: str, path: str, *replies: Responder) -> None:
        """Queue replies for a route; the last one repeats forever."""
        self.routes[(method, path)] = list(replies)

    def _reply_for(self, record: Recorded) -> Reply:
        with self._lock:
            self.requests.append(record)
            path = record.path.split("?", 1)[0]
            queue = self.routes.get((record.method, path))
            if not queue:
                return Reply(404, {"message": "no route in fake server"})
            responder = queue.pop(0) if len(queue) > 1 else queue[0]
        return responder(record) if callable(responder) else responder

    def hits(self, method: str, path: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method and r.path.split("?", 1)[0] == path]


@pytest.fixture(name="server")
def server_fixture() -> Iterator[FakeServer]:
    fake = FakeServer().start()
    yield fake
    fake.stop()


@pytest.fixture(name="cdn")
def cdn_fixture() -> Iterator[FakeServer]:
    fake = FakeServer().start()
    yield fake
    fake.stop()


KEY = "pictai_TESTKEY_0123456789abcdef"
