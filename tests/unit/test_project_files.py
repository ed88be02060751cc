"""Project files: any Pictory storyboard opens, nothing the app does not edit is lost, bad files explain themselves."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from typing import Any

import pytest

from pictory_desktop.domain.body import storyboard_from_body, storyboard_to_body
from pictory_desktop.domain.project_format import ProjectFileError, parse_project, serialize_project
from pictory_desktop.domain.storyboard import AiImage, AiVideo, Colour
from pictory_desktop.store.project_files import load_project_file, save_project_file

from .domain_builders import guide_body

RICH_BODY = {
    "videoName": "Spring launch",
    "language": "en",
    "voiceOver": {"enabled": True, "aiVoices": [{"speaker": "Brian", "speed": 100}]},
    "scenes": [
        {
            "minimumDuration": 4,
            "story": "Meet our new app.",
            "background": {
                "settings": {"mute": True},
                "type": "image",
                "aiVisual": {"model": "flux-schnell", "seed": 42, "prompt": "Bright studio desk"},
            },
            "futureSceneField": [1, {"deep": None}],
        },
        {"story": "Plain one.", "background": {"color": "#1f2937", "opacity": 0.5}},
    ],
    "backgroundMusic": {"enabled": True, "volume": 0.2},
    "brandName": "Acme",
    "unknownTopLevel": {"kept": ["in", "order"]},
}


def test_the_guides_body_round_trips_identically():
    assert storyboard_to_body(storyboard_from_body(guide_body())) == guide_body()


def test_unknown_fields_survive_load_edit_save_in_order(tmp_path):
    path = tmp_path / "launch.json"
    path.write_text(json.dumps(RICH_BODY), "utf-8")
    storyboard = load_project_file(path)
    first = storyboard.scenes[0]
    assert isinstance(first.background, AiImage)
    edited = storyboard.replace_scene(
        0, replace(first, story="Meet our brand new app.", background=replace(first.background, model="nanobanana"))
    )
    save_project_file(path, edited)

    saved = json.loads(path.read_text("utf-8"))
    sent: dict[str, Any] = storyboard_to_body(load_project_file(path))  # the test knows the shape
    expected = json.loads(json.dumps(RICH_BODY))
    expected["scenes"][0]["story"] = "Meet our brand new app."
    expected["scenes"][0]["background"]["aiVisual"]["model"] = "nanobanana"
    assert sent == expected
    # Same keys in the same order at every level, app key only in the file, never in what is sent.
    assert list(sent) == list(expected)
    assert list(sent["scenes"][0]) == list(expected["scenes"][0])
    assert list(sent["scenes"][0]["background"]) == list(expected["scenes"][0]["background"])
    assert list(sent["scenes"][0]["background"]["aiVisual"]) == ["model", "seed", "prompt"]
    assert saved["pictoryDesktop"]["schemaVersion"] == 1
    assert "pictoryDesktop" not in sent


def test_switching_kind_keeps_the_unknown_background_fields_of_that_kind_only():
    storyboard = storyboard_from_body(RICH_BODY)
    scene = storyboard.scenes[1]
    assert isinstance(scene.background, Colour)
    video = AiVideo(model="pixverse5.5", duration="5s")
    body: dict[str, Any] = storyboard_to_body(storyboard.replace_scene(1, scene.with_background(video)))
    assert body["scenes"][1]["background"] == {
        "type": "video",
        "aiVisual": {"model": "pixverse5.5", "videoDuration": "5s"},
    }


def test_absent_flags_stay_absent_and_present_false_stays_false():
    body = {"videoName": "v", "scenes": [{"story": "a"}, {"story": "b", "createSceneOnEndOfSentence": False}]}
    assert storyboard_to_body(storyboard_from_body(body)) == body


def test_app_key_keeps_its_own_unknown_content_and_position(tmp_path):
    body = {"pictoryDesktop": {"schemaVersion": 1, "futureUiThing": [1]}, "videoName": "v", "scenes": [{"story": "s"}]}
    data = serialize_project(parse_project(json.dumps(body).encode()))
    assert json.loads(data) == body
    assert list(json.loads(data)) == ["pictoryDesktop", "videoName", "scenes"]


@pytest.mark.parametrize(
    ("content", "expected_message", "expected_location"),
    [
        (b"", "empty", ""),
        (b"   \n\t ", "empty", ""),
        (b'{"videoName": "x",\n  "scenes": [}', "not valid JSON", "line 2, column 14"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary", ""),
        (b'{"videoName": "caf\xe9"}', "not UTF-8", "byte 18"),
        (b"[1, 2, 3]", "holds a list", "the whole file"),
        (b'"just text"', "holds text", "the whole file"),
        (b'{"videoName": "v", "scenes": {"story": "x"}}', "should be a list of scenes", "scenes"),
        (b'{"videoName": "v", "scenes": ["hello"]}', "each scene should be an object", "scenes[0]"),
        (b'{"videoName": "v", "scenes": [{"story": 12}]}', "should be text, but it is a number", "scenes[0].story"),
        (b'{"videoName": 5, "scenes": []}', "should be text", "videoName"),
        (
            b'{"videoName": "v", "scenes": [{"createSceneOnNewLine": "yes"}]}',
            "true or false",
            "scenes[0].createSceneOnNewLine",
        ),
        (b'{"videoName": "v", "scenes": [{"background": "blue"}]}', "should be an object", "scenes[0].background"),
        (b'{"videoName": "a", "videoName": "b", "scenes": []}', "appears twice", ""),
        (
            b'{"videoName": "v", "videoWidth": NaN, "scenes": []}',
            "NaN is not a number JSON allows",
            "line 1, column 34",
        ),
        (b'{"videoName": "NaN \\" Infinity",\n "n": -Infinity}', "-Infinity is not a number", "line 2, column 7"),
        (b"[" * 5000 + b"]" * 5000, "nested", ""),
    ],
)
def test_bad_files_say_what_and_where(tmp_path, content, expected_message, expected_location):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(ProjectFileError) as caught:
        load_project_file(path)
    assert expected_message in caught.value.message
    assert caught.value.location == expected_location
    assert "Traceback" not in str(caught.value)


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(guide_body()).encode())
    assert load_project_file(path).video_name == "ai_background_images_demo"


def test_a_utf16_file_from_windows_notepad_opens(tmp_path):
    path = tmp_path / "utf16.json"
    path.write_bytes(json.dumps(guide_body()).encode("utf-16"))
    assert len(load_project_file(path).scenes) == 2


def test_a_file_over_20_mb_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.json"
    with open(path, "wb") as handle:
        handle.truncate(21 * 1024 * 1024)  # sparse: costs no disk and would be slow to read
    with pytest.raises(ProjectFileError, match="21.0 MB"):
        load_project_file(path)


def test_missing_file_and_folder_are_explained(tmp_path):
    with pytest.raises(ProjectFileError, match="does not exist"):
        load_project_file(tmp_path / "gone.json")
    with pytest.raises(ProjectFileError, match="is a folder"):
        load_project_file(tmp_path)


def test_a_failed_save_leaves_the_previous_file_intact_and_no_temp_files(tmp_path, monkeypatch):
    path = tmp_path / "project.json"
    original = storyboard_from_body(guide_body())
    save_project_file(path, original)
    before = path.read_bytes()

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(ProjectFileError, match="No space left on device"):
        save_project_file(path, replace(original, video_name="changed"))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project.json"]


def test_emoji_and_right_to_left_text_survive_a_save(tmp_path):
    path = tmp_path / "intl.json"
    body = {"videoName": "مرحبا 🎬", "scenes": [{"story": "é (e + combining ́) 👩‍👩‍👧 שלום"}]}
    save_project_file(path, storyboard_from_body(body))
    assert storyboard_to_body(load_project_file(path)) == body
