"""Small builders for domain tests: storyboards as plain JSON bodies, the way users write them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pictory_desktop.domain.body import storyboard_from_body
from pictory_desktop.domain.storyboard import Storyboard

DATA = Path(__file__).parent / "data"


def guide_body() -> dict[str, Any]:
    return json.loads((DATA / "guide_example.json").read_text("utf-8"))


def ai_image_scene(model: str = "flux-schnell", prompt: str | None = None, **extra: Any) -> dict[str, Any]:
    ai: dict[str, Any] = {"model": model}
    if prompt is not None:
        ai["prompt"] = prompt
    scene: dict[str, Any] = {
        "story": "A calm, sunny office where a team plans the launch.",
        "background": {"type": "image", "aiVisual": ai},
    }
    scene.update(extra)
    return scene


def board(*scenes: dict[str, Any], **top: Any) -> Storyboard:
    body: dict[str, Any] = {"videoName": "Launch teaser", "voiceOver": {"enabled": True}, "scenes": list(scenes)}
    body.update(top)
    return storyboard_from_body(body)
