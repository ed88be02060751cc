"""From the Render button to an MP4 on disk, on the real context and the local sandbox, window responsive."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from pictory_desktop.ui import render_dialog
from pictory_desktop.ui.jobs_panel import JobsPanel
from pictory_desktop.ui.main_window import MainWindow

from .jobs_fixtures import GapMeter, make_context, qt_messages  # noqa: F401

pytestmark = pytest.mark.gui

SANDBOX_MP4 = resources.files("pictory_desktop.resources.sandbox").joinpath("video.mp4").read_bytes()


def test_render_button_to_downloaded_mp4(qtbot, make_context, guide_file, tmp_path, monkeypatch, qt_messages):  # noqa: F811
    downloads = tmp_path / "My videos"
    context = make_context(sandbox=True)
    context.settings.set("download_dir", str(downloads))
    shown_costs = []
    monkeypatch.setattr(
        render_dialog.RenderConfirmDialog,
        "ask",
        classmethod(lambda cls, parent, question: shown_costs.append(question.request.estimate.total) or True),
    )
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    context.start()
    assert window.open_path(guide_file)
    qtbot.waitUntil(lambda: context.connection.balance is not None, timeout=10_000)

    meter = GapMeter()
    meter.start()
    qtbot.mouseClick(window.findChild(QPushButton, "renderButton"), Qt.MouseButton.LeftButton)
    panel = window.jobs_panel
    assert isinstance(panel, JobsPanel)
    qtbot.waitUntil(lambda: panel.download_button.isEnabled(), timeout=20_000)  # the job completed
    with qtbot.waitSignal(context.jobs.downloadFinished, timeout=20_000):
        qtbot.mouseClick(panel.download_button, Qt.MouseButton.LeftButton)
    longest_gap = meter.stop()

    [video] = list(downloads.glob("*.mp4"))
    assert video.read_bytes() == SANDBOX_MP4
    assert [p.name for p in downloads.iterdir()] == [video.name]  # no partial file left beside it
    assert shown_costs == [6]  # the user saw the cost before anything was sent
    [post] = context.connection.sandbox_server.requests_for("render")
    assert json.loads(post.body)["videoName"] == "ai_background_images_demo"
    record = context.job_store.list_recent(1)[0]
    assert record.status == "completed" and record.download_path == str(video)
    # The window stayed responsive: a 5 ms timer never waited longer than a couple of frames.
    assert longest_gap < 0.25, f"the event loop stalled for {longest_gap * 1000:.0f} ms"
    window.document.undo_stack.setClean()
    assert window.close()
    assert [m for m in qt_messages if "QThread" in m or "Destroyed" in m] == []
