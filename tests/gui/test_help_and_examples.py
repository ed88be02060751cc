"""What a new user expects to find without a manual: a Help menu and ready-made examples (issue 11)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QLabel, QMenu, QWidget

from pictory_desktop import __version__
from pictory_desktop.domain.examples import EXAMPLES
from pictory_desktop.store import third_party
from pictory_desktop.ui.help_menu import API_KEY_PAGE

pytestmark = pytest.mark.gui


def menu_action(window, menu_title: str, text: str) -> QAction:
    menus = {m.title().replace("&", ""): m for m in window.menuBar().findChildren(QMenu)}
    menu = menus[menu_title]
    for action in menu.actions():
        if action.text().replace("&", "") == text:
            return action
    raise AssertionError(f"no {text!r} in {menu_title}: {[a.text() for a in menu.actions()]}")


def test_help_says_how_to_start_lists_the_shortcuts_and_the_version(make_window, dialogs):
    window, _context, _companions = make_window()
    menu_action(window, "Help", "Getting started").trigger()
    menu_action(window, "Help", "Keyboard shortcuts").trigger()
    menu_action(window, "Help", "About Pictory Desktop").trigger()
    (start_title, start), (keys_title, keys), (about_title, about) = dialogs.infos
    assert start_title == "Getting started" and "pretend credits" in start and "File › Settings" in start
    assert keys_title == "Keyboard shortcuts" and "Ctrl+Z" in keys and "Ctrl+R" in keys and "Ctrl+Q" in keys
    assert about_title == "About Pictory Desktop" and __version__ in about and "MIT" in about and "LGPL" in about


def test_about_names_every_runtime_dependency_and_its_licence_and_holds_the_texts(make_window, dialogs):
    window, _context, _companions = make_window()
    menu_action(window, "Help", "About Pictory Desktop").trigger()
    [(_title, about)] = dialogs.infos
    components = third_party.runtime_components()
    assert len(components) >= 6  # PySide6 (Essentials, Addons, shiboken6), requests and its own, keyring and its own
    for component in components:
        assert f"<li>{component.name} {component.version} — " in about
    assert "PySide6_Essentials" in about and "(used under the LGPL version 3)" in about
    assert "requests" in about and "Apache-2.0" in about and "keyring" in about
    assert "https://code.qt.io" in about and "https://download.qt.io/official_releases/QtForPython/" in about
    [details] = dialogs.details  # Licence texts: the full texts
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in details and "Version 3, 29 June 2007" in details


def test_where_to_get_a_key_opens_pictorys_page_or_offers_the_link(make_window, dialogs):
    window, _context, _companions = make_window()
    opened: list[QUrl] = []
    window.open_url = lambda url: opened.append(url) or True
    menu_action(window, "Help", "Where to get a Pictory API key").trigger()
    assert [u.toString() for u in opened] == [API_KEY_PAGE]
    window.open_url = lambda url: False  # no browser on this computer
    QGuiApplication.clipboard().clear()
    menu_action(window, "Help", "Where to get a Pictory API key").trigger()
    assert dialogs.asked == ["copy:Could not open the page"] and QGuiApplication.clipboard().text() == API_KEY_PAGE


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.file for e in EXAMPLES])
def test_each_example_opens_as_a_new_storyboard_ready_to_render(make_window, example):
    window, _context, _companions = make_window()
    action = next(a for a in window.findChildren(QAction) if a.text() == example.title)
    action.trigger()
    assert window.document.path is None and not window.document.is_modified  # Save asks where to keep it
    assert window.document.errors() == []
    total = window.findChild(QLabel, "totalCreditsLabel")
    assert total is not None and window.document.estimate().total > 0
    if example.file == "ai-background-images-guide.json":
        assert window.document.estimate().total == 6 and "6 credits" in total.text()


def test_about_fits_a_1024x700_screen_its_text_scrolls_and_its_licence_texts_are_one_click_away(qtbot):
    """Seen under Xvfb at 1024×700: About, a message box with some twenty packages, grew until its Close button
    was below the screen. Now the text scrolls inside a window no taller than the screen leaves room for."""
    from PySide6.QtWidgets import QDialogButtonBox, QPlainTextEdit, QPushButton, QTextBrowser

    from pictory_desktop.ui import file_dialogs, help_menu

    from .driving import drive_dialog

    window = QWidget()  # the real dialog, not the ``dialogs`` fixture's stand-in that make_window brings
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    seen: dict[str, object] = {}

    def look(dialog: Any) -> None:
        text = dialog.findChild(QTextBrowser, "infoText")
        full = dialog.findChild(QPlainTextEdit, "infoDetails")
        [licences] = [b for b in dialog.findChildren(QPushButton) if b.text() == "Licence texts"]
        close = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
        seen.update(height=dialog.height(), runs_on="It runs on:" in text.toPlainText(), close=close.isVisible())
        seen["scrolls"] = text.verticalScrollBar().maximum() > 0
        qtbot.mouseClick(licences, Qt.MouseButton.LeftButton)
        seen["texts"] = full.isVisible() and not text.isVisible() and "GNU LESSER" in full.toPlainText()
        qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
        seen["closed"] = not dialog.isVisible()

    title = "About Pictory Desktop"
    drive_dialog(
        lambda: file_dialogs.show_info(window, title, help_menu.about_text(), details=help_menu.licence_texts()),
        look,
    )
    assert isinstance(seen["height"], int) and seen["height"] <= 620
    assert seen["close"] and seen["runs_on"] and seen["scrolls"]
    assert seen["texts"] and seen["closed"]
