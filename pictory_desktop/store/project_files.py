"""Reading and writing project files on disk; the format itself lives in ``domain.project_format``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..domain.project_format import (
    MAX_PROJECT_BYTES,
    ProjectFileError,
    parse_project,
    serialize_project,
    too_large_error,
)
from ..domain.storyboard import Storyboard
from .atomic import atomic_write_bytes


def load_project_file(path: Path | str) -> Storyboard:
    """Open any Pictory storyboard JSON. Raises ``ProjectFileError`` with a sentence for the user."""
    target = Path(path)
    try:
        size = os.stat(target).st_size
        if target.is_dir():
            raise ProjectFileError(f"“{target.name}” is a folder, not a storyboard file.")
        if size > MAX_PROJECT_BYTES:
            # Decide before reading: a multi-gigabyte file must not be pulled into memory.
            raise too_large_error(size)
        data = target.read_bytes()
    except FileNotFoundError:
        raise ProjectFileError(f"“{target}” does not exist any more. It may have been moved or deleted.") from None
    except PermissionError:
        raise ProjectFileError(f"You do not have permission to read “{target}”.") from None
    except OSError as exc:
        raise ProjectFileError(f"“{target}” could not be read: {exc.strerror or exc}.") from None
    return parse_project(data)


def save_project_file(path: Path | str, storyboard: Storyboard, ui_state: dict[str, Any] | None = None) -> None:
    """Save atomically: a crash mid-save leaves the previous file intact."""
    target = Path(path)
    try:
        atomic_write_bytes(target, serialize_project(storyboard, ui_state))
    except PermissionError:
        raise ProjectFileError(
            f"You do not have permission to save in “{target.parent}”. Choose another folder."
        ) from None
    except OSError as exc:
        raise ProjectFileError(
            f"“{target.name}” could not be saved: {exc.strerror or exc}. Your edits are still open."
        ) from None
