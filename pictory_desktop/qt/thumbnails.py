"""Scaled pictures for the scene list and the storyboard view, made off the GUI thread.

``pixmap(url, size)`` answers at once: the pixmap when it is in memory, else None, having asked a worker
(a ``QThreadPool`` of its own) to make it; ``ready(url)`` then says a repaint will find it. So painting never
waits for a disk, a decoder or a network.

A worker looks in ``store.image_cache`` for the scaled copy (``get_thumbnail``), then for the picture itself
(``get``), and only then fetches an address (``api.pictures.fetch_picture``: its own session, no
Authorization, size-capped, image types only) and keeps it (``put``). It scales with ``QImage`` (safe off the
GUI thread), stores the copy (``put_thumbnail``) and hands the ``QImage`` back; the GUI thread makes the
``QPixmap`` (only it may). Memory is bounded: the pixmaps are a least-recently-used set of at most
``memory_bytes``. A picture that cannot be shown is remembered with the sentence saying why (``problem``),
and not tried again this session.

The network code is imported by the first worker that needs it, never at start.
"""

from __future__ import annotations

import itertools
import threading
from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRunnable, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QImage, QImageReader, QImageWriter, QPixmap

from ..store.image_cache import ImageCache, NotAPicture
from .workers import yield_to_the_gui

Fetch = Callable[[str], bytes]
DEFAULT_MEMORY_BYTES = 32 * 1024 * 1024  # ~150 storyboard cards and all the list rows on screen


class PictureProblem(Exception):
    """Why a picture cannot be shown, as the sentence the tooltip says."""


def _default_fetch(url: str) -> bytes:
    from ..api.pictures import PictureFetchError, fetch_picture  # the network stack, on first need only

    try:
        return fetch_picture(url)
    except PictureFetchError as exc:
        raise PictureProblem(str(exc)) from exc


def make_thumbnail(cache: ImageCache, url: str, size: int, fetch: Fetch | None) -> QImage:
    """The picture at ``url`` scaled to fit ``size``×``size``: from the cache's copy, its picture, or fetched.
    Runs on a worker thread; raises ``PictureProblem`` with the reason."""
    copy = cache.get_thumbnail(url, size)
    if copy is not None:
        image = QImage(str(copy))
        if not image.isNull():
            return image
    path = cache.get(url)
    if path is None:
        if fetch is None:
            raise PictureProblem("The picture is not on this computer.")
        data = fetch(url)
        try:
            path = cache.put(url, data)
        except NotAPicture as exc:
            raise PictureProblem("The address did not give a whole PNG, JPEG, GIF or WebP picture.") from exc
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    image = reader.read()
    if image.isNull():
        raise PictureProblem(f"The picture could not be read ({reader.errorString()}).")
    scaled = image.scaled(
        QSize(size, size), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    ).convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if QImageWriter(buffer, QByteArray(b"png")).write(scaled):
        try:
            cache.put_thumbnail(url, size, bytes(data.data()))
        except (OSError, NotAPicture):
            pass  # the copy is only a speed-up: shown all the same
    return scaled


class _Relay(QObject):
    """Lives on the GUI thread; a worker's emit is queued to it."""

    done = Signal(str, int, object, str)  # url, size, QImage or None, problem


class _Job(QRunnable):
    def __init__(self, owner: Thumbnails, url: str, size: int) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._cache = owner.cache
        self._fetch = owner.fetch
        self._relay = owner._relay
        self._stopping = owner._stopping
        self._url = url
        self._size = size

    def run(self) -> None:
        if self._stopping.is_set():
            return
        yield_to_the_gui()
        try:
            image: QImage | None = make_thumbnail(self._cache, self._url, self._size, self._fetch)
            problem = ""
        except PictureProblem as exc:
            image, problem = None, str(exc)
        except Exception as exc:  # noqa: BLE001 - a worker never lets one bad picture take the app down
            image, problem = None, f"The picture could not be shown ({type(exc).__name__})."
        if not self._stopping.is_set():
            self._relay.done.emit(self._url, self._size, image, problem)


class Thumbnails(QObject):
    ready = Signal(str)  # the picture at this URL is ready to paint, or has a problem to say

    def __init__(
        self,
        cache: ImageCache,
        *,
        fetch: Fetch | None = _default_fetch,
        memory_bytes: int = DEFAULT_MEMORY_BYTES,
        threads: int = 1,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.cache = cache
        self.fetch = fetch
        self.memory_bytes = memory_bytes
        self._threads = threads
        self._pool: QThreadPool | None = None
        self._pixmaps: OrderedDict[tuple[str, int], QPixmap] = OrderedDict()
        self._bytes = 0
        self._pending: set[tuple[str, int]] = set()
        self._problems: dict[str, str] = {}
        self._stopping = threading.Event()
        # Newer requests first: after a fast scroll, the rows now on screen come before those scrolled past.
        self._order = itertools.count()
        self._relay = _Relay(self)
        self._relay.done.connect(self._done)

    # -------------------------------------------------------------------------------- asking

    def pixmap(self, url: str, size: int) -> QPixmap | None:
        """The picture scaled to fit ``size``×``size`` pixels if it is in memory; else None, and it is being
        made (``ready(url)`` follows), unless it has a ``problem``."""
        key = (url, size)
        found = self._pixmaps.get(key)
        if found is not None:
            self._pixmaps.move_to_end(key)
            return found
        if url in self._problems or key in self._pending or self._stopping.is_set():
            return None
        self._pending.add(key)
        priority = min(next(self._order), 2**30)
        self._thread_pool().start(_Job(self, url, size), priority)
        return None

    def problem(self, url: str) -> str | None:
        """Why the picture at ``url`` cannot be shown, once a worker has found out."""
        return self._problems.get(url)

    def is_loading(self, url: str, size: int) -> bool:
        return (url, size) in self._pending

    def memory_used(self) -> int:
        return self._bytes

    def forget(self, url: str) -> None:
        """Try the address again on the next ask (after the user changed or fixed it)."""
        self._problems.pop(url, None)

    # -------------------------------------------------------------------------------- answers

    def _thread_pool(self) -> QThreadPool:
        if self._pool is None:
            self._pool = QThreadPool(self)
            self._pool.setMaxThreadCount(self._threads)
        return self._pool

    def _done(self, url: str, size: int, image: object, problem: str) -> None:
        self._pending.discard((url, size))
        if isinstance(image, QImage) and not image.isNull():
            pixmap = QPixmap.fromImage(image)  # on the GUI thread, where a QPixmap may be made
            self._keep((url, size), pixmap)
        else:
            self._problems[url] = problem or "The picture could not be shown."
        self.ready.emit(url)

    def _keep(self, key: tuple[str, int], pixmap: QPixmap) -> None:
        old = self._pixmaps.pop(key, None)
        if old is not None:
            self._bytes -= _cost(old)
        self._pixmaps[key] = pixmap
        self._bytes += _cost(pixmap)
        while self._bytes > self.memory_bytes and len(self._pixmaps) > 1:
            _, dropped = self._pixmaps.popitem(last=False)
            self._bytes -= _cost(dropped)

    # -------------------------------------------------------------------------------- the end

    def wait_for_idle(self, msecs: int = 5000) -> bool:
        """For tests and benchmarks: every asked picture made (answers still to be delivered by the loop)."""
        return self._pool.waitForDone(msecs) if self._pool is not None else True

    def shutdown(self, msecs: int = 500) -> None:
        """Nothing new starts; queued work is dropped; running work gets ``msecs`` to finish."""
        self._stopping.set()
        if self._pool is not None:
            self._pool.clear()
            self._pool.waitForDone(msecs)


def _cost(pixmap: QPixmap) -> int:
    return max(1, pixmap.width() * pixmap.height() * max(1, pixmap.depth() // 8))
