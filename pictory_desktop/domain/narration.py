"""The narration voice of the video and of each scene, read from and written to the verbatim ``voiceOver``.

``voiceOver`` stays in ``Storyboard.unknown`` / ``Scene.unknown`` as the file had it, so whatever the editor
does not show (``premiumVoiceSettings``, keys Pictory adds later, an ``externalVoice``) survives load → edit →
save → send. These functions read it as a ``VoiceChoice`` and write a choice back by changing only the keys
the choice is about.

Pictory's documentation (pictory-api-more.md §2.1): ``enabled`` turns the voice-over on; ``aiVoices`` holds
one voice (``speaker``, ``speed`` 50–200, default 100, ``amplificationLevel`` −1…1, default 0); or
``externalVoice`` narrates from an audio file. Without ``voiceOver`` the video is silent. A scene's
``voiceOver`` overrides the video's for that scene (D-MLVO); a scene without one uses the video's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from .kept import ABSENT, Absent, edited_object, json_number, kept, number, with_scene_key, with_video_key
from .storyboard import JsonObject, JsonValue, Scene, Storyboard

VOICE_OVER = "voiceOver"
DEFAULT_SPEED = 100.0
DEFAULT_VOLUME = 0.0
SPEED_RANGE = (50.0, 200.0)
VOLUME_RANGE = (-1.0, 1.0)
_VOICE_OVER_ORDER = ("enabled", "aiVoices")  # Pictory's documented key order, for keys added to an object
_AI_VOICE_ORDER = ("speaker", "speed", "amplificationLevel")


@dataclass(frozen=True)
class NoVoiceOver:
    """``voiceOver`` is absent: a silent video at video level; "the same as the video" on a scene."""


@dataclass(frozen=True)
class NarrationOff:
    """``voiceOver`` with ``enabled: false``: no narration (on a scene: none for that scene)."""


@dataclass(frozen=True)
class AiVoice:
    speaker: str  # a voice name, a numeric track id, or a provider voice id, as Pictory resolves it
    speed: float = DEFAULT_SPEED  # per cent, 50–200
    volume: float = DEFAULT_VOLUME  # amplificationLevel, −1…1


@dataclass(frozen=True)
class OwnRecording:
    """The user's own recording narrates the video (``externalVoice``): ``url`` is where Pictory fetches it (an
    upload to the account), ``sync`` lines the scenes up with it (Pictory's ``syncVoice``). Written only: a file
    that has one reads as ``ReadOnlyVoice(audio_file=True)``, which keeps every key of it."""

    url: str
    sync: bool = True


@dataclass(frozen=True)
class ReadOnlyVoice:
    """A voice-over the editor cannot show as a choice; kept verbatim. ``reason`` says why, for a marketer."""

    reason: str
    narrated: bool = True  # whether Pictory will still speak the story (an audio file, an unnamed voice)
    audio_file: bool = False  # narrated from an audio file (externalVoice): its length is the file's


VoiceChoice = NoVoiceOver | NarrationOff | AiVoice | ReadOnlyVoice
EditableVoice = NoVoiceOver | NarrationOff | AiVoice | OwnRecording

_MALFORMED = (
    "The voice-over in this file is not in a shape Pictory documents, so the editor cannot show it. "
    "It is kept as it is; choose a voice to replace it."
)


def read_voice_object(raw: JsonValue | Absent, level: Literal["video", "scene"] = "video") -> VoiceChoice:
    """What a ``voiceOver`` value (or its absence) asks for."""
    if raw is ABSENT:
        return NoVoiceOver()
    if not isinstance(raw, dict):
        return ReadOnlyVoice(_MALFORMED, narrated=False)
    enabled = raw.get("enabled")
    if enabled is False:
        return NarrationOff()
    if "enabled" in raw and not isinstance(enabled, bool):
        return ReadOnlyVoice(_MALFORMED, narrated=False)
    where = "this scene" if level == "scene" else "the video"
    if "externalVoice" in raw:
        if "aiVoices" in raw:
            return ReadOnlyVoice(
                f"The voice-over of {where} names both an AI voice and an audio file; Pictory rejects that. "
                "Choose a voice here to keep only the AI voice."
            )
        return ReadOnlyVoice(
            f"{where[:1].upper()}{where[1:]} is narrated from an audio file (an external voice). The editor "
            "keeps it as it is; choosing an AI voice here replaces it.",
            audio_file=True,
        )
    voices = raw.get("aiVoices")
    if voices is None and "aiVoices" not in raw:
        if enabled is not True:
            return ReadOnlyVoice(_MALFORMED, narrated=False)
        return ReadOnlyVoice(
            f"The voice-over of {where} is switched on but names no voice, and Pictory does not document which "
            "voice it then uses. Choose a voice to be sure."
        )
    if not isinstance(voices, list) or not voices:
        return ReadOnlyVoice(_MALFORMED, narrated=False)
    if len(voices) > 1:
        return ReadOnlyVoice(
            f"The voice-over of {where} lists {len(voices)} AI voices. Pictory's guide says it uses one; its "
            "examples say the voices take turns scene by scene. The editor keeps them as they are; choosing a "
            "voice here keeps only that one (give scenes their own voice instead)."
        )
    return _read_ai_voice(voices[0])


def _read_ai_voice(voice: JsonValue) -> VoiceChoice:
    if not isinstance(voice, dict):
        return ReadOnlyVoice(_MALFORMED, narrated=False)
    speaker = voice.get("speaker")
    speed = number(voice.get("speed", DEFAULT_SPEED))
    volume = number(voice.get("amplificationLevel", DEFAULT_VOLUME))
    if not isinstance(speaker, str) or not speaker.strip() or speed is None or volume is None:
        return ReadOnlyVoice(
            "The AI voice in this file has no speaker, or a speed or volume that is not a number, so the editor "
            "cannot show it. It is kept as it is; choose a voice to replace it.",
            narrated=isinstance(speaker, str) and bool(speaker.strip()),
        )
    return AiVoice(speaker, speed, volume)


def voice_object_with(current: JsonValue | Absent, choice: EditableVoice) -> JsonValue | Absent:
    """The ``voiceOver`` value that says ``choice``, changing as little of ``current`` as it can.

    Off keeps the voice (so turning narration back on brings the same voice back); a voice written over an
    object with one AI voice changes only ``enabled``, ``speaker``, ``speed`` and ``amplificationLevel`` and
    keeps every other key (``premiumVoiceSettings``, unknown keys) where it was. Over an audio file or several
    voices, an AI voice replaces them: the user chose it."""
    if isinstance(choice, NoVoiceOver):
        return ABSENT
    existing: Mapping[str, JsonValue] | None = current if isinstance(current, dict) else None
    if isinstance(choice, NarrationOff):
        return edited_object(existing, {"enabled": False}, _VOICE_OVER_ORDER)
    if isinstance(choice, OwnRecording):
        # A recording replaces the AI voices (Pictory takes one or the other); the recording's own other keys
        # (amplificationLevel…) are kept when the file had an external voice already.
        old = existing.get("externalVoice") if existing is not None else None
        recording = edited_object(
            old if isinstance(old, dict) else None,
            {"voiceUrl": choice.url, "syncVoice": choice.sync},
            ("voiceUrl", "syncVoice", "amplificationLevel"),
        )
        changes_: dict[str, JsonValue | Absent] = {"enabled": True, "aiVoices": ABSENT, "externalVoice": recording}
        return edited_object(existing, changes_, (*_VOICE_OVER_ORDER, "externalVoice"))
    voices = existing.get("aiVoices") if existing is not None else None
    first = voices[0] if isinstance(voices, list) and voices and isinstance(voices[0], dict) else None
    voice_changes: dict[str, JsonValue | Absent] = {"speaker": choice.speaker}
    for key, value, default in (
        ("speed", choice.speed, DEFAULT_SPEED),
        ("amplificationLevel", choice.volume, DEFAULT_VOLUME),
    ):
        # A default the file did not spell out stays unspelled; a brand-new voice spells everything out.
        if first is None or key in first or value != default:
            voice_changes[key] = json_number(value)
    voice = edited_object(first, voice_changes, _AI_VOICE_ORDER)
    changes: dict[str, JsonValue | Absent] = {"enabled": True, "aiVoices": [voice], "externalVoice": ABSENT}
    return edited_object(existing, changes, _VOICE_OVER_ORDER)


def read_video_voice(storyboard: Storyboard) -> VoiceChoice:
    return read_voice_object(kept(storyboard.unknown, VOICE_OVER), "video")


def read_scene_voice(scene: Scene) -> VoiceChoice:
    """The scene's own voice-over; ``NoVoiceOver`` means the scene uses the video's."""
    return read_voice_object(kept(scene.unknown, VOICE_OVER), "scene")


def with_video_voice(storyboard: Storyboard, choice: EditableVoice) -> Storyboard:
    return with_video_key(storyboard, VOICE_OVER, voice_object_with(kept(storyboard.unknown, VOICE_OVER), choice))


def with_scene_voice(scene: Scene, choice: EditableVoice) -> Scene:
    """``NoVoiceOver`` removes the scene's own voice-over: the scene then uses the video's."""
    return with_scene_key(scene, VOICE_OVER, voice_object_with(kept(scene.unknown, VOICE_OVER), choice))


def effective_voice(storyboard: Storyboard, scene_index: int) -> VoiceChoice:
    """The voice that speaks this scene: its own voice-over if it has one, otherwise the video's (D-MLVO)."""
    own = read_scene_voice(storyboard.scenes[scene_index])
    return read_video_voice(storyboard) if isinstance(own, NoVoiceOver) else own


def is_narrated(choice: VoiceChoice) -> bool:
    """Whether Pictory speaks the story with this voice-over (an AI voice, an audio file, an unnamed voice)."""
    if isinstance(choice, AiVoice):
        return True
    return isinstance(choice, ReadOnlyVoice) and choice.narrated


def speed_of(choice: VoiceChoice) -> float:
    """The reading speed in per cent that applies (100 when the voice names none or is not an AI voice)."""
    return choice.speed if isinstance(choice, AiVoice) else DEFAULT_SPEED


def premium_settings(raw: JsonValue | Absent) -> Mapping[str, JsonValue] | None:
    """The ElevenLabs ``premiumVoiceSettings`` of a single AI voice, verbatim, or None."""
    if not isinstance(raw, dict):
        return None
    voices = raw.get("aiVoices")
    if not isinstance(voices, list) or len(voices) != 1 or not isinstance(voices[0], dict):
        return None
    settings = voices[0].get("premiumVoiceSettings")
    return settings if isinstance(settings, dict) else None


def premium_settings_note(raw: JsonValue | Absent) -> str | None:
    """The editor's read-only line about ElevenLabs settings the file sets and the app keeps, or None."""
    settings = premium_settings(raw)
    if settings is None:
        return None
    model = settings.get("modelId")
    named = f" (model {model})" if isinstance(model, str) and model else ""
    return (
        f"ElevenLabs voice settings from the file{named} are kept as they are and sent with the voice; "
        "the editor does not change them."
    )


def video_premium_settings_note(storyboard: Storyboard) -> str | None:
    return premium_settings_note(kept(storyboard.unknown, VOICE_OVER))


def scene_premium_settings_note(scene: Scene) -> str | None:
    return premium_settings_note(kept(scene.unknown, VOICE_OVER))


def speakers_in(raw: JsonValue | Absent) -> list[tuple[str, str]]:
    """(path relative to the voiceOver, speaker) of every AI voice a ``voiceOver`` names, used or not."""
    if not isinstance(raw, dict):
        return []
    voices = raw.get("aiVoices")
    found: list[tuple[str, str]] = []
    for i, voice in enumerate(voices if isinstance(voices, list) else []):
        if isinstance(voice, dict) and isinstance(speaker := voice.get("speaker"), str) and speaker.strip():
            found.append((f"aiVoices[{i}].speaker", speaker))
    return found


def new_voice_object(choice: AiVoice) -> JsonObject:
    """A fresh ``voiceOver`` for ``choice``, in Pictory's documented key order."""
    value = voice_object_with(ABSENT, choice)
    assert isinstance(value, dict)
    return value
