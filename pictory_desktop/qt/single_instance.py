"""One window per user: a second start hands its files to the running app and exits.

Opening a storyboard from the file manager while the app runs starts a second process; it connects to the
first one's local socket (a Unix socket in the temporary folder, a named pipe on Windows), sends the file
paths as one JSON line, waits for "ok", and exits 0. The first opens them through its window's ordinary
open path (which asks about unsaved changes) and comes to the front.

The server's name is per user and per data folder, so two users, or two test runs with their own
``PICTORY_DESKTOP_HOME``, never meet. A socket file left behind by a crash refuses connections: the new
start removes it and listens in its place.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from ..store.paths import AppPaths

ANSWER_MS = 5000  # the running app answers from its event loop; it may be busy starting for a moment
MAX_MESSAGE = 1 << 20


class HandOver(Enum):
    DELIVERED = "delivered"  # the running app has the files: this process exits
    NO_APP = "no-app"  # nobody listens (or a crash left the socket behind): this process is the app
    NO_ANSWER = "no-answer"  # something listens but did not answer in time: start anyway, without listening


def server_name(paths: AppPaths) -> str:
    """``pictory-desktop-<uid>-<hash of user and data folder>``: short enough for a Unix socket path."""
    user = str(os.getuid()) if hasattr(os, "getuid") else getpass.getuser()
    digest = hashlib.sha256(f"{user}\0{paths.data_dir.absolute()}".encode()).hexdigest()[:16]
    return f"pictory-desktop-{user if user.isdigit() else 'u'}-{digest}"


def encode(files: list[str]) -> bytes:
    return json.dumps({"files": files}).encode("utf-8") + b"\n"


def decode(line: bytes) -> list[str]:
    """The paths in one message; anything malformed is no paths (the window still comes to the front)."""
    try:
        message = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return []
    files = message.get("files") if isinstance(message, dict) else None
    if not isinstance(files, list):
        return []
    return [item for item in files if isinstance(item, str) and item]


def hand_over(name: str, files: list[str], *, answer_ms: int = ANSWER_MS) -> HandOver:
    """Give ``files`` (made absolute here: the running app has another working folder) to the running app."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(1000):
        return HandOver.NO_APP
    socket.write(encode([str(Path(f).absolute()) for f in files]))
    socket.waitForBytesWritten(answer_ms)
    reply = b""
    while b"\n" not in reply and socket.waitForReadyRead(answer_ms):
        reply += bytes(socket.readAll().data())
    socket.disconnectFromServer()
    return HandOver.DELIVERED if reply.startswith(b"ok") else HandOver.NO_ANSWER


class InstanceServer(QObject):
    """Listens for later starts; ``filesReceived`` carries each one's paths (possibly none)."""

    filesReceived = Signal(list)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        self._pending: dict[QLocalSocket, bytes] = {}

    def listen(self) -> bool:
        if self._server.listen(self.name):
            return True
        # A socket file a crashed app left behind: nothing answers it (hand_over said so), so take its place.
        QLocalServer.removeServer(self.name)
        return self._server.listen(self.name)

    @property
    def is_listening(self) -> bool:
        return self._server.isListening()

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            self._pending[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))

    def _read(self, socket: QLocalSocket) -> None:
        if socket not in self._pending:
            return
        data = self._pending[socket] + bytes(socket.readAll().data())
        if b"\n" not in data:
            if len(data) > MAX_MESSAGE:
                socket.abort()
                self._forget(socket)
            else:
                self._pending[socket] = data
            return
        del self._pending[socket]
        socket.write(b"ok\n")
        socket.flush()
        socket.disconnectFromServer()
        self.filesReceived.emit(decode(data.split(b"\n", 1)[0]))

    def _forget(self, socket: QLocalSocket) -> None:
        self._pending.pop(socket, None)
        socket.deleteLater()


def claim(paths: AppPaths, files: list[str]) -> InstanceServer | None:
    """The server this app listens on, or None when the running app took ``files`` and this one should exit."""
    name = server_name(paths)
    answer = hand_over(name, files)
    if answer is HandOver.DELIVERED:
        return None
    server = InstanceServer(name)
    if answer is HandOver.NO_APP:
        server.listen()  # when even this fails, the app still starts: it just opens no files for later starts
    return server
