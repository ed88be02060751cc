"""A scene's own picture or clip from this computer: choose a file, upload it (progress, Cancel), use its address.

The form shows how the upload goes under the web address; when Pictory has the file, the scene's background
becomes that picture (or clip) in one undo step. The same file chosen again is not uploaded again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QWidget

from ..domain import scene_edits
from ..domain.catalog import Catalog
from ..domain.storyboard import PictureUrl
from ..qt.document import StoryboardDocument
from ..qt.uploads import Uploads
from .background_form import BackgroundForm


def ask_for_file(parent: QWidget) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(
        parent, "Use a picture or clip from this computer", "", "Pictures and clips (*.jpg *.jpeg *.png *.mp4)"
    )
    return Path(path) if path else None


class PictureUpload(QObject):
    def __init__(
        self,
        window: QWidget,
        document: StoryboardDocument,
        catalog: Catalog,
        uploads: Uploads,
        form: BackgroundForm,
        current_row: Callable[[], int],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._document = document
        self._catalog = catalog
        self._uploads = uploads
        self._form = form
        self._current_row = current_row
        self.choose_file: Callable[[QWidget], Path | None] = ask_for_file  # replaceable in tests
        self._names: dict[object, str] = {}
        form.uploadRequested.connect(self.start)
        form.uploadCancelled.connect(self.cancel)
        uploads.progressed.connect(self._progressed)
        uploads.uploaded.connect(self._uploaded)
        uploads.failed.connect(self._failed)

    def _key(self) -> tuple[str, int]:
        return ("scene", self._current_row())

    def start(self) -> None:
        row = self._current_row()
        if row < 0:
            return
        path = self.choose_file(self._window)
        if path is None:
            return
        key = self._key()
        self._names[key] = path.name
        self._form.show_upload(f"Uploading “{path.name}” to your Pictory account…", running=True)
        self._uploads.upload(path, key)

    def cancel(self) -> None:
        key = self._key()
        self._uploads.cancel(key)
        self._form.show_upload("The upload was cancelled; the scene is as it was.")

    def _mine(self, key: object) -> bool:
        return key == self._key()

    def _progressed(self, key: object, done: int, total: int) -> None:
        if self._mine(key) and total:
            name = self._names.get(key, "the file")
            self._form.show_upload(f"Uploading “{name}”… {done * 100 // total} %", running=True)

    def _uploaded(self, key: object, url: str, content_type: str) -> None:
        row = key[1] if isinstance(key, tuple) and len(key) == 2 and isinstance(key[1], int) else -1
        if 0 <= row < self._document.scene_count():
            scene = self._document.scene(row)
            if not isinstance(scene.background, PictureUrl):
                scene = scene_edits.with_kind(scene, "picture_url", self._catalog)
            scene = scene_edits.with_url(scene, url)
            kind = "video" if content_type.startswith("video/") else "image"
            if isinstance(scene.background, PictureUrl):
                scene = scene.with_background(replace(scene.background, media_type=kind))
            self._document.edit_scene(row, scene, "Use a file from this computer")
        if self._mine(key):
            name = self._names.get(key, "The file")
            self._form.show_upload(f"“{name}” is in your Pictory account; this scene shows it.")

    def _failed(self, key: object, sentence: str) -> None:
        if self._mine(key):
            self._form.show_upload(sentence, error=True)
