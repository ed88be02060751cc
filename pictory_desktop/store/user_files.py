"""Reading a file the user chose (a storyboard, a script, a batch CSV): its size checked before it is read, and
every way that fails said in one sentence, raised as the caller's own error type."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


def read_user_file(
    path: Path,
    *,
    limit: int,
    kind: str,
    error: Callable[[str], Exception],
    too_large: Callable[[int], Exception],
) -> bytes:
    """The bytes of ``path``. ``kind`` names what it should be ("a storyboard file"); ``error(sentence)`` makes
    the exception to raise, ``too_large(size)`` the one for a file over ``limit`` bytes, decided before reading
    (a multi-gigabyte file must not be pulled into memory)."""
    try:
        if path.is_dir():
            raise error(f"“{path.name}” is a folder, not {kind}.")
        size = path.stat().st_size
        if size > limit:
            raise too_large(size)
        return path.read_bytes()
    except FileNotFoundError:
        raise error(f"“{path}” does not exist any more. It may have been moved or deleted.") from None
    except PermissionError:
        raise error(f"You do not have permission to read “{path}”.") from None
    except OSError as exc:
        raise error(f"“{path}” could not be read: {exc.strerror or exc}.") from None
