"""Background music, read from and written to the verbatim ``backgroundMusic`` of the video and the scenes.

The object stays in ``Storyboard.unknown`` as the file had it (``clips`` and keys the app does not know
survive every edit). Pictory's documentation (pictory-api-more.md §3.1): ``enabled`` turns music on;
``autoMusic: true`` lets Pictory pick a track, or ``musicUrl`` names one (never both); ``volume`` 0–1. A scene
can only switch the video's music off or on (``scenes[].backgroundMusic.enabled``), never have its own track.

A track's title is not a Pictory field: the app remembers it in its own project-file key (never sent), by URL,
so the editor can show "Calm Journey" instead of a long address for a track chosen earlier.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .kept import (
    ABSENT,
    Absent,
    edited_object,
    json_number,
    kept,
    number,
    remember,
    remembered,
    with_scene_key,
    with_video_key,
)
from .storyboard import JsonValue, Scene, Storyboard

BACKGROUND_MUSIC = "backgroundMusic"
TRACK_TITLES = "musicTitles"  # app_data table: musicUrl → title
VOLUME_RANGE = (0.0, 1.0)
# What the music picker starts at, and what the draft video plays music at when the file sets no volume: under
# narration, 8–15 % keeps the voice clear (Pictory's design guide).
SUGGESTED_VOLUME = 0.12
LOUD_UNDER_NARRATION = 0.3  # above this, music competes with a voice (Pictory's guide suggests 0.08–0.15)
_MUSIC_ORDER = ("enabled", "autoMusic", "musicUrl", "volume", "clips")


@dataclass(frozen=True)
class NoMusic:
    """``backgroundMusic`` is absent: no music."""


@dataclass(frozen=True)
class MusicOff:
    """``backgroundMusic`` with ``enabled: false``."""


@dataclass(frozen=True)
class AutoMusic:
    volume: float | None = None  # None: not set (sources disagree on what Pictory then plays at)


@dataclass(frozen=True)
class MusicTrack:
    url: str
    volume: float | None = None
    title: str | None = None  # remembered by the app, not sent


@dataclass(frozen=True)
class ReadOnlyMusic:
    reason: str


MusicChoice = NoMusic | MusicOff | AutoMusic | MusicTrack | ReadOnlyMusic
EditableMusic = NoMusic | MusicOff | AutoMusic | MusicTrack

_MALFORMED = (
    "The background music in this file is not in a shape Pictory documents, so the editor cannot show it. "
    "It is kept as it is; choose music to replace it."
)


def read_music_object(raw: JsonValue | Absent, titles: Mapping[str, str] | None = None) -> MusicChoice:
    if raw is ABSENT:
        return NoMusic()
    if not isinstance(raw, dict):
        return ReadOnlyMusic(_MALFORMED)
    enabled = raw.get("enabled")
    if enabled is False:
        return MusicOff()
    if "enabled" in raw and not isinstance(enabled, bool):
        return ReadOnlyMusic(_MALFORMED)
    volume = number(raw["volume"]) if "volume" in raw else None
    if "volume" in raw and volume is None:
        return ReadOnlyMusic(_MALFORMED)
    auto = raw.get("autoMusic")
    url = raw.get("musicUrl")
    if auto is True and "musicUrl" in raw:
        return ReadOnlyMusic(
            "The music is set both to a track and to “Pictory picks the music”; Pictory rejects that. "
            "Choose one of them here."
        )
    if auto is True:
        return AutoMusic(volume)
    if isinstance(url, str) and url.strip():
        return MusicTrack(url, volume, (titles or {}).get(url))
    if "musicUrl" in raw or ("autoMusic" in raw and not isinstance(auto, bool)):
        return ReadOnlyMusic(_MALFORMED)
    return ReadOnlyMusic(
        "Background music is switched on but names no track and does not ask Pictory to pick one. "
        "Choose a track, or let Pictory pick the music."
    )


def music_object_with(current: JsonValue | Absent, choice: EditableMusic) -> JsonValue | Absent:
    """The ``backgroundMusic`` value that says ``choice``, keeping ``clips`` and every other key of ``current``."""
    if isinstance(choice, NoMusic):
        return ABSENT
    existing: Mapping[str, JsonValue] | None = current if isinstance(current, dict) else None
    if isinstance(choice, MusicOff):
        return edited_object(existing, {"enabled": False}, _MUSIC_ORDER)
    volume: JsonValue | Absent = ABSENT if choice.volume is None else json_number(choice.volume)
    if isinstance(choice, AutoMusic):
        changes: dict[str, JsonValue | Absent] = {"enabled": True, "autoMusic": True, "musicUrl": ABSENT}
    else:
        # "autoMusic": false may stay (it says the same); true would contradict the track.
        auto: JsonValue | Absent = ABSENT if existing is None or existing.get("autoMusic") is not False else False
        changes = {"enabled": True, "autoMusic": auto, "musicUrl": choice.url}
    changes["volume"] = volume
    return edited_object(existing, changes, _MUSIC_ORDER)


def track_titles(storyboard: Storyboard) -> Mapping[str, str]:
    table = storyboard.app_data.get(TRACK_TITLES)
    if not isinstance(table, dict):
        return {}
    return {url: title for url, title in table.items() if isinstance(title, str)}


def read_music(storyboard: Storyboard) -> MusicChoice:
    return read_music_object(kept(storyboard.unknown, BACKGROUND_MUSIC), track_titles(storyboard))


def with_music(storyboard: Storyboard, choice: EditableMusic) -> Storyboard:
    """The storyboard with ``choice`` as its music; a track's title is remembered (in the app's key) by URL."""
    value = music_object_with(kept(storyboard.unknown, BACKGROUND_MUSIC), choice)
    edited = with_video_key(storyboard, BACKGROUND_MUSIC, value)
    if isinstance(choice, MusicTrack):
        edited = remember(edited, TRACK_TITLES, choice.url, choice.title)
    return edited


def track_title_for(storyboard: Storyboard, url: str) -> str | None:
    """The title the app remembered for a track URL chosen earlier, or None."""
    return remembered(storyboard, TRACK_TITLES, url)


def music_volume(storyboard: Storyboard) -> float | None:
    """The video's music volume as the file sets it (0–1), or None when it sets none or is malformed."""
    raw = kept(storyboard.unknown, BACKGROUND_MUSIC)
    return number(raw.get("volume")) if isinstance(raw, dict) else None


def music_plays(choice: MusicChoice) -> bool:
    """Whether the video has music switched on (a read-only object counts as on: it may well be)."""
    return isinstance(choice, AutoMusic | MusicTrack | ReadOnlyMusic)


# ------------------------------------------------------------------------------------------ scenes


def scene_music_enabled(scene: Scene) -> bool | None:
    """The scene's switch: True/False when it sets one, None when it follows the video (or is malformed)."""
    raw = kept(scene.unknown, BACKGROUND_MUSIC)
    if isinstance(raw, dict):
        enabled = raw.get("enabled")
        return enabled if isinstance(enabled, bool) else None
    return None


def with_scene_music_enabled(scene: Scene, enabled: bool | None) -> Scene:
    """Switch the video's music off (or on) for this scene; None removes the switch (the scene follows the video).
    Other keys of the scene's object, if a file has any, are kept."""
    current = kept(scene.unknown, BACKGROUND_MUSIC)
    if enabled is None:
        return with_scene_key(scene, BACKGROUND_MUSIC, ABSENT)
    existing = current if isinstance(current, dict) else None
    return with_scene_key(scene, BACKGROUND_MUSIC, edited_object(existing, {"enabled": enabled}, ("enabled",)))
