"""Mapping between Pictory's request body (plain JSON values) and the ``Storyboard`` model.

``storyboard_from_body`` is strict about the structure the editor needs (a storyboard object, a list
of scene objects, text where text belongs) and lenient inside a background: a background in a shape
Pictory would reject becomes ``UnrecognisedBackground`` so the file still opens and the checks can
say what is wrong. ``storyboard_to_body`` writes every key back in its original position.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import Final, TypeVar

from .dismissals import DISMISSED_ADVICE_KEY, saved_dismissals, split_saved_dismissals
from .fields import APP_DATA_KEY
from .scene_images import LOCKED_FROM, SCENE_IMAGES_KEY, TRIES, scene_entries, scene_key, tries_from_json, tries_to_json
from .storyboard import (
    AI_VISUAL_TEXT_KEYS,
    NO_UNKNOWN,
    AiImage,
    AiVideo,
    Background,
    Colour,
    JsonObject,
    JsonValue,
    NoBackground,
    PictureUrl,
    Scene,
    StockVisuals,
    Storyboard,
    Unknown,
    UnrecognisedBackground,
    find_ai_media,
    is_locked,
    read_ai_visual,
)

_T = TypeVar("_T")


class _Omit(enum.Enum):
    OMIT = enum.auto()


_OMIT: Final = _Omit.OMIT  # a known key whose value is absent in this object


class BodyShapeError(ValueError):
    """The JSON is valid but not a storyboard; ``path`` says where (e.g. ``scenes[2].story``)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


def json_type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _split_known(obj: Mapping[str, JsonValue], known: frozenset[str]) -> Unknown:
    extra = {k: v for k, v in obj.items() if k not in known}
    return Unknown(order=tuple(obj), values=MappingProxyType(extra) if extra else NO_UNKNOWN.values)


def _optional(obj: Mapping[str, JsonValue], key: str, kind: type[_T], path: str, wanted: str) -> _T | None:
    if key not in obj:
        return None
    value = obj[key]
    is_bool = isinstance(value, bool)  # True is an int to Python, but not a number in JSON
    if isinstance(value, kind) and not (kind is int and is_bool):
        return value
    raise BodyShapeError(f"{path}.{key}" if path else key, f"should be {wanted}, but it is {json_type_name(value)}.")


# ---------------------------------------------------------------------------------------------- load

_SCENE_KEYS = frozenset({"story", "createSceneOnEndOfSentence", "createSceneOnNewLine", "background", "elements"})
_TOP_KEYS = frozenset({"videoName", "aspectRatio", "scenes", APP_DATA_KEY})
_AI_KEYS = frozenset(AI_VISUAL_TEXT_KEYS)
VISUAL_SOURCES = ("visualUrl", "color", "aiVisual")  # a background has at most one (none: Pictory picks stock)


def _background_from(raw: Mapping[str, JsonValue]) -> Background:
    frozen = MappingProxyType(dict(raw))
    present = [k for k in VISUAL_SOURCES if k in raw]
    if not present:
        # Pictory documents exactly one visual source *or none*: then it searches its stock library,
        # by the searchFilter when there is one. Safe reading: a searchFilter next to a visual source is
        # outside the documented shapes (elements say "exactly one of visualUrl, searchFilter, aiVisual"),
        # so that mix stays unrecognised below and the checks say so.
        search = raw.get("searchFilter")
        if search is not None and not isinstance(search, dict):
            return UnrecognisedBackground(frozen)
        return StockVisuals(
            MappingProxyType(dict(search)) if search is not None else None,
            _split_known(raw, frozenset({"searchFilter"})),
        )
    if len(present) != 1 or "searchFilter" in raw:
        return UnrecognisedBackground(frozen)
    (which,) = present
    media_type = raw.get("type")
    if media_type is not None and not isinstance(media_type, str):
        return UnrecognisedBackground(frozen)
    if which == "visualUrl":
        url = raw["visualUrl"]
        if not isinstance(url, str):
            return UnrecognisedBackground(frozen)
        return PictureUrl(url, media_type, _split_known(raw, frozenset({"visualUrl", "type"})))
    if which == "color":
        color = raw["color"]
        if not isinstance(color, str):
            return UnrecognisedBackground(frozen)
        return Colour(color, _split_known(raw, frozenset({"color"})))
    ai = raw["aiVisual"]
    visual = read_ai_visual(media_type, ai) if isinstance(ai, dict) else None
    if visual is None or not isinstance(ai, dict):
        return UnrecognisedBackground(frozen)
    return replace(
        visual,
        unknown_background=_split_known(raw, frozenset({"type", "aiVisual"})),
        unknown_ai_visual=_split_known(ai, _AI_KEYS),
    )


def _scene_from(raw: JsonValue, path: str) -> Scene:
    if not isinstance(raw, dict):
        raise BodyShapeError(path, f"each scene should be an object ({{…}}), but this one is {json_type_name(raw)}.")
    background_raw = raw.get("background")
    if background_raw is None:
        background: Background = NoBackground()
        if "background" in raw:  # an explicit null: keep it, it means the same as no background
            pass
    elif not isinstance(background_raw, dict):
        raise BodyShapeError(
            f"{path}.background", f"should be an object ({{…}}), but it is {json_type_name(background_raw)}."
        )
    else:
        background = _background_from(background_raw)
    known = _SCENE_KEYS if background_raw is not None else _SCENE_KEYS - {"background"}
    elements = raw.get("elements")
    if not isinstance(elements, list):  # absent, or not a list: then it stays verbatim and the checks say so
        known -= {"elements"}
    kept = tuple(elements) if isinstance(elements, list) else None
    unknown = _split_known(raw, known)
    return Scene(
        story=_optional(raw, "story", str, path, "text"),
        split_on_sentences=_optional(raw, "createSceneOnEndOfSentence", bool, path, "true or false"),
        split_on_lines=_optional(raw, "createSceneOnNewLine", bool, path, "true or false"),
        background=background,
        elements=kept,
        unknown=unknown,
        ai_media=find_ai_media(kept, unknown),
    )


def storyboard_from_body(body: JsonValue) -> Storyboard:
    if not isinstance(body, dict):
        raise BodyShapeError(
            "", f"A storyboard is one JSON object ({{…}}), but this file holds {json_type_name(body)}."
        )
    scenes_raw = body.get("scenes")
    if scenes_raw is None:  # absent or null
        scenes_raw = []
    if not isinstance(scenes_raw, list):
        raise BodyShapeError("scenes", f"should be a list of scenes ([…]), but it is {json_type_name(scenes_raw)}.")
    app_data = body.get(APP_DATA_KEY, {})
    app_data = dict(app_data) if isinstance(app_data, dict) else {}
    scenes = [_scene_from(scene, f"scenes[{i}]") for i, scene in enumerate(scenes_raw)]
    video_dismissed, scene_dismissed = split_saved_dismissals(app_data.pop(DISMISSED_ADVICE_KEY, None), len(scenes))
    scenes = [
        replace(scene, dismissed_advice=keys) if keys else scene
        for scene, keys in zip(scenes, scene_dismissed, strict=True)
    ]
    for index, entry in scene_entries(app_data.pop(SCENE_IMAGES_KEY, None), len(scenes)).items():
        scenes[index] = _with_saved_images(scenes[index], entry)
    return Storyboard(
        video_name=_optional(body, "videoName", str, "", "text"),
        aspect_ratio=_optional(body, "aspectRatio", str, "", "text"),
        scenes=tuple(scenes),
        unknown=_split_known(body, _TOP_KEYS),
        app_data=MappingProxyType(app_data),
        dismissed_advice=video_dismissed,
    )


def _with_saved_images(scene: Scene, entry: Mapping[str, JsonValue]) -> Scene:
    """The scene with the tries and the lock its entry in the app's key saved (scene_images explains)."""
    tries = tries_from_json(entry.get(TRIES))
    locked = entry.get(LOCKED_FROM)
    locked_from: AiImage | None = None
    if isinstance(locked, dict) and isinstance(scene.background, PictureUrl):
        raw = locked.get("background")
        if locked.get("url") == scene.background.url and isinstance(raw, dict):
            restored = _background_from(raw)
            locked_from = restored if isinstance(restored, AiImage) else None
    if not tries and locked_from is None:
        return scene
    return replace(scene, tries=tries, locked_from=locked_from)


def _saved_images(scenes: tuple[Scene, ...]) -> JsonObject:
    saved: JsonObject = {}
    for index, scene in enumerate(scenes):
        entry: JsonObject = {}
        if scene.tries:
            entry[TRIES] = tries_to_json(scene.tries)
        if is_locked(scene) and scene.locked_from is not None and isinstance(scene.background, PictureUrl):
            entry[LOCKED_FROM] = {"url": scene.background.url, "background": background_to_body(scene.locked_from)}
        if entry:
            saved[scene_key(index)] = entry
    return saved


# ---------------------------------------------------------------------------------------------- save


def _ordered(known: dict[str, JsonValue | _Omit], unknown: Unknown) -> JsonObject:
    """Known values and unknown keys, each at its original position; new known keys go last."""
    out: JsonObject = {}
    for key in unknown.order:
        if key in known:
            value = known[key]
            if value is not _OMIT:
                out[key] = value
        elif key in unknown.values:
            out[key] = unknown.values[key]
    for key, value in known.items():
        if key not in out and value is not _OMIT and key not in unknown.order:
            out[key] = value
    return out


def _none_to_omit(value: _T | None) -> _T | _Omit:
    return _OMIT if value is None else value


def background_to_body(background: Background) -> JsonObject | None:
    """The background object as Pictory expects it, or None for no background."""
    if isinstance(background, NoBackground):
        return None
    if isinstance(background, UnrecognisedBackground):
        return dict(background.raw)
    if isinstance(background, PictureUrl):
        known: dict[str, JsonValue | _Omit] = {
            "type": _none_to_omit(background.media_type),
            "visualUrl": background.url,
        }
        return _ordered(known, background.unknown_background)
    if isinstance(background, Colour):
        return _ordered({"color": background.color}, background.unknown_background)
    if isinstance(background, StockVisuals):
        search = _OMIT if background.search_filter is None else dict(background.search_filter)
        return _ordered({"searchFilter": search}, background.unknown_background)
    ai_known: dict[str, JsonValue | _Omit] = {
        "prompt": _none_to_omit(background.prompt),
        "model": background.model,
        "mediaStyle": _none_to_omit(background.media_style),
    }
    if isinstance(background, AiVideo):
        ai_known["videoDuration"] = _none_to_omit(background.duration)
        media_type = "video"
    else:
        media_type = "image"
    ai_visual = _ordered(ai_known, background.unknown_ai_visual)
    return _ordered({"type": media_type, "aiVisual": ai_visual}, background.unknown_background)


def scene_to_body(scene: Scene) -> JsonObject:
    known: dict[str, JsonValue | _Omit] = {
        "story": _none_to_omit(scene.story),
        "createSceneOnEndOfSentence": _none_to_omit(scene.split_on_sentences),
        "createSceneOnNewLine": _none_to_omit(scene.split_on_lines),
        "background": _none_to_omit(background_to_body(scene.background)),
        "elements": _OMIT if scene.elements is None else list(scene.elements),
    }
    return _ordered(known, scene.unknown)


def storyboard_to_body(storyboard: Storyboard, *, include_app_data: bool = False) -> JsonObject:
    """The request body to send (``include_app_data=False``) or the project file's content (True)."""
    known: dict[str, JsonValue | _Omit] = {
        "videoName": _none_to_omit(storyboard.video_name),
        "aspectRatio": _none_to_omit(storyboard.aspect_ratio),
        "scenes": [scene_to_body(scene) for scene in storyboard.scenes],
    }
    if not storyboard.scenes and storyboard.unknown.order and "scenes" not in storyboard.unknown.order:
        known["scenes"] = _OMIT  # a template's body names no scenes; saving must not add an empty list
    app_data: dict[str, JsonValue] = dict(storyboard.app_data) if include_app_data else {}
    if include_app_data:
        dismissed = saved_dismissals(storyboard.dismissed_advice, [s.dismissed_advice for s in storyboard.scenes])
        if dismissed:
            app_data[DISMISSED_ADVICE_KEY] = list[JsonValue](dismissed)
        if images := _saved_images(storyboard.scenes):
            app_data[SCENE_IMAGES_KEY] = images
    known[APP_DATA_KEY] = app_data or _OMIT
    return _ordered(known, storyboard.unknown)
