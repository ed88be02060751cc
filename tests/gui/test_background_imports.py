"""Slow modules are imported off the GUI thread, and the caller hears back on the GUI thread either way."""

from __future__ import annotations

import sys
import threading

import pytest

from pictory_desktop.qt.background_imports import BackgroundImports

pytestmark = pytest.mark.gui


def test_the_modules_are_imported_and_the_callback_runs_on_the_gui_thread(qtbot, tmp_path, monkeypatch):
    (tmp_path / "slow_module_for_test.py").write_text(
        "import threading\nIMPORTED_ON = threading.current_thread().name\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "slow_module_for_test", raising=False)
    called_on: list[str] = []
    imports = BackgroundImports(
        ["slow_module_for_test"], then=lambda: called_on.append(threading.current_thread().name)
    )
    imports.start()
    qtbot.waitUntil(lambda: bool(called_on), timeout=5000)
    assert called_on == [threading.main_thread().name]
    assert sys.modules["slow_module_for_test"].IMPORTED_ON == "background-imports"


def test_a_module_that_fails_to_import_still_lets_the_start_go_on(qtbot):
    called: list[bool] = []
    imports = BackgroundImports(["pictory_desktop.no_such_module", "json"], then=lambda: called.append(True))
    imports.start()
    qtbot.waitUntil(lambda: bool(called), timeout=5000)
    assert called == [True]
