"""Narration and music chosen by ear, end to end on the real context and the local sandbox (issue 12).

The user opens the guide's storyboard, hears voices and picks one, hears a calm corporate track and picks it,
sets its volume, gives scene 2 another voice, and renders: the body that reaches the sandbox says exactly
that, and what the file had that the app does not edit survives.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QRect, Qt
from PySide6.QtMultimedia import QMediaPlayer
from PySide6.QtWidgets import QApplication, QPushButton

from pictory_desktop.qt.multimedia import has_audio_device
from pictory_desktop.ui import render_dialog
from pictory_desktop.ui.main_window import MainWindow
from pictory_desktop.ui.music_picker import MusicPickerDialog
from pictory_desktop.ui.sample_list import SampleListView
from pictory_desktop.ui.voice_picker import VoicePickerDialog

from .conftest import GUIDE_EXAMPLE
from .driving import click_radio, run_dialog
from .jobs_fixtures import make_context  # noqa: F401

pytestmark = pytest.mark.gui


def click_play(qtbot: Any, view: SampleListView, row: int) -> str:
    """Press row ``row``'s ▶ with the mouse; returns the URL it plays."""
    rect: QRect = view.play_button_center(row)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    return view.playing_url


def row_named(view: SampleListView, name: str) -> int:
    model = view.model()
    return next(r for r in range(model.rowCount()) if model.index(r, 0).data() == name)


def click_row(qtbot: Any, view: SampleListView, row: int) -> None:
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def heard(qtbot: Any, window: MainWindow, url: str) -> None:
    """The sample at ``url`` really played: the player took it and its position moved."""
    player = window.sample_player.player()
    assert player.source().toString() == url
    qtbot.waitUntil(
        lambda: player.position() > 100 or player.mediaStatus() == QMediaPlayer.MediaStatus.EndOfMedia,
        timeout=10_000,
    )
    assert player.error() == QMediaPlayer.Error.NoError, player.errorString()


def open_window(qtbot: Any, make_context: Any, path: Path) -> tuple[Any, MainWindow]:  # noqa: F811
    context = make_context(sandbox=True)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    context.start()
    window.connection_started()
    assert window.open_path(path)
    qtbot.waitUntil(lambda: bool(context.account_lists.voices()), timeout=10_000)
    qtbot.waitUntil(lambda: context.connection.balance is not None, timeout=10_000)
    return context, window


def test_a_user_chooses_voices_and_music_by_ear_and_the_render_says_exactly_that(
    qtbot,
    make_context,  # noqa: F811
    guide_file,
    monkeypatch,
):
    monkeypatch.setattr(render_dialog.RenderConfirmDialog, "ask", classmethod(lambda cls, parent, question: True))
    context, window = open_window(qtbot, make_context, guide_file)
    samples: list[str] = []

    def pick_brian(dialog: VoicePickerDialog) -> None:
        assert isinstance(dialog, VoicePickerDialog)
        click_radio(qtbot, dialog.voice_radio)
        qtbot.keyClicks(dialog.filter_edit, "brit")  # "British accent": Fiona and Brian
        view = dialog.list_view
        assert sorted(view.model().index(r, 0).data() for r in range(view.model().rowCount())) == ["Brian", "Fiona"]
        first = click_play(qtbot, view, row_named(view, "Fiona"))
        assert first.endswith("/1034.wav")
        heard(qtbot, window, first)
        second = click_play(qtbot, view, row_named(view, "Brian"))  # another ▶ stops the first
        assert second.endswith("/1035.wav") and view.playing_url == second
        heard(qtbot, window, second)
        samples.extend([first, second])
        if not has_audio_device():  # as in CI: the user is told, and offered the browser
            assert dialog.problem_label.isVisible() and "browser" in dialog.problem_label.text()
        click_row(qtbot, view, row_named(view, "Brian"))
        dialog.speed_spin.setFocus()
        qtbot.keyClick(dialog.speed_spin, Qt.Key.Key_Up)
        qtbot.keyClick(dialog.speed_spin, Qt.Key.Key_Up)  # 100 → 110 %
        assert dialog.chosen_label.text() == "Chosen: Brian, English (GB). Uses no AI credits."
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    run_dialog(qtbot, window.voice_music.voice_button, pick_brian)
    assert window.voice_music.voice_label.text() == "Brian · 110 %"

    def pick_calm_corporate(dialog: MusicPickerDialog) -> None:
        assert isinstance(dialog, MusicPickerDialog)
        click_radio(qtbot, dialog.track_radio)
        qtbot.waitUntil(lambda: dialog.mood_combo.findData("Calm / Serene") >= 0, timeout=10_000)
        dialog.mood_combo.setCurrentIndex(dialog.mood_combo.findData("Calm / Serene"))
        dialog.purpose_combo.setCurrentIndex(dialog.purpose_combo.findData("Corporate / Business"))
        view = dialog.list_view
        qtbot.waitUntil(lambda: "found" in dialog.status_label.text() and view.model().rowCount() == 1, timeout=10_000)
        assert view.model().index(0, 0).data() == "Bio Journey"
        url = click_play(qtbot, view, 0)
        heard(qtbot, window, url)
        samples.append(url)
        click_row(qtbot, view, 0)
        dialog.volume_slider.setFocus()
        assert dialog.volume_slider.value() == 12  # the advised default under narration
        qtbot.keyClick(dialog.volume_slider, Qt.Key.Key_Left)
        qtbot.keyClick(dialog.volume_slider, Qt.Key.Key_Left)  # 10 %
        assert dialog.volume_advice.text() == "Under narration, 8–15 % keeps the voice clear. Music uses no AI credits."
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    run_dialog(qtbot, window.voice_music.music_button, pick_calm_corporate)
    assert window.voice_music.music_label.text() == "Bio Journey · volume 10 %"
    assert window.sample_player.current_url == ""  # closing the picker stopped the sample

    window.scene_panel.view.select_rows([1], 1)

    def pick_fiona(dialog: VoicePickerDialog) -> None:
        view = dialog.list_view
        click_row(qtbot, view, row_named(view, "Fiona"))
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    run_dialog(qtbot, window.scene_voice_music.voice_button, pick_fiona)
    assert "Fiona" in window.scene_model.index(1, 0).data()  # the scene list says scene 2 has its own voice
    assert window.document.errors() == []

    with qtbot.waitSignal(context.jobs.submitted, timeout=10_000):
        window.render_video()
    [post] = context.connection.sandbox_server.requests_for("render")
    body = json.loads(post.body)
    assert body["voiceOver"] == {
        "enabled": True,
        "aiVoices": [{"speaker": "Brian", "speed": 110, "amplificationLevel": 0}],
    }
    assert body["backgroundMusic"] == {"enabled": True, "musicUrl": samples[2], "volume": 0.1}
    assert body["scenes"][1]["voiceOver"] == {
        "enabled": True,
        "aiVoices": [{"speaker": "Fiona", "speed": 100, "amplificationLevel": 0}],
    }
    assert "voiceOver" not in body["scenes"][0]  # scene 1 follows the video
    assert "pictoryDesktop" not in json.dumps(body)  # the remembered track title is the app's, never sent

    saved = guide_file.parent / "saved.json"
    window.document.save(saved)
    on_disk = json.loads(saved.read_text(encoding="utf-8"))
    assert on_disk["voiceOver"] == body["voiceOver"] and on_disk["backgroundMusic"] == body["backgroundMusic"]
    window.document.undo_stack.setClean()


def test_what_the_file_has_around_the_voice_and_music_survives_new_choices(
    qtbot,
    make_context,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    monkeypatch.setattr(render_dialog.RenderConfirmDialog, "ask", classmethod(lambda cls, parent, question: True))
    body = json.loads(json.dumps(GUIDE_EXAMPLE))
    premium = {"modelId": "eleven_multilingual_v2", "stability": "60%", "similarityBoost": "75%"}
    body["voiceOver"] = {
        "enabled": True,
        "aiVoices": [{"speaker": "Rachel", "speed": 95, "premiumVoiceSettings": premium, "futureVoiceKey": 1}],
        "futureOverKey": "kept",
    }
    body["backgroundMusic"] = {
        "enabled": True,
        "autoMusic": True,
        "volume": 0.4,
        "clips": [{"start": 10, "end": 70}],
        "futureMusicKey": [1, 2],
    }
    path = tmp_path / "with-audio.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    context, window = open_window(qtbot, make_context, path)
    assert window.voice_music.voice_label.text() == "Rachel · 95 %"
    note = window.voice_music.voice_note
    assert note.isVisibleTo(window) and "ElevenLabs voice settings from the file" in note.text()  # kept, said

    def pick_martin_slower(dialog: VoicePickerDialog) -> None:
        view = dialog.list_view
        assert view.model().index(view.currentIndex().row(), 0).data() == "Rachel"  # the file's voice is selected
        click_row(qtbot, view, row_named(view, "Martin"))
        dialog.speed_spin.setFocus()
        qtbot.keyClick(dialog.speed_spin, Qt.Key.Key_Down)  # 95 → 90 %
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    run_dialog(qtbot, window.voice_music.voice_button, pick_martin_slower)

    def quieter(dialog: MusicPickerDialog) -> None:
        assert dialog.auto_radio.isChecked() and dialog.volume_slider.value() == 40
        assert "drown" in dialog.volume_advice.text()  # 40 % under narration
        dialog.volume_slider.setFocus()
        qtbot.keyClick(dialog.volume_slider, Qt.Key.Key_PageDown)  # page step 5 → 35
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    run_dialog(qtbot, window.voice_music.music_button, quieter)
    with qtbot.waitSignal(context.jobs.submitted, timeout=10_000):
        window.render_video()
    [post] = context.connection.sandbox_server.requests_for("render")
    sent = json.loads(post.body)
    assert sent["voiceOver"] == {
        "enabled": True,
        "aiVoices": [{"speaker": "Martin", "speed": 90, "premiumVoiceSettings": premium, "futureVoiceKey": 1}],
        "futureOverKey": "kept",
    }
    assert sent["backgroundMusic"] == {
        "enabled": True,
        "autoMusic": True,
        "volume": 0.35,
        "clips": [{"start": 10, "end": 70}],
        "futureMusicKey": [1, 2],
    }
    window.document.undo_stack.setClean()


def test_an_unknown_speaker_blocks_the_render_once_the_voice_list_is_known(
    qtbot,
    make_context,  # noqa: F811
    tmp_path,
):
    body = json.loads(json.dumps(GUIDE_EXAMPLE))
    body["voiceOver"] = {"enabled": True, "aiVoices": [{"speaker": "Timm"}]}  # not one of the account's voices
    path = tmp_path / "typo.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    _context, window = open_window(qtbot, make_context, path)
    qtbot.waitUntil(lambda: any(f.code == "speaker-unknown" for f in window.document.errors()), timeout=5000)
    render = window.findChild(QPushButton, "renderButton")
    assert render is not None and not render.isEnabled()
    window.document.undo_stack.setClean()


@pytest.mark.reliability_row("window-list-faults")
@pytest.mark.parametrize("fault_id", ["500", "drop", "non-json", "wrong-shape"])
def test_a_list_that_cannot_be_refreshed_keeps_what_the_user_sees_and_says_why(
    qtbot,
    make_context,  # noqa: F811
    guide_file,
    fault_id,
):
    from tests.robustness.faults import make_fault

    context, window = open_window(qtbot, make_context, guide_file)
    lists = context.account_lists
    before = [v.name for v in lists.voices()]
    server = context.connection.sandbox_server
    fault = make_fault("voices", fault_id, times=None)  # lasting: the client's own retries fail too
    assert fault is not None
    server.faults.add(fault)
    search_fault = make_fault("music_search", fault_id, times=None)
    assert search_fault is not None
    server.faults.add(search_fault)

    def refresh_and_look(dialog: VoicePickerDialog) -> None:
        click_radio(qtbot, dialog.voice_radio)
        qtbot.mouseClick(dialog.refresh_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Could not update" in dialog.status_label.text(), timeout=20_000)
        assert dialog.model.rowCount() == len(before)  # the list the user was looking at stays
        dialog.reject()

    run_dialog(qtbot, window.voice_music.voice_button, refresh_and_look)
    assert [v.name for v in lists.voices()] == before

    def search_and_look(dialog: MusicPickerDialog) -> None:
        click_radio(qtbot, dialog.track_radio)
        qtbot.waitUntil(lambda: "could not be searched" in dialog.status_label.text(), timeout=20_000)
        dialog.reject()

    run_dialog(qtbot, window.voice_music.music_button, search_and_look)
    window.document.undo_stack.setClean()


def test_the_editor_and_the_totals_say_how_long_the_video_runs_at_the_voice_s_speed(
    qtbot,
    make_context,  # noqa: F811
    guide_file,
):
    from PySide6.QtWidgets import QLabel

    from pictory_desktop.domain.narration import AiVoice, NoVoiceOver

    _context, window = open_window(qtbot, make_context, guide_file)
    scene_length = window.findChild(QLabel, "sceneLengthLabel")
    video_length = window.findChild(QLabel, "videoLengthLabel")
    assert scene_length is not None and video_length is not None
    words = [len((s.story or "").split()) for s in window.document.storyboard.scenes]
    assert words == [12, 11]  # the guide's two stories
    # No voice: each scene shows long enough to read its subtitles at 2.5 words a second.
    assert scene_length.text() == "It runs ≈ 5 s (without narration)."
    assert video_length.text() == "· video ≈ 9 s long"  # 4.8 + 4.4
    window.document.set_video_voice(AiVoice("Brian", 200))  # twice as fast: 5 words a second
    assert scene_length.text() == "It runs ≈ 2 s (narrated)."  # 12 / 5 = 2.4
    assert video_length.text() == "· video ≈ 5 s long"  # 2.4 + 2.2
    window.document.undo_stack.undo()
    assert window.document.storyboard.unknown.values.get("voiceOver") is None
    assert video_length.text() == "· video ≈ 9 s long"
    window.document.set_scene_voice(1, AiVoice("Fiona", 50))  # scene 2 alone, at half speed: 11 / 1.25
    window.scene_panel.view.select_rows([1], 1)
    assert scene_length.text() == "It runs ≈ 9 s (narrated)."  # 8.8
    window.document.set_scene_voice(1, NoVoiceOver())
    window.document.undo_stack.setClean()


def test_narration_the_editor_cannot_show_is_said_and_an_ai_voice_chosen_over_it_replaces_it(
    qtbot,
    make_context,  # noqa: F811
    tmp_path,
):
    body = json.loads(json.dumps(GUIDE_EXAMPLE))
    body["voiceOver"] = {
        "enabled": True,
        "externalVoice": {"voiceUrl": "https://example.com/me.mp3", "syncVoice": True},
    }
    path = tmp_path / "own-recording.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    context, window = open_window(qtbot, make_context, path)
    label = window.voice_music.voice_label.text()
    assert label.startswith("Narration from an audio file.") and "audio" in label.split(".", 1)[1]

    def pick_rachel(dialog: VoicePickerDialog) -> None:
        click_radio(qtbot, dialog.voice_radio)
        view = dialog.list_view
        click_row(qtbot, view, row_named(view, "Rachel"))
        # An ElevenLabs voice says what it spends: the account's ElevenLabs minutes (the sandbox has 120).
        assert "ElevenLabs minutes" in dialog.chosen_label.text() and "120 minutes left" in dialog.chosen_label.text()
        assert "ElevenLabs" in view.model().index(row_named(view, "Rachel"), 0).data(Qt.ItemDataRole.ToolTipRole)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    run_dialog(qtbot, window.voice_music.voice_button, pick_rachel)
    voice_over = window.document.storyboard.unknown.values["voiceOver"]
    assert voice_over == {"enabled": True, "aiVoices": [{"speaker": "Rachel", "speed": 100, "amplificationLevel": 0}]}
    window.document.undo_stack.undo()  # and Undo brings the recording back
    assert window.document.storyboard.unknown.values["voiceOver"] == body["voiceOver"]
    window.document.undo_stack.setClean()


def test_a_scene_is_re_timed_when_its_words_change_and_not_when_its_prompt_does(qtbot):
    from dataclasses import replace

    from pictory_desktop.domain.body import storyboard_from_body
    from pictory_desktop.domain.catalog import default_catalog
    from pictory_desktop.qt.document import StoryboardDocument

    document = StoryboardDocument(default_catalog())
    document.replace_all(storyboard_from_body(GUIDE_EXAMPLE), None, saved=True)
    before = document.length_estimate()
    scene = document.scene(0)
    document.edit_scene(0, scene.with_background(replace(scene.background, prompt="A calm office")), "prompt")
    assert document.length_estimate() is before  # the same figure, not even re-added
    document.edit_scene(0, replace(document.scene(0), story=" ".join(["word"] * 25)), "story")
    assert document.scene_length(0).seconds == 10  # 25 words at 2.5 a second
    assert document.length_estimate().seconds == 10 + before.scenes[1].seconds
    document.undo_stack.undo()
    assert document.length_estimate().seconds == before.seconds


def test_the_pickers_open_ready_to_type_and_return_in_the_music_search_does_not_close_it(
    qtbot,
    make_context,  # noqa: F811
    guide_file,
):
    """Seen under Xvfb with real keys: a new user clicked Choose voice… and typed into a disabled filter; in
    the music picker, Return in the search box pressed OK and closed it with "No music"."""
    _context, window = open_window(qtbot, make_context, guide_file)

    def type_at_once(dialog: VoicePickerDialog) -> None:
        qtbot.waitUntil(dialog.filter_edit.hasFocus, timeout=2000)
        qtbot.keyClicks(QApplication.focusWidget(), "fiona")  # wherever the keyboard is, as a user types
        assert [dialog.model.index(r, 0).data() for r in range(dialog.model.rowCount())] == ["Fiona"]
        dialog.reject()

    run_dialog(qtbot, window.voice_music.voice_button, type_at_once)

    def search_with_return(dialog: MusicPickerDialog) -> None:
        qtbot.waitUntil(dialog.search_edit.hasFocus, timeout=2000)
        qtbot.keyClicks(QApplication.focusWidget(), "corporate")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        assert dialog.isVisible(), "Return closed the music picker"
        qtbot.waitUntil(lambda: dialog.model.rowCount() == 3, timeout=10_000)  # the corporate tracks
        dialog.reject()

    run_dialog(qtbot, window.voice_music.music_button, search_with_return)
    assert window.voice_music.music_label.text() == "No music"
    # Each opening makes a new picker; closed ones go (with their connections to the one player).
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert window.findChildren(VoicePickerDialog) == [] and window.findChildren(MusicPickerDialog) == []
