"""A wheel turn over a dropdown the user has not clicked into scrolls the editor; it never changes the value
(issue 11, item 2: two notches over Background once turned an AI image into a web picture)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QPlainTextEdit, QScrollArea, QScrollBar, QWidget

from pictory_desktop.ui.settings_dialog import SettingsDialog
from pictory_desktop.ui.wheel_guard import GUARD_PROPERTY, GUARDED_KINDS

from .jobs_fixtures import make_context  # noqa: F401 - a fixture

pytestmark = pytest.mark.gui

NOTCH = 120  # one wheel notch, in eighths of a degree


def turn_wheel(widget: QWidget, notches: int) -> None:
    """Wheel events delivered as the window system would: to the widget under the pointer, through Qt."""
    centre = QPointF(widget.rect().center())
    for _ in range(abs(notches)):
        event = QWheelEvent(
            centre,
            QPointF(widget.mapToGlobal(widget.rect().center())),
            QPoint(0, 0),
            QPoint(0, -NOTCH if notches > 0 else NOTCH),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(widget, event)


def test_the_wheel_over_an_unfocused_dropdown_changes_nothing(make_window, guide_file, qtbot):
    window, _context, _companions = make_window(guide_file)
    window.resize(1024, 700)
    kind = window.findChild(QComboBox, "backgroundKindCombo")
    model = window.findChild(QComboBox, "modelCombo")
    prompt = window.findChild(QPlainTextEdit, "promptEdit")
    assert kind is not None and model is not None and prompt is not None
    prompt.setFocus()
    before = (kind.currentIndex(), model.currentIndex(), prompt.toPlainText(), window.document.storyboard)
    turn_wheel(kind, 2)
    turn_wheel(model, 3)
    assert (kind.currentIndex(), model.currentIndex(), prompt.toPlainText(), window.document.storyboard) == before
    assert window.document.undo_stack.count() == 0
    assert not kind.hasFocus() and not model.hasFocus()  # the wheel did not give them focus either


def test_the_wheel_scrolls_the_editor_instead(make_window, guide_file, qtbot):
    window, _context, _companions = make_window(guide_file)
    window.setMinimumSize(0, 0)
    window.resize(1024, 360)  # shorter than the editor, so it scrolls
    qtbot.wait(20)
    kind = window.findChild(QComboBox, "backgroundKindCombo")
    assert kind is not None
    area = next(a for a in window.findChildren(QScrollArea) if a.isAncestorOf(kind))
    bar = area.verticalScrollBar()
    assert bar.maximum() > 0, "the editor must be taller than the window for this test"
    turn_wheel(kind, 2)
    assert bar.value() > 0


def test_a_dropdown_the_user_clicked_into_still_follows_the_wheel(make_window, guide_file, qtbot):
    window, _context, _companions = make_window(guide_file)
    model = window.findChild(QComboBox, "modelCombo")
    assert model is not None
    model.setFocus(Qt.FocusReason.MouseFocusReason)
    before = model.currentIndex()
    turn_wheel(model, 1)
    assert model.currentIndex() != before


def _unguarded(root: QWidget) -> list[str]:
    widgets = [w for kind in GUARDED_KINDS for w in root.findChildren(kind) if not isinstance(w, QScrollBar)]
    assert widgets, "nothing to check"
    return [w.objectName() or type(w).__name__ for w in widgets if not w.property(GUARD_PROPERTY)]


def test_every_dropdown_number_box_and_slider_in_the_window_is_guarded(make_window, guide_file):
    window, _context, _companions = make_window(guide_file)
    assert _unguarded(window) == []


def test_every_dropdown_number_box_and_slider_in_settings_is_guarded(qtbot, make_context):  # noqa: F811
    dialog = SettingsDialog(make_context(sandbox=True))
    qtbot.addWidget(dialog)
    assert _unguarded(dialog) == []
