"""What a check reports: where, how serious, and a sentence a marketer understands."""

from __future__ import annotations

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
        """Stable name for dismissing a piece of advice (survives saving; changes if the scene moves)."""
        return f"{self.code}@{self.path}"

    @property
    def location(self) -> str:
        label = FIELD_LABELS.get(self.field, self.field)
        where = f"Scene {self.scene}" if self.scene is not None else "Video"
        return f"{where}, {label}" if label else where

    def describe(self) -> str:
        kind = "Error" if self.is_error else "Advice"
        return f"{kind} · {self.location}: {self.message}"
