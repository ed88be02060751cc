"""Editing fields the app keeps verbatim (``Unknown``) without disturbing anything around them.

The voice-over, music, brand, subtitle style and language of a storyboard stay in ``Storyboard.unknown`` /
``Scene.unknown`` exactly as the file had them; the typed read/edit functions of ``narration``, ``music``
and ``look`` change one key (or a few keys inside one object) through these helpers. An edited key keeps
its position; a new key goes where Pictory's documentation would put it; every other key, known to the
app or not, stays as it was, in its order.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import Final

from .storyboard import JsonObject, JsonValue, Scene, Storyboard, Unknown


class _Absent(enum.Enum):
    ABSENT = enum.auto()


ABSENT: Final = _Absent.ABSENT  # "remove this key" / "this key is not there"
Absent = _Absent

# The keys the model itself holds at each level (body.py writes them); a new kept key goes among them.
_VIDEO_KEYS = ("videoName", "aspectRatio")  # a new video-level key goes after these, before "scenes"
_SCENE_KEYS = ("story", "createSceneOnEndOfSentence", "createSceneOnNewLine", "background")


def kept(unknown: Unknown, key: str) -> JsonValue | Absent:
    """The verbatim value of ``key``, or ``ABSENT``."""
    values = unknown.values
    return values[key] if key in values else ABSENT


def _with_key(
    unknown: Unknown, key: str, value: JsonValue | Absent, leading: tuple[str, ...], instead_of: str | None
) -> Unknown:
    values = dict(unknown.values)
    order = unknown.order
    if value is ABSENT:
        if key not in values:
            return unknown
        del values[key]
        order = tuple(k for k in order if k != key)
    else:
        values[key] = value
        if key not in order and instead_of is not None and instead_of in values:
            # It replaces a field that is there (brandName → brandId): it takes that field's place.
            at = order.index(instead_of)
            order = (*order[:at], key, *order[at:])
        elif key not in order:
            if not order:
                order = leading  # a storyboard made in the app: put the new key after the model's own fields
            elif "scenes" in order and leading is _VIDEO_KEYS:
                at = order.index("scenes")  # video-level settings read before the (long) list of scenes
                order = (*order[:at], key, *order[at:])
                return Unknown(order, MappingProxyType(values))
            order = (*order, key)
    return Unknown(order, MappingProxyType(values))


def with_video_key(
    storyboard: Storyboard, key: str, value: JsonValue | Absent, *, instead_of: str | None = None
) -> Storyboard:
    """The storyboard with the video-level ``key`` set (or removed with ``ABSENT``), in place; a new key goes
    where ``instead_of`` is, when the storyboard has that field (which the caller then removes)."""
    if kept(storyboard.unknown, key) == value:
        return storyboard
    return replace(storyboard, unknown=_with_key(storyboard.unknown, key, value, _VIDEO_KEYS, instead_of))


def with_scene_key(scene: Scene, key: str, value: JsonValue | Absent, *, instead_of: str | None = None) -> Scene:
    """The scene with ``key`` set (or removed with ``ABSENT``), in place (``instead_of`` as for the video)."""
    if kept(scene.unknown, key) == value:
        return scene
    return replace(scene, unknown=_with_key(scene.unknown, key, value, _SCENE_KEYS, instead_of))


def edited_object(
    current: Mapping[str, JsonValue] | None, changes: Mapping[str, JsonValue | Absent], new_order: Iterable[str]
) -> JsonObject:
    """``current`` with ``changes`` applied: changed keys stay where they were, removed keys go, keys it did not
    have are added in ``new_order`` (Pictory's documented order) after the rest. Other keys are untouched."""
    out: JsonObject = {}
    for key, value in (current or {}).items():
        if key in changes:
            change = changes[key]
            if change is not ABSENT:
                out[key] = change
        else:
            out[key] = value
    for key in new_order:
        if key in changes and key not in out:
            change = changes[key]
            if change is not ABSENT:
                out[key] = change
    return out


def json_number(value: float) -> int | float:
    """100.0 is written as 100, as Pictory's examples write it; 0.12 stays 0.12."""
    return int(value) if float(value).is_integer() else float(value)


def number(value: JsonValue) -> float | None:
    """A JSON number (not true/false, which Python counts as numbers) as a float, else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


# ------------------------------------------------------------------------------ app-owned memory


def remembered(storyboard: Storyboard, table: str, key: str) -> str | None:
    """A name the app remembered in its own project-file key (never sent), e.g. a track's title by URL."""
    names = storyboard.app_data.get(table)
    if isinstance(names, dict):
        name = names.get(key)
        return name if isinstance(name, str) else None
    return None


def remember(storyboard: Storyboard, table: str, key: str, name: str | None) -> Storyboard:
    """The storyboard with ``name`` remembered under ``key`` in the app's ``table`` (nothing when None)."""
    if name is None or remembered(storyboard, table, key) == name:
        return storyboard
    app_data = dict(storyboard.app_data)
    current = app_data.get(table)
    names: JsonObject = dict(current) if isinstance(current, dict) else {}
    names[key] = name
    app_data[table] = names
    return replace(storyboard, app_data=MappingProxyType(app_data))
