"""The scenes a video file names in its chapters, for the player's scene list when its caller gave none.

A draft's encoder writes one chapter per scene ("Scene 3", "Scene 3, part 2"); Qt's player does not expose
chapters, so they are read with PyAV (the draft video's dependency), imported only when a video is opened. A
build without it (an LGPL-only package, say), or a file it cannot read, simply has no chapters: it is looked up
with ``importlib`` so that stays true.
"""

from __future__ import annotations

import importlib
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..domain.scene_timeline import SceneBoundary, SceneSpan, scene_of_chapter, scene_spans


def pyav_available() -> bool:
    try:
        importlib.import_module("av")
    except ImportError:
        return False
    return True


def read_scene_chapters(path: Path | str) -> tuple[SceneSpan, ...]:
    """The chapters of ``path`` titled after scenes, as spans; () without PyAV, chapters or a readable file."""
    try:
        av: Any = importlib.import_module("av")
    except ImportError:
        return ()
    try:
        with av.open(str(path)) as container:
            chapters: list[dict[str, Any]] = container.chapters()  # PyAV 14+: id, start, end, time_base, metadata
    except Exception:  # an optional extra: whatever PyAV raises, the video still plays
        return ()
    return scene_spans(_boundaries(chapters))


def _boundaries(chapters: list[dict[str, Any]]) -> list[SceneBoundary]:
    boundaries: list[SceneBoundary] = []
    for chapter in chapters:
        metadata = chapter.get("metadata") or {}
        named = scene_of_chapter(str(metadata.get("title", "")))
        time_base = chapter.get("time_base")
        if named is None or not isinstance(time_base, Fraction):
            continue
        start, end = chapter.get("start"), chapter.get("end")
        if isinstance(start, int) and isinstance(end, int):
            boundaries.append((named[0], named[1], float(start * time_base), float(end * time_base)))
    return boundaries
