"""A strip across the window while the app renders on the built-in sandbox, so nobody mistakes a simulated
video for a real one or wonders where their credits went."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from ..domain.describe import SANDBOX_SENTENCE

if TYPE_CHECKING:
    from pictory_desktop.qt.context import AppContext

BANNER_TEXT = SANDBOX_SENTENCE


class SandboxBanner(QFrame):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("sandboxBanner")
        self.setAccessibleName("Sandbox mode")
        self.setStyleSheet(
            "#sandboxBanner { background: #fef3c7; border-bottom: 1px solid #f59e0b; }"
            "#sandboxBanner QLabel { color: #78350f; }"
        )
        self.label = QLabel(BANNER_TEXT, self)
        self.label.setWordWrap(True)
        self.button = QPushButton("Use my Pictory account…", self)
        self.button.setToolTip("Open Settings to enter your Pictory API key and render for real.")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.button.clicked.connect(self.open_settings)
        context.connection.modeChanged.connect(self._mode_changed)
        if context.connection.mode != "sandbox":
            self.hide()  # (not setVisible(True) otherwise: a banner without a parent would pop up as a window)

    @Slot(str)
    def _mode_changed(self, mode: str) -> None:
        self.setVisible(mode == "sandbox")

    @Slot()
    def open_settings(self) -> None:
        from .settings_dialog import SettingsDialog

        SettingsDialog.ask(self.window(), self.context)
