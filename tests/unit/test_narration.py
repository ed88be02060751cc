"""The narration voice: read from the verbatim voiceOver, written back changing only what the choice is about."""

from __future__ import annotations

import json
from typing import Any

import pytest

from pictory_desktop.domain.body import storyboard_from_body, storyboard_to_body
from pictory_desktop.domain.kept import ABSENT
from pictory_desktop.domain.narration import (
    AiVoice,
    NarrationOff,
    NoVoiceOver,
    ReadOnlyVoice,
    effective_voice,
    premium_settings_note,
    read_scene_voice,
    read_video_voice,
    read_voice_object,
    scene_premium_settings_note,
    video_premium_settings_note,
    with_scene_voice,
    with_video_voice,
)
from pictory_desktop.domain.project_format import parse_project, serialize_project
from pictory_desktop.domain.storyboard import Storyboard
from tests.published import BY_NAME

FRAGMENTS = "skills-schema-reference-fragments"


def sent(storyboard: Storyboard) -> dict[str, Any]:
    """The request body, typed loosely so a test can reach into it."""
    return storyboard_to_body(storyboard)


def body_with(voice=None, scenes=None, **top):
    body = {"videoName": "v", "scenes": scenes or [{"story": "Hello there."}]}
    if voice is not None:
        body["voiceOver"] = voice
    body.update(top)
    return body


def test_absent_off_and_one_ai_voice_are_read_as_choices():
    assert read_voice_object(ABSENT) == NoVoiceOver()
    assert read_voice_object({"enabled": False, "aiVoices": [{"speaker": "Brian"}]}) == NarrationOff()
    voice = {"enabled": True, "aiVoices": [{"speaker": "Brian", "speed": 110, "amplificationLevel": -0.5}]}
    assert read_voice_object(voice) == AiVoice("Brian", 110, -0.5)
    assert read_voice_object({"enabled": True, "aiVoices": [{"speaker": "Brian"}]}) == AiVoice("Brian", 100, 0)


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ({"enabled": True, "externalVoice": {"voiceUrl": "https://x/a.mp3"}}, "audio file"),
        ({"enabled": True, "aiVoices": [{"speaker": "A"}, {"speaker": "B"}]}, "2 AI voices"),
        ({"enabled": True, "aiVoices": [{"speaker": "A"}], "externalVoice": {}}, "rejects"),
        ({"enabled": True, "aiVoices": [{"speaker": "A", "speed": "fast"}]}, "not a number"),
        ({"enabled": True}, "names no voice"),
        ({"enabled": "yes"}, "not in a shape"),
        ("Brian", "not in a shape"),
    ],
)
def test_what_the_editor_cannot_represent_is_read_only_with_a_reason(raw, words):
    choice = read_voice_object(raw)
    assert isinstance(choice, ReadOnlyVoice)
    assert words in choice.reason


def test_a_scene_without_its_own_voice_uses_the_videos_and_its_own_overrides():
    storyboard = storyboard_from_body(
        body_with(
            {"enabled": True, "aiVoices": [{"speaker": "Martin"}]},
            scenes=[
                {"story": "One."},
                {"story": "Two.", "voiceOver": {"enabled": True, "aiVoices": [{"speaker": "Joanna", "speed": 90}]}},
                {"story": "Three.", "voiceOver": {"enabled": False}},
            ],
        )
    )
    assert read_scene_voice(storyboard.scenes[0]) == NoVoiceOver()
    assert effective_voice(storyboard, 0) == AiVoice("Martin")
    assert effective_voice(storyboard, 1) == AiVoice("Joanna", 90)
    assert effective_voice(storyboard, 2) == NarrationOff()


def test_writing_a_voice_over_an_elevenlabs_voice_keeps_its_settings_and_unknown_keys_in_order():
    body = BY_NAME[FRAGMENTS].body()
    body["voiceOver"]["aiVoices"][0]["futureKnob"] = 3
    body["voiceOver"]["futureTop"] = {"a": 1}
    storyboard = with_video_voice(storyboard_from_body(body), AiVoice("Brian", 110, 0.25))
    voice = sent(storyboard)["voiceOver"]
    assert list(voice) == ["enabled", "aiVoices", "futureTop"]
    [ai] = voice["aiVoices"]
    assert list(ai) == ["speaker", "speed", "amplificationLevel", "premiumVoiceSettings", "futureKnob"]
    assert (ai["speaker"], ai["speed"], ai["amplificationLevel"]) == ("Brian", 110, 0.25)
    assert ai["premiumVoiceSettings"] == BY_NAME[FRAGMENTS].body()["voiceOver"]["aiVoices"][0]["premiumVoiceSettings"]
    assert voice["futureTop"] == {"a": 1} and ai["futureKnob"] == 3


def test_an_edited_voice_survives_save_open_and_send_with_everything_else_untouched():
    original = BY_NAME[FRAGMENTS].body()
    edited = with_video_voice(storyboard_from_body(original), AiVoice("Adison", 120, 0))
    reopened = parse_project(serialize_project(edited))
    body = sent(reopened)
    expected = BY_NAME[FRAGMENTS].body()
    expected["voiceOver"]["aiVoices"][0]["speed"] = 120
    assert json.dumps(body) == json.dumps(expected)  # same keys, same order, one value changed
    assert read_video_voice(reopened) == AiVoice("Adison", 120, 0)


def test_narration_off_keeps_the_voice_so_turning_it_back_on_brings_it_back():
    storyboard = storyboard_from_body(BY_NAME[FRAGMENTS].body())
    before = sent(storyboard)["voiceOver"]
    off = with_video_voice(storyboard, NarrationOff())
    assert sent(off)["voiceOver"]["enabled"] is False
    assert read_video_voice(off) == NarrationOff()
    on = with_video_voice(off, AiVoice("Adison"))
    assert sent(on)["voiceOver"] == before


def test_a_new_voice_is_written_in_pictorys_order_before_the_scenes():
    storyboard = with_video_voice(storyboard_from_body(body_with()), AiVoice("Brian", 100, 0))
    body = sent(storyboard)
    assert list(body) == ["videoName", "voiceOver", "scenes"]
    assert body["voiceOver"] == {
        "enabled": True,
        "aiVoices": [{"speaker": "Brian", "speed": 100, "amplificationLevel": 0}],
    }
    assert json.dumps(body["voiceOver"]) == (
        '{"enabled": true, "aiVoices": [{"speaker": "Brian", "speed": 100, "amplificationLevel": 0}]}'
    )


def test_a_default_the_file_did_not_spell_out_stays_unspelled():
    storyboard = storyboard_from_body(body_with({"enabled": True, "aiVoices": [{"speaker": "Brian"}]}))
    body = sent(with_video_voice(storyboard, AiVoice("Joanna")))
    assert body["voiceOver"] == {"enabled": True, "aiVoices": [{"speaker": "Joanna"}]}


def test_no_voice_over_removes_the_key_and_an_ai_voice_replaces_an_audio_file():
    storyboard = storyboard_from_body(BY_NAME[FRAGMENTS].body())
    assert "voiceOver" not in sent(with_video_voice(storyboard, NoVoiceOver()))
    scene = storyboard.scenes[2]
    assert isinstance(read_scene_voice(scene), ReadOnlyVoice)
    replaced = with_scene_voice(scene, AiVoice("Brian", 95, 0))
    assert replaced.unknown.values["voiceOver"] == {
        "enabled": True,
        "aiVoices": [{"speaker": "Brian", "speed": 95, "amplificationLevel": 0}],
    }
    assert read_scene_voice(with_scene_voice(scene, NoVoiceOver())) == NoVoiceOver()


def test_a_scene_voice_is_added_to_a_scene_made_in_the_app_after_its_story():
    storyboard = storyboard_from_body(body_with())
    scene = with_scene_voice(storyboard.scenes[0], NarrationOff())
    body = sent(storyboard.replace_scene(0, scene))
    assert body["scenes"][0] == {"story": "Hello there.", "voiceOver": {"enabled": False}}
    assert list(sent(storyboard.replace_scene(0, with_scene_voice(scene, NoVoiceOver())))["scenes"][0]) == ["story"]


def test_the_editor_can_say_that_elevenlabs_settings_are_kept():
    storyboard = storyboard_from_body(BY_NAME[FRAGMENTS].body())
    note = video_premium_settings_note(storyboard)
    assert note is not None and "ElevenLabs" in note and "eleven_multilingual_v2" in note
    assert scene_premium_settings_note(storyboard.scenes[0]) is None
    assert premium_settings_note({"enabled": True, "aiVoices": [{"speaker": "Brian"}]}) is None


def test_your_own_recording_replaces_the_ai_voices_and_keeps_what_its_object_had():
    from pictory_desktop.domain.narration import OwnRecording, voice_object_with

    url = "https://cdn.example.com/public/teams/t/voice.mp3"
    fresh = voice_object_with(ABSENT, OwnRecording(url))
    assert fresh == {"enabled": True, "externalVoice": {"voiceUrl": url, "syncVoice": True}}
    over_ai = voice_object_with({"enabled": True, "aiVoices": [{"speaker": "Brian"}], "x-note": 1}, OwnRecording(url))
    assert over_ai == {"enabled": True, "x-note": 1, "externalVoice": {"voiceUrl": url, "syncVoice": True}}
    kept_keys = voice_object_with(
        {"enabled": True, "externalVoice": {"voiceUrl": "https://old.mp3", "amplificationLevel": 0.2}},
        OwnRecording(url),
    )
    assert kept_keys == {
        "enabled": True,
        "externalVoice": {"voiceUrl": url, "amplificationLevel": 0.2, "syncVoice": True},
    }
