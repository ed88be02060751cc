"""Crash-safe file writes: a reader sees the old file or the new one, never half of either.

The pattern (temp file in the same folder, flush, fsync, replace, fsync the folder) follows Picard's
``atomic_write``; the same folder matters because ``os.replace`` is only atomic within one filesystem.
"""

from __future__ import annotations

import contextlib
import glob
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


def _default_file_mode() -> int:
    # mkstemp creates 0600 files; a saved project or downloaded video should get the permissions any
    # other new file would (0666 less the umask). Reading the umask means setting it, so do it once.
    if os.name != "posix":
        return 0o666
    current = os.umask(0o022)
    os.umask(current)
    return 0o666 & ~current


_NEW_FILE_MODE = _default_file_mode()


def _fsync_directory(directory: Path) -> None:
    # Without this a power cut can forget the rename even though the data blocks were flushed.
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_writer(path: Path | str, *, suffix: str = ".part") -> Iterator[BinaryIO]:
    """Yield a binary file; on a clean exit it replaces ``path`` atomically, on any error it vanishes.

    The temporary name starts with a dot and ends with ``suffix`` so an interrupted write never sits
    under the final name (a half-downloaded MP4 must not look like a finished one).
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=target.parent)
    temp_path = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        try:
            mode = os.stat(target).st_mode & 0o7777  # keep an existing file's permissions
        except FileNotFoundError:
            mode = _NEW_FILE_MODE
        os.chmod(temp_path, mode)
        os.replace(temp_path, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temp_path.unlink()
        raise
    _fsync_directory(target.parent)


def atomic_write_bytes(path: Path | str, data: bytes) -> None:
    with atomic_writer(path) as handle:
        handle.write(data)
    # A save killed mid-write (SIGKILL, power cut) left a hidden temp file beside the project or settings;
    # the next good save clears it.
    remove_stale_partials(path)


def atomic_write_text(path: Path | str, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


# A live writer touches its temp file at least every read timeout (30 s); one untouched for this long
# belongs to a process that was killed or crashed.
STALE_PARTIAL_SECONDS = 120.0


def remove_stale_partials(path: Path | str, *, older_than: float = STALE_PARTIAL_SECONDS) -> list[Path]:
    """Delete temp files an interrupted ``atomic_writer`` left beside ``path``; returns what was removed.

    A kill or power cut skips the writer's clean-up, and a half-downloaded video can be hundreds of MB.
    Only files matching the writer's own naming (``.<name>.<random>.part``) and untouched for
    ``older_than`` seconds are removed, so a download in progress in another window is left alone.
    """
    target = Path(path)
    now = time.time()
    removed = []
    for candidate in target.parent.glob(f".{glob.escape(target.name)}.*.part"):
        try:
            if now - candidate.stat().st_mtime >= older_than:
                candidate.unlink()
                removed.append(candidate)
        except OSError:
            continue  # gone already, or not ours to remove: leave it
    return removed
