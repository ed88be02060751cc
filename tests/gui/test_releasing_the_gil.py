"""``qt/multimedia.call_releasing_the_gil`` really lets other Python threads run while Qt works. The fix for
the player's freeze rests on PySide binding ``QMetaObject.invokeMethod`` to release the GIL; a PySide release
that stopped doing so fails here, deterministically (tests/gui/test_video_player.py has the freeze itself,
which is a race)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog

from pictory_desktop.qt.multimedia import call_releasing_the_gil

pytestmark = pytest.mark.gui


def steps_of_another_thread_while(work: Callable[[], object]) -> int:
    """How often a Python thread got to run while ``work()`` (a call into Qt of about 0.4 s) ran."""
    steps = 0
    done = threading.Event()

    def count() -> None:
        nonlocal steps
        while not done.is_set():
            steps += 1
            time.sleep(0.002)

    counter = threading.Thread(target=count)
    counter.start()
    time.sleep(0.05)
    before = steps
    try:
        work()
    finally:
        during = steps - before
        done.set()
        counter.join()
    return during


def test_other_python_threads_run_while_a_slot_called_this_way_works(qtbot):
    dialog = QDialog()
    qtbot.addWidget(dialog)
    # The dialog's own event loop, ended by a timer wired to its C++ slot: 0.4 s in Qt, no Python called back.
    timer = QTimer(dialog)
    timer.setSingleShot(True)
    timer.timeout.connect(dialog.accept)
    timer.start(400)
    assert steps_of_another_thread_while(lambda: call_releasing_the_gil(dialog, "exec")) > 50


def test_a_slot_that_does_not_exist_is_an_error_not_a_silent_no_op(qtbot):
    dialog = QDialog()
    qtbot.addWidget(dialog)
    with pytest.raises(RuntimeError, match="QDialog has no slot stopp"):
        call_releasing_the_gil(dialog, "stopp")
