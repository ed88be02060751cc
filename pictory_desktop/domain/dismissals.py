"""Dismissed advice lives with what it is about: each scene keeps its own, the storyboard keeps the video's.

So inserting, deleting, moving, undoing and redoing scenes carry a dismissal along with its scene, with no
bookkeeping. A scene keeps a piece of advice under ``Finding.dismissal_key`` (its id relative to the scene).
The project file keeps one list, ``dismissedAdvice`` in the app's own key, of ids as ``Finding.advice_id``
names them (``prompt-negative@scenes[2].background.aiVisual.prompt``); only loading and saving translate.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .storyboard import JsonValue

DISMISSED_ADVICE_KEY = "dismissedAdvice"

_SCENE_ID = re.compile(r"(?P<code>[^@]*)@scenes\[(?P<index>\d+)\](?:\.(?P<rest>.*))?", re.DOTALL)


def split_saved_dismissals(saved: JsonValue, scene_count: int) -> tuple[frozenset[str], tuple[frozenset[str], ...]]:
    """The video's dismissals and each scene's, from the list a project file holds.

    Entries that are not text (a hand-edited file) or that name a scene the storyboard does not have are
    dropped: they could only ever hide a tip on a scene that comes later."""
    video: set[str] = set()
    scenes: list[set[str]] = [set() for _ in range(scene_count)]
    for entry in saved if isinstance(saved, list) else []:
        if not isinstance(entry, str):
            continue
        match = _SCENE_ID.fullmatch(entry)
        if match is None:
            video.add(entry)
            continue
        index = int(match.group("index"))
        if index < scene_count:
            scenes[index].add(f"{match.group('code')}@{match.group('rest') or ''}")
    return frozenset(video), tuple(frozenset(keys) for keys in scenes)


def scene_advice_id(key: str, index: int) -> str:
    """The file's id for a dismissal kept on the scene at 0-based ``index``."""
    code, _, rest = key.partition("@")
    return f"{code}@scenes[{index}]{'.' + rest if rest else ''}"


def saved_dismissals(video: frozenset[str], scenes: Sequence[frozenset[str]]) -> list[str]:
    """The list a project file keeps: the video's ids, then each scene's at its current position."""
    ids = sorted(video)
    for index, keys in enumerate(scenes):
        ids += [scene_advice_id(key, index) for key in sorted(keys)]
    return ids
