"""Background music, brand, subtitle style and language: typed reads and edits over the verbatim fields."""

from __future__ import annotations

import json
from typing import Any

import pytest

from pictory_desktop.domain.body import storyboard_from_body, storyboard_to_body
from pictory_desktop.domain.look import (
    ById,
    ByName,
    ReadOnlyLook,
    brand_name_for,
    effective_subtitle_style,
    read_brand,
    read_language,
    read_scene_subtitle_style,
    read_subtitle_style,
    subtitle_style_name_for,
    with_brand,
    with_language,
    with_scene_subtitle_style,
    with_scene_subtitle_style_in,
    with_subtitle_style,
)
from pictory_desktop.domain.music import (
    AutoMusic,
    MusicOff,
    MusicTrack,
    NoMusic,
    ReadOnlyMusic,
    read_music,
    scene_music_enabled,
    track_title_for,
    with_music,
    with_scene_music_enabled,
)
from pictory_desktop.domain.project_format import parse_project, serialize_project
from pictory_desktop.domain.storyboard import Storyboard
from tests.published import BY_NAME

FRAGMENTS = "skills-schema-reference-fragments"


def sent(storyboard: Storyboard) -> dict[str, Any]:
    """The request body, typed loosely so a test can reach into it."""
    return storyboard_to_body(storyboard)


URL = "https://tracks.melod.ie/track_versions/570/Bio_Journey.mp3"


def board(**top):
    return storyboard_from_body({"videoName": "v", **top, "scenes": [{"story": "Hi."}, {"story": "Bye."}]})


# ------------------------------------------------------------------------------------------ music


@pytest.mark.parametrize(
    ("raw", "choice"),
    [
        (None, NoMusic()),
        ({"enabled": False, "autoMusic": True}, MusicOff()),
        ({"enabled": True, "autoMusic": True, "volume": 0.1}, AutoMusic(0.1)),
        ({"enabled": True, "autoMusic": True}, AutoMusic(None)),
        ({"enabled": True, "musicUrl": URL, "volume": 0.12}, MusicTrack(URL, 0.12)),
    ],
)
def test_music_is_read_as_a_choice(raw, choice):
    storyboard = board(**({} if raw is None else {"backgroundMusic": raw}))
    assert read_music(storyboard) == choice


@pytest.mark.parametrize(
    "raw",
    [
        {"enabled": True, "autoMusic": True, "musicUrl": URL},
        {"enabled": True},
        {"enabled": True, "autoMusic": True, "volume": "loud"},
        "on",
    ],
)
def test_music_the_editor_cannot_show_is_read_only_with_a_reason(raw):
    choice = read_music(board(backgroundMusic=raw))
    assert isinstance(choice, ReadOnlyMusic) and choice.reason.endswith(".")


def test_choosing_a_track_keeps_clips_and_unknown_keys_and_remembers_its_title_off_the_wire():
    body = BY_NAME[FRAGMENTS].body()
    body["backgroundMusic"]["fadeOut"] = True
    storyboard = with_music(storyboard_from_body(body), MusicTrack(URL, 0.1, "Bio Journey"))
    music = sent(storyboard)["backgroundMusic"]
    assert music == {
        "enabled": True,
        "volume": 0.1,
        "clips": [{"start": 0, "end": 30}],
        "fadeOut": True,
        "musicUrl": URL,
    }
    assert "pictoryDesktop" not in sent(storyboard)
    reopened = parse_project(serialize_project(storyboard))
    assert read_music(reopened) == MusicTrack(URL, 0.1, "Bio Journey")
    assert track_title_for(reopened, URL) == "Bio Journey"
    # Back to Pictory's pick and back to the track: the title is still known.
    auto = with_music(reopened, AutoMusic(0.15))
    assert sent(auto)["backgroundMusic"]["autoMusic"] is True
    assert "musicUrl" not in sent(auto)["backgroundMusic"]
    assert read_music(with_music(auto, MusicTrack(URL, 0.1))) == MusicTrack(URL, 0.1, "Bio Journey")


def test_music_off_keeps_the_track_and_no_music_removes_the_object():
    storyboard = board(backgroundMusic={"enabled": True, "musicUrl": URL, "volume": 0.2})
    off = with_music(storyboard, MusicOff())
    assert sent(off)["backgroundMusic"] == {"enabled": False, "musicUrl": URL, "volume": 0.2}
    assert "backgroundMusic" not in sent(with_music(off, NoMusic()))


def test_new_music_is_written_in_pictorys_order():
    music = sent(with_music(board(), AutoMusic(0.12)))["backgroundMusic"]
    assert json.dumps(music) == '{"enabled": true, "autoMusic": true, "volume": 0.12}'


def test_a_scene_can_only_switch_the_videos_music_off_or_on():
    storyboard = storyboard_from_body(BY_NAME[FRAGMENTS].body())
    assert scene_music_enabled(storyboard.scenes[0]) is False
    assert scene_music_enabled(storyboard.scenes[1]) is None
    on = with_scene_music_enabled(storyboard.scenes[1], False)
    assert on.unknown.values["backgroundMusic"] == {"enabled": False}
    assert "backgroundMusic" not in with_scene_music_enabled(storyboard.scenes[0], None).unknown.values
    assert with_scene_music_enabled(storyboard.scenes[0], True).unknown.values["backgroundMusic"] == {"enabled": True}


# ------------------------------------------------------------------------------------------ brand and style


def test_choosing_a_brand_from_the_list_writes_the_id_in_place_of_the_name_and_remembers_the_name():
    storyboard = storyboard_from_body(BY_NAME[FRAGMENTS].body())
    assert read_brand(storyboard) == ByName("Default Brand")
    keys_before = list(sent(storyboard))
    chosen = with_brand(storyboard, ById("eb67b4ba-1", "Spring campaign"))
    body = sent(chosen)
    assert "brandName" not in body and body["brandId"] == "eb67b4ba-1"
    assert list(body) == [("brandId" if k == "brandName" else k) for k in keys_before]
    reopened = parse_project(serialize_project(chosen))
    assert read_brand(reopened) == ById("eb67b4ba-1", "Spring campaign")
    assert brand_name_for(reopened) == "Spring campaign"
    assert "brandId" not in sent(with_brand(reopened, None))


def test_a_brand_named_both_ways_is_read_only_and_choosing_one_fixes_it():
    storyboard = board(brandId="x", brandName="y")
    assert isinstance(read_brand(storyboard), ReadOnlyLook)
    body = sent(with_brand(storyboard, ByName("y")))
    assert (body.get("brandId"), body["brandName"]) == (None, "y")


def test_a_scene_style_overrides_the_videos_and_its_name_is_remembered():
    storyboard = with_subtitle_style(board(), ById("8f3d", "Navy blue"))
    assert sent(storyboard)["subtitleStyleId"] == "8f3d"
    assert effective_subtitle_style(storyboard, 1) == ById("8f3d", "Navy blue")
    styled = with_scene_subtitle_style_in(storyboard, 1, ById("aa11", "Sleek"))
    assert effective_subtitle_style(styled, 1) == ById("aa11", "Sleek")
    assert subtitle_style_name_for(styled, 1) == "Sleek" and subtitle_style_name_for(styled) == "Navy blue"
    assert read_scene_subtitle_style(styled.scenes[0]) is None
    back = with_scene_subtitle_style(styled.scenes[1], None)
    assert "subtitleStyleId" not in back.unknown.values
    by_name = with_scene_subtitle_style(styled.scenes[1], ByName("Headliner"))
    assert (by_name.unknown.values.get("subtitleStyleId"), by_name.unknown.values["subtitleStyleName"]) == (
        None,
        "Headliner",
    )
    assert read_subtitle_style(with_subtitle_style(storyboard, None)) is None


def test_language_is_read_and_written_in_place():
    storyboard = storyboard_from_body(BY_NAME[FRAGMENTS].body())
    assert read_language(storyboard) == "en"
    keys = list(sent(storyboard))
    body = sent(with_language(storyboard, "de"))
    assert body["language"] == "de" and list(body) == keys
    assert "language" not in sent(with_language(storyboard, None))
    assert read_language(board()) is None
