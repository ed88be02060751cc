"""Pictory's own published request bodies (``bodies/``, sources in ``manifest.json``) and copies of them that
each break one documented rule.

Every published body must validate with no error and no "undocumented field" advice, cost what Pictory's
prices say, be accepted by the sandbox, and open and save unchanged in the editor. Every mutation must be
caught: by the app's checks (an error, or advice where Pictory accepts the body but ignores part of it) and,
where Pictory rejects the body, by the sandbox's independent validation too.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Literal

HERE = Path(__file__).parent
BODIES = HERE / "bodies"


@dataclass(frozen=True)
class Published:
    file: str
    source: str
    kind: str  # verbatim | tail | fragments (see manifest.json)
    credits: Decimal

    @property
    def name(self) -> str:
        return self.file.removesuffix(".json")

    @property
    def path(self) -> Path:
        return BODIES / self.file

    def body(self) -> dict[str, Any]:
        return copy.deepcopy(_read(self.file))


@cache
def _read(file: str) -> dict[str, Any]:
    return json.loads((BODIES / file).read_text("utf-8"))


def _manifest() -> list[Published]:
    raw = json.loads((HERE / "manifest.json").read_text("utf-8"))
    return [Published(b["file"], b["source"], b["kind"], Decimal(b["credits"])) for b in raw["bodies"]]


PUBLISHED = _manifest()
BY_NAME = {p.name: p for p in PUBLISHED}


# ------------------------------------------------------------------------------------------- mutations

Edit = Callable[[dict[str, Any]], None]


def _walk(body: Any, dotted: str) -> tuple[Any, str | int]:
    *parents, last = [int(p) if p.isdigit() else p for p in dotted.split(".")]
    for part in parents:
        body = body[part]
    return body, last


def put(dotted: str, value: Any) -> Edit:
    def edit(body: dict[str, Any]) -> None:
        parent, key = _walk(body, dotted)
        parent[key] = value

    return edit


def drop(dotted: str) -> Edit:
    def edit(body: dict[str, Any]) -> None:
        parent, key = _walk(body, dotted)
        del parent[key]

    return edit


def rename(dotted: str, new_name: str) -> Edit:
    """Rename a key in place, keeping its position (a typo in a file keeps the key where it was)."""

    def edit(body: dict[str, Any]) -> None:
        parent, key = _walk(body, dotted)
        items = list(parent.items())
        parent.clear()
        parent.update((new_name if k == key else k, v) for k, v in items)

    return edit


def both(*edits: Edit) -> Edit:
    def edit(body: dict[str, Any]) -> None:
        for one in edits:
            one(body)

    return edit


@dataclass(frozen=True)
class Mutation:
    name: str
    base: str  # a Published name
    rule: str  # the documented rule the copy breaks, and where it is written
    edit: Edit
    path: str  # where the app reports it; where Pictory rejects the body, also the sandbox's field name
    code: str  # the app's finding code
    severity: Literal["error", "advice"]
    pictory: Literal["rejects", "drops", "accepts"]  # what Pictory does with it (and so the sandbox)
    # Where Pictory's 400 names a different field than the app's finding: a dropped misspelling can leave a
    # required field missing, and the server can only name the field it misses.
    rejected_path: str | None = None

    def body(self) -> dict[str, Any]:
        body = BY_NAME[self.base].body()
        self.edit(body)
        return body


EX1, EX2, EX3, EX4 = (
    "skills-example-1-designed-explainer",
    "skills-example-2-ai-backgrounds-short",
    "skills-example-3-ai-media-elements",
    "skills-example-4-pipeline-diagram",
)
GUIDE, RECIPE, FRAGMENTS, TEMPLATE = (
    "docs-ai-background-images-guide",
    "docs-recipe-1-text-to-video-with-voice-over",
    "skills-schema-reference-fragments",
    "skills-schema-template-only",
)
E3 = "scenes.0.elements.2"  # Example 3's first AI image element (seedream3.0)
E3_PATH = "scenes[0].elements[2]"
CLIP = "scenes.2.elements.1"  # Example 3's AI video element (pixverse5.5, 5 s)
CLIP_PATH = "scenes[2].elements[1]"

MUTATIONS: list[Mutation] = [
    Mutation(
        "ai-background-without-type", GUIDE, "background-images guide: 'Wrong — missing type'",
        drop("scenes.0.background.type"), "scenes[0].background.type", "type-missing", "error", "rejects",
    ),
    Mutation(
        "ai-background-mixed-with-url", GUIDE, "background-images guide: 'Wrong — mixing background types'",
        put("scenes.0.background.visualUrl", "https://example.com/a.jpg"),
        "scenes[0].background", "background-mixed", "error", "rejects",
    ),
    Mutation(
        "duration-on-ai-image", GUIDE, "background-images guide: 'Wrong — videoDuration not allowed for images'",
        put("scenes.0.background.aiVisual.videoDuration", "5s"),
        "scenes[0].background.aiVisual.videoDuration", "duration-on-image", "error", "rejects",
    ),
    Mutation(
        "search-filter-with-colour", EX1, "request-schema: exactly one of visualUrl, color, aiVisual, or none plus a searchFilter",
        put("scenes.0.background.color", "rgb(0,0,0)"), "scenes[0].background", "background-mixed", "error", "rejects",
    ),
    Mutation(
        "element-ai-model-unknown", EX3, "request-schema AI models table",
        put(f"{E3}.aiVisual.model", "seedream4"), f"{E3_PATH}.aiVisual.model", "model-unknown", "error", "rejects",
    ),
    Mutation(
        "element-ai-video-model-as-image", EX3, "request-schema: type is image for image models, video for video models",
        put(f"{E3}.aiVisual.model", "pixverse5.5"), f"{E3_PATH}.aiVisual.model", "model-wrong-type", "error", "rejects",
    ),
    Mutation(
        "element-ai-duration-not-offered", EX3, "request-schema: videoDuration must match the model's allowed values",
        put(f"{CLIP}.aiVisual.videoDuration", "6s"), f"{CLIP_PATH}.aiVisual.videoDuration", "duration-unsupported",
        "error", "rejects",
    ),
    Mutation(
        "element-ai-duration-on-image", EX3, "request-schema: videoDuration is forbidden for image models",
        put(f"{E3}.aiVisual.videoDuration", "5s"), f"{E3_PATH}.aiVisual.videoDuration", "duration-on-image",
        "error", "rejects",
    ),
    Mutation(
        "element-ai-prompt-too-long", EX3, "catalog: image prompts at most 250 characters (AI backgrounds guide)",
        put(f"{E3}.aiVisual.prompt", "sleek lamp " * 25), f"{E3_PATH}.aiVisual.prompt", "prompt-too-long",
        "error", "rejects",
    ),
    Mutation(
        "element-ai-style-unknown", EX3, "request-schema: mediaStyle is one of six styles",
        put(f"{E3}.aiVisual.mediaStyle", "neon"), f"{E3_PATH}.aiVisual.mediaStyle", "style-unknown", "error", "rejects",
    ),
    Mutation(
        "element-ai-model-wrong-aspect", EX3, "request-schema AI models table: seedream3.0 makes 1:1, 16:9, 9:16",
        put("aspectRatio", "4:5"), f"{E3_PATH}.aiVisual.model", "aspect-unsupported", "error", "rejects",
    ),
    Mutation(
        "element-ai-without-type", EX3, "request-schema: type is required with aiVisual",
        drop(f"{E3}.type"), f"{E3_PATH}.type", "type-missing", "error", "rejects",
    ),
    Mutation(
        "media-element-two-sources", EX3, "request-schema: a media element has exactly one of visualUrl, searchFilter, aiVisual",
        put(f"{E3}.visualUrl", "https://example.com/lamp.png"), E3_PATH, "element-source", "error", "rejects",
    ),
    Mutation(
        "too-many-elements", EX4, "request-schema: 1-20 elements per scene",
        lambda body: body["scenes"][0]["elements"].extend(body["scenes"][0]["elements"] * 2),  # 10 → 30
        "scenes[0].elements", "elements-count", "error", "rejects",
    ),
    Mutation(
        "text-element-without-text", EX1, "request-schema: a text element's text is required",
        drop("scenes.0.elements.1.text"), "scenes[0].elements[1].text", "element-text-missing", "error", "rejects",
    ),
    Mutation(
        "misspelled-search-filter", EX1, "request-schema: unknown fields are silently stripped",
        rename("scenes.0.background.searchFilter", "serchFilter"), "scenes[0].background.serchFilter",
        "field-misspelled", "error", "drops",
    ),
    Mutation(
        "misspelled-text-variant", EX1, "request-schema: unknown fields are silently stripped",
        rename("scenes.0.elements.1.textVariant", "textVarient"), "scenes[0].elements[1].textVarient",
        "field-misspelled", "error", "drops",
    ),
    Mutation(
        "misspelled-speaker", EX1,
        "request-schema: unknown fields are silently stripped, and aiVoices[].speaker is required",
        rename("voiceOver.aiVoices.0.speaker", "speakr"), "voiceOver.aiVoices[0].speakr",
        "field-misspelled", "error", "rejects", rejected_path="voiceOver.aiVoices[0].speaker",
    ),
    Mutation(
        "misspelled-end-pause", EX1, "request-schema: unknown fields are silently stripped",
        rename("scenes.0.endPauseDuration", "endPauseDuraton"), "scenes[0].endPauseDuraton",
        "field-misspelled", "error", "drops",
    ),
    Mutation(
        "brand-id-and-name", RECIPE, "request-schema validation rules: brandId and brandName are mutually exclusive",
        both(put("brandId", "eb67b4ba"), put("brandName", "Default Brand")), "brandName", "fields-exclusive",
        "error", "rejects",
    ),
    Mutation(
        "subtitle-style-id-and-name", RECIPE, "request-schema validation rules: subtitleStyleId and subtitleStyleName are mutually exclusive",
        both(put("subtitleStyleId", "8f3deae9"), put("subtitleStyleName", "Sleek")), "subtitleStyleName",
        "fields-exclusive", "error", "rejects",
    ),
    Mutation(
        "width-without-height", RECIPE, "request-schema validation rules: videoWidth and videoHeight together",
        put("videoWidth", 1920), "videoHeight", "size-incomplete", "error", "rejects",
    ),
    Mutation(
        "avatar-without-voice-over", RECIPE, "request-schema validation rules: avatar requires voiceOver.enabled=true",
        both(put("avatar", {"avatarId": "chef-01"}), put("voiceOver.enabled", False)), "avatar",
        "avatar-needs-voice-over", "error", "rejects",
    ),
    Mutation(
        "auto-music-and-music-url", RECIPE, "request-schema background music: autoMusic and musicUrl are exclusive",
        put("backgroundMusic.musicUrl", "https://example.com/track.mp3"), "backgroundMusic.musicUrl",
        "fields-exclusive", "error", "rejects",
    ),
    Mutation(
        "scene-voice-both-kinds", FRAGMENTS, "request-schema: a scene voiceOver cannot have both aiVoices and externalVoice",
        put("scenes.2.voiceOver.aiVoices", [{"speaker": "Brian"}]), "scenes[2].voiceOver.externalVoice",
        "fields-exclusive", "error", "rejects",
    ),
    Mutation(
        "caption-with-sentence-split", RECIPE, "request-schema: caption is incompatible with createSceneOnEndOfSentence",
        put("scenes.0.caption", "Our latest innovation."), "scenes[0].caption", "caption-with-split", "error",
        "rejects",
    ),
    Mutation(
        "story-and-co-pilot", FRAGMENTS, "request-schema: each scene has exactly one content source",
        put("scenes.5.story", "Ocean plastic, explained."), "scenes[5].storyCoPilot", "scene-sources-mixed",
        "error", "rejects",
    ),
    Mutation(
        "template-removed-leaves-no-scenes", TEMPLATE, "request-schema: scenes is required unless templateId is used",
        drop("templateId"), "scenes", "no-scenes", "error", "rejects",
    ),
    Mutation(
        "style-on-prompted-ai-video", EX2, "request-schema: mediaStyle is ignored on a video with an explicit prompt",
        put("scenes.0.background.aiVisual.mediaStyle", "photorealistic"),
        "scenes[0].background.aiVisual.mediaStyle", "style-ignored-on-video", "advice", "accepts",
    ),
    Mutation(
        "style-on-prompted-ai-video-element", EX3, "request-schema: mediaStyle is ignored on a video with an explicit prompt",
        put(f"{CLIP}.aiVisual.mediaStyle", "futuristic"), f"{CLIP_PATH}.aiVisual.mediaStyle",
        "style-ignored-on-video", "advice", "accepts",
    ),
    Mutation(
        "storyboard-version-v2", EX1, "request-schema: leave storyboardVersion unset; other values than v3 break elements",
        put("storyboardVersion", "v2"), "storyboardVersion", "storyboard-version", "advice", "accepts",
    ),
]  # fmt: skip
