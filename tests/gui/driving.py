"""Driving the window as a user does: modal dialogs opened by a click and answered with clicks and keys."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QWidget


def run_dialog(qtbot: Any, button: QPushButton, drive: Callable[[Any], None]) -> None:
    """Click ``button``, which opens a modal dialog, and drive that dialog from inside its own event loop."""
    drive_dialog(lambda: qtbot.mouseClick(button, Qt.MouseButton.LeftButton), drive)


def drive_dialog(opens: Callable[[], object], drive: Callable[[Any], None]) -> None:
    """Call ``opens`` (a click, a menu action's trigger), which opens a modal dialog, and drive that dialog from
    inside its own event loop."""
    driven: list[QWidget] = []

    def inside() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:  # not shown yet: the next turn of the loop
            QTimer.singleShot(20, inside)
            return
        driven.append(dialog)
        try:
            drive(dialog)
        finally:
            if isinstance(dialog, QDialog) and dialog.isVisible():
                dialog.reject()  # a failed step must not leave the test waiting on a modal dialog

    QTimer.singleShot(0, inside)
    opens()
    assert driven, "nothing opened a dialog"


def click_radio(qtbot: Any, radio: Any) -> None:
    # A radio button answers clicks on its circle and its words, not on the empty width to their right.
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    assert radio.isChecked()
