"""Reading and writing project files on disk; the format itself lives in ``domain.project_format``."""

from __future__ import annotations

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
from .user_files import read_user_file


def load_project_file(path: Path | str) -> Storyboard:
    """Open any Pictory storyboard JSON. Raises ``ProjectFileError`` with a sentence for the user."""
    data = read_user_file(
        Path(path), limit=MAX_PROJECT_BYTES, kind="a storyboard file", error=ProjectFileError, too_large=too_large_error
    )
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
