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


def test_a_sandbox_render_downloads_a_draft_of_the_storyboard_that_was_sent(
    qtbot,
    make_context,  # noqa: F811
    guide_file,
    tmp_path,
    monkeypatch,
):
    """Issue 15: the sandbox's render is no longer a fixed placeholder but a draft of the user's own scenes,
    labelled as the sandbox's, as long as the app's estimate, one chapter per scene; its thumbnail is the first
    scene's frame."""
    import av

    from pictory_desktop.draft.frames import SANDBOX_LABEL
    from pictory_desktop.draft.sandbox_video import sandbox_video_maker

    from .jobs_fixtures import fast_sandbox_factory

    downloads = tmp_path / "My videos"
    maker = sandbox_video_maker(tmp_path / "image-cache")
    context = make_context(sandbox=True, sandbox_factory=fast_sandbox_factory(video_maker=maker))
    context.settings.set("download_dir", str(downloads))
    monkeypatch.setattr(render_dialog.RenderConfirmDialog, "ask", classmethod(lambda cls, parent, question: True))
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    context.start()
    assert window.open_path(guide_file)
    estimate = float(window.document.length_estimate().seconds)
    scenes = window.document.scene_count()
    qtbot.waitUntil(lambda: context.connection.balance is not None, timeout=10_000)
    qtbot.mouseClick(window.findChild(QPushButton, "renderButton"), Qt.MouseButton.LeftButton)
    panel = window.jobs_panel
    assert isinstance(panel, JobsPanel)
    qtbot.waitUntil(lambda: panel.download_button.isEnabled(), timeout=20_000)
    with qtbot.waitSignal(context.jobs.downloadFinished, timeout=60_000):
        qtbot.mouseClick(panel.download_button, Qt.MouseButton.LeftButton)

    [video] = list(downloads.glob("*.mp4"))
    assert video.read_bytes() != SANDBOX_MP4
    with av.open(str(video)) as container:
        assert container.metadata["title"].startswith("ai_background_images_demo")
        assert container.metadata["comment"].startswith(SANDBOX_LABEL)
        assert len(container.chapters()) == scenes  # the guide's scenes are not split
        seconds = float(container.duration or 0) / av.time_base
        frames = sum(1 for _ in container.decode(video=0))
    assert abs(seconds - estimate) <= 0.05 * estimate and frames > 0
    server = context.connection.sandbox_server
    record = context.job_store.list_recent(1)[0]
    assert record.thumbnail_url is not None
    import requests

    thumbnail = requests.get(record.thumbnail_url, timeout=10)
    assert thumbnail.headers["Content-Type"] == "image/jpeg" and thumbnail.content[:2] == b"\xff\xd8"
    assert not any("could not be made" in line for line in server.log)
    window.document.undo_stack.setClean()
