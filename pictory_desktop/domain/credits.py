"""AI-credit estimates per scene and for a whole storyboard, in exact decimal arithmetic.

A scene pays for its AI background and for the AI images and clips its elements and b-roll cuts ask for
(``Scene.ai_media``), each at its model's price. When Pictory splits a story into one scene per sentence or
line, every resulting scene gets its own AI background (documented); whether it also repeats the elements is
not documented, so the estimate assumes it does: an estimate may over-count, never under-count.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter

from .catalog import Catalog, ImageModel, VideoModel, duration_seconds
from .storyboard import AiImage, AiMedia, AiVideo, Background, Scene, Storyboard, UnrecognisedBackground
from .text import count_split_scenes

ZERO = Decimal(0)


@dataclass(frozen=True)
class SceneCost:
    credits: Decimal  # everything the scene generates: its background and its AI media
    visuals: int  # AI images or clips the background will generate
    unit_credits: Decimal  # per background image or clip
    estimated: bool  # Pictory splits the story into scenes; the count is our best guess
    priced: bool = True  # False when a model or duration is unknown, so the cost cannot be known

    # A scene with AI media in its elements or b-roll cuts costs a MediaSceneCost. The common case keeps to
    # five fields: a frozen dataclass sets each one in __init__, and estimates run on every keystroke.
    @property
    def media_credits(self) -> Decimal:
        """The part of ``credits`` for the AI media of elements and b-roll cuts."""
        return ZERO

    @property
    def media_visuals(self) -> int:
        """AI images or clips those will generate (each counted once per resulting scene)."""
        return 0

    @property
    def background_credits(self) -> Decimal:
        return self.credits - self.media_credits

    @property
    def all_visuals(self) -> int:
        return self.visuals + self.media_visuals

    @property
    def is_free(self) -> bool:
        return self.credits == ZERO


NO_COST = SceneCost(ZERO, 0, ZERO, False)


@dataclass(frozen=True)
class MediaSceneCost(SceneCost):
    media: Decimal = ZERO
    media_count: int = 0

    @property
    def media_credits(self) -> Decimal:
        return self.media

    @property
    def media_visuals(self) -> int:
        return self.media_count


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
        if isinstance(ai, dict):
            model = ai.get("model")
            if isinstance(model, str):
                duration = ai.get("videoDuration")
                kind = "video" if background.raw.get("type") == "video" else "image"
                return kind, model, duration if isinstance(duration, str) else None
    return None


def unit_cost(catalog: Catalog, kind: str, model_id: str, duration: str | None) -> Decimal | None:
    model = catalog.model(model_id)
    if isinstance(model, ImageModel) and kind == "image":
        return model.credits_per_image
    if isinstance(model, VideoModel) and kind == "video":
        seconds = duration_seconds(duration) if duration else None
        return model.credits_per_second * seconds if seconds is not None else None
    return None


# Prices per (kind, model, duration) of the catalog last used: a storyboard uses a handful of models, and
# working out a price (model lookup, duration parsing, Decimal product) is most of a scene's cost.
# One (catalog, table) pair, swapped whole, so a thread never sees one catalog's table with another's.
_PriceKey = tuple[str, str, str | None]
_PriceTable = dict[_PriceKey, tuple[Decimal | None, SceneCost]]
_prices: tuple[Catalog | None, _PriceTable] = (None, {})


def _price(catalog: Catalog, ai: _PriceKey) -> tuple[Decimal | None, SceneCost]:
    """(unit price or None when unknown, the cost of a scene that makes one visual)."""
    global _prices
    table: _PriceTable
    owner, table = _prices
    if owner is not catalog:
        table = {}
        _prices = (catalog, table)
    entry = table.get(ai)
    if entry is None:
        unit = unit_cost(catalog, *ai)
        single = SceneCost(ZERO, 1, ZERO, False, priced=False) if unit is None else SceneCost(unit * 1, 1, unit, False)
        entry = table[ai] = (unit, single)
    return entry


def media_unit_cost(media: AiMedia, catalog: Catalog) -> Decimal | None:
    """What one AI image or clip of an element or b-roll cut costs; None when its model or length is unknown.
    A malformed one is priced as its model would make it, so a broken file never looks free."""
    visual = media.visual
    if isinstance(visual, AiImage):
        return _price(catalog, ("image", visual.model, None))[0]
    if isinstance(visual, AiVideo):
        return _price(catalog, ("video", visual.model, visual.duration))[0]
    model = catalog.model(media.model or "")
    if model is None:
        return None
    duration = media.ai.get("videoDuration")
    return _price(catalog, (model.kind, model.id, duration if isinstance(duration, str) else None))[0]


def _with_media(cost: SceneCost, scene: Scene, catalog: Catalog) -> SceneCost:
    units = [media_unit_cost(media, catalog) for media in scene.ai_media]
    split = bool(scene.split_on_sentences or scene.split_on_lines)
    copies = (
        count_split_scenes(
            scene.story_text, on_sentences=bool(scene.split_on_sentences), on_lines=bool(scene.split_on_lines)
        )
        if split
        else 1
    )
    media_credits = sum((unit for unit in units if unit is not None), ZERO) * copies
    return MediaSceneCost(
        cost.credits + media_credits,
        cost.visuals,
        cost.unit_credits,
        cost.estimated or split,
        cost.priced and None not in units,
        media_credits,
        len(units) * copies,
    )


def scene_cost(scene: Scene, catalog: Catalog) -> SceneCost:
    background = scene.background
    # Runs for every scene on open: the two common kinds inline, and the AI media of elements (rare) looked
    # at only on the way out; _ai_fields has the general answer (subclasses, malformed backgrounds).
    if type(background) is AiImage:
        ai: _PriceKey | None = ("image", background.model, None)
    elif type(background) is AiVideo:
        ai = ("video", background.model, background.duration)
    else:
        ai = _ai_fields(background)
        if ai is None:
            return _with_media(NO_COST, scene, catalog) if scene.ai_media else NO_COST
    owner, table = _prices
    entry = table.get(ai) if owner is catalog else None
    unit, single = entry if entry is not None else _price(catalog, ai)
    if not (scene.split_on_sentences or scene.split_on_lines):
        return _with_media(single, scene, catalog) if scene.ai_media else single
    visuals = count_split_scenes(
        scene.story_text, on_sentences=bool(scene.split_on_sentences), on_lines=bool(scene.split_on_lines)
    )
    if unit is None:
        cost = SceneCost(ZERO, visuals, ZERO, True, priced=False)
    else:
        cost = SceneCost(unit * visuals, visuals, unit, True)
    return _with_media(cost, scene, catalog) if scene.ai_media else cost


def estimate(storyboard: Storyboard, catalog: Catalog) -> Estimate:
    costs = tuple(scene_cost(scene, catalog) for scene in storyboard.scenes)
    return summarize(costs)


def summarize(costs: tuple[SceneCost, ...]) -> Estimate:
    # Runs on every keystroke over every scene: map/attrgetter keep the loops in C.
    return Estimate(
        scenes=costs,
        total=sum(map(_credits_of, costs), ZERO),
        estimated=any(map(_estimated_of, costs)),
        unpriced_scenes=tuple(i + 1 for i, priced in enumerate(map(_priced_of, costs)) if not priced),
    )


_credits_of = attrgetter("credits")
_estimated_of = attrgetter("estimated")
_priced_of = attrgetter("priced")
