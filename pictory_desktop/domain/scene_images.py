"""The images tried for each scene, and the locks, as the project file keeps them.

Like dismissed advice they live on the scene (``Scene.tries``, ``Scene.locked_from``), so moving, duplicating,
deleting, undoing and redoing carry them with no bookkeeping; only loading and saving translate to and from
one object in the app's own key, by the scene's position at that moment::

    "pictoryDesktop": {"sceneImages": {"scenes[2]": {
        "tries": [{"url": "https://…png", "width": 1280, "height": 720, "prompt": "…", "model": "flux-schnell",
                   "style": "cartoon", "aspectRatio": "16:9", "credits": "0.6", "jobId": "…",
                   "created": "2026-12-01T13:00:00+00:00"}],
        "lockedFrom": {"url": "https://…png", "background": {"type": "image", "aiVisual": {…}}}}}}

``lockedFrom.url`` is the picture the lock put on the scene: a lock is restored only when the scene's
background is still that picture (a file edited by hand or by another program keeps its picture, and loses
only the way back). Entries that cannot be read are dropped, never an error: they are the app's notes, and
the storyboard itself opens whatever they say. Credits are text, as in the job history (0.6 must not drift).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation

from .storyboard import ImageTry, JsonObject, JsonValue

SCENE_IMAGES_KEY = "sceneImages"
TRIES = "tries"
LOCKED_FROM = "lockedFrom"
_SCENE = re.compile(r"scenes\[(\d+)\]")


def scene_key(index: int) -> str:
    return f"scenes[{index}]"


def scene_entries(saved: JsonValue, scene_count: int) -> dict[int, Mapping[str, JsonValue]]:
    """{0-based scene index: its entry} for the scenes the storyboard has."""
    found: dict[int, Mapping[str, JsonValue]] = {}
    if not isinstance(saved, dict):
        return found
    for key, entry in saved.items():
        match = _SCENE.fullmatch(key)
        if match and isinstance(entry, dict) and int(match.group(1)) < scene_count:
            found[int(match.group(1))] = entry
    return found


def try_to_json(try_: ImageTry) -> JsonObject:
    values: dict[str, JsonValue] = {
        "url": try_.url,
        "width": try_.width,
        "height": try_.height,
        "prompt": try_.prompt,
        "model": try_.model,
        "style": try_.style,
        "aspectRatio": try_.aspect_ratio,
        "credits": None if try_.credits is None else str(try_.credits),
        "jobId": try_.job_id,
        "created": try_.created,
    }
    return {key: value for key, value in values.items() if value is not None}


def _text(raw: Mapping[str, JsonValue], key: str) -> str | None:
    value = raw.get(key)
    return value if isinstance(value, str) else None


def _size(raw: Mapping[str, JsonValue], key: str) -> int | None:
    value = raw.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def try_from_json(raw: JsonValue) -> ImageTry | None:
    """The try a file's entry describes; None when it lacks the image address, model or time."""
    if not isinstance(raw, dict):
        return None
    url, model, created = _text(raw, "url"), _text(raw, "model"), _text(raw, "created")
    if not url or not model or not created:
        return None
    credits: Decimal | None = None
    if (text := _text(raw, "credits")) is not None:
        try:
            credits = Decimal(text)
        except InvalidOperation:
            credits = None
        if credits is not None and not credits.is_finite():
            credits = None
    return ImageTry(
        url=url,
        width=_size(raw, "width"),
        height=_size(raw, "height"),
        prompt=_text(raw, "prompt") or "",
        model=model,
        style=_text(raw, "style"),
        aspect_ratio=_text(raw, "aspectRatio") or "",
        credits=credits,
        job_id=_text(raw, "jobId"),
        created=created,
    )


def tries_from_json(raw: JsonValue) -> tuple[ImageTry, ...]:
    if not isinstance(raw, list):
        return ()
    return tuple(t for t in (try_from_json(item) for item in raw) if t is not None)


def tries_to_json(tries: Sequence[ImageTry]) -> list[JsonValue]:
    return [try_to_json(t) for t in tries]
