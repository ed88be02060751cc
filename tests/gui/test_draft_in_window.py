"""Video › Draft video (free) in the window (issue 15): made on this computer in a worker while the window goes on
answering, with progress and Cancel, written to the download folder, then played in the app's player with its
scenes. Nothing reaches Pictory's API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import av
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QPushButton

from pictory_desktop.ui.main_window import MainWindow

from .jobs_fixtures import GapMeter, make_context  # noqa: F401

pytestmark = pytest.mark.gui


def open_window(qtbot: Any, context: Any, path: Path) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    assert window.open_path(path)
    return window


def test_a_draft_is_made_while_the_window_answers_then_plays_with_its_scenes(
    qtbot,
    make_context,  # noqa: F811
    guide_file,
    tmp_path,
    dialogs,
):
    context = make_context(sandbox=True)
    context.settings.set("download_dir", str(tmp_path / "Videos"))
    window = open_window(qtbot, context, guide_file)
    estimate = float(window.document.length_estimate().seconds)
    meter = GapMeter()
    meter.start()
    window.draft_action.trigger()
    progress = window.findChild(QProgressDialog, "draftProgress")
    assert progress is not None and progress.isVisible()
    assert progress.labelText().startswith("Making a free draft of “ai_background_images_demo”")
    with qtbot.waitSignal(context.drafts.made, timeout=60_000) as made:
        pass
    longest_gap = meter.stop()
    result = made.args[0]
    assert result.path == tmp_path / "Videos" / "ai_background_images_demo (draft).mp4"
    assert window.findChild(QProgressDialog, "draftProgress") is None or not progress.isVisible()
    assert window.statusBar().currentMessage().startswith(f"Draft saved as {result.path}")
    with av.open(str(result.path)) as container:
        assert abs(float(container.duration or 0) / 1e6 - estimate) <= 0.05 * estimate
        assert len(container.chapters()) == window.document.scene_count()
    player = window.video_player
    assert player is not None and player.isVisible()
    assert player.windowTitle() == "ai_background_images_demo (draft) — Pictory Desktop"
    assert player.scene_list.count() == window.document.scene_count()
    server = context.connection.sandbox_server
    assert server is None or [r for r in server.requests if r.route in ("render", "preview", "image")] == []
    assert dialogs.errors == []
    assert longest_gap < 0.25, f"the window stalled for {longest_gap * 1000:.0f} ms while the draft encoded"
    # A second draft of the same storyboard replaces the file: the player lets go of it first (Windows would
    # refuse to replace a file being played), then plays the new one.
    window.draft_action.trigger()
    assert player.playback.source.isEmpty()
    with qtbot.waitSignal(context.drafts.made, timeout=60_000):
        pass
    assert player.playback.source.toLocalFile() == str(result.path)
    player.close()


def test_cancel_stops_the_draft_and_writes_nothing(
    qtbot,
    make_context,  # noqa: F811
    guide_file,
    tmp_path,
    dialogs,
):
    context = make_context(sandbox=True)
    videos = tmp_path / "Videos"
    context.settings.set("download_dir", str(videos))
    window = open_window(qtbot, context, guide_file)
    window.draft_action.trigger()
    progress = window.findChild(QProgressDialog, "draftProgress")
    assert progress is not None
    [cancel] = progress.findChildren(QPushButton)
    assert cancel.text() == "Cancel"
    with qtbot.waitSignal(context.drafts.stopped, timeout=30_000):
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert window.statusBar().currentMessage() == "Draft stopped: nothing was written."
    assert not videos.exists() or list(videos.iterdir()) == []
    assert window.video_player is None and dialogs.errors == []
    window.draft_action.trigger()  # and a new one can be made afterwards
    with qtbot.waitSignal(context.drafts.made, timeout=60_000):
        pass
    assert [p.name for p in videos.iterdir()] == ["ai_background_images_demo (draft).mp4"]
    assert window.video_player is not None
    window.video_player.close()


def test_a_folder_that_cannot_be_used_is_said_and_nothing_starts(make_window, guide_file, tmp_path, dialogs):
    window, context, _companions = make_window(guide_file)
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    context.settings.set("download_dir", str(blocker / "Videos"))
    window.draft_action.trigger()
    assert len(dialogs.errors) == 1 and "cannot be used" in dialogs.errors[0] and "Settings" in dialogs.errors[0]
    assert not context.drafts.busy
