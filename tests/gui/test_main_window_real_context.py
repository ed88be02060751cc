"""The editor window on the real application context: local sandbox, real jobs panel, real render dialog seam."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from pictory_desktop.store.jobs_db import JobRecord
from pictory_desktop.ui import render_dialog
from pictory_desktop.ui.jobs_panel import JobsPanel
from pictory_desktop.ui.main_window import MainWindow

from .jobs_fixtures import BODY, make_context, qt_messages, render_request  # noqa: F401

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

    def confirm(cls, parent, question):
        asked.append(question)
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
    assert balance is not None
    qtbot.waitUntil(lambda: "after this render: " in balance.text(), timeout=10_000)
    before = context.connection.balance.balance
    assert balance.text().endswith(f"after this render: {before - 6} credits")

    with qtbot.waitSignals([context.jobs.submitted, context.connection.balanceChanged], timeout=10_000):
        render_button = window.findChild(QPushButton, "renderButton")
        assert render_button is not None
        qtbot.mouseClick(render_button, Qt.MouseButton.LeftButton)
    (question,) = asked
    assert question.sandbox is True and question.request.estimate.total == 6
    assert window.jobs_dock.isVisible()
    assert window.close()
    assert [m for m in qt_messages if "QThread" in m] == []


def test_a_render_resumed_at_start_is_announced_and_selected(qtbot, make_context, dialogs):  # noqa: F811
    """Issue 11, item 9: a render that resumed after a restart was only visible in the Jobs panel."""
    from .jobs_fixtures import fast_sandbox_factory, render_request

    slow = fast_sandbox_factory(queue=0.3, render=3.0)
    first = make_context(sandbox=True, sandbox_factory=slow)
    with qtbot.waitSignal(first.jobs.submitted, timeout=5000) as sent:
        first.jobs.submit(render_request())
    job_id = sent.args[0]
    first.shutdown()  # the app quits while the job renders

    second = make_context(sandbox=True, sandbox_factory=slow)  # same home: same history
    window = MainWindow(second)
    qtbot.addWidget(window)
    window.show()
    window.finish_startup()
    with qtbot.waitSignal(second.jobs.resumed, timeout=5000):
        second.start()
    assert "“Spring sale teaser” again" in window.statusBar().currentMessage()
    assert window.jobs_dock.isVisible()
    panel = window.jobs_panel
    assert isinstance(panel, JobsPanel)
    selected = panel.selected_record()
    assert selected is not None and selected.job_id == job_id


def test_rendering_the_same_storyboard_again_is_asked_about_with_when_and_cost(
    qtbot,
    make_context,  # noqa: F811
    guide_file,
    monkeypatch,
):
    context = make_context(sandbox=True)
    asked: list[JobRecord | None] = []

    def confirm(cls, parent, question):
        asked.append(question.sent_before)
        return True

    monkeypatch.setattr(render_dialog.RenderConfirmDialog, "ask", classmethod(confirm))
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    context.start()
    assert window.open_path(guide_file)
    with qtbot.waitSignal(context.jobs.submitted, timeout=10_000) as first:
        window.render_video()
    with qtbot.waitSignal(context.jobs.submitted, timeout=10_000):
        window.render_video()
    assert asked[0] is None
    assert asked[1] is not None and asked[1].job_id == first.args[0] and asked[1].credits == 6
    kept = context.job_store.body_of(first.args[0])
    assert kept is not None and json.loads(kept) == json.loads(guide_file.read_text("utf-8"))


def test_a_render_that_ends_while_the_window_is_behind_another_is_announced(qtbot, make_context, guide_file):  # noqa: F811
    """Issue 11: a desktop notification (or the window's alert) when a render finishes while not in front."""
    from PySide6.QtWidgets import QWidget

    context = make_context(sandbox=True)
    window = MainWindow(context)
    qtbot.addWidget(window)
    told: list[tuple[str, str]] = []
    window.notify = lambda title, text: told.append((title, text))
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.open_path(guide_file)
    with qtbot.waitSignal(context.jobs.jobFinished, timeout=10_000):
        context.jobs.submit(render_request())
    assert told == []  # in front: the status bar says it
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: not window.isActiveWindow())
    with qtbot.waitSignal(context.jobs.jobFinished, timeout=10_000):
        context.jobs.submit(render_request({**BODY, "videoName": "Second teaser"}))
    assert told == [("Render finished", "“Second teaser” is ready. Download it from the Jobs panel.")]
