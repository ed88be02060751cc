"""Switching a scene's background to another kind and back brings back what the user had (issue 11, item 1:
the prompt, model and style used to be wiped, and only Undo brought them back)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

from pictory_desktop.domain.body import scene_to_body
from pictory_desktop.domain.storyboard import AiImage, PictureUrl

pytestmark = pytest.mark.gui


def choose(combo: QComboBox, data: str) -> None:
    """Pick an item with the keyboard, as a user tabbing through the form would."""
    combo.setFocus(Qt.FocusReason.TabFocusReason)
    target = combo.findData(data)
    assert target >= 0, f"{combo.objectName()} has no {data!r}"
    key = Qt.Key.Key_Down if target > combo.currentIndex() else Qt.Key.Key_Up
    while combo.currentIndex() != target:
        QTest.keyClick(combo, key)


def test_switching_away_and_back_restores_the_prompt_model_and_style(make_window, guide_file):
    window, _context, _companions = make_window(guide_file)
    kind = window.findChild(QComboBox, "backgroundKindCombo")
    prompt = window.findChild(QPlainTextEdit, "promptEdit")
    assert kind is not None and prompt is not None
    original = window.document.scene(0).background
    assert isinstance(original, AiImage) and original.prompt and original.media_style

    choose(kind, "picture_url")
    url = window.findChild(QLineEdit, "pictureUrlEdit")
    assert url is not None
    url.setFocus()
    QTest.keyClicks(url, "https://example.com/beans.jpg")
    assert window.document.scene(0).background == PictureUrl(url="https://example.com/beans.jpg")
    # What would be sent is only the chosen kind: nothing of the AI image travels with it.
    assert scene_to_body(window.document.scene(0)).get("background") == {"visualUrl": "https://example.com/beans.jpg"}

    choose(kind, "colour")
    choose(kind, "ai_image")
    assert window.document.scene(0).background == original
    assert prompt.toPlainText() == original.prompt

    choose(kind, "picture_url")  # and the picture address the user typed is kept too
    assert window.document.scene(0).background == PictureUrl(url="https://example.com/beans.jpg")


def test_undo_walks_back_every_switch_to_the_scene_as_it_was(make_window, guide_file):
    window, _context, _companions = make_window(guide_file)
    kind = window.findChild(QComboBox, "backgroundKindCombo")
    assert kind is not None
    original = window.document.scene(0)
    choose(kind, "colour")
    steps = window.document.undo_stack.count()
    assert steps >= 1
    choose(kind, "ai_image")
    while window.document.undo_stack.canUndo():
        window.document.undo_stack.undo()
    assert window.document.scene(0) == original
