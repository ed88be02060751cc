"""New, Open, Save, Save As and recent files for one window's document, asking before losing work."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMenu, QWidget

from ..domain.examples import Example
from ..domain.project_format import ProjectFileError, parse_project, saved_by_newer_version
from ..qt.document import StoryboardDocument
from ..store.settings import Settings
from . import file_dialogs
from .file_dialogs import SaveChangesDialog, SaveChoice


def display_name(document: StoryboardDocument) -> str:
    return document.path.name if document.path else "Untitled"


class FileActions(QObject):
    message = Signal(str)  # a sentence for the status bar

    def __init__(self, window: QWidget, document: StoryboardDocument, settings: Settings) -> None:
        super().__init__(window)
        self.window = window
        self.document = document
        self.settings = settings
        self.recent_menu = QMenu("Open &Recent", window)
        self.recent_menu.aboutToShow.connect(self._fill_recent)

    # ------------------------------------------------------------------------------------ asking

    def maybe_save(self) -> bool:
        """True when it is fine to drop the current document (saved, discarded or never changed)."""
        if not self.document.is_modified:
            return True
        choice = SaveChangesDialog.ask(self.window, display_name(self.document))
        if choice is SaveChoice.SAVE:
            return self.save()
        return choice is SaveChoice.DISCARD

    # ------------------------------------------------------------------------------------ actions

    def new(self) -> None:
        if self.maybe_save():
            self.document.new()
            self.message.emit("Started a new storyboard.")

    def new_from_example(self, example: Example) -> None:
        """A new, unsaved storyboard with the example's content: Save asks where to keep it."""
        if self.maybe_save():
            self.document.replace_all(example.load(), None, saved=True)
            self.message.emit(f"Opened the example “{example.title}”. Save it to keep your changes.")

    def open_sent_body(self, body: str, name: str) -> None:
        """Open exactly what a job sent, as a new unsaved storyboard (the job's own file may have changed)."""
        if not self.maybe_save():
            return
        try:
            storyboard = parse_project(body.encode("utf-8"))
        except ProjectFileError as error:
            file_dialogs.show_error(self.window, "The storyboard could not be opened", str(error))
            return
        self.document.replace_all(storyboard, None, saved=True)
        self.message.emit(f"Opened the storyboard that was sent for “{name}”. Save it to keep a copy.")

    def open(self) -> None:
        if not self.maybe_save():
            return
        start = self.settings.get("last_open_dir")
        path = file_dialogs.ask_open_path(self.window, start)
        if path is not None:
            self.open_path(path, ask=False)

    def open_path(self, path: Path | str, *, ask: bool = True) -> bool:
        if ask and not self.maybe_save():
            return False
        target = Path(path).expanduser().absolute()
        try:
            self.document.open_file(target)
        except ProjectFileError as error:
            file_dialogs.show_error(self.window, "The file could not be opened", str(error))
            return False
        self._remember(target)
        if saved_by_newer_version(self.document.storyboard):
            self.message.emit(
                f"Opened {target.name}. It was saved by a newer Pictory Desktop; fields this version does not "
                "know are kept as they are."
            )
        else:
            self.message.emit(f"Opened {target.name}.")
        return True

    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self) -> bool:
        name = (self.document.storyboard.video_name or "storyboard").strip() or "storyboard"
        start = self.document.path or (self.settings.get("last_open_dir") or Path.home()) / f"{name}.json"
        path = file_dialogs.ask_save_path(self.window, start)
        return path is not None and self._save_to(path)

    def _save_to(self, path: Path) -> bool:
        try:
            self.document.save(path)
        except ProjectFileError as error:
            file_dialogs.show_error(self.window, "The storyboard could not be saved", str(error))
            return False
        self._remember(path)
        self.message.emit(f"Saved {path.name}.")
        return True

    # ------------------------------------------------------------------------------------ recent files

    def _remember(self, path: Path) -> None:
        try:
            self.settings.add_recent_file(path)
            self.settings.set("last_open_dir", str(path.parent))
            self.settings.save()
        except (OSError, ValueError):
            pass  # a read-only settings folder must not stop the user from working on the file

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = [Path(p) for p in self.settings.get("recent_files")]
        for path in recent:
            action = self.recent_menu.addAction(path.name)
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _=False, p=path: self.open_path(p))
        if not recent:
            self.recent_menu.addAction("No recent storyboards").setEnabled(False)
