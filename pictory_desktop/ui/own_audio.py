"""A picker's "your own file" row: a radio, Choose a file…, and a line that says how the upload goes.

Used by the music picker (your own track) and the voice picker (your own recording). The file is uploaded to
the user's Pictory account once (``qt.uploads``); ``uploaded`` then says its permanent address and name.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QRadioButton, QWidget

from ..qt.uploads import Uploads
from . import theme


class OwnAudioChoice(QWidget):
    uploaded = Signal(str, str)  # permanent url, the file's name

    def __init__(self, text: str, names: str, dialog_title: str, uploads: Uploads, parent: QWidget) -> None:
        super().__init__(parent)
        self.radio = QRadioButton(text, self)
        self.radio.setObjectName(f"{names}Radio")
        self.button = QPushButton("Choose a file…", self)
        self.button.setObjectName(f"{names}Button")
        self.status = QLabel(self)
        self.status.setObjectName(f"{names}Status")
        self.status.setWordWrap(True)
        self.url: str | None = None
        self.name = ""
        self._uploads = uploads
        self._key = (names, id(self))
        self._title = dialog_title
        self.choose_file: Callable[[QWidget], Path | None] = self._ask  # replaceable in tests
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.radio)
        row.addWidget(self.button)
        row.addWidget(self.status, 1)
        self.button.clicked.connect(self.choose)
        uploads.progressed.connect(self._progressed)
        uploads.uploaded.connect(self._uploaded)
        uploads.failed.connect(self._failed)

    def _ask(self, parent: QWidget) -> Path | None:
        path, _ = QFileDialog.getOpenFileName(parent, self._title, "", "Audio (*.mp3 *.wav)")
        return Path(path) if path else None

    def choose(self) -> None:
        path = self.choose_file(self.window())
        if path is None:
            return
        self.radio.setChecked(True)
        self.name = path.name
        self.status.setText(f"Uploading “{path.name}”…")
        theme.set_text_colour(self.status, None)
        self._uploads.upload(path, self._key, kinds=("audio/",))

    def _progressed(self, key: object, done: int, total: int) -> None:
        if key == self._key and total:
            self.status.setText(f"Uploading “{self.name}”… {done * 100 // total} %")

    def _uploaded(self, key: object, url: str, _content_type: str) -> None:
        if key == self._key:
            self.url = url
            self.status.setText(f"“{self.name}” is in your Pictory account.")
            self.uploaded.emit(url, self.name)

    def _failed(self, key: object, sentence: str) -> None:
        if key == self._key:
            self.status.setText(sentence)
            theme.set_text_colour(self.status, theme.error_colour(self.status))
