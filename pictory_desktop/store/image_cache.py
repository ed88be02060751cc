"""Pictures downloaded for the editor (image tries, picture URLs) and their scaled copies, in a size-capped folder.

- Names are hashes only: ``<sha256 of the URL>`` for a picture, ``<that hash>-<size>`` for its copy scaled to
  ``size`` pixels. Nothing of the URL (a signed URL can carry a token) and never the API key is in a name.
- Least recently used out: a file's modification time is its last use (``get`` touches it); ``put`` then
  ``evict_to`` the cap (500 MB unless told) removes the oldest until the folder fits. Listing the folder costs
  ~10 ms with a few thousand files, so a put scans it only once at least 1% of the cap has been written since
  the last scan (the folder may exceed the cap by that much meanwhile); a small cap is still kept on every put. The picture just put stays,
  even alone over the cap. Evicting a picture removes its scaled copies with it.
- Never a damaged file: writes are atomic (``store.atomic``: a reader sees the old file or the new one), and a
  file that does not end the way its format ends (PNG without IEND, JPEG without EOI, a RIFF/WebP shorter than
  it says, a GIF without its trailer, an empty file) is removed and reported as absent. ``put`` refuses data
  that is not a picture (``NotAPicture``), so ``get`` can only give back what was a whole picture.
- The folder may be deleted underneath at any time: ``get`` answers None, ``put`` makes it again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from pictory_desktop.store.atomic import STALE_PARTIAL_SECONDS, atomic_writer

DEFAULT_CAP_BYTES = 500 * 1024 * 1024
_HEAD = 16
_TAIL = 32


class NotAPicture(ValueError):
    """The data given to ``put`` is not a whole PNG, JPEG, GIF or WebP picture."""


def url_key(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


def _complete(head: bytes, tail: bytes, size: int) -> bool:
    """Whether a file with this start, end and size is a whole picture of a format we know."""
    if size <= 0:
        return False
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return tail.endswith(b"IEND\xaeB`\x82")
    if head.startswith(b"\xff\xd8"):
        return b"\xff\xd9" in tail  # some writers pad after the end marker
    if head.startswith((b"GIF87a", b"GIF89a")):
        return tail.endswith(b";")
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return int.from_bytes(head[4:8], "little") + 8 == size
    return False


def _read_ends(handle: BinaryIO, size: int) -> tuple[bytes, bytes]:
    head = handle.read(_HEAD)
    handle.seek(max(0, size - _TAIL))
    return head, handle.read(_TAIL)


def _file_is_complete(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            return _complete(*_read_ends(handle, size), size)
    except OSError:
        return False


class ImageCache:
    def __init__(self, folder: Path, cap_bytes: int = DEFAULT_CAP_BYTES, *, clock: Callable[[], float] = time.time):
        self.folder = folder
        self.cap_bytes = cap_bytes
        self._clock = clock
        self._written_since_scan: int | None = None  # None: never scanned by this instance

    # -- names --------------------------------------------------------------------------------------------

    def path_for(self, url: str) -> Path:
        """Where the picture at ``url`` is (or would be) kept."""
        return self.folder / url_key(url)

    def thumbnail_path(self, url: str, size: int) -> Path:
        """Where the copy of ``url``'s picture scaled to ``size`` pixels (its longer side) is (or would be) kept.
        The GUI makes it off the GUI thread and stores it with ``put_thumbnail``."""
        if size <= 0:
            raise ValueError("A thumbnail size is a positive number of pixels.")
        return self.folder / f"{url_key(url)}-{int(size)}"

    # -- reading ------------------------------------------------------------------------------------------

    def get(self, url: str) -> Path | None:
        """The cached picture, marked as just used; None when it is not here (or was damaged, and is now gone)."""
        return self._get(self.path_for(url))

    def get_thumbnail(self, url: str, size: int) -> Path | None:
        return self._get(self.thumbnail_path(url, size))

    def _get(self, path: Path) -> Path | None:
        if not _file_is_complete(path):
            with contextlib.suppress(OSError):
                path.unlink()
            return None
        now = self._clock()
        try:
            os.utime(path, (now, now))
        except OSError:
            return None  # removed between the check and now (another window evicted it)
        return path

    # -- writing ------------------------------------------------------------------------------------------

    def put(self, url: str, data: bytes | Path) -> Path:
        """Keep the picture (bytes, or a file to copy) for ``url``; returns where. ``NotAPicture`` when it is not
        a whole picture. The folder is then brought under the cap, the oldest pictures out first."""
        return self._put(self.path_for(url), data)

    def put_thumbnail(self, url: str, size: int, data: bytes | Path) -> Path:
        return self._put(self.thumbnail_path(url, size), data)

    def _put(self, target: Path, data: bytes | Path) -> Path:
        if isinstance(data, Path):
            if not _file_is_complete(data):
                raise NotAPicture(f"{data.name} is not a whole PNG, JPEG, GIF or WebP picture.")
            with data.open("rb") as source, atomic_writer(target) as handle:
                shutil.copyfileobj(source, handle)
        else:
            if not _complete(data[:_HEAD], data[-_TAIL:], len(data)):
                raise NotAPicture("The data is not a whole PNG, JPEG, GIF or WebP picture.")
            with atomic_writer(target) as handle:
                handle.write(data)
        now = self._clock()
        with contextlib.suppress(OSError):
            os.utime(target, (now, now))
            written = target.stat().st_size
            if self._written_since_scan is not None:
                self._written_since_scan += written
        if self._written_since_scan is None or self._written_since_scan >= self.cap_bytes // 100:
            self.evict_to(self.cap_bytes, keep=target)
        return target

    # -- eviction -----------------------------------------------------------------------------------------

    def size(self) -> int:
        """Bytes the cache's pictures and copies take now."""
        return sum(size for _, _, size in self._entries())

    def _entries(self) -> list[tuple[float, Path, int]]:
        """(last use, path, bytes) of every picture and copy; stale temp files of killed writes are removed."""
        entries: list[tuple[float, Path, int]] = []
        now = time.time()  # temp files carry the system's times, not the injected clock's
        try:
            listing = list(os.scandir(self.folder))
        except (FileNotFoundError, NotADirectoryError):
            return entries
        for entry in listing:
            try:
                info = entry.stat(follow_symlinks=False)
                if entry.name.startswith("."):
                    # An atomic write in progress (keep) or one a kill left behind (remove).
                    if entry.name.endswith(".part") and now - info.st_mtime >= STALE_PARTIAL_SECONDS:
                        os.unlink(entry.path)
                    continue
                if entry.is_file(follow_symlinks=False):
                    entries.append((info.st_mtime, Path(entry.path), info.st_size))
            except OSError:
                continue  # removed meanwhile
        return entries

    def evict_to(self, cap_bytes: int, *, keep: Path | None = None) -> int:
        """Remove the least recently used pictures (and their scaled copies) until the cache takes at most
        ``cap_bytes``; ``keep`` is never removed. Returns the bytes freed."""
        entries = sorted(self._entries(), key=lambda e: e[0])
        self._written_since_scan = 0
        total = sum(size for _, _, size in entries)
        copies: dict[str, list[tuple[Path, int]]] = {}
        for _, path, size in entries:
            key, dash, _ = path.name.partition("-")
            if dash:
                copies.setdefault(key, []).append((path, size))
        gone: set[Path] = set()
        freed = 0
        for _, path, size in entries:
            if total <= cap_bytes:
                break
            if path == keep or path in gone:
                continue
            victims = [(path, size)] + ([] if "-" in path.name else copies.get(path.name, []))
            for victim, victim_size in victims:
                if victim == keep or victim in gone:
                    continue
                try:
                    victim.unlink()
                except FileNotFoundError:
                    pass  # another window removed it: it is gone all the same
                except OSError:
                    continue
                gone.add(victim)
                total -= victim_size
                freed += victim_size
        return freed
