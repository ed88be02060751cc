"""Searches Pictory's music library in a worker; only the newest search's answer is shown.

Searches are not cached: they are live questions to the library. A search spends nothing, so the client
may retry it (it does, like a GET); the user's next keystroke supersedes it anyway.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # requests is imported with the first worker, not while the window starts
    from pictory_desktop.api.client import PictoryClient

from PySide6.QtCore import QObject, Signal, Slot

from pictory_desktop.api.results import MusicQuery, MusicTrack

from .account_lists import ClientSource
from .workers import Worker, WorkError, WorkerThreads


class _SearchWorker(Worker):
    found = Signal(object, object)  # tag (generation), list[MusicTrack]

    def __init__(self, query: MusicQuery, client_factory: Callable[[Worker], PictoryClient], tag: int) -> None:
        super().__init__(tag)
        self._query = query
        self._client_factory = client_factory

    def work(self) -> None:
        client = self._client_factory(self)
        try:
            tracks = client.music_search(self._query)
        finally:
            client.close()
        if not self.cancelled:
            self.found.emit(self.tag, tracks)


class MusicSearch(QObject):
    results = Signal(object)  # list[MusicTrack]
    failed = Signal(str)  # a sentence for the user
    busyChanged = Signal(bool)

    def __init__(self, connection: ClientSource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._connection = connection
        self._threads = WorkerThreads("music search")
        self._generation = 0
        self.busy = False

    def search(self, query: MusicQuery) -> None:
        self._generation += 1
        self._threads.cancel_all()  # an older search's answer would be thrown away anyway
        try:
            factory = self._connection.worker_client_factory()
        except Exception as error:  # noqa: BLE001 - no key: say it where the results would be
            self.failed.emit(getattr(error, "user_message", type(error).__name__))
            return
        worker = _SearchWorker(query, factory, self._generation)
        worker.found.connect(self._found)
        worker.failed.connect(self._failed)
        self._threads.start(worker)
        self._set_busy(True)

    def _set_busy(self, busy: bool) -> None:
        if busy != self.busy:
            self.busy = busy
            self.busyChanged.emit(busy)

    @Slot(object, object)
    def _found(self, generation: int, tracks: list[MusicTrack]) -> None:
        if generation == self._generation:
            self._set_busy(False)
            self.results.emit(tracks)

    @Slot(object, object)
    def _failed(self, generation: int, error: WorkError) -> None:
        if generation == self._generation and error.kind != "cancelled":
            self._set_busy(False)
            self.failed.emit(error.message)

    def shutdown_until(self, deadline: float) -> bool:
        self._threads.cancel_all()
        return self._threads.shutdown(deadline)
