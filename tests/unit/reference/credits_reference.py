"""Frozen copy of the straightforward implementation (commit d06ec7a), the oracle for the optimised one.

AI-credit estimates per scene and for a whole storyboard, in exact decimal arithmetic."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from pictory_desktop.domain.catalog import Catalog, ImageModel, VideoModel, duration_seconds
from pictory_desktop.domain.storyboard import AiImage, AiVideo, Background, Scene, Storyboard, UnrecognisedBackground

from .text_reference import count_split_scenes

ZERO = Decimal(0)


@dataclass(frozen=True)
class SceneCost:
    credits: Decimal
    visuals: int  # AI images or clips this scene will generate
    unit_credits: Decimal  # per image or per clip
    estimated: bool  # Pictory splits the story into scenes; the count is our best guess
    priced: bool = True  # False when the model or duration is unknown, so the cost cannot be known

    @property
    def is_free(self) -> bool:
        return self.credits == ZERO


NO_COST = SceneCost(ZERO, 0, ZERO, False)


@dataclass(frozen=True)
class Estimate:
    scenes: tuple[SceneCost, ...]
    total: Decimal
    estimated: bool
    unpriced_scenes: tuple[int, ...]  # 1-based numbers of scenes whose cost could not be worked out


def _ai_fields(background: Background) -> tuple[str, str, str | None] | None:
    """(kind, model, duration) of whatever AI visual the background asks for, even a malformed one."""
    if isinstance(background, AiImage):
        return "image", background.model, None
    if isinstance(background, AiVideo):
        return "video", background.model, background.duration
    if isinstance(background, UnrecognisedBackground):
        ai = background.raw.get("aiVisual")
        if isinstance(ai, dict) and isinstance(ai.get("model"), str):
            duration = ai.get("videoDuration")
            kind = "video" if background.raw.get("type") == "video" else "image"
            return kind, ai["model"], duration if isinstance(duration, str) else None
    return None


def unit_cost(catalog: Catalog, kind: str, model_id: str, duration: str | None) -> Decimal | None:
    model = catalog.model(model_id)
    if isinstance(model, ImageModel) and kind == "image":
        return model.credits_per_image
    if isinstance(model, VideoModel) and kind == "video":
        seconds = duration_seconds(duration) if duration else None
        return model.credits_per_second * seconds if seconds is not None else None
    return None


def scene_cost(scene: Scene, catalog: Catalog) -> SceneCost:
    ai = _ai_fields(scene.background)
    if ai is None:
        return NO_COST
    kind, model_id, duration = ai
    splits = bool(scene.split_on_sentences) or bool(scene.split_on_lines)
    visuals = (
        count_split_scenes(
            scene.story_text, on_sentences=bool(scene.split_on_sentences), on_lines=bool(scene.split_on_lines)
        )
        if splits
        else 1
    )
    unit = unit_cost(catalog, kind, model_id, duration)
    if unit is None:
        return SceneCost(ZERO, visuals, ZERO, splits, priced=False)
    return SceneCost(unit * visuals, visuals, unit, splits)


def total_of(costs: Iterable[SceneCost]) -> Decimal:
    return sum((cost.credits for cost in costs), ZERO)


def estimate(storyboard: Storyboard, catalog: Catalog) -> Estimate:
    costs = tuple(scene_cost(scene, catalog) for scene in storyboard.scenes)
    return summarize(costs)


def summarize(costs: tuple[SceneCost, ...]) -> Estimate:
    return Estimate(
        scenes=costs,
        total=total_of(costs),
        estimated=any(cost.estimated for cost in costs),
        unpriced_scenes=tuple(i + 1 for i, cost in enumerate(costs) if not cost.priced),
    )
