"""The first screen invites; it does not scold (issue 11, item 15: a new, untouched storyboard showed a red
error and a red 'Render is off' before the user had typed anything)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QLabel, QPlainTextEdit, QPushButton

from pictory_desktop.qt.scene_list_model import SceneRole
from pictory_desktop.ui import theme
from pictory_desktop.ui.totals_bar import INVITATION

pytestmark = pytest.mark.gui


def visible_texts(window) -> list[str]:
    return [label.text() for label in window.findChildren(QLabel) if label.isVisibleTo(window) and label.text()]


def test_a_new_storyboard_shows_an_invitation_and_no_error(make_window):
    window, _context, _companions = make_window()
    texts = visible_texts(window)
    assert not [t for t in texts if t.startswith("Error") or "Render is off" in t]
    reason = window.findChild(QLabel, "renderReasonLabel")
    assert reason is not None and reason.text() == INVITATION
    assert reason.palette().color(QPalette.ColorRole.WindowText) != theme.error_colour(reason)
    render = window.findChild(QPushButton, "renderButton")
    assert render is not None and not render.isEnabled()  # there is still nothing to render
    row = window.scene_model.index(0, 0)
    assert not row.data(SceneRole.HAS_ERROR)


def test_errors_appear_once_the_user_has_started(make_window, qtbot):
    window, _context, _companions = make_window()
    story = window.findChild(QPlainTextEdit, "storyEdit")
    add = window.findChild(QAbstractButton, "addSceneButton")
    assert story is not None and add is not None
    story.setFocus()
    QTest.keyClicks(story, "Autumn is here.")
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)  # a second, empty scene: now that one is a real problem
    assert window.document.scene_count() == 2
    reason = window.findChild(QLabel, "renderReasonLabel")
    assert reason is not None and reason.text().startswith("Render is off until this is fixed: Scene 2")
    assert window.scene_model.index(1, 0).data(SceneRole.HAS_ERROR)
