"""How long the video will be, scene by scene: an estimate in exact decimal seconds (as credits are).

Pictory does not publish how it times scenes; its design guide (SK-DG) says narration runs at about
2.5 words a second and that scenes stretch to fit their audio. So, for each scene Pictory will make:

* narrated (an AI voice applies to it — its own or the video's, D-MLVO): words ÷ (2.5 × speed/100);
* not narrated (no voice-over, narration off, or an empty story): the time to read its subtitles at the same
  2.5 words a second, and at least ``SILENT_MINIMUM`` (3 s): a scene with nothing to say is still shown long
  enough to take in a picture (3 s is a common stock-scene length; Pictory documents no figure);
* a scene with an AI video background lasts at least its clip (``videoDuration``, e.g. "5s");
* a scene's own ``minimumDuration`` (seconds) is a floor and its ``endPauseDuration`` (seconds) is added;
* a scene Pictory splits (``createSceneOnEndOfSentence``/``createSceneOnNewLine``) is the sum of its parts,
  each timed as above (each part gets its own clip, as each gets its own AI background in the credit estimate).

Narration the app cannot read (an audio file, a web page, a Story Co-Pilot prompt) makes the figure a floor:
``SceneLength.uncertain`` says so. Each scene is rounded to a tenth of a second; the video is their sum.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .catalog import duration_seconds
from .kept import number
from .narration import (
    NoVoiceOver,
    ReadOnlyVoice,
    VoiceChoice,
    is_narrated,
    read_scene_voice,
    read_video_voice,
    speed_of,
)
from .storyboard import AiVideo, Scene, Storyboard
from .text import split_parts

WORDS_PER_SECOND = Decimal("2.5")
SILENT_MINIMUM = Decimal(3)
_TENTH = Decimal("0.1")
_ZERO = Decimal(0)
_OTHER_NARRATION = ("audioUrl", "videoUrl", "blogUrl", "pptUrl", "storyCoPilot")


@dataclass(frozen=True)
class SceneLength:
    seconds: Decimal
    parts: int  # the scenes Pictory makes of it (1 unless it splits the story)
    narrated: bool  # a voice speaks it
    uncertain: bool = False  # the narration's length cannot be known here: ``seconds`` is a floor


@dataclass(frozen=True)
class LengthEstimate:
    scenes: tuple[SceneLength, ...]
    seconds: Decimal
    uncertain_scenes: tuple[int, ...]  # 1-based numbers of scenes whose figure is only a floor


def _decimal(value: float) -> Decimal:
    return Decimal(repr(value))


def _seconds_of(scene: Scene, key: str) -> Decimal:
    value = number(scene.unknown.values.get(key)) if key in scene.unknown.values else None
    return _decimal(value) if value is not None and value > 0 else _ZERO


def story_parts(scene: Scene) -> list[str]:
    """The stories of the scenes Pictory makes of ``scene`` (one unless it splits), as ``split_parts`` gives them."""
    story = scene.story_text
    if not (scene.split_on_sentences or scene.split_on_lines):
        return [story]
    return split_parts(story, on_sentences=bool(scene.split_on_sentences), on_lines=bool(scene.split_on_lines))


def part_seconds(scene: Scene, voice: VoiceChoice) -> list[Decimal]:
    """Each part's length (in ``story_parts`` order), unrounded: the timeline of the draft video is cut from these,
    and ``scene_length`` is their sum rounded to a tenth."""
    return _timed(scene, voice, story_parts(scene))


def _timed(scene: Scene, voice: VoiceChoice, parts: list[str]) -> list[Decimal]:
    narrated = is_narrated(voice)
    speed = speed_of(voice)
    rate = WORDS_PER_SECOND * (_decimal(speed) / 100 if speed > 0 else 1)
    background = scene.background
    clip = duration_seconds(background.duration or "") if isinstance(background, AiVideo) else None
    floor = _seconds_of(scene, "minimumDuration")
    pause = _seconds_of(scene, "endPauseDuration")
    lengths: list[Decimal] = []
    for part in parts:
        words = len(part.split())
        if narrated and words:
            seconds = words / rate
        else:
            seconds = max(SILENT_MINIMUM, words / WORDS_PER_SECOND)
        if clip is not None:
            seconds = max(seconds, Decimal(clip))
        lengths.append(max(seconds, floor) + pause)
    return lengths


def scene_length(scene: Scene, voice: VoiceChoice) -> SceneLength:
    """The length of ``scene`` when ``voice`` (the one that applies to it, see ``effective_voice``) speaks it."""
    parts = story_parts(scene)  # split once: this runs on every keystroke
    total = sum(_timed(scene, voice, parts), _ZERO)
    narrated = is_narrated(voice)
    spoken = narrated and any(part.split() for part in parts)
    story = scene.story_text
    unknown = scene.unknown.values
    other_source = not story.strip() and any(key in unknown for key in _OTHER_NARRATION)
    from_file = isinstance(voice, ReadOnlyVoice) and voice.audio_file
    return SceneLength(
        total.quantize(_TENTH, ROUND_HALF_UP),
        len(parts),
        spoken or (narrated and other_source),
        other_source or from_file,
    )


def voice_for_scene(video_voice: VoiceChoice, scene: Scene) -> VoiceChoice:
    """The voice that speaks ``scene``: its own voice-over when it has one, else the video's (``video_voice``,
    read once per storyboard by the caller)."""
    own = read_scene_voice(scene) if "voiceOver" in scene.unknown.values else NoVoiceOver()
    return video_voice if isinstance(own, NoVoiceOver) else own


def estimate_length(storyboard: Storyboard) -> LengthEstimate:
    """Every scene's length (each with the voice that applies to it) and the video's."""
    video_voice = read_video_voice(storyboard)
    return summarize_lengths([scene_length(scene, voice_for_scene(video_voice, scene)) for scene in storyboard.scenes])


def summarize_lengths(lengths: Sequence[SceneLength]) -> LengthEstimate:
    """The video's length from its scenes' (the editor keeps those per scene, as it keeps costs)."""
    return LengthEstimate(
        tuple(lengths),
        sum((length.seconds for length in lengths), _ZERO),
        tuple(i + 1 for i, length in enumerate(lengths) if length.uncertain),
    )
