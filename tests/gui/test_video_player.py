# ruff: noqa: F811  (pytest fixtures are imported from jobs_fixtures and then requested by name)
"""The in-app video player (issue 15): a render, a download or a draft plays inside the app, its scenes lead
back to the editor, and a file Qt cannot play is said in a sentence with the system's player one click away.

The video is the sandbox's own 4-second render (H.264 + AAC, shipped for the offline sandbox), so no test
needs PyAV or ffmpeg. Offscreen and without a sound device Qt still plays it, into nothing, and its position
moves (as the voice samples' tests rely on).
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from pictory_desktop.qt.multimedia import has_audio_device
from pictory_desktop.sandbox.media import shipped
from pictory_desktop.store.jobs_db import JobRecord
from pictory_desktop.store.settings import Settings
from pictory_desktop.ui import jobs_panel as jobs_panel_module
from pictory_desktop.ui.jobs_panel import JobsPanel
from pictory_desktop.ui.main_window import MainWindow
from pictory_desktop.ui.video_player import NO_SOUND, VideoPlayerWindow

from .jobs_fixtures import make_context  # noqa: F401

pytestmark = pytest.mark.gui

LENGTH = "0:04"  # the sandbox render is 4 s long
# Scene 1, then scene 2 which Pictory split in two.
SCENES = [(1, None, 0.0, 2.0), (2, 1, 2.0, 3.0), (2, 2, 3.0, 4.0)]


class SystemOpener:
    """Stands in for QDesktopServices.openUrl: records what the system was asked to open; ``works`` says
    whether it manages to."""

    def __init__(self) -> None:
        self.opened: list[QUrl] = []
        self.works = True

    def __call__(self, url: QUrl) -> bool:
        self.opened.append(url)
        return self.works


@pytest.fixture
def video_file(tmp_path: Path) -> Path:
    path = tmp_path / "Spring sale teaser.mp4"
    path.write_bytes(shipped("video.mp4"))
    return path


@pytest.fixture
def system() -> SystemOpener:
    return SystemOpener()


@pytest.fixture
def player(qtbot, dialogs, system) -> VideoPlayerWindow:
    window = VideoPlayerWindow(open_url=system)
    qtbot.addWidget(window)
    return window


def loaded(qtbot: Any, player: VideoPlayerWindow) -> None:
    qtbot.waitUntil(lambda: player.time_label.text().endswith(f"/ {LENGTH}"), timeout=10_000)


def pause(qtbot: Any, player: VideoPlayerWindow) -> None:
    if player.play_button.text() == "Pause":
        qtbot.mouseClick(player.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: player.play_button.text() == "Play", timeout=5000)


def seconds_shown(player: VideoPlayerWindow) -> float:
    return player.playback.position() / 1000


def click_scene(qtbot: Any, player: VideoPlayerWindow, row: int) -> None:
    view = player.scene_list
    rect = view.visualItemRect(view.item(row))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def add_finished_render(context: Any, video_file: Path) -> None:
    """A render in the job history, done and downloaded to ``video_file``."""
    record = JobRecord.new("done-1", "Spring sale teaser", Decimal(2), False, status="completed")
    context.job_store.add(dataclasses.replace(record, download_path=str(video_file)))


def active(qtbot: Any, window: Any) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # window shortcuts (Space, arrows, F) reach an active window only


def test_a_file_opens_with_its_length_plays_pauses_and_says_when_there_is_no_sound(qtbot, player, video_file):
    player.open(video_file)
    assert player.windowTitle() == "Spring sale teaser.mp4 — Pictory Desktop"
    loaded(qtbot, player)
    assert player.play_button.text() == "Pause"  # it starts playing
    qtbot.waitUntil(lambda: player.playback.position() > 300, timeout=10_000)
    assert player.seek_slider.value() > 0
    assert player.picture.currentWidget() is player.video and player.problem_label.text() == ""
    assert player.scenes_panel.isHidden()  # no boundaries and no scene chapters: no scene list
    if not has_audio_device():  # as in CI: it plays, silently, and says so
        assert player.message.isVisible() and player.message.text() == NO_SOUND

    active(qtbot, player)
    qtbot.keyClick(player, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: player.play_button.text() == "Play", timeout=5000)
    stopped_at = player.playback.position()
    qtbot.wait(300)
    assert player.playback.position() == stopped_at
    qtbot.mouseClick(player.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: player.playback.position() > stopped_at + 100, timeout=10_000)

    player.close()  # stops, and lets go of the file
    assert not player.playback.is_playing() and player.playback.source.isEmpty()


def test_seeking_with_a_click_on_the_bar_and_the_arrow_keys(qtbot, player, video_file):
    player.open(video_file)
    loaded(qtbot, player)
    pause(qtbot, player)
    slider = player.seek_slider
    qtbot.mouseClick(slider, Qt.MouseButton.LeftButton, pos=QPoint(slider.x_of(3000), slider.height() // 2))
    assert abs(seconds_shown(player) - 3) < 0.2  # the click jumps there, not one page along
    assert player.time_label.text() == f"0:02 / {LENGTH}" or player.time_label.text() == f"0:03 / {LENGTH}"

    active(qtbot, player)
    qtbot.keyClick(player, Qt.Key.Key_Left)  # back 5 s: the start
    assert seconds_shown(player) == 0 and player.time_label.text() == f"0:00 / {LENGTH}"
    qtbot.keyClick(player, Qt.Key.Key_Right)  # on 5 s: no further than the end
    assert seconds_shown(player) == 4 and player.time_label.text() == f"{LENGTH} / {LENGTH}"
    assert slider.value() == 4000


def test_volume_mute_and_full_screen(qtbot, player, video_file):
    player.open(video_file)
    loaded(qtbot, player)
    output = player.playback.player().audioOutput()
    player.volume_slider.setValue(40)
    assert player.playback.volume == 40 and 0 < output.volume() < 0.4  # heard as 40 %, on Qt's linear scale
    active(qtbot, player)
    qtbot.keyClick(player, Qt.Key.Key_M)
    assert output.isMuted() and player.mute_button.text() == "Unmute"
    qtbot.mouseClick(player.mute_button, Qt.MouseButton.LeftButton)
    assert not output.isMuted() and player.mute_button.text() == "Mute"

    qtbot.keyClick(player, Qt.Key.Key_F)
    qtbot.waitUntil(player.isFullScreen, timeout=5000)
    assert player.full_screen_button.text() == "Leave full screen"
    qtbot.keyClick(player, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not player.isFullScreen(), timeout=5000)
    qtbot.mouseClick(player.full_screen_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(player.isFullScreen, timeout=5000)
    qtbot.keyClick(player, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not player.isFullScreen(), timeout=5000)
    assert player.full_screen_button.text() == "Full screen"


def test_open_in_system_player_and_show_in_folder_and_what_is_said_when_the_system_cannot(
    qtbot, player, video_file, system
):
    player.open(video_file)
    loaded(qtbot, player)
    qtbot.mouseClick(player.system_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(player.folder_button, Qt.MouseButton.LeftButton)
    # No file manager answers on the test's bus to select the video, so the folder opens (once it said no).
    qtbot.waitUntil(lambda: len(system.opened) == 2, timeout=5000)
    assert [url.toLocalFile() for url in system.opened] == [str(video_file), str(video_file.parent)]
    assert player.play_button.text() == "Play"  # paused while the other player plays it
    assert player.copy_button.isHidden()
    active(qtbot, player)
    player.system_button.setFocus()  # reached with Tab: Space presses it, as on any button
    qtbot.keyClick(player.system_button, Qt.Key.Key_Space)
    assert len(system.opened) == 3

    system.works = False
    qtbot.mouseClick(player.system_button, Qt.MouseButton.LeftButton)
    assert player.message.text() == (
        f"This computer could not open the video in another player. It is here: {video_file} — copy the path to "
        "open it another way."
    )
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(player.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == str(video_file)


def test_an_unplayable_file_is_said_in_a_sentence_with_the_system_player_offered(qtbot, player, tmp_path, system):
    garbage = tmp_path / "broken.mp4"
    garbage.write_bytes(bytes(range(256)) * 40)
    player.open(garbage)
    qtbot.waitUntil(lambda: player.picture.currentIndex() == 1, timeout=10_000)
    sentence = player.problem_label.text()
    assert sentence.startswith("This file cannot be played here: ") and sentence.endswith(
        "Open it in your system's video player instead."
    )
    assert player.problem_label.isVisible() and player.fallback_button.isVisible()
    assert player.fallback_button.text() == "Open in system player"
    assert not player.play_button.isEnabled() and not player.playback.is_playing()

    system.works = False
    qtbot.mouseClick(player.fallback_button, Qt.MouseButton.LeftButton)
    assert [url.toLocalFile() for url in system.opened] == [str(garbage)]
    assert player.message.text().startswith("This computer could not open the video in another player either.")
    assert str(garbage) in player.message.text() and player.copy_button.isVisible()

    player.open(tmp_path / "moved away.mp4")  # a download moved or deleted since
    assert player.problem_label.text().startswith("This file cannot be played here: it is no longer at ")


def test_clicking_a_scene_seeks_to_its_start_and_names_the_scene_on_screen(qtbot, player, video_file):
    player.open(video_file, title="Draft of Spring sale", scenes=SCENES)
    assert player.windowTitle() == "Draft of Spring sale — Pictory Desktop"
    loaded(qtbot, player)
    pause(qtbot, player)
    assert [player.scene_list.item(r).text() for r in range(3)] == [
        "Scene 1   0:00–0:02",
        "Scene 2, part 1   0:02–0:03",
        "Scene 2, part 2   0:03–0:04",
    ]
    assert player.seek_slider.scene_starts == [2000, 3000]  # a tick where each later scene starts
    click_scene(qtbot, player, 2)
    assert seconds_shown(player) == 3 and player.scene_label.text() == "Scene 2, part 2"
    click_scene(qtbot, player, 0)
    assert seconds_shown(player) == 0 and player.scene_label.text() == "Scene 1"
    assert player.scene_list.currentRow() == 0
    slider = player.seek_slider
    qtbot.mouseClick(slider, Qt.MouseButton.LeftButton, pos=QPoint(slider.x_of(2500), slider.height() // 2))
    assert player.scene_label.text() == "Scene 2, part 1" and player.scene_list.currentRow() == 1
    with qtbot.waitSignal(player.sceneRequested, timeout=1000) as asked:
        qtbot.mouseClick(player.editor_button, Qt.MouseButton.LeftButton)
    assert asked.args == [2]

    active(qtbot, player)  # the keyboard: ↓ along the list, Enter jumps there
    player.scene_list.setFocus()
    qtbot.keyClick(player.scene_list, Qt.Key.Key_Down)
    assert abs(seconds_shown(player) - 2.5) < 0.05  # moving along the list alone does not seek
    qtbot.keyClick(player.scene_list, Qt.Key.Key_Return)
    assert seconds_shown(player) == 3 and player.scene_label.text() == "Scene 2, part 2"


def test_go_to_this_scene_in_the_editor_selects_it_in_the_main_window(qtbot, make_window, guide_file, video_file):
    window, _context, _companions = make_window(guide_file)
    assert window.editor.row == 0
    assert window.play_video(video_file, title="Draft", scenes=[(1, None, 0, 2), (2, None, 2, 4)])
    player = window.video_player
    assert player is not None and player.isVisible()
    loaded(qtbot, player)
    pause(qtbot, player)
    click_scene(qtbot, player, 1)
    assert player.scene_label.text() == "Scene 2"
    qtbot.mouseClick(player.editor_button, Qt.MouseButton.LeftButton)
    assert window.scene_panel.view.selected_rows() == [1]
    assert window.editor.title.text() == "Scene 2 of 2"  # the editor shows the scene that was on screen
    assert player.isVisible()  # still there, to check the next scene

    window.go_to_scene(7)  # the storyboard changed since the draft was made
    assert "no scene 7" in window.statusBar().currentMessage() and window.editor.row == 1


def test_open_video_on_a_finished_job_plays_it_in_the_apps_player(qtbot, make_context, video_file):
    context = make_context(sandbox=True)
    add_finished_render(context, video_file)
    window = MainWindow(context)
    qtbot.addWidget(window)
    system = SystemOpener()
    window.open_url = system
    window.show()
    window.finish_startup()
    panel = window.jobs_panel
    assert isinstance(panel, JobsPanel) and panel.selected_record() is not None
    assert panel.open_button.isEnabled()
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    player = window.video_player
    assert player is not None and player.isVisible()
    assert player.windowTitle() == "Spring sale teaser — Pictory Desktop"
    assert player.source.toLocalFile() == str(video_file)
    loaded(qtbot, player)
    assert player.scenes_panel.isHidden()  # Pictory reports no scene timings for a render
    assert system.opened == []  # the system's player is the fallback, not the first choice
    player.close()


def test_without_qt_multimedia_open_video_falls_back_to_the_system_player(
    qtbot, make_context, video_file, monkeypatch, dialogs
):
    monkeypatch.setattr(jobs_panel_module, "multimedia_available", lambda: False)
    context = make_context(sandbox=True)
    add_finished_render(context, video_file)
    panel = JobsPanel(context)
    qtbot.addWidget(panel)
    system = SystemOpener()
    panel.open_url = system
    panel.show()
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    assert [url.toLocalFile() for url in system.opened] == [str(video_file)]
    assert not any(isinstance(w, VideoPlayerWindow) for w in QApplication.topLevelWidgets() if w.isVisible())


def test_opening_another_video_or_the_same_file_made_again_starts_afresh(qtbot, player, video_file, tmp_path):
    garbage = tmp_path / "draft.mp4"
    garbage.write_bytes(b"not yet a video" * 100)
    player.open(garbage, scenes=SCENES)
    qtbot.waitUntil(lambda: player.picture.currentIndex() == 1, timeout=10_000)
    garbage.write_bytes(video_file.read_bytes())  # the draft, made again at the same path
    player.open(garbage, scenes=SCENES[:1])
    assert player.time_label.text() == "0:00 / 0:00"  # nothing of the last video's length
    loaded(qtbot, player)
    assert player.picture.currentIndex() == 0 and player.problem_label.text() == ""
    assert player.play_button.isEnabled() and player.scene_list.count() == 1
    qtbot.waitUntil(lambda: player.playback.position() > 100, timeout=10_000)
    player.open(video_file)  # another video: no scenes of the draft's left
    assert player.scenes_panel.isHidden() and player.playback.position() < 100
    loaded(qtbot, player)


def test_the_volume_chosen_is_the_next_videos_even_after_a_restart(qtbot, make_window, video_file):
    window, context, _companions = make_window()
    assert window.play_video(video_file)
    player = window.video_player
    assert player is not None and player.volume_slider.value() == 80  # the first time: the default
    player.volume_slider.setValue(35)
    saved = context.paths.settings_file
    qtbot.waitUntil(lambda: saved.exists() and '"player_volume": 35' in saved.read_text("utf-8"), timeout=3000)
    player.close()

    again = Settings.for_paths(context.paths)  # as the next start reads it
    assert again.get("player_volume") == 35
    window.video_player = None  # a new player, as after a restart of the app
    assert window.play_video(video_file)
    assert window.video_player is not None and window.video_player.volume_slider.value() == 35
    assert window.video_player.playback.volume == 35
    window.video_player.close()


@pytest.mark.hang_limit(120)
def test_closing_one_player_while_another_stops_never_freezes_the_app(qtbot, dialogs, system, video_file):
    """A player let go of tears Qt's renderer threads down; a dying renderer calls back into Python while it
    holds Qt's signal lock. A ``stop()`` made directly from Python waited for that lock while holding Python's,
    and the app froze for good: 1 run in 7 of this file, and once in CI. The race is narrow: with the old calls
    these 40 rounds froze about one run in three (measured), so this catches a return of the bug often, not
    always (``qt/multimedia.call_releasing_the_gil``). A freeze ends the run with every thread's stack."""
    for round_number in range(40):
        player = VideoPlayerWindow(open_url=system)
        player.open(video_file)
        qtbot.waitUntil(player.playback.is_playing, timeout=10_000)
        qtbot.wait(50 + round_number * 7 % 200)  # stopped at different moments
        player.close()
        assert not player.playback.is_playing() and player.playback.source.isEmpty()
        player.deleteLater()  # torn down while the next one starts, as when a test's window goes
