"""The editor window on the real application context: local sandbox, real jobs panel, real render dialog seam."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from pictory_desktop.ui import render_dialog
from pictory_desktop.ui.main_window import MainWindow

from .jobs_fixtures import make_context, qt_messages  # noqa: F401

pytestmark = pytest.mark.gui


def test_render_from_the_editor_reaches_the_sandbox_and_refreshes_the_balance(
    qtbot,
    make_context,  # noqa: F811
    guide_file,
    dialogs,
    monkeypatch,
    qt_messages,  # noqa: F811
):
    context = make_context(sandbox=True)
    asked = []

    def confirm(cls, parent, **details):
        asked.append(details)
        return True

    monkeypatch.setattr(render_dialog.RenderConfirmDialog, "ask", classmethod(confirm))
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.finish_startup()  # what ui.app.run does once the window has painted
    context.start()
    assert window.open_path(guide_file)
    assert window.findChild(QWidget, "jobsView") is not None
    balance = window.findChild(QLabel, "balanceLabel")
    qtbot.waitUntil(lambda: "after this render: " in balance.text(), timeout=10_000)
    before = context.connection.balance.balance
    assert balance.text().endswith(f"after this render: {before - 6} credits")

    with qtbot.waitSignals([context.jobs.submitted, context.connection.balanceChanged], timeout=10_000):
        qtbot.mouseClick(window.findChild(QPushButton, "renderButton"), Qt.MouseButton.LeftButton)
    assert asked[0]["sandbox"] is True and asked[0]["estimate"].total == 6
    assert window.jobs_dock.isVisible()
    assert window.close()
    assert [m for m in qt_messages if "QThread" in m] == []
