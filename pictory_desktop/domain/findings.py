"""What a check reports: where, how serious, and a sentence a marketer understands."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "advice"]

# The short field names the editor places findings next to.
FIELD_LABELS = {
    "videoName": "video name",
    "aspectRatio": "aspect ratio",
    "scenes": "scenes",
    "story": "story",
    "background": "background",
    "model": "model",
    "mediaStyle": "style",
    "prompt": "prompt",
    "videoDuration": "clip length",
    "visualUrl": "picture address",
    "color": "colour",
    "type": "background type",
}


@dataclass(frozen=True)
class Finding:
    severity: Severity
    code: str  # stable identifier, e.g. "prompt-too-long"
    message: str  # says what is wrong and what to do
    path: str  # JSON path in the request body, e.g. "scenes[2].background.aiVisual.prompt"
    scene: int | None = None  # 1-based scene number, None for the whole video
    field: str = ""  # the editor field it belongs next to (a key of FIELD_LABELS)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def advice_id(self) -> str:
        """Stable name for dismissing a piece of advice (survives saving; renumber_advice_ids follows a scene
        that moves)."""
        return f"{self.code}@{self.path}"

    @property
    def location(self) -> str:
        label = FIELD_LABELS.get(self.field, self.field)
        where = f"Scene {self.scene}" if self.scene is not None else "Video"
        return f"{where}, {label}" if label else where

    def describe(self) -> str:
        kind = "Error" if self.is_error else "Advice"
        return f"{kind} · {self.location}: {self.message}"


_SCENE_IN_ID = re.compile(r"@scenes\[(\d+)\]")


def renumber_advice_ids(ids: Sequence[object], new_index: Callable[[int], int | None]) -> list[object]:
    """Dismissed advice ids after scenes were inserted, removed or moved, so a dismissed tip stays dismissed
    on its own scene. ``new_index`` maps a scene's old 0-based index to its new one, or to None when the
    scene is gone (its ids are dropped). Ids about the whole video, and entries that are not ids at all (a
    hand-edited file), are kept as they are."""
    result: list[object] = []
    for advice_id in ids:
        match = _SCENE_IN_ID.search(advice_id) if isinstance(advice_id, str) else None
        if match is None:
            result.append(advice_id)
            continue
        moved_to = new_index(int(match.group(1)))
        if moved_to is not None:
            result.append(f"{match.string[: match.start(1)]}{moved_to}{match.string[match.end(1) :]}")
    return result
