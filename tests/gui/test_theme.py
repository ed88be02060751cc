"""View › Theme: light, dark or the system's colours, at once and from then on (issue 11)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import QApplication, QLabel

from pictory_desktop.ui import theme

pytestmark = pytest.mark.gui


def window_lightness() -> int:
    return QApplication.palette().color(QPalette.ColorRole.Window).lightness()


def test_dark_then_system_changes_the_colours_at_once_and_is_remembered(make_window, guide_file, qtbot):
    window, context, _companions = make_window(guide_file)
    prompt_error = "a" * 300  # an error under the prompt, coloured from the palette
    window.editor.background.prompt.edit.setPlainText(prompt_error)
    qtbot.wait(10)
    assert [f.code for f in window.document.errors()] == ["prompt-too-long"]
    try:
        dark = window.findChild(QAction, "theme:dark")
        assert dark is not None
        dark.trigger()
        assert window_lightness() < 128 and context.settings.get("theme") == "dark"
        qtbot.wait(10)  # rows added to a shown layout appear on the next turn of the event loop
        label = next(
            lab for lab in window.findChildren(QLabel) if lab.isVisibleTo(window) and lab.text().startswith("Error:")
        )
        assert label.palette().color(QPalette.ColorRole.WindowText) == theme.error_colour(label)
        assert theme.is_dark(label)
        palette = QApplication.palette()
        for role in (QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText):
            # A disabled button must look disabled in the dark theme too.
            assert palette.color(QPalette.ColorGroup.Disabled, role) != palette.color(QPalette.ColorGroup.Active, role)
    finally:
        system = window.findChild(QAction, "theme:system")
        assert system is not None
        system.trigger()
    assert window_lightness() >= 128 and context.settings.get("theme") == "system"
