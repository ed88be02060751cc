"""What a check reports: where, how serious, and a sentence a marketer understands."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "advice"]

_IN_A_SCENE = re.compile(r"scenes\[\d+\](?:\.(.*))?", re.DOTALL)

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
    "elements": "overlays",
    "searchFilter": "stock search",
    "voiceOver": "voice-over",
    "speaker": "voice",
    "speed": "voice speed",
    "amplificationLevel": "voice volume",
    "backgroundMusic": "music",
    "musicUrl": "music track",
    "volume": "music volume",
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
        """Stable name of a piece of advice in the whole storyboard (as the project file keeps dismissals)."""
        return f"{self.code}@{self.path}"

    @property
    def dismissal_key(self) -> str:
        """What a dismissal is kept under: a scene's advice relative to its scene (the scene keeps it, so it
        follows the scene wherever it moves), the video's by its advice id."""
        match = _IN_A_SCENE.fullmatch(self.path) if self.scene is not None else None
        if match is None:
            return self.advice_id
        return f"{self.code}@{match.group(1) or ''}"

    @property
    def location(self) -> str:
        label = FIELD_LABELS.get(self.field, self.field)
        if self.scene is not None:
            return f"Scene {self.scene}, {label}" if label else f"Scene {self.scene}"
        # "Video name", not "Video, video name" (which a screen reader reads out word for word).
        if not label:
            return "Video"
        return label[:1].upper() + label[1:]

    def describe(self) -> str:
        kind = "Error" if self.is_error else "Advice"
        return f"{kind} · {self.location}: {self.message}"
