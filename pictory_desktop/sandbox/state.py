"""What the sandbox's request handlers read and change: the account, faults, tunables and the request log.

``SandboxServer`` owns the sockets and threads and builds one ``SandboxState``; ``handlers`` and ``routes``
take the state, so neither reaches back into the server (no import cycle, no private names across modules).
"""

from __future__ import annotations

import socket
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from pictory_desktop.sandbox.catalog import Catalog
from pictory_desktop.sandbox.faults import FaultInjector
from pictory_desktop.sandbox.jobs import Account

Origin = Literal["api", "cdn"]


@dataclass(frozen=True)
class RecordedRequest:
    """One request as it arrived (before any fault acted on it); ``time`` comes from the injected clock."""

    origin: Origin
    route: str
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    time: float


@dataclass(frozen=True)
class SignedSlot:
    """One address handed out by ``POST /v1/media/generateurl``: the key it writes and the type it was signed for."""

    key: str
    content_type: str
    expires: float  # on the sandbox clock


class MadeVideo(Protocol):
    """What a ``video_maker`` hands back: the render's files, on disk."""

    @property
    def video(self) -> Path: ...

    @property
    def thumbnail(self) -> Path: ...


# The composition root's way of turning a render's body into its video (Pictory Desktop's draft: the sandbox
# itself knows nothing of storyboards). Called on a CDN thread; may raise, and then the placeholder is served.
VideoMaker = Callable[[dict[str, Any], Path], MadeVideo]


@dataclass(eq=False)
class SandboxState:
    catalog: Catalog
    account: Account
    clock: Callable[[], float]
    queue_seconds: float
    render_seconds: float
    faults: FaultInjector = field(default_factory=FaultInjector)
    # Seconds every API answer waits (on the stop event, so stop() cuts it short).
    answer_delay: float = 0.0
    # When set, video.mp4 is padded to this many bytes, optionally throttled: a CDN on loopback moves
    # hundreds of MB a second, too fast to test a download that is still running at quit or cancel.
    cdn_payload_bytes: int | None = None
    cdn_bytes_per_second: float | None = None
    jobs_page_size: int = 10
    images_page_size: int = 100  # GET /v1/aistudio/images: Pictory's documented page
    cdn_base_url: str = ""  # set by the server once the CDN origin listens
    # Uploads live in memory only (a restarted sandbox has none): token -> slot, key -> (content type, bytes).
    signed_uploads: dict[str, SignedSlot] = field(default_factory=lambda: {})
    uploads: dict[str, tuple[str, bytes]] = field(default_factory=lambda: {})
    video_maker: VideoMaker | None = None
    videos_dir: Path | None = None  # where made videos are kept (set by the server when there is a maker)
    errors: list[str] = field(default_factory=list)  # tracebacks of sandbox bugs (answered as 500)
    log: deque[str] = field(default_factory=lambda: deque(maxlen=500))
    stopping: threading.Event = field(default_factory=threading.Event)
    _requests: list[RecordedRequest] = field(default_factory=list)
    _threads: set[threading.Thread] = field(default_factory=set)
    _connections: set[socket.socket] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _made: dict[str, MadeVideo | None] = field(default_factory=lambda: {})
    _making: dict[str, threading.Lock] = field(default_factory=lambda: {})

    def record(self, origin: Origin, route: str, method: str, path: str, headers: dict[str, str], body: bytes) -> None:
        request = RecordedRequest(origin, route, method, path, dict(headers), body, self.clock())
        with self._lock:
            self._requests.append(request)

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def track(self, thread: threading.Thread, connection: socket.socket) -> None:
        with self._lock:
            self._threads.add(thread)
            self._connections.add(connection)

    def untrack(self, thread: threading.Thread, connection: socket.socket) -> None:
        with self._lock:
            self._threads.discard(thread)
            self._connections.discard(connection)

    def tracked(self) -> tuple[list[socket.socket], list[threading.Thread]]:
        """Open connections and their handler threads, for stop() to end them."""
        with self._lock:
            return list(self._connections), list(self._threads)

    def made_video(self, job_id: str, body: dict[str, Any]) -> MadeVideo | None:
        """The video ``video_maker`` made of this render's body: made once, on the first ask (other asks for the
        same job wait for it); None when there is no maker or it failed (the log says why)."""
        maker, folder = self.video_maker, self.videos_dir
        if maker is None or folder is None:
            return None
        with self._lock:
            if job_id in self._made:
                return self._made[job_id]
            making = self._making.setdefault(job_id, threading.Lock())
        with making:
            with self._lock:
                if job_id in self._made:
                    return self._made[job_id]
            try:
                made: MadeVideo | None = maker(body, folder / job_id)
            except Exception as exc:  # noqa: BLE001 - the maker's failure is a placeholder video, not a 500
                self.note(f"the video of job {job_id} could not be made ({type(exc).__name__}: {exc})")
                made = None
            with self._lock:
                self._made[job_id] = made
            return made

    def note(self, line: str) -> None:
        self.log.append(line)

    def wait_unless_stopped(self, seconds: float) -> bool:
        """Sleep ``seconds`` unless the server stops first; False when it stopped."""
        return not self.stopping.wait(max(0.0, seconds))
