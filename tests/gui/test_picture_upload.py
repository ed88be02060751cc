"""A scene's own picture from this computer (issue 14): uploaded once through the two steps against the sandbox
(the PUT to storage never carries the key), used as the scene's picture; the same file again is not sent again;
a file Pictory does not take is refused with a sentence before anything is sent."""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from pictory_desktop.domain.storyboard import PictureUrl
from pictory_desktop.ui.main_window import MainWindow

from .jobs_fixtures import make_context  # noqa: F401

pytestmark = pytest.mark.gui


def png(path: Path, colour: int = 0x336699) -> Path:
    raw = b"".join(b"\x00" + bytes([(colour >> 16) & 255, (colour >> 8) & 255, colour & 255]) * 4 for _ in range(4))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    )
    return path


def open_guide(qtbot: Any, make_context: Any, guide_file: Path) -> tuple[Any, MainWindow]:  # noqa: F811
    context = make_context(sandbox=True)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    context.start()
    assert window.open_path(guide_file)
    window.scene_panel.view.select_rows([0], 0)
    return context, window


def test_a_photo_from_this_computer_is_uploaded_once_and_becomes_the_scene_s_picture(
    qtbot,
    make_context,  # noqa: F811
    guide_file,
    tmp_path,
    dialogs,
):
    context, window = open_guide(qtbot, make_context, guide_file)
    server = context.connection.sandbox_server
    photo = png(tmp_path / "Team photo.png")
    window.picture_upload.choose_file = lambda _parent: photo
    form = window.editor.background
    qtbot.mouseClick(form.upload_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(window.document.scene(0).background, PictureUrl), timeout=10_000)
    background = window.document.scene(0).background
    assert isinstance(background, PictureUrl) and background.media_type == "image"
    assert "is in your Pictory account" in form.upload_status.text()
    [asked] = server.requests_for("upload_url")
    assert json.loads(asked.body) == {"fileName": "Team photo.png", "contentType": "image/png"}
    puts = [r for r in server.requests if r.origin == "cdn" and r.method == "PUT"]
    assert len(puts) == 1 and "Authorization" not in puts[0].headers  # the bytes went without the key
    # The uploaded picture is served at the address the scene now uses.
    import requests

    assert requests.get(background.url, timeout=5).content == photo.read_bytes()

    window.scene_panel.view.select_rows([1], 1)  # the same file for scene 2: remembered, not sent again
    qtbot.mouseClick(form.upload_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(window.document.scene(1).background, PictureUrl), timeout=10_000)
    second = window.document.scene(1).background
    assert isinstance(second, PictureUrl) and second.url == background.url
    assert len(server.requests_for("upload_url")) == 1
    assert len([r for r in server.requests if r.origin == "cdn" and r.method == "PUT"]) == 1
    window.document.undo_stack.undo()
    assert not isinstance(window.document.scene(1).background, PictureUrl)  # one undo step
    window.document.undo_stack.setClean()


def test_a_file_pictory_does_not_take_is_refused_before_anything_is_sent(
    qtbot,
    make_context,  # noqa: F811
    guide_file,
    tmp_path,
    dialogs,
):
    context, window = open_guide(qtbot, make_context, guide_file)
    document = tmp_path / "brief.pdf"
    document.write_bytes(b"%PDF-1.4")
    window.picture_upload.choose_file = lambda _parent: document
    form = window.editor.background
    qtbot.mouseClick(form.upload_button, Qt.MouseButton.LeftButton)
    assert "is not a file Pictory takes" in form.upload_status.text()
    assert context.connection.sandbox_server.requests_for("upload_url") == []
    assert not isinstance(window.document.scene(0).background, PictureUrl)


def test_your_own_music_track_is_uploaded_and_becomes_the_video_s_music(
    qtbot,
    make_context,  # noqa: F811
    guide_file,
    tmp_path,
    dialogs,
):
    import wave

    from pictory_desktop.domain.music import MusicTrack, read_music
    from pictory_desktop.ui.music_picker import MusicPickerDialog

    from .driving import run_dialog

    context, window = open_guide(qtbot, make_context, guide_file)
    track = tmp_path / "Our jingle.wav"
    with wave.open(str(track), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x10" * 4000)
    picture = png(tmp_path / "not music.png")

    def own_track(dialog: MusicPickerDialog) -> None:
        own = dialog.own
        assert own is not None  # the window's picker can upload
        own.choose_file = lambda _parent: picture
        qtbot.mouseClick(own.button, Qt.MouseButton.LeftButton)
        assert "choose an MP3 or WAV file" in own.status.text()  # a picture is not music
        own.choose_file = lambda _parent: track
        qtbot.mouseClick(own.button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "is in your Pictory account" in own.status.text(), timeout=10_000)
        assert dialog.ok_button.isEnabled()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    run_dialog(qtbot, window.voice_music.music_button, own_track)
    chosen = read_music(window.document.storyboard)
    assert isinstance(chosen, MusicTrack) and chosen.title == "Our jingle" and chosen.volume == 0.12
    assert [r for r in context.connection.sandbox_server.requests if r.origin == "cdn" and r.method == "PUT"]
    window.document.undo_stack.setClean()


def test_your_own_recording_narrates_the_video_and_reaches_pictory_as_an_external_voice(
    qtbot,
    make_context,  # noqa: F811
    guide_file,
    tmp_path,
    dialogs,
    monkeypatch,
):
    import wave

    from pictory_desktop.ui import render_dialog
    from pictory_desktop.ui.voice_picker import VoicePickerDialog

    from .driving import click_radio, run_dialog

    monkeypatch.setattr(render_dialog.RenderConfirmDialog, "ask", classmethod(lambda cls, parent, question: True))
    context, window = open_guide(qtbot, make_context, guide_file)
    recording = tmp_path / "My voice.wav"
    with wave.open(str(recording), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x20" * 8000)

    def own_recording(dialog: VoicePickerDialog) -> None:
        own = dialog.own
        assert own is not None  # the window's picker can upload
        click_radio(qtbot, own.radio)
        assert not dialog.ok_button.isEnabled()  # nothing uploaded yet
        own.choose_file = lambda _parent: recording
        qtbot.mouseClick(own.button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "is in your Pictory account" in own.status.text(), timeout=10_000)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    run_dialog(qtbot, window.voice_music.voice_button, own_recording)
    assert window.voice_music.voice_label.text().startswith("Narration from an audio file")
    with qtbot.waitSignal(context.jobs.submitted, timeout=10_000):
        window.render_video()
    [post] = context.connection.sandbox_server.requests_for("render")
    voice = json.loads(post.body)["voiceOver"]
    assert voice["enabled"] is True and "aiVoices" not in voice
    assert voice["externalVoice"]["syncVoice"] is True and voice["externalVoice"]["voiceUrl"].endswith(".wav")
    window.document.undo_stack.setClean()
