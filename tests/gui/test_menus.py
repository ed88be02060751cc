"""Every menu's Alt-letters are unique: seen under Xvfb, "New from &script" and "&Save" shared S, so the key
did something other than what the user read."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QMenu

pytestmark = pytest.mark.gui


def mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def test_no_two_items_of_a_menu_share_an_alt_letter(make_window):
    window, _context, _companions = make_window()
    menus = [action.menu() for action in window.menuBar().actions() if action.menu() is not None]
    assert len(menus) >= 4
    for menu in menus:
        assert isinstance(menu, QMenu)
        letters = [mnemonic(a.text()) for a in menu.actions() if not a.isSeparator()]
        used = [letter for letter in letters if letter]
        assert len(used) == len(set(used)), f"{menu.title()}: {[a.text() for a in menu.actions()]}"
