"""What the user confirms and the job controller sends: one value, so the dialog shows exactly what is sent."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from .catalog import Catalog
from .credits import Estimate, estimate
from .storyboard import JsonObject, Storyboard


@dataclass(frozen=True)
class RenderRequest:
    storyboard: Storyboard  # as it was when the user pressed Render
    estimate: Estimate
    project_path: Path | None = None  # where the storyboard is saved, kept with the job

    @classmethod
    def of(cls, storyboard: Storyboard, catalog: Catalog, project_path: Path | None = None) -> RenderRequest:
        return cls(storyboard, estimate(storyboard, catalog), project_path)

    @property
    def name(self) -> str:
        return self.storyboard.video_name or "Untitled video"


def body_digest(body: JsonObject) -> str:
    """The same digest for the same request, whatever the order of its keys: it finds a repeated render."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
