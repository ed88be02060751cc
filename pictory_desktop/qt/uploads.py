"""Uploading the user's own picture, clip or audio to Pictory, in a worker, with progress and Cancel.

Two steps (``POST /v1/media/generateurl``, then a PUT of the bytes to the signed address, which never carries
the API key); the permanent ``url`` is what a scene or the music uses. A file is uploaded once: its content's
hash is remembered with that address (``store/upload_memory.py``), so the same photo chosen again is not sent
again. The type and size are checked before anything is sent, with a sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from pictory_desktop.store.upload_memory import UploadMemory, file_digest

from .image_tries import TrySource
from .workers import Worker, WorkError, WorkerThreads

if TYPE_CHECKING:  # requests is imported with the first worker, not while the window starts
    from pictory_desktop.api.client import PictoryClient

# What Pictory takes (pictory-api-more.md §8), by the file's extension.
CONTENT_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".mp4": "video/mp4",
    ".mp3": "audio/mpeg",
    ".wav": "audio/wav",
}


def content_type_of(path: Path) -> str:
    """The upload type for ``path``, or ValueError with a sentence naming what Pictory takes."""
    found = CONTENT_TYPES.get(path.suffix.lower())
    if found is None:
        kinds = ", ".join(sorted({suffix.lstrip(".").upper() for suffix in CONTENT_TYPES}))
        raise ValueError(f"“{path.name}” is not a file Pictory takes. Choose a {kinds} file.")
    return found


class _UploadWorker(Worker):
    progressed = Signal(object, object, object)  # tag, bytes sent, total
    uploaded = Signal(object, str, str)  # tag, permanent url, content type

    def __init__(
        self,
        client_factory: Callable[[Worker], PictoryClient],
        memory: UploadMemory,
        path: Path,
        content_type: str,
        server_id: str,
        tag: object,
    ) -> None:
        super().__init__(tag)
        self._client_factory = client_factory
        self._memory = memory
        self._path = path
        self._content_type = content_type
        self._server_id = server_id

    def work(self) -> None:
        digest = file_digest(self._path)
        known = self._memory.url_for(self._server_id, digest)
        if known is not None:  # this very file was uploaded before: use that address, send nothing
            self.uploaded.emit(self.tag, known, self._content_type)
            return
        client = self._client_factory(self)
        try:
            signed = client.upload_url(self._path.name, self._content_type)
            client.upload_file(
                signed.signed_url,
                self._path,
                self._content_type,
                progress=lambda done, total: self.progressed.emit(self.tag, done, total),
                cancel=self.cancel_event,
            )
        finally:
            client.close()
        if self.cancelled:
            return
        self._memory.remember(self._server_id, digest, signed.url, self._path.name)
        self.uploaded.emit(self.tag, signed.url, self._content_type)


class Uploads(QObject):
    progressed = Signal(object, object, object)  # key, bytes sent, total
    uploaded = Signal(object, str, str)  # key, permanent url, content type
    failed = Signal(object, str)  # key, a sentence

    def __init__(self, connection: TrySource, memory: UploadMemory, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._connection = connection
        self._memory = memory
        self._threads = WorkerThreads("uploads")
        self._running: dict[object, Worker] = {}

    def is_uploading(self, key: object) -> bool:
        return key in self._running

    def upload(self, path: Path, key: object, *, kinds: tuple[str, ...] = ("image/", "video/")) -> None:
        """Upload ``path`` for ``key`` (a scene, the music); ``kinds`` are the content types that fit there."""
        if key in self._running:
            return
        from pictory_desktop.api.upload import check_upload  # requests comes with it: loaded on first use

        try:
            content_type = content_type_of(path)
            if not content_type.startswith(kinds):
                wanted = "an MP3 or WAV file" if kinds == ("audio/",) else "a picture (JPG, PNG) or a clip (MP4)"
                raise ValueError(f"“{path.name}” cannot be used here: choose {wanted}.")
            check_upload(path, content_type)
            factory = self._connection.worker_client_factory()
        except ValueError as error:
            self.failed.emit(key, str(error))
            return
        except Exception as error:  # noqa: BLE001 - no key: a sentence where the upload was asked for
            self.failed.emit(key, getattr(error, "user_message", type(error).__name__))
            return
        worker = _UploadWorker(factory, self._memory, path, content_type, self._connection.server_id, key)
        worker.progressed.connect(self._progressed)
        worker.uploaded.connect(self._uploaded)
        worker.failed.connect(self._failed)
        self._running[key] = worker
        self._threads.start(worker)

    def cancel(self, key: object) -> None:
        worker = self._running.pop(key, None)
        if worker is not None:
            worker.abort()

    @Slot(object, object, object)
    def _progressed(self, key: object, done: int, total: int) -> None:
        if key in self._running:
            self.progressed.emit(key, done, total)

    @Slot(object, str, str)
    def _uploaded(self, key: object, url: str, content_type: str) -> None:
        if self._running.pop(key, None) is not None:
            self.uploaded.emit(key, url, content_type)

    @Slot(object, object)
    def _failed(self, key: object, error: WorkError) -> None:
        if self._running.pop(key, None) is not None and error.kind != "cancelled":
            self.failed.emit(key, error.message)

    def shutdown_until(self, deadline: float) -> bool:
        self._threads.cancel_all()
        return self._threads.shutdown(deadline)
