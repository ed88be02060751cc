"""Short texts the list and the editor show for scenes and costs, written once so they always agree."""

from __future__ import annotations

from decimal import Decimal

from .catalog import Catalog, format_credits
from .credits import Estimate, SceneCost
from .storyboard import AiBackground, AiVideo, Background, Colour, PictureUrl

# The sandbox's one story, told the same way everywhere: its balance goes down, but with pretend credits.
SANDBOX_SENTENCE = (
    "Sandbox: videos are made on this computer with pretend credits. Nothing is sent to Pictory and your "
    "account is never charged."
)
PRETEND = "pretend"

KIND_LABELS = {
    "none": "No background",
    "ai_image": "AI image",
    "ai_video": "AI video",
    "picture_url": "Picture from the web",
    "colour": "Plain colour",
    "unrecognised": "Background Pictory would reject",
}

SUMMARY_WORDS = 8


def credits(value: Decimal) -> str:
    word = "credit" if value == 1 else "credits"
    return f"{format_credits(value)} {word}"


def scene_credits(cost: SceneCost) -> str:
    """ "0.6 credits", "≈ 2.4 credits", "No AI credits" or "Cost unknown"."""
    if not cost.priced:
        return "Cost unknown"
    if cost.is_free:
        return "No AI credits"
    return ("≈ " if cost.estimated else "") + credits(cost.credits)


def scene_credits_detail(cost: SceneCost, background: Background) -> str:
    """The editor's sentence about this scene's cost, including how it was worked out."""
    if not cost.priced:
        return "The cost of this scene is unknown until the model and clip length are valid."
    if cost.is_free:
        return "This scene uses no AI credits."
    visual = "AI clip" if isinstance(background, AiVideo) else "AI image"
    if cost.visuals == 1:
        return f"This scene costs {credits(cost.credits)}."
    return (
        f"This scene costs ≈ {credits(cost.credits)}: about {cost.visuals} {visual}s at "
        f"{credits(cost.unit_credits)} each."
    )


def total_credits(estimate: Estimate) -> str:
    text = ("≈ " if estimate.estimated else "") + credits(estimate.total)
    if estimate.unpriced_scenes:
        scenes = ", ".join(str(n) for n in estimate.unpriced_scenes)
        return f"Total: at least {text} (cost of scene {scenes} unknown)"
    return f"Total: {text}"


def background_summary(background: Background, catalog: Catalog) -> str:
    """ "AI image · Flux", "Plain colour #1f2937" and the like."""
    label = KIND_LABELS[background.kind]
    if isinstance(background, AiBackground):
        model = catalog.model(background.model)
        name = model.name if model else f"unknown model “{background.model}”"
        extra = f" {background.duration}" if isinstance(background, AiVideo) and background.duration else ""
        return f"{label} · {name}{extra}"
    if isinstance(background, Colour):
        return f"{label} {background.color}"
    if isinstance(background, PictureUrl) and background.url:
        return f"{label}"
    return label


def story_summary(story: str) -> str:
    words = story.split()
    if not words:
        return "(no story yet)"
    text = " ".join(words[:SUMMARY_WORDS])
    return text + ("…" if len(words) > SUMMARY_WORDS else "")
