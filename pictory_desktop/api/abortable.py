"""A requests session whose open sockets can be shut from another thread.

Cancel and Quit must act at once, but a worker blocked in ``recv`` on a silent server would otherwise sit
there until its read timeout (30 s). Shutting the socket down wakes that ``recv`` immediately, the call
fails as a NetworkError, and the worker ends. The session is handed to PictoryClient, so the client's own
rules (no automatic resends, no redirects) still apply.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import weakref
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool


class SocketTracker:
    """Remembers the sockets of one session (weakly) and can shut them all down."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sockets: weakref.WeakSet[socket.socket] = weakref.WeakSet()
        self.aborted = False

    def add(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            self._sockets.add(sock)
            aborted = self.aborted
        if aborted:
            _shut(sock)

    def abort(self) -> None:
        with self._lock:
            self.aborted = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def _tracked_pools(tracker: SocketTracker) -> dict[str, type[HTTPConnectionPool]]:
    class TrackedHTTPConnection(HTTPConnection):
        def connect(self) -> None:
            super().connect()
            tracker.add(getattr(self, "sock", None))

    class TrackedHTTPSConnection(HTTPSConnection):
        def connect(self) -> None:
            super().connect()
            tracker.add(getattr(self, "sock", None))

    # urllib3 declares ConnectionCls as its BaseHTTP(S)Connection protocols, which pyright finds its own
    # HTTP(S)Connection does not satisfy (a Final class attribute against a mutable one), so any subclass is
    # refused the same way. The assignment is the documented way to give a pool its connection class.
    class TrackedHTTPPool(HTTPConnectionPool):
        ConnectionCls = TrackedHTTPConnection  # pyright: ignore[reportAssignmentType]

    class TrackedHTTPSPool(HTTPSConnectionPool):
        ConnectionCls = TrackedHTTPSConnection  # pyright: ignore[reportAssignmentType]

    return {"http": TrackedHTTPPool, "https": TrackedHTTPSPool}


class _TrackingAdapter(HTTPAdapter):
    def __init__(self, tracker: SocketTracker) -> None:
        self._tracker = tracker
        # max_retries=0 as in PictoryClient: urllib3 must never resend a render on its own.
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _tracked_pools(self._tracker)

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        if self._tracker.aborted:
            # Nothing left this computer: the cautious "may have arrived" reading is not needed here.
            raise requests.exceptions.InvalidURL("The request was stopped because the app is closing.")
        return super().send(request, *args, **kwargs)


def abortable_session() -> tuple[requests.Session, SocketTracker]:
    tracker = SocketTracker()
    session = requests.Session()
    adapter = _TrackingAdapter(tracker)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session, tracker
