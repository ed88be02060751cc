"""Text fields whose Ctrl+Z / Ctrl+Shift+Z go to the document's undo stack instead of their own.

A field's private undo history would disagree with the document's (undo in the window menu would
undo one thing, Ctrl+Z in the field another), so these fields have none and let the shortcut through.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QMimeData, QSize, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

_HISTORY_KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)
# The window binds these on every platform (see MainWindow), whatever the platform's own defaults are.
UNDO_SHORTCUTS = ("Ctrl+Z",)
REDO_SHORTCUTS = ("Ctrl+Shift+Z", "Ctrl+Y")


def _is_history_key(event: QEvent) -> bool:
    if not isinstance(event, QKeyEvent):
        return False
    pressed = QKeySequence(event.keyCombination())
    explicit = any(
        pressed.matches(QKeySequence(k)) == QKeySequence.SequenceMatch.ExactMatch
        for k in UNDO_SHORTCUTS + REDO_SHORTCUTS
    )
    return explicit or any(event.matches(key) for key in _HISTORY_KEYS)


if TYPE_CHECKING:
    # The mixin is only ever combined with a Qt text field, so the checker may read super() as a QWidget's.
    # At run time it must stay a plain object: a second QWidget base makes Shiboken crash on construction.
    _MixinBase = QWidget
else:
    _MixinBase = object


class _LeavesUndoToTheWindow(_MixinBase):
    """For text fields: Ctrl+Z/Ctrl+Y go to the window's undo stack, not the field's own history."""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and _is_history_key(event):
            event.ignore()  # let the window's Undo/Redo actions have it
            return False
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if _is_history_key(event):
            event.ignore()
            return
        super().keyPressEvent(event)


class DocumentLineEdit(_LeavesUndoToTheWindow, QLineEdit):
    pass


class DocumentTextEdit(_LeavesUndoToTheWindow, QPlainTextEdit):
    pasted = Signal(str)  # the plain text just pasted (the story box offers to make scenes of a script)

    def insertFromMimeData(self, source: QMimeData) -> None:
        super().insertFromMimeData(source)
        if source.hasText():
            self.pasted.emit(source.text())

    def __init__(self, parent: QWidget | None = None, *, preferred_lines: int = 4) -> None:
        super().__init__(parent)
        self.preferred_lines = preferred_lines
        self.setUndoRedoEnabled(False)
        self.setTabChangesFocus(True)  # Tab moves on to the next field, as a marketer expects

    def sizeHint(self) -> QSize:
        # Qt's default asks for ~12 lines; in a scrolling editor at 720 px that pushes fields off screen.
        margins = 2 * (self.frameWidth() + int(self.document().documentMargin()))
        return QSize(super().sizeHint().width(), self.fontMetrics().lineSpacing() * self.preferred_lines + margins)

    def replace_text(self, text: str) -> None:
        """Show ``text`` (after undo, or another scene) keeping the cursor where it was if it still fits."""
        if text == self.toPlainText():
            return
        position = self.textCursor().position()
        self.setPlainText(text)
        cursor = self.textCursor()
        cursor.setPosition(min(position, len(self.toPlainText())))
        self.setTextCursor(cursor)
