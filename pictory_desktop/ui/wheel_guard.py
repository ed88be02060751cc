"""A wheel turn changes a dropdown, number box or slider only after the user has clicked into it.

Over one they have not, it scrolls the form it sits in: on a small screen people scroll the editor with the
pointer wherever it happens to be, and two notches over "Background" used to turn an AI image into a web
picture, and over "Model" to change the cost unseen.

``guard_wheel`` fits each such widget with one shared event filter (only that widget's events reach it, so
typing elsewhere costs nothing); a test walks the window and its dialogs and fails on an unguarded one.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSlider, QAbstractSpinBox, QComboBox, QScrollBar, QWidget

GUARDED_KINDS = (QComboBox, QAbstractSpinBox, QAbstractSlider)
GUARD_PROPERTY = "wheelGuarded"
_W = TypeVar("_W", bound=QWidget)


class _WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Wheel or not isinstance(watched, QWidget) or watched.hasFocus():
            return False
        area = _scroll_area_around(watched)
        if area is not None:
            QCoreApplication.sendEvent(area.viewport(), event)
        return True  # the value stays as it is


_GUARD = _WheelGuard()


def guard_wheel(widget: _W) -> _W:
    """Make ``widget`` follow the wheel only once the user has clicked or tabbed into it."""
    if isinstance(widget, GUARDED_KINDS) and not isinstance(widget, QScrollBar):
        # Qt's default for these, WheelFocus, hands them focus on the first notch, which would defeat the check.
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        widget.installEventFilter(_GUARD)
        widget.setProperty(GUARD_PROPERTY, True)
    return widget


def _scroll_area_around(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None
