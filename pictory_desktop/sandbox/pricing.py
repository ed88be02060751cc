"""What a (valid) storyboard costs and how long its scenes run, computed the sandbox's own way.

Rules (pictory-api.md, AI background images guide):

* An AI image background costs the model's credits per image; an AI video background costs the model's
  rate × the seconds in ``videoDuration``. Other backgrounds are free. The ``aiVisual`` of a scene element
  or of a b-roll cut (``backgroundBrolls``) is generated and charged the same way.
* A scene with ``createSceneOnNewLine`` becomes one scene per non-empty line; with
  ``createSceneOnEndOfSentence`` one per sentence (inside each line when both are set). Every resulting
  scene gets its own AI visual and is charged; the scene's elements and b-roll cuts come along to every
  resulting scene, and so do their AI visuals (undocumented: the sandbox takes the reading that charges
  more, so an estimate that passes here never under-counts). A sentence ends at a run of ``.``, ``!``, ``?`` or ``…``
  (optionally followed by closing quotes or brackets) that is followed by whitespace or the end of the text;
  an empty story still makes one scene.
* Scene length (for subtitles and ``videoDuration``): an AI video clip's own length, otherwise the time to
  narrate the words at 150 words a minute, at least 3 seconds.

All arithmetic is Decimal so 0.6 × 3 is exactly 1.8.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pictory_desktop.sandbox.catalog import Catalog

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+")
_WORDS_PER_SECOND = Decimal("2.5")
_MIN_SCENE_SECONDS = Decimal(3)


@dataclass(frozen=True)
class RenderedScene:
    story: str
    ai_model: str | None
    ai_kind: str | None  # "image" | "video" | None
    cost: Decimal
    seconds: Decimal


def split_story(story: str, *, by_sentence: bool, by_line: bool) -> list[str]:
    pieces = [story]
    if by_line:
        pieces = [line.strip() for line in story.splitlines() if line.strip()]
    if by_sentence:
        pieces = [s.strip() for piece in pieces for s in _SENTENCE_END.split(piece) if s.strip()]
    return pieces or [story.strip()]


def _ai_cost(ai: dict[str, Any] | None, catalog: Catalog) -> tuple[str | None, str | None, Decimal, Decimal]:
    """(model, kind, credits, clip seconds) of one generated visual."""
    if not isinstance(ai, dict) or not isinstance(ai.get("model"), str):
        return None, None, Decimal(0), Decimal(0)
    model = ai["model"]
    if model in catalog.image_models:
        return model, "image", catalog.image_models[model].credits_per_image, Decimal(0)
    if model in catalog.video_models:
        seconds = Decimal(str(ai.get("videoDuration", "0s")).rstrip("s") or "0")
        return model, "video", catalog.video_models[model].credits_per_second * seconds, seconds
    return None, None, Decimal(0), Decimal(0)


def _media_cost(scene: dict[str, Any], catalog: Catalog) -> Decimal:
    """What the AI visuals of a scene's elements and b-roll cuts cost, once."""
    total = Decimal(0)
    for key in ("elements", "backgroundBrolls"):
        items = scene.get(key)
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict):
                total += _ai_cost(item.get("aiVisual"), catalog)[2]
    return total


def expand_scenes(body: dict[str, Any], catalog: Catalog) -> list[RenderedScene]:
    """The scenes Pictory would actually render, after sentence/line splitting."""
    result: list[RenderedScene] = []
    for scene in body.get("scenes", []):
        if not isinstance(scene, dict):
            continue
        raw_story, raw_background = scene.get("story"), scene.get("background")
        story = raw_story if isinstance(raw_story, str) else ""
        background: dict[str, Any] = raw_background if isinstance(raw_background, dict) else {}
        model, kind, cost, clip_seconds = _ai_cost(background.get("aiVisual"), catalog)
        cost += _media_cost(scene, catalog)
        texts = split_story(
            story,
            by_sentence=scene.get("createSceneOnEndOfSentence") is True,
            by_line=scene.get("createSceneOnNewLine") is True,
        )
        for text in texts:
            spoken = Decimal(len(text.split())) / _WORDS_PER_SECOND
            seconds = clip_seconds if kind == "video" else max(_MIN_SCENE_SECONDS, spoken)
            result.append(RenderedScene(text, model, kind, cost, seconds.quantize(Decimal("0.1"))))
    return result


def storyboard_cost(body: dict[str, Any], catalog: Catalog) -> Decimal:
    return sum((scene.cost for scene in expand_scenes(body, catalog)), Decimal(0))
