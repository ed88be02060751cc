"""Slow start-up preparation runs off the GUI thread, and the caller hears back on the GUI thread either way."""

from __future__ import annotations

import sys
import threading

import pytest

from pictory_desktop.qt.warm_up import WarmUp, importing

pytestmark = pytest.mark.gui


def test_the_steps_run_in_the_background_and_the_callback_on_the_gui_thread(qtbot, tmp_path, monkeypatch):
    (tmp_path / "slow_module_for_test.py").write_text(
        "import threading\nIMPORTED_ON = threading.current_thread().name\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "slow_module_for_test", raising=False)
    ran_on: list[str] = []
    called_on: list[str] = []
    steps = [importing("slow_module_for_test"), lambda: ran_on.append(threading.current_thread().name)]
    warm_up = WarmUp(steps, then=lambda: called_on.append(threading.current_thread().name))
    warm_up.start()
    qtbot.waitUntil(lambda: bool(called_on), timeout=5000)
    assert called_on == [threading.main_thread().name]
    assert ran_on == ["warm-up"]
    assert sys.modules["slow_module_for_test"].IMPORTED_ON == "warm-up"


def test_a_failing_step_still_lets_the_start_go_on(qtbot):
    called: list[bool] = []

    def broken() -> None:
        raise OSError("the keyring went away")

    warm_up = WarmUp([importing("pictory_desktop.no_such_module"), broken], then=lambda: called.append(True))
    warm_up.start()
    qtbot.waitUntil(lambda: bool(called), timeout=5000)
    assert called == [True]
