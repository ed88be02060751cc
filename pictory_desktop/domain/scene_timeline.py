"""Where each scene of a video starts and ends, so a player can say which scene is on screen and jump to one.

A draft made on this computer knows its scene boundaries (its encoder returns them, and writes them as MP4
chapters too); a video from Pictory does not: a completed render job reports its ``videoDuration`` only
(pictory-api.md, "Follow a job"), so its player shows no scenes. The boundaries come from code or from a
file's chapters, so they are read leniently: one that cannot be a span (no length, negative, not a number)
is left out rather than stopping the video from playing.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import NamedTuple

# What a caller hands the player: (scene number from 1, part from 1 of a scene Pictory splits or None,
# start in seconds, end in seconds). A SceneSpan is one too.
SceneBoundary = tuple[int, int | None, float | Decimal, float | Decimal]

# A draft's chapters are titled by its encoder: "Scene 3", "Scene 3, part 2", "scene 3 (part 2)"…
_CHAPTER_TITLE = re.compile(r"^\s*scene\s+(\d+)\b(?:.*?\bpart\s+(\d+)\b)?", re.IGNORECASE)


class SceneSpan(NamedTuple):
    scene: int  # the scene's number in the storyboard, from 1
    part: int | None  # which part of a scene Pictory splits into several, from 1; None for a whole scene
    start: float  # seconds from the start of the video
    end: float

    @property
    def label(self) -> str:
        return f"Scene {self.scene}" if self.part is None else f"Scene {self.scene}, part {self.part}"


def scene_spans(boundaries: Iterable[SceneBoundary]) -> tuple[SceneSpan, ...]:
    """The boundaries as spans in the order they play; unusable ones are left out (see the module's note)."""
    spans: list[SceneSpan] = []
    for scene, part, start, end in boundaries:
        begins, ends = float(start), float(end)
        if scene < 1 or (part is not None and part < 1):
            continue
        if not (math.isfinite(begins) and math.isfinite(ends)) or begins < 0 or ends <= begins:
            continue
        spans.append(SceneSpan(scene, part, begins, ends))
    return tuple(sorted(spans, key=lambda span: (span.start, span.end)))


def span_at(spans: Sequence[SceneSpan], seconds: float) -> SceneSpan | None:
    """The span on screen at ``seconds`` (``spans`` in playing order), or None in a gap or outside them all.

    A span includes its start and not its end, except the last, which includes its end: a player that has
    reached the end of the video still shows the last scene.
    """
    index = bisect_right([span.start for span in spans], seconds) - 1
    if index < 0:
        return None
    span = spans[index]
    if seconds < span.end or (index == len(spans) - 1 and seconds <= span.end):
        return span
    return None


def scene_of_chapter(title: str) -> tuple[int, int | None] | None:
    """(scene, part) from a chapter titled like "Scene 3" or "Scene 3, part 2"; None for any other title,
    so a video whose chapters are not the storyboard's scenes offers no jump to the editor."""
    match = _CHAPTER_TITLE.match(title)
    if match is None:
        return None
    part = match.group(2)
    return int(match.group(1)), int(part) if part is not None else None


def clock_text(seconds: float) -> str:
    """A player's clock: "0:05", "12:40", "1:02:05" (whole seconds, rounded down as players do)."""
    whole = max(0, int(seconds)) if math.isfinite(seconds) else 0
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
