"""Autosave to a recovery file, and offering it back after a session that did not end cleanly.

Each running window writes ``data_dir/recovery/<session>.json`` (atomically) every N seconds while it
has unsaved changes, and holds ``<session>.lock``. A clean exit deletes both. At start, a recovery
file whose lock nobody holds (QLockFile sees that the owning process is gone) comes from a crash and
is offered back; one whose lock is held belongs to another open window and is left alone.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QTimer

from ..domain.body import storyboard_to_body
from ..domain.project_format import ProjectFileError, parse_project
from ..domain.storyboard import Storyboard
from ..store.atomic import atomic_write_text
from .document import StoryboardDocument

RECOVERY_FORMAT = "pictory-desktop-recovery"


@dataclass(frozen=True)
class RecoveredSession:
    file: Path
    storyboard: Storyboard
    original_path: Path | None
    saved_at: str

    def description(self) -> str:
        name = self.original_path.name if self.original_path else "an unsaved storyboard"
        when = self.saved_at.replace("T", " at ")[:19] if self.saved_at else "an unknown time"
        return f"Unsaved changes to {name}, last autosaved {when}, were found."

    def discard(self) -> None:
        self.file.unlink(missing_ok=True)
        self.file.with_suffix(".lock").unlink(missing_ok=True)


def _read(file: Path) -> RecoveredSession | None:
    try:
        data = json.loads(file.read_text("utf-8"))
        if data.get("format") != RECOVERY_FORMAT:
            return None
        storyboard = parse_project(json.dumps(data["project"]).encode("utf-8"))
    except (OSError, ValueError, KeyError, TypeError, ProjectFileError):
        return None
    original = data.get("originalPath")
    return RecoveredSession(file, storyboard, Path(original) if original else None, str(data.get("savedAt", "")))


def find_crashed_sessions(directory: Path) -> list[RecoveredSession]:
    """Recovery files left by sessions that are no longer running, newest first."""
    found = []
    for file in sorted(directory.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True):
        lock = QLockFile(str(file.with_suffix(".lock")))
        lock.setStaleLockTime(0)  # a long-running window is alive, however old its lock
        if not lock.tryLock(0):
            continue  # another window is alive and owns this file
        lock.unlock()
        session = _read(file)
        if session is not None:
            found.append(session)
    return found


class AutosaveKeeper(QObject):
    """Writes the document to this session's recovery file while it has unsaved changes."""

    def __init__(
        self, document: StoryboardDocument, directory: Path, interval_seconds: int, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.directory = directory
        session = os.urandom(16).hex()  # a random name; the uuid module costs ~4 ms at start-up
        self.file = directory / f"{session}.json"
        directory.mkdir(parents=True, exist_ok=True)
        self._lock = QLockFile(str(self.file.with_suffix(".lock")))
        self._lock.setStaleLockTime(0)  # only a dead owner makes a lock stale, never its age
        self._lock.tryLock(0)
        self._dirty_since_autosave = False
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.save_now)
        if interval_seconds > 0:
            self.timer.start(interval_seconds * 1000)
        document.storyboardChanged.connect(self._changed)
        document.modifiedChanged.connect(self._modified_changed)

    def _changed(self) -> None:
        self._dirty_since_autosave = True

    def _modified_changed(self, modified: bool) -> None:
        if not modified:
            # The file on disk now holds everything; a stale recovery copy would only confuse.
            self.file.unlink(missing_ok=True)

    def save_now(self) -> bool:
        """Write the recovery file if there is unsaved work; returns whether it wrote."""
        if not self.document.is_modified or not self._dirty_since_autosave:
            return False
        path = self.document.path
        payload = {
            "format": RECOVERY_FORMAT,
            "version": 1,
            "savedAt": datetime.now().isoformat(timespec="seconds"),
            "originalPath": str(path) if path else None,
            "project": storyboard_to_body(self.document.storyboard, include_app_data=True),
        }
        try:
            atomic_write_text(self.file, json.dumps(payload, ensure_ascii=False))
        except OSError:
            return False  # autosave is a safety net; a full disk must not interrupt the user's work
        self._dirty_since_autosave = False
        return True

    def finish_cleanly(self) -> None:
        """The session ends on purpose: nothing to recover next time."""
        self.timer.stop()
        self.file.unlink(missing_ok=True)
        self._lock.unlock()
