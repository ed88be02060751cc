"""Checks on the voice-over, the music and the voices' speakers (pictory-api-more.md §2, §3)."""

from __future__ import annotations

import pytest

from pictory_desktop.domain.body import storyboard_from_body
from pictory_desktop.domain.catalog import default_catalog
from pictory_desktop.domain.checks import check_speakers, check_storyboard, known_speakers_from
from tests.published import PUBLISHED

CATALOG = default_catalog()


def voice(speaker="Brian", **fields):
    return {"enabled": True, "aiVoices": [{"speaker": speaker, **fields}]}


def found(body, known: frozenset[str] | None = frozenset({"brian"})):
    storyboard = storyboard_from_body({"videoName": "v", "scenes": [{"story": "Hello there."}], **body})
    return {(f.severity, f.code, f.path) for f in check_storyboard(storyboard, CATALOG, known)}


@pytest.mark.parametrize(("speed", "bad"), [(49, True), (50, False), (200, False), (201, True), (0, True)])
def test_a_voice_speed_outside_50_to_200_is_an_error(speed, bad):
    assert (
        ("error", "voice-speed-range", "voiceOver.aiVoices[0].speed") in found({"voiceOver": voice(speed=speed)})
    ) is bad


def test_a_scene_voice_speed_is_checked_on_its_scene():
    body = {"voiceOver": voice(), "scenes": [{"story": "Hi.", "voiceOver": voice(speed=300)}]}
    storyboard = storyboard_from_body({"videoName": "v", **body})
    [error] = [f for f in check_storyboard(storyboard, CATALOG, frozenset({"brian"})) if f.is_error]
    assert (error.code, error.scene, error.path, error.field) == (
        "voice-speed-range",
        1,
        "scenes[0].voiceOver.aiVoices[0].speed",
        "speed",
    )
    assert "50" in error.message and "200" in error.message


@pytest.mark.parametrize(("level", "bad"), [(-1, False), (1, False), (1.5, True), (-2, True)])
def test_a_voice_volume_outside_minus_one_to_one_is_an_error(level, bad):
    path = "voiceOver.aiVoices[0].amplificationLevel"
    assert (("error", "voice-volume-range", path) in found({"voiceOver": voice(amplificationLevel=level)})) is bad


def test_an_audio_file_narrations_volume_is_checked_too_and_a_non_number_speed_is_a_type_error():
    external = {"enabled": True, "externalVoice": {"voiceUrl": "https://x/a.mp3", "amplificationLevel": 3}}
    assert ("error", "voice-volume-range", "voiceOver.externalVoice.amplificationLevel") in found(
        {"voiceOver": external}
    )
    assert ("error", "wrong-type", "voiceOver.aiVoices[0].speed") in found({"voiceOver": voice(speed="fast")})


@pytest.mark.parametrize(("volume", "bad"), [(0, False), (1, False), (1.2, True), (-0.1, True)])
def test_a_music_volume_outside_0_to_1_is_an_error(volume, bad):
    music = {"enabled": True, "autoMusic": True, "volume": volume}
    assert (
        ("error", "music-volume-range", "backgroundMusic.volume")
        in found({"voiceOver": voice(), "backgroundMusic": music})
    ) is bad


def test_music_without_a_volume_is_advice_that_says_the_sources_disagree():
    storyboard = storyboard_from_body(
        {"videoName": "v", "voiceOver": voice(), "backgroundMusic": {"enabled": True, "autoMusic": True},
         "scenes": [{"story": "Hi."}]}
    )  # fmt: skip
    [advice] = [f for f in check_storyboard(storyboard, CATALOG, frozenset({"brian"})) if f.code == "music-full-volume"]
    assert advice.severity == "advice" and "disagree" in advice.message and advice.field == "volume"
    off = found({"backgroundMusic": {"enabled": False, "autoMusic": True}})
    assert not any(code == "music-full-volume" for _, code, _ in off)


def test_loud_music_is_advice_only_under_narration():
    loud = {"enabled": True, "autoMusic": True, "volume": 0.5}
    assert ("advice", "music-loud", "backgroundMusic.volume") in found({"voiceOver": voice(), "backgroundMusic": loud})
    assert ("advice", "music-loud", "backgroundMusic.volume") not in found({"backgroundMusic": loud})
    quiet = {**loud, "volume": 0.3}
    assert ("advice", "music-loud", "backgroundMusic.volume") not in found(
        {"voiceOver": voice(), "backgroundMusic": quiet}
    )
    # The video's narration is off but one scene speaks: still narration.
    scene_voice = {"voiceOver": {"enabled": False}, "backgroundMusic": loud,
                   "scenes": [{"story": "Hi.", "voiceOver": voice()}]}  # fmt: skip
    assert ("advice", "music-loud", "backgroundMusic.volume") in found(scene_voice)


def test_no_voice_over_is_advice_once_and_says_it_is_a_choice():
    storyboard = storyboard_from_body({"videoName": "v", "scenes": [{"story": "Hi."}, {"story": "Bye."}]})
    advice = [f for f in check_storyboard(storyboard, CATALOG) if f.code == "no-voice-over"]
    assert len(advice) == 1 and "silent" in advice[0].message and advice[0].advice_id == "no-voice-over@voiceOver"
    # Scenes that carry their own voice make the video narrated.
    assert not any(
        code == "no-voice-over" for _, code, _ in found({"scenes": [{"story": "Hi.", "voiceOver": voice()}]})
    )


def test_a_speaker_the_account_does_not_have_is_an_error_matched_without_case():
    assert ("error", "speaker-unknown", "voiceOver.aiVoices[0].speaker") in found({"voiceOver": voice("Timm")})
    assert not any(code.startswith("speaker") for _, code, _ in found({"voiceOver": voice("BRIAN")}))
    known = known_speakers_from([{"id": 1001, "name": "Joanna", "voice": "Joanna"},
                                 {"id": 1034, "name": "Fiona", "voice": "en-GB-Wavenet-A_FEMALE"}])  # fmt: skip
    assert known == {"1001", "joanna", "1034", "fiona", "en-gb-wavenet-a_female"}
    for speaker in ("1034", "fiona", "en-GB-Wavenet-A_FEMALE"):
        assert not any(code.startswith("speaker") for _, code, _ in found({"voiceOver": voice(speaker)}, known))


def test_a_scene_speaker_is_reported_on_its_scene():
    body = {"voiceOver": voice(), "scenes": [{"story": "Hi."}, {"story": "Yo.", "voiceOver": voice("Nobody")}]}
    [error] = check_speakers(storyboard_from_body({"videoName": "v", **body}), frozenset({"brian"}))
    assert (error.code, error.scene, error.dismissal_key) == (
        "speaker-unknown",
        2,
        "speaker-unknown@voiceOver.aiVoices[0].speaker",
    )


def test_an_elevenlabs_voice_id_not_in_the_list_is_advice_because_pictory_may_add_it():
    assert ("advice", "speaker-not-in-list", "voiceOver.aiVoices[0].speaker") in found(
        {"voiceOver": voice("21m00Tcm4TlvDq8ikWAM")}
    )


def test_without_the_voice_list_each_speaker_is_advice_that_it_could_not_be_checked():
    assert ("advice", "speaker-unchecked", "voiceOver.aiVoices[0].speaker") in found({"voiceOver": voice("Timm")}, None)
    assert check_speakers(storyboard_from_body({"videoName": "v", "scenes": [{"story": "Hi."}]}), None) == []


@pytest.mark.parametrize("published", PUBLISHED, ids=[p.name for p in PUBLISHED])
def test_published_bodies_pass_the_new_checks_when_their_voices_are_on_the_account(published):
    storyboard = storyboard_from_body(published.body())
    known = frozenset({"martin", "joanna", "brian", "adison"})
    errors = [f.describe() for f in check_storyboard(storyboard, CATALOG, known) if f.is_error]
    assert errors == []
    assert not [
        f for f in check_storyboard(storyboard, CATALOG, known) if f.code in ("music-loud", "music-full-volume")
    ]
