"""The account's AI Studio images (``GET /v1/aistudio/images``), for the image library: pages read in a worker,
pictures downloaded in another into the image cache, so the dialog never waits on the network.

Reading the list spends nothing (a GET, retried by the client). Pictures come through the client's download
session, which never carries ``Authorization``; one that cannot be fetched keeps its placeholder.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from pictory_desktop.api.errors import PictoryError
from pictory_desktop.api.results import AiImagesPage
from pictory_desktop.store.image_cache import ImageCache

from .image_tries import TrySource
from .workers import ClientFactory, Worker, WorkError, WorkerThreads

if TYPE_CHECKING:
    from pictory_desktop.api.client import PictoryClient


class _PageWorker(Worker):
    page = Signal(object, object)  # tag, AiImagesPage

    def __init__(self, client_factory: ClientFactory, next_page_key: str | None, tag: object) -> None:
        super().__init__(tag)
        self._client_factory = client_factory
        self._key = next_page_key

    def work(self) -> None:
        client: PictoryClient = self._client_factory(self)
        try:
            page = client.ai_images(self._key)
        finally:
            client.close()
        self.page.emit(self.tag, page)


class _PictureWorker(Worker):
    """Downloads each picture not in the cache yet, one after the other; says which are ready."""

    ready = Signal(object, str)  # tag, url

    def __init__(self, client_factory: ClientFactory, cache: ImageCache, urls: Sequence[str], tag: object) -> None:
        super().__init__(tag)
        self._client_factory = client_factory
        self._cache = cache
        self._urls = tuple(urls)

    def work(self) -> None:
        client: PictoryClient = self._client_factory(self)
        try:
            with tempfile.TemporaryDirectory(prefix="pictory-library-") as folder:
                for index, url in enumerate(self._urls):
                    if self.cancelled:
                        return
                    if self._cache.get(url) is None:
                        try:
                            path = client.download(url, Path(folder) / f"{index}.png", cancel=self.cancel_event)
                            self._cache.put(url, path)
                        except (PictoryError, OSError):
                            continue  # this one keeps its placeholder; the others still come
                    self.ready.emit(self.tag, url)
        finally:
            client.close()


class ImageLibrary(QObject):
    """One page request at a time; pictures fetched per page. Plain values out, on the GUI thread."""

    pageLoaded = Signal(object)  # AiImagesPage
    failed = Signal(str)  # a sentence: why the list could not be read (what is shown stays)
    pictureReady = Signal(str)  # url: its picture is in the cache now

    def __init__(self, connection: TrySource, cache: ImageCache, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._connection = connection
        self.cache = cache
        self._threads = WorkerThreads("image library")
        self._loading = False

    @property
    def loading(self) -> bool:
        return self._loading

    def load(self, next_page_key: str | None = None) -> bool:
        """Read one page (the first with no key); False when a page is already being read."""
        if self._loading:
            return False
        try:
            factory = self._connection.worker_client_factory()
        except PictoryError as error:
            self.failed.emit(error.user_message)
            return True
        worker = _PageWorker(factory, next_page_key, tag=None)
        worker.page.connect(self._page)
        worker.failed.connect(self._failed)
        self._loading = True
        self._threads.start(worker)
        return True

    def fetch_pictures(self, urls: Sequence[str]) -> None:
        missing = [url for url in urls if url]
        if not missing:
            return
        try:
            factory = self._connection.worker_client_factory()
        except PictoryError:
            return  # the placeholders stay; the list itself already said what is wrong
        worker = _PictureWorker(factory, self.cache, missing, tag=None)
        worker.ready.connect(self._ready)
        self._threads.start(worker)

    @Slot(object, object)
    def _page(self, _tag: object, page: AiImagesPage) -> None:
        self._loading = False
        self.pageLoaded.emit(page)

    @Slot(object, object)
    def _failed(self, _tag: object, error: WorkError) -> None:
        self._loading = False
        if error.kind != "cancelled":
            self.failed.emit(error.message)

    @Slot(object, str)
    def _ready(self, _tag: object, url: str) -> None:
        self.pictureReady.emit(url)

    def shutdown_until(self, deadline: float) -> bool:
        return self._threads.shutdown(deadline)
