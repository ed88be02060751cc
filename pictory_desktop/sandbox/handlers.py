"""HTTP transport for both sandbox origins: read, record, apply faults, check the key, write the answer.

Every wait (``answer_delay``, ``slow``, ``hang``) is on the state's stop event, so stop() wakes it.
"""

from __future__ import annotations

import socket
import socketserver
import sys
import threading
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from pictory_desktop.sandbox import routes
from pictory_desktop.sandbox.faults import TRANSPORT_KINDS, Fault
from pictory_desktop.sandbox.routes import Response, json_response
from pictory_desktop.sandbox.state import Origin, SandboxState

MAX_BODY_BYTES = 10 * 1024 * 1024
HANG_LIMIT_SECONDS = 120.0
_DEFAULT_NON_JSON = b"<html><body><h1>502 Bad Gateway</h1></body></html>"
_DEFAULT_WRONG_SHAPE = b'{"data": "x"}'


class _BodyTooLarge(Exception):
    pass


class SandboxHandler(BaseHTTPRequestHandler):
    # HTTP/1.1 keeps connections alive like a real API; every answer therefore sends Content-Length.
    protocol_version = "HTTP/1.1"
    server_version = "PictorySandbox/1.0"
    # An idle keep-alive connection is dropped after this; stop() closes them sooner.
    timeout = 300
    # Headers and body go out in two writes; with Nagle's algorithm the body then waits for the client's
    # delayed ACK, and every answer on a kept-alive connection took ~40 ms on loopback instead of ~1 ms.
    disable_nagle_algorithm = True

    @property
    def origin_server(self) -> OriginServer:
        server = self.server
        assert isinstance(server, OriginServer), "SandboxHandler serves only an OriginServer"
        return server

    def do_GET(self) -> None:  # noqa: N802 - the names http.server dispatches to
        self._serve()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_GET  # noqa: N815

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        # Quiet: a test run must not spam stderr. Kept for anyone debugging a failing test.
        self.origin_server.state.note(format % args)

    # ---- reading --------------------------------------------------------------------------------------
    def _read_body(self, limit: int = MAX_BODY_BYTES) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            return self._read_chunked()
        length = int(self.headers.get("Content-Length") or 0)
        if length > limit:
            raise _BodyTooLarge
        return self.rfile.read(length) if length > 0 else b""

    def _read_chunked(self) -> bytes:
        parts: list[bytes] = []
        total = 0
        for _ in range(100_000):  # bounded: a client cannot keep us here forever
            size = int(self.rfile.readline(1024).split(b";")[0].strip() or b"0", 16)
            if size == 0:
                self.rfile.readline(1024)
                break
            total += size
            if total > MAX_BODY_BYTES:
                raise _BodyTooLarge
            parts.append(self.rfile.read(size))
            self.rfile.readline(1024)
        return b"".join(parts)

    # ---- the request ----------------------------------------------------------------------------------
    def _serve(self) -> None:
        sandbox = self.origin_server.state
        origin = self.origin_server.origin
        split = urlsplit(self.path)
        route, params = routes.classify(origin, self.command, split.path)
        headers = {k: v for k, v in self.headers.items()}
        try:
            body = self._read_body(routes.MAX_UPLOAD_BYTES if route == "upload" else MAX_BODY_BYTES)
        except (_BodyTooLarge, ValueError):
            sandbox.record(origin, route, self.command, self.path, headers, b"")
            self.close_connection = True
            self._send(json_response(413, {"message": "The request body is too large or malformed."}))
            return
        sandbox.record(origin, route, self.command, self.path, headers, body)

        try:
            fault = sandbox.faults.take(route, TRANSPORT_KINDS)
            if fault is not None and fault.kind in ("drop", "hang"):
                self._drop_or_hang(sandbox, fault)
                return
            if fault is not None and fault.kind == "slow" and not self._wait(sandbox, fault.delay):
                return
            if origin == "api" and sandbox.answer_delay > 0 and not self._wait(sandbox, sandbox.answer_delay):
                return
            response = self._fault_response(fault) if fault is not None else None
            if response is None:
                response = self._answer(sandbox, origin, route, params, split.query, headers, body)
            self._send(response, truncate=fault is not None and fault.kind == "truncated")
        except OSError:
            self.close_connection = True  # the client went away or stop() closed the socket
        except Exception:  # noqa: BLE001 - a bug in the sandbox must look like a 500, and be kept for tests
            sandbox.note(traceback.format_exc())
            sandbox.errors.append(traceback.format_exc())
            self.close_connection = True
            try:
                self._send(json_response(500, {"message": "Internal Server Error"}))
            except OSError:
                pass

    def _wait(self, sandbox: SandboxState, seconds: float) -> bool:
        """Sleep ``seconds`` unless stop() comes first; False means stop came and the connection is done."""
        if sandbox.wait_unless_stopped(seconds):
            return True
        self.close_connection = True
        return False

    def _drop_or_hang(self, sandbox: SandboxState, fault: Fault) -> None:
        if fault.kind == "hang":
            sandbox.wait_unless_stopped(HANG_LIMIT_SECONDS)
        # No answer at all: closing the connection is all the client will see.
        self.close_connection = True

    def _fault_response(self, fault: Fault) -> Response | None:
        if fault.kind == "status":
            body = fault.body if fault.body is not None else b'{"message": "Fault injected by the sandbox"}'
            return Response(fault.status, body, fault.content_type, dict(fault.headers))
        if fault.kind == "non_json":
            body = fault.body if fault.body is not None else _DEFAULT_NON_JSON
            return Response(200, body, fault.content_type, dict(fault.headers))
        if fault.kind == "wrong_shape":
            body = fault.body if fault.body is not None else _DEFAULT_WRONG_SHAPE
            return Response(200, body, fault.content_type, dict(fault.headers))
        if fault.kind == "unauthorized":
            return routes.unauthorized()
        if fault.kind == "truncated" and fault.body is not None:
            return Response(fault.status if fault.status != 500 else 200, fault.body, fault.content_type)
        return None  # slow / truncated without a body: answer normally

    def _answer(
        self,
        sandbox: SandboxState,
        origin: Origin,
        route: str,
        params: tuple[str, ...],
        query: str,
        headers: dict[str, str],
        body: bytes,
    ) -> Response:
        if route == "unknown":
            return routes.not_found() if origin == "api" else routes.text_response(404, "Not Found")
        if origin == "cdn" and route == "upload":
            return routes.answer_upload(sandbox, params[0], query, headers, body)
        if origin == "cdn":
            return routes.answer_cdn(sandbox, route, params, headers)
        if not routes.is_authorized(headers):
            return routes.unauthorized()
        return routes.answer_api(sandbox, route, params, query, body)

    # ---- writing --------------------------------------------------------------------------------------
    def _send(self, response: Response, *, truncate: bool = False) -> None:
        length = response.content_length
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        # A truncated answer promises the whole body, sends half of it, then hangs up.
        declared = length if not truncate or length > 1 else length + 1024
        self.send_header("Content-Length", str(declared))
        for name, value in response.headers.items():
            self.send_header(name, value)
        if truncate or self.close_connection:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command == "HEAD":
            return
        limit = length // 2 if truncate else length
        chunks = response.stream if response.stream is not None else iter([response.body])
        sent = 0
        for chunk in chunks:
            if self.origin_server.state.stopping.is_set():
                self.close_connection = True
                return
            piece = chunk[: max(0, limit - sent)]
            if piece:
                self.wfile.write(piece)
                sent += len(piece)
            if sent >= limit:
                break
        self.wfile.flush()


class OriginServer(ThreadingHTTPServer):
    """One listening socket of the sandbox; tracks its connections and threads so stop() can end them all."""

    daemon_threads = True
    block_on_close = False  # SandboxServer.stop joins the threads itself, with a time budget

    def __init__(self, address: tuple[str, int], state: SandboxState, origin: Origin) -> None:
        self.state = state
        self.origin: Origin = origin
        super().__init__(address, SandboxHandler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind calls socket.getfqdn(), a reverse DNS lookup that can stall for seconds.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def process_request(self, request: socket.socket | tuple[bytes, socket.socket], client_address: object) -> None:
        assert isinstance(request, socket.socket), "a TCP server's request is its connection's socket"
        port = client_address[1] if isinstance(client_address, tuple) else client_address
        thread = threading.Thread(
            target=self._handle_connection,
            args=(request, client_address),
            name=f"sandbox-{self.origin}-{port}",
            daemon=True,
        )
        self.state.track(thread, request)
        thread.start()

    def _handle_connection(self, request: socket.socket, client_address: object) -> None:
        try:
            self.process_request_thread(request, client_address)
        finally:
            self.state.untrack(threading.current_thread(), request)

    def handle_error(self, request: socket.socket | tuple[bytes, socket.socket], client_address: object) -> None:
        # The default prints a traceback to stderr; a dropped client is normal here, so keep it quiet.
        self.state.note(f"connection error from {client_address}: {sys.exc_info()[1]!r}")
