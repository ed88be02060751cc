"""The sandbox's own reading of ``resources/catalog.json``.

Deliberately independent of ``pictory_desktop.domain``: the sandbox stands in for Pictory, so tests that
compare the app's estimate with what this server charges only mean something if the two were written apart.
Only the data file is shared, because the prices really are one fact.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib.resources import files
from typing import Any


@dataclass(frozen=True)
class ImageModel:
    id: str
    credits_per_image: Decimal
    aspect_ratios: frozenset[str]


@dataclass(frozen=True)
class VideoModel:
    id: str
    credits_per_second: Decimal
    durations: tuple[str, ...]
    aspect_ratios: frozenset[str]


@dataclass(frozen=True)
class Catalog:
    aspect_ratios: tuple[str, ...]
    story_limit: int
    prompt_limits: dict[str, int]
    image_models: dict[str, ImageModel]
    video_models: dict[str, VideoModel]
    media_styles: frozenset[str]
    elements_per_scene: int
    element_text_limit: int

    def model_kind(self, model_id: str) -> str | None:
        """``"image"``, ``"video"`` or None for a model Pictory does not offer."""
        if model_id in self.image_models:
            return "image"
        if model_id in self.video_models:
            return "video"
        return None

    def model_aspect_ratios(self, model_id: str) -> frozenset[str]:
        if model_id in self.image_models:
            return self.image_models[model_id].aspect_ratios
        if model_id in self.video_models:
            return self.video_models[model_id].aspect_ratios
        return frozenset()


def parse_catalog(raw: dict[str, Any]) -> Catalog:
    # Prices are strings in the file so Decimal sees "0.6", never the float 0.59999…
    return Catalog(
        aspect_ratios=tuple(raw["aspectRatios"]),
        story_limit=int(raw["storyLimit"]),
        prompt_limits={str(k): int(v) for k, v in raw["promptLimits"].items()},
        image_models={
            m["id"]: ImageModel(m["id"], Decimal(str(m["creditsPerImage"])), frozenset(m["aspectRatios"]))
            for m in raw["imageModels"]
        },
        video_models={
            m["id"]: VideoModel(
                m["id"],
                Decimal(str(m["creditsPerSecond"])),
                tuple(m["durations"]),
                frozenset(m["aspectRatios"]),
            )
            for m in raw["videoModels"]
        },
        media_styles=frozenset(s["id"] for s in raw["mediaStyles"]),
        elements_per_scene=int(raw["elementsPerScene"]),
        element_text_limit=int(raw["elementTextLimit"]),
    )


@lru_cache(maxsize=1)
def load_catalog() -> Catalog:
    text = files("pictory_desktop.resources").joinpath("catalog.json").read_text(encoding="utf-8")
    return parse_catalog(json.loads(text))
