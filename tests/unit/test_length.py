"""The length estimate: narration at 2.5 words a second × the speed of the voice that applies, and its floors."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pictory_desktop.domain import describe
from pictory_desktop.domain.body import storyboard_from_body
from pictory_desktop.domain.length import SILENT_MINIMUM, estimate_length
from pictory_desktop.domain.look import ById
from pictory_desktop.domain.music import AutoMusic, MusicOff, MusicTrack, NoMusic, ReadOnlyMusic
from pictory_desktop.domain.narration import AiVoice, NarrationOff, NoVoiceOver, ReadOnlyVoice
from pictory_desktop.domain.text import count_split_scenes, split_parts
from tests.published import BY_NAME

TEN_WORDS = "one two three four five six seven eight nine ten"
VOICE = {"enabled": True, "aiVoices": [{"speaker": "Brian", "speed": 100}]}


def lengths(*scenes, voice=VOICE):
    body = {"videoName": "v", "scenes": list(scenes)}
    if voice is not None:
        body["voiceOver"] = voice
    return estimate_length(storyboard_from_body(body))


def test_narration_runs_at_two_and_a_half_words_a_second_times_the_voices_speed():
    assert lengths({"story": TEN_WORDS}).seconds == 4
    fast = {"enabled": True, "aiVoices": [{"speaker": "Brian", "speed": 200}]}
    assert lengths({"story": TEN_WORDS}, voice=fast).seconds == 2
    # A scene's own voice applies to that scene only.
    slow_scene = {"story": TEN_WORDS, "voiceOver": {"enabled": True, "aiVoices": [{"speaker": "Amy", "speed": 50}]}}
    estimate = lengths({"story": TEN_WORDS}, slow_scene)
    assert [s.seconds for s in estimate.scenes] == [4, 8] and estimate.seconds == 12


def test_a_scene_without_narration_is_shown_for_its_reading_time_and_at_least_three_seconds():
    assert lengths({"story": TEN_WORDS}, voice=None).scenes[0].seconds == 4  # read, not heard
    assert lengths({"story": "Short."}, voice=None).scenes[0].seconds == SILENT_MINIMUM
    off = {"story": "Short.", "voiceOver": {"enabled": False}}
    assert lengths(off).scenes[0].seconds == 3 and not lengths(off).scenes[0].narrated
    assert lengths({"story": "", "background": {"color": "#000"}}).scenes[0].seconds == 3


def test_an_ai_clip_lasts_at_least_its_duration_and_minimum_and_pause_fields_count():
    clip = {"type": "video", "aiVisual": {"model": "pixverse5.5", "videoDuration": "8s"}}
    assert lengths({"story": "Two words.", "background": clip}).seconds == 8
    assert lengths({"story": " ".join([TEN_WORDS] * 4), "background": clip}).seconds == 16  # the narration is longer
    assert lengths({"story": TEN_WORDS, "minimumDuration": 6}).seconds == 6
    assert lengths({"story": TEN_WORDS, "endPauseDuration": 0.5}).seconds == Decimal("4.5")


def test_a_split_scene_is_the_sum_of_its_parts():
    story = "First sentence here. Second one. Third is a little longer than that."
    split = lengths({"story": story, "createSceneOnEndOfSentence": True}, voice=None).scenes[0]
    assert split.parts == 3 and split.seconds == 3 + 3 + 3  # each part is a silent scene of its own
    narrated = lengths({"story": story, "createSceneOnEndOfSentence": True}).scenes[0]
    assert narrated.seconds == Decimal("4.8")  # 12 words / 2.5


@pytest.mark.parametrize(
    "text",
    ["One. Two! Three?", "No end", "  lead. trail.  ", "a\n\nb. c\n", "3.5 stays. e.g.x too", "", "\n \n"],
)
@pytest.mark.parametrize(("sentences", "lines"), [(True, False), (False, True), (True, True)])
def test_the_parts_are_as_many_as_the_credit_estimate_counts(text, sentences, lines):
    assert len(split_parts(text, on_sentences=sentences, on_lines=lines)) == count_split_scenes(
        text, on_sentences=sentences, on_lines=lines
    )


def test_narration_from_an_audio_file_or_a_co_pilot_makes_the_figure_a_floor():
    storyboard = storyboard_from_body(BY_NAME["skills-schema-reference-fragments"].body())
    estimate = estimate_length(storyboard)
    assert estimate.uncertain_scenes == (3, 6)  # the external voice; the Story Co-Pilot scene
    assert estimate.seconds == sum(s.seconds for s in estimate.scenes)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (Decimal("42.4"), "≈ 42 s"),
        (Decimal("59.5"), "≈ 1:00"),
        (65, "≈ 1:05"),
        (3725, "≈ 1:02:05"),
        (Decimal("0.2"), "≈ 1 s"),
    ],
)
def test_durations_read_the_way_people_say_them(seconds, text):
    assert describe.format_duration(seconds) == text
    assert describe.format_duration(seconds, approx=False) == text.removeprefix("≈ ")


def test_the_voice_and_music_sentences():
    assert describe.voice_summary(AiVoice("Brian", 110)) == "Voice: Brian · 110 %"
    assert describe.voice_summary(AiVoice("Brian", 95.5, 0.2)) == "Voice: Brian · 95.5 % · volume +0.2"
    assert describe.voice_summary(NarrationOff()) == "Narration off"
    assert describe.voice_summary(NoVoiceOver(), "scene") == "Same voice as the video"
    assert describe.voice_summary(NoVoiceOver()) == "No voice-over (silent video)"
    assert describe.voice_summary(ReadOnlyVoice("…", audio_file=True)) == "Narration from an audio file"
    assert describe.music_summary(MusicTrack("https://x/a.mp3", 0.12, "Calm Journey")) == (
        "Music: Calm Journey · volume 12 %"
    )
    assert describe.music_summary(MusicTrack("https://x/Bio%20Journey.mp3?1", None)) == (
        "Music: Bio Journey.mp3 · volume not set"
    )
    assert describe.music_summary(AutoMusic(0.1)) == "Pictory picks the music · volume 10 %"
    assert describe.music_summary(MusicOff()) == "Music off"
    assert describe.music_summary(NoMusic()) == "No music"
    assert describe.music_summary(ReadOnlyMusic("…")) == "Music kept from the file"
    assert describe.scene_music_summary(False) == "Music off in this scene"
    assert describe.look_summary(ById("8f3d", "Sleek"), "Subtitle style") == "Subtitle style: Sleek"
    assert describe.look_summary(None, "Brand") == "Brand: Pictory's default"
