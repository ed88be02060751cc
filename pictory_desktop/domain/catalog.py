"""The model/style catalog: every price, limit and model fact, read from ``resources/catalog.json``.

Nothing here hard-codes a price or a limit, so changing one is a one-line data edit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Literal

from .storyboard import JsonObject, JsonValue

ModelKind = Literal["image", "video"]


@dataclass(frozen=True)
class ImageModel:
    id: str
    name: str
    credits_per_image: Decimal
    best_for: str
    aspect_ratios: tuple[str, ...]
    renders_text: bool

    @property
    def kind(self) -> ModelKind:
        return "image"

    @property
    def price_label(self) -> str:
        return f"{format_credits(self.credits_per_image)} credits per image"


@dataclass(frozen=True)
class VideoModel:
    id: str
    name: str
    credits_per_second: Decimal
    durations: tuple[str, ...]
    best_for: str
    aspect_ratios: tuple[str, ...]

    @property
    def kind(self) -> ModelKind:
        return "video"

    @property
    def price_label(self) -> str:
        return f"{format_credits(self.credits_per_second)} credits per second"


AiModel = ImageModel | VideoModel


@dataclass(frozen=True)
class MediaStyle:
    id: str
    name: str
    description: str
    best_for: str


@dataclass(frozen=True)
class Catalog:
    image_models: tuple[ImageModel, ...]
    video_models: tuple[VideoModel, ...]
    media_styles: tuple[MediaStyle, ...]
    aspect_ratios: tuple[str, ...]
    default_aspect_ratio: str
    story_limit: int
    prompt_limits: dict[str, int]
    elements_per_scene: int  # a scene's elements: 1 to this many
    element_text_limit: int  # characters in a text element
    # Lookups happen on every keystroke, so index once (in __post_init__; not compared, not shown).
    _models: dict[str, AiModel] = field(init=False, repr=False, compare=False)
    _styles: dict[str, MediaStyle] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_models", {m.id: m for m in (*self.image_models, *self.video_models)})
        object.__setattr__(self, "_styles", {s.id: s for s in self.media_styles})

    def model(self, model_id: str) -> AiModel | None:
        return self._models.get(model_id)

    def style(self, style_id: str) -> MediaStyle | None:
        return self._styles.get(style_id)

    def prompt_limit(self, kind: ModelKind) -> int:
        return self.prompt_limits[kind]

    def models_of(self, kind: ModelKind) -> tuple[AiModel, ...]:
        return self.image_models if kind == "image" else self.video_models


def duration_seconds(duration: str) -> int | None:
    """ "5s" -> 5; anything else -> None."""
    text = duration.strip().lower()
    if text.endswith("s") and text[:-1].isdigit():
        return int(text[:-1])
    return None


def format_credits(value: Decimal) -> str:
    """Decimal credits as a person writes them: 1.8, 6, 0.6 (never 6.0 or 1.8E+1)."""
    normalized = value.normalize()
    if normalized == normalized.to_integral_value():
        return str(normalized.quantize(Decimal(1)))
    return format(normalized, "f")


class CatalogError(ValueError):
    """The catalog data file is broken: a packaging bug, not a user error."""


# Readers for parse_catalog: each returns the value as the type it must be, or raises TypeError.


def _object(value: JsonValue) -> JsonObject:
    if isinstance(value, dict):
        return value
    raise TypeError(f"expected an object, not {type(value).__name__}")


def _objects(value: JsonValue) -> list[JsonObject]:
    if isinstance(value, list):
        return [_object(item) for item in value]
    raise TypeError(f"expected a list, not {type(value).__name__}")


def _text(value: JsonValue) -> str:
    if isinstance(value, str):
        return value
    raise TypeError(f"expected text, not {type(value).__name__}")


def _texts(value: JsonValue) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(_text(item) for item in value)
    raise TypeError(f"expected a list, not {type(value).__name__}")


def _number(value: JsonValue) -> str | int | float:
    """A number, or a number written as text ("0.6": exact in Decimal)."""
    if isinstance(value, str | int | float):
        return value
    raise TypeError(f"expected a number, not {type(value).__name__}")


def parse_catalog(data: JsonValue) -> Catalog:
    try:
        top = _object(data)
        return Catalog(
            image_models=tuple(
                ImageModel(
                    id=_text(m["id"]),
                    name=_text(m["name"]),
                    credits_per_image=Decimal(_number(m["creditsPerImage"])),
                    best_for=_text(m["bestFor"]),
                    aspect_ratios=_texts(m["aspectRatios"]),
                    renders_text=bool(m.get("rendersText", False)),
                )
                for m in _objects(top["imageModels"])
            ),
            video_models=tuple(
                VideoModel(
                    id=_text(m["id"]),
                    name=_text(m["name"]),
                    credits_per_second=Decimal(_number(m["creditsPerSecond"])),
                    durations=_texts(m["durations"]),
                    best_for=_text(m["bestFor"]),
                    aspect_ratios=_texts(m["aspectRatios"]),
                )
                for m in _objects(top["videoModels"])
            ),
            media_styles=tuple(
                MediaStyle(
                    id=_text(s["id"]),
                    name=_text(s["name"]),
                    description=_text(s["description"]),
                    best_for=_text(s["bestFor"]),
                )
                for s in _objects(top["mediaStyles"])
            ),
            aspect_ratios=_texts(top["aspectRatios"]),
            default_aspect_ratio=_text(top["defaultAspectRatio"]),
            story_limit=int(_number(top["storyLimit"])),
            prompt_limits={k: int(_number(v)) for k, v in _object(top["promptLimits"]).items()},
            elements_per_scene=int(_number(top["elementsPerScene"])),
            element_text_limit=int(_number(top["elementTextLimit"])),
        )
    except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
        raise CatalogError(f"The model catalog is damaged ({exc!r}); reinstall Pictory Desktop.") from exc


@cache
def default_catalog() -> Catalog:
    text = resources.files("pictory_desktop.resources").joinpath("catalog.json").read_text("utf-8")
    return parse_catalog(json.loads(text))
