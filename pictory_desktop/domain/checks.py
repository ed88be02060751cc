"""Checks that catch, before a credit is spent, everything Pictory would reject or silently get wrong.

Errors block sending: Pictory would answer 400, or would accept the body and do something the user
did not ask for (a misspelled field is dropped without a word). Advice never blocks; it is the
guide's prompt-writing wisdom, shown as dismissible hints.

Checks are split per scene so the editor can re-check only the scene being typed in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from . import fields, prompt_words
from .body import json_type_name
from .catalog import AiModel, Catalog, ImageModel, VideoModel
from .findings import Finding
from .storyboard import (
    AiBackground,
    AiImage,
    AiVideo,
    Colour,
    JsonValue,
    NoBackground,
    PictureUrl,
    Scene,
    Storyboard,
    Unknown,
)
from .text import utf16_length

_HTTP_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_MIN_PROMPT_WORDS = 4
_MIN_PROMPT_CHARS = 20
_AI_BACKGROUNDS = (AiImage, AiVideo)  # built once: `AiImage | AiVideo` in the call would make a union each time


def _n(value: int) -> str:
    return f"{value:,}"


def _list(items: Iterable[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def _unknown_field_findings(unknown: Unknown, known: frozenset[str], path: str, scene: int | None) -> list[Finding]:
    found: list[Finding] = []
    for name in unknown.values:
        if name in known or (name == fields.APP_DATA_KEY and not path):
            continue  # documented fields the app does not edit are passed through untouched
        where = f"{path}.{name}" if path else name
        meant = fields.probable_meaning(name, known)
        if meant is not None:
            found.append(
                Finding(
                    "error",
                    "field-misspelled",
                    f"“{name}” is not a field Pictory knows, so it would be ignored without warning. "
                    f"Did you mean “{meant}”? Rename it in the file.",
                    where,
                    scene,
                    meant,
                )
            )
        else:
            found.append(
                Finding(
                    "advice",
                    "field-unknown",
                    f"Pictory does not document a field called “{name}”; it will probably be ignored.",
                    where,
                    scene,
                    "",
                )
            )
    return found


# ------------------------------------------------------------------------------------------ scenes


def _model_findings(
    background: AiBackground, catalog: Catalog, aspect_ratio: str, path: str, scene: int
) -> list[Finding]:
    kind = "image" if isinstance(background, AiImage) else "video"
    model_path = f"{path}.aiVisual.model"
    if not background.model:
        return [Finding("error", "model-missing", f"Choose an AI {kind} model.", model_path, scene, "model")]
    model = catalog.model(background.model)
    if model is None:
        choices = _list(m.id for m in catalog.models_of(kind))
        return [
            Finding(
                "error",
                "model-unknown",
                f"Pictory has no {kind} model called “{background.model}”. Choose one of {choices}.",
                model_path,
                scene,
                "model",
            )
        ]
    if model.kind != kind:
        other = "video clips" if kind == "image" else "still images"
        switch = "AI video" if kind == "image" else "AI image"
        return [
            Finding(
                "error",
                "model-wrong-type",
                f"{model.name} makes {other}, not {kind}s. Switch the background to {switch}, "
                f"or choose an AI {kind} model.",
                model_path,
                scene,
                "model",
            )
        ]
    found: list[Finding] = []
    if aspect_ratio not in model.aspect_ratios:
        found.append(
            Finding(
                "error",
                "aspect-unsupported",
                f"{model.name} cannot make {aspect_ratio} {kind}s. Change the video's aspect ratio to "
                f"{_list(r for r in model.aspect_ratios if r in catalog.aspect_ratios)}, or choose another model.",
                model_path,
                scene,
                "model",
            )
        )
    if isinstance(background, AiVideo) and isinstance(model, VideoModel):
        duration_path = f"{path}.aiVisual.videoDuration"
        if not background.duration:
            found.append(
                Finding(
                    "error",
                    "duration-missing",
                    f"Choose how long the clip should be: {_list(model.durations)}.",
                    duration_path,
                    scene,
                    "videoDuration",
                )
            )
        elif background.duration not in model.durations:
            found.append(
                Finding(
                    "error",
                    "duration-unsupported",
                    f"{model.name} cannot make {background.duration} clips. Choose {_list(model.durations)}.",
                    duration_path,
                    scene,
                    "videoDuration",
                )
            )
    return found


def _model_fits(background: AiBackground, model: AiModel | None, aspect_ratio: str) -> bool:
    """True exactly when ``_model_findings`` has nothing to say."""
    if model is None or aspect_ratio not in model.aspect_ratios:
        return False
    if isinstance(background, AiImage):
        return isinstance(model, ImageModel)
    return isinstance(model, VideoModel) and bool(background.duration) and background.duration in model.durations


def _prompt_findings(
    found: list[Finding],
    background: AiBackground,
    model: AiModel | None,
    scene_obj: Scene,
    catalog: Catalog,
    index: int,
) -> None:
    """Append the prompt's findings to ``found`` (``index``: the scene's, 0-based).

    Runs for every AI scene on open and on every keystroke in a prompt: the usual prompt has no finding,
    so nothing (messages, lists) is built until one is certain."""
    scene = index + 1
    kind = "image" if isinstance(background, AiImage) else "video"
    prompt = background.prompt or ""
    limit = catalog.prompt_limits[kind]
    # A UTF-16 length is at most twice the length in characters, so short prompts need no counting.
    length = utf16_length(prompt) if len(prompt) * 2 > limit else 0
    if length > limit:
        found.append(
            Finding(
                "error",
                "prompt-too-long",
                f"The prompt is {_n(length)} characters; {kind} prompts can be at most {_n(limit)}. "
                f"Shorten it by {_n(length - limit)} (emoji count as 2).",
                f"scenes[{index}].background.aiVisual.prompt",
                scene,
                "prompt",
            )
        )
    stripped = prompt.strip()
    if not stripped:
        if not scene_obj.story_text.strip():
            found.append(
                Finding(
                    "advice",
                    "prompt-and-story-empty",
                    "The prompt is empty and so is the story, so Pictory has nothing to base the "
                    f"{kind} on. Write a prompt or a story.",
                    f"scenes[{index}].background.aiVisual.prompt",
                    scene,
                    "prompt",
                )
            )
        return
    text_check = isinstance(model, ImageModel) and not model.renders_text
    negative, wants_text = prompt_words.scan(prompt, text_check)
    if negative is not None:
        found.append(
            Finding(
                "advice",
                "prompt-negative",
                f"Describe what you want rather than what you don't: AI models often draw what “{negative}” "
                "is followed by. Instead of “no clutter”, try “clean, tidy desk”.",
                f"scenes[{index}].background.aiVisual.prompt",
                scene,
                "prompt",
            )
        )
    # split with a maximum: only "fewer than four words or not" matters, so stop counting at four.
    if len(stripped) < _MIN_PROMPT_CHARS or len(prompt.split(None, _MIN_PROMPT_WORDS - 1)) < _MIN_PROMPT_WORDS:
        found.append(
            Finding(
                "advice",
                "prompt-vague",
                "This prompt is very short. Name the setting, key elements, lighting and mood, e.g. "
                "“modern office with glass walls, morning sunlight, calm mood”.",
                f"scenes[{index}].background.aiVisual.prompt",
                scene,
                "prompt",
            )
        )
    if wants_text and isinstance(model, ImageModel):  # only an image model is asked about text
        text_model = next((m for m in catalog.image_models if m.renders_text), None)
        if text_model is not None:
            found.append(
                Finding(
                    "advice",
                    "prompt-wants-text",
                    f"The prompt seems to ask for text or numbers in the image. {text_model.name} "
                    f"({text_model.id}) draws readable text; {model.name} often garbles it.",
                    f"scenes[{index}].background.aiVisual.prompt",
                    scene,
                    "model",
                )
            )


def _style_findings(background: AiBackground, catalog: Catalog, path: str, scene: int) -> list[Finding]:
    style = background.media_style
    if style is None or catalog.style(style) is not None:
        return []
    return [
        Finding(
            "error",
            "style-unknown",
            f"Pictory has no style called “{style}”. Choose {_list(s.id for s in catalog.media_styles)}, "
            "or the model's default.",
            f"{path}.aiVisual.mediaStyle",
            scene,
            "mediaStyle",
        )
    ]


def _unrecognised_findings(raw: Mapping[str, JsonValue], catalog: Catalog, path: str, scene: int) -> list[Finding]:
    """Why a background from a file fits none of the kinds; always at least one error."""
    found: list[Finding] = []
    present = [k for k in ("visualUrl", "color", "aiVisual") if k in raw]
    if len(present) > 1:
        found.append(
            Finding(
                "error",
                "background-mixed",
                f"The background sets {_list(f'“{k}”' for k in present)}, but Pictory allows only one of them. "
                "Pick one background kind for this scene.",
                path,
                scene,
                "background",
            )
        )
    for key in ("visualUrl", "color", "type"):
        if key in raw and not isinstance(raw[key], str):
            found.append(
                Finding(
                    "error",
                    "wrong-type",
                    f"“{key}” should be text, but it is {json_type_name(raw[key])}.",
                    f"{path}.{key}",
                    scene,
                    key,
                )
            )
    ai = raw.get("aiVisual")
    if "aiVisual" in raw:
        if not isinstance(ai, dict):
            found.append(
                Finding(
                    "error",
                    "wrong-type",
                    f"“aiVisual” should be an object, but it is {json_type_name(ai)}.",
                    f"{path}.aiVisual",
                    scene,
                    "background",
                )
            )
        else:
            media_type = raw.get("type")
            model_id = ai.get("model")
            model = catalog.model(model_id) if isinstance(model_id, str) else None
            if media_type is None:
                hint = f" ({model.name} makes {model.kind}s, so “{model.kind}”)" if model else ""
                found.append(
                    Finding(
                        "error",
                        "type-missing",
                        f"An AI background needs “type”: “image” or “video”{hint}. Pictory rejects it without one.",
                        f"{path}.type",
                        scene,
                        "type",
                    )
                )
            elif media_type not in ("image", "video"):
                found.append(
                    Finding(
                        "error",
                        "type-invalid",
                        f"“type” must be “image” or “video”, not “{media_type}”.",
                        f"{path}.type",
                        scene,
                        "type",
                    )
                )
            if media_type == "image" and "videoDuration" in ai:
                found.append(
                    Finding(
                        "error",
                        "duration-on-image",
                        "“videoDuration” is only for AI video clips; Pictory rejects it on an image. Remove it, "
                        "or switch the background to AI video.",
                        f"{path}.aiVisual.videoDuration",
                        scene,
                        "videoDuration",
                    )
                )
            for key in ("prompt", "model", "mediaStyle", "videoDuration"):
                if key in ai and not isinstance(ai[key], str):
                    found.append(
                        Finding(
                            "error",
                            "wrong-type",
                            f"“{key}” should be text, but it is {json_type_name(ai[key])}.",
                            f"{path}.aiVisual.{key}",
                            scene,
                            key,
                        )
                    )
    if not present and not any(fields.probable_meaning(k, fields.BACKGROUND) for k in raw):
        # A misspelled key ("colour") gets its own, more precise finding below.
        found.append(
            Finding(
                "error",
                "background-empty",
                "The background has none of “visualUrl”, “color” or “aiVisual”. Pick a background kind for this scene.",
                path,
                scene,
                "background",
            )
        )
    if not found and not any(fields.probable_meaning(k, fields.BACKGROUND) for k in raw if k not in fields.BACKGROUND):
        found.append(
            Finding(
                "error",
                "background-unrecognised",
                "Pictory would not accept this background as it is. Pick a background kind for this scene.",
                path,
                scene,
                "background",
            )
        )
    return found


def check_scene(scene: Scene, index: int, catalog: Catalog, aspect_ratio: str | None) -> list[Finding]:
    """Findings for one scene; ``index`` is 0-based, findings carry the 1-based scene number."""
    number = index + 1
    # Paths are built only for a finding: most scenes have none, and two f-strings a scene add up at 10,000.
    found: list[Finding] = []
    story = scene.story or ""
    background = scene.background
    # A UTF-16 length is at most twice the length in characters, so most stories need no counting.
    length = utf16_length(story) if len(story) * 2 > catalog.story_limit else 0
    if length > catalog.story_limit:
        found.append(
            Finding(
                "error",
                "story-too-long",
                f"The story is {_n(length)} characters; Pictory accepts at most {_n(catalog.story_limit)} per scene. "
                "Shorten it or split it into two scenes.",
                f"scenes[{index}].story",
                number,
                "story",
            )
        )
    if isinstance(background, NoBackground):
        if not story.strip():
            found.append(
                Finding(
                    "error",
                    "scene-empty",
                    "This scene has no story and no background, so Pictory would reject it. Write a story "
                    "or choose a background.",
                    f"scenes[{index}]",
                    number,
                    "story",
                )
            )
    elif isinstance(background, _AI_BACKGROUNDS):
        # Most AI scenes are fine: test cheaply, and build the findings (paths, sentences) only when not.
        effective_ratio = aspect_ratio or catalog.default_aspect_ratio
        model = catalog.model(background.model) if background.model else None
        if not _model_fits(background, model, effective_ratio):
            found += _model_findings(background, catalog, effective_ratio, f"scenes[{index}].background", number)
        if background.media_style is not None and catalog.style(background.media_style) is None:
            found += _style_findings(background, catalog, f"scenes[{index}].background", number)
        _prompt_findings(found, background, model, scene, catalog, index)
        if background.unknown_background.values:
            found += _unknown_field_findings(
                background.unknown_background, fields.BACKGROUND, f"scenes[{index}].background", number
            )
        if background.unknown_ai_visual.values:
            found += _unknown_field_findings(
                background.unknown_ai_visual, fields.AI_VISUAL, f"scenes[{index}].background.aiVisual", number
            )
    elif isinstance(background, PictureUrl):
        if not _HTTP_URL.match(background.url.strip()):
            found.append(
                Finding(
                    "error",
                    "url-invalid",
                    "The picture address must be a web address starting with https://. Paste the full link.",
                    f"scenes[{index}].background.visualUrl",
                    number,
                    "visualUrl",
                )
            )
        if background.unknown_background.values:
            found += _unknown_field_findings(
                background.unknown_background, fields.BACKGROUND, f"scenes[{index}].background", number
            )
    elif isinstance(background, Colour):
        if not background.color.strip():
            found.append(
                Finding(
                    "error", "colour-empty", "Choose a colour.", f"scenes[{index}].background.color", number, "color"
                )
            )
        if background.unknown_background.values:
            found += _unknown_field_findings(
                background.unknown_background, fields.BACKGROUND, f"scenes[{index}].background", number
            )
    else:  # UnrecognisedBackground, the one kind left
        found += _unrecognised_findings(background.raw, catalog, f"scenes[{index}].background", number)
        unknown = Unknown(
            tuple(background.raw), {k: v for k, v in background.raw.items() if k not in fields.BACKGROUND}
        )
        found += _unknown_field_findings(unknown, fields.BACKGROUND, f"scenes[{index}].background", number)
        ai = background.raw.get("aiVisual")
        if isinstance(ai, dict):
            ai_unknown = Unknown(tuple(ai), {k: v for k, v in ai.items() if k not in fields.AI_VISUAL})
            found += _unknown_field_findings(
                ai_unknown, fields.AI_VISUAL, f"scenes[{index}].background.aiVisual", number
            )
    if scene.unknown.values:
        found += _unknown_field_findings(scene.unknown, fields.SCENE, f"scenes[{index}]", number)
    return found


# ------------------------------------------------------------------------------------------ video


def _style_label(style: str | None) -> str:
    return style or "model default"


def check_video(storyboard: Storyboard, catalog: Catalog) -> list[Finding]:
    """Findings about the video as a whole (not tied to one scene)."""
    found: list[Finding] = []
    if not (storyboard.video_name or "").strip():
        found.append(
            Finding(
                "error",
                "video-name-missing",
                "Give the video a name; Pictory requires one.",
                "videoName",
                None,
                "videoName",
            )
        )
    if storyboard.aspect_ratio is not None and storyboard.aspect_ratio not in catalog.aspect_ratios:
        found.append(
            Finding(
                "error",
                "aspect-invalid",
                f"Pictory has no aspect ratio “{storyboard.aspect_ratio}”. Choose {_list(catalog.aspect_ratios)}.",
                "aspectRatio",
                None,
                "aspectRatio",
            )
        )
    if not storyboard.scenes:
        found.append(Finding("error", "no-scenes", "Add at least one scene.", "scenes", None, "scenes"))
    # Runs on every keystroke over every scene: collect the raw styles (few distinct values), label them after.
    raw_styles = {b.media_style for s in storyboard.scenes if isinstance(b := s.background, _AI_BACKGROUNDS)}
    styles = {_style_label(style) for style in raw_styles}
    if len(styles) > 1:
        found.append(
            Finding(
                "advice",
                "styles-mixed",
                f"Scenes use different styles ({', '.join(sorted(styles))}). One style across scenes keeps the "
                "look consistent; “Apply to all scenes” sets it everywhere.",
                "scenes",
                None,
                "mediaStyle",
            )
        )
    unknown = storyboard.unknown.values
    if storyboard.scenes and "voiceOver" not in unknown:
        found.append(
            Finding(
                "advice",
                "no-voice-over",
                "This storyboard has no voice-over, so the video will have no narration. That suits music-only "
                "videos; for narration, start from a Pictory storyboard file that sets a voiceOver (the app keeps it).",
                "voiceOver",
                None,
                "",
            )
        )
    music = unknown.get("backgroundMusic")
    if isinstance(music, dict) and music.get("enabled", True) and "volume" not in music:
        found.append(
            Finding(
                "advice",
                "music-full-volume",
                "Background music has no volume set, so it plays at full volume over the narration. "
                "Set backgroundMusic.volume (for example 0.2).",
                "backgroundMusic.volume",
                None,
                "",
            )
        )
    found += _unknown_field_findings(storyboard.unknown, fields.TOP_LEVEL, "", None)
    return found


def check_storyboard(storyboard: Storyboard, catalog: Catalog) -> list[Finding]:
    """Every finding for the storyboard: video-level first, then scene by scene."""
    found = check_video(storyboard, catalog)
    for index, scene in enumerate(storyboard.scenes):
        found += check_scene(scene, index, catalog, storyboard.aspect_ratio)
    return found


def errors_in(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.is_error]
