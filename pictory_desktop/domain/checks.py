"""Checks that catch, before a credit is spent, everything Pictory would reject or silently get wrong.

Errors block sending: Pictory would answer 400, or would accept the body and do something the user
did not ask for (a misspelled field is dropped without a word). Advice never blocks; it is the
guide's prompt-writing wisdom, shown as dismissible hints.

Checks are split per scene so the editor can re-check only the scene being typed in.

The AI images and clips a scene's elements and b-roll cuts ask for (``Scene.ai_media``) get the same
model, style, duration and prompt checks as an AI background. Pictory's documented request rules that the
app does not edit (brandId or brandName, a caption with sentence splitting…) are checked on the fields
kept verbatim, and every field name at every level is compared with ``resources/fields.json``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from . import fields, prompt_words
from .body import VISUAL_SOURCES, json_type_name
from .catalog import AiModel, Catalog, ImageModel, VideoModel
from .findings import Finding
from .music import LOUD_UNDER_NARRATION
from .music import VOLUME_RANGE as MUSIC_VOLUME_RANGE
from .narration import SPEED_RANGE, is_narrated, read_voice_object, speakers_in
from .narration import VOLUME_RANGE as VOICE_VOLUME_RANGE
from .storyboard import (
    AI_VISUAL_TEXT_KEYS,
    AiBackground,
    AiImage,
    AiVideo,
    Colour,
    JsonValue,
    NoBackground,
    PictureUrl,
    Scene,
    StockVisuals,
    Storyboard,
    locked_try,
)
from .text import utf16_length

# Pictory counts a prompt in UTF-16 units: an emoji (and some other symbols) counts as 2, which surprises people.
EMOJI_NOTE = " (emoji count as 2)"
_HTTP_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_MIN_PROMPT_WORDS = 4
_MIN_PROMPT_CHARS = 20
_AI_BACKGROUNDS = (AiImage, AiVideo)  # built once: `AiImage | AiVideo` in the call would make a union each time
_BACKGROUND = "background"  # where a scene's own AI visual sits; its AI media sit in "elements[2]" and the like
_CONTENT_SOURCES = ("storyCoPilot", "blogUrl", "pptUrl", "audioUrl", "videoUrl")  # a scene's narration, besides story
_ELEMENT_TYPES = ("text", "shape", "image", "video")
_MEDIA_SOURCES = ("visualUrl", "searchFilter", "aiVisual")  # an image or video element has exactly one
# The scene fields _content_findings looks at, besides the story: most scenes have none of them.
_CONTENT_KEYS = frozenset((*_CONTENT_SOURCES, "caption", "audioLanguage", "voiceOver", "subtitleStyleId"))


def _n(value: int) -> str:
    return f"{value:,}"


def _list(items: Iterable[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def _stray_findings(values: Mapping[str, JsonValue], level: str, path: str, scene: int | None) -> list[Finding]:
    """Unknown field names in ``values`` (an object of ``level`` at ``path``) and everything below them."""
    found: list[Finding] = []
    for stray in fields.stray_fields(values, level, path, fields.default_fields()):
        if stray.name == fields.APP_DATA_KEY and not path:
            continue  # the project file's own key, stripped before sending
        if stray.meant is not None:
            found.append(
                Finding(
                    "error",
                    "field-misspelled",
                    f"“{stray.name}” is not a field Pictory knows, so it would be ignored without warning. "
                    f"Did you mean “{stray.meant}”? Rename it in the file.",
                    stray.path,
                    scene,
                    stray.meant,
                )
            )
        else:
            found.append(
                Finding(
                    "advice",
                    "field-unknown",
                    f"Pictory does not document a field called “{stray.name}”; it will probably be ignored.",
                    stray.path,
                    scene,
                    "",
                )
            )
    return found


def _error(code: str, message: str, path: str, scene: int | None, field: str) -> Finding:
    return Finding("error", code, message, path, scene, field)


def _both(
    obj: JsonValue | Mapping[str, JsonValue], first: str, second: str, path: str, scene: int | None
) -> list[Finding]:
    """Pictory rejects an object that sets both of two exclusive fields (brandId and brandName…)."""
    if not (isinstance(obj, Mapping) and first in obj and second in obj):
        return []
    where = f"{path}.{second}" if path else second
    return [
        _error(
            "fields-exclusive",
            f"“{first}” and “{second}” cannot be used together; Pictory rejects the request. Keep one of them.",
            where,
            scene,
            second,
        )
    ]


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
    holder: str,
) -> None:
    """Append the prompt's findings to ``found`` (``index``: the scene's, 0-based; ``holder``: where the
    aiVisual sits in the scene, "background" or "elements[2]"…).

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
                f"Shorten it by {_n(length - limit)}{EMOJI_NOTE if length > len(prompt) else ''}.",
                f"scenes[{index}].{holder}.aiVisual.prompt",
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
                    "Warning: the prompt is empty and so is the story, so Pictory has nothing to base the "
                    f"{kind} on, and you would still pay for it. Write a prompt or a story.",
                    f"scenes[{index}].{holder}.aiVisual.prompt",
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
                f"scenes[{index}].{holder}.aiVisual.prompt",
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
                f"scenes[{index}].{holder}.aiVisual.prompt",
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
                    f"scenes[{index}].{holder}.aiVisual.prompt",
                    scene,
                    "model",
                )
            )


def _style_findings(found: list[Finding], visual: AiBackground, catalog: Catalog, index: int, holder: str) -> None:
    """A style Pictory does not have is an error; one it ignores (an AI video with its own prompt) is advice."""
    style = visual.media_style
    if style is None:
        return
    if catalog.style(style) is None:
        found.append(
            Finding(
                "error",
                "style-unknown",
                f"Pictory has no style called “{style}”. Choose {_list(s.id for s in catalog.media_styles)}, "
                "or the model's default.",
                f"scenes[{index}].{holder}.aiVisual.mediaStyle",
                index + 1,
                "mediaStyle",
            )
        )
    elif isinstance(visual, AiVideo) and visual.prompt and visual.prompt.strip():
        found.append(
            Finding(
                "advice",
                "style-ignored-on-video",
                f"Pictory ignores the style “{style}” on an AI video that has its own prompt: the style only "
                "shapes a prompt Pictory writes itself. Put the look into the prompt (e.g. “cinematic, vintage "
                "film grain”), or leave the prompt empty.",
                f"scenes[{index}].{holder}.aiVisual.mediaStyle",
                index + 1,
                "mediaStyle",
            )
        )


def _ai_findings(
    found: list[Finding],
    visual: AiBackground,
    scene_obj: Scene,
    catalog: Catalog,
    aspect_ratio: str,
    index: int,
    holder: str,
) -> None:
    """Append the findings of one AI image or clip of the scene's elements or b-roll cuts (``holder``). The
    scene's AI background gets the same, written out in check_scene, where it runs for every AI scene."""
    model = catalog.model(visual.model) if visual.model else None
    if not _model_fits(visual, model, aspect_ratio):
        found += _model_findings(visual, catalog, aspect_ratio, f"scenes[{index}].{holder}", index + 1)
    if visual.media_style is not None:
        _style_findings(found, visual, catalog, index, holder)
    _prompt_findings(found, visual, model, scene_obj, catalog, index, holder)


def _raw_ai_findings(raw: Mapping[str, JsonValue], catalog: Catalog, path: str, scene: int, noun: str) -> list[Finding]:
    """Why the aiVisual of ``raw`` (a background, element or b-roll object at ``path``) cannot be read."""
    found: list[Finding] = []
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
                        f"An AI {noun} needs “type”: “image” or “video”{hint}. Pictory rejects it without one.",
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
                        f"or make the {noun} an AI video.",
                        f"{path}.aiVisual.videoDuration",
                        scene,
                        "videoDuration",
                    )
                )
            for key in AI_VISUAL_TEXT_KEYS:
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
    return found


def _unrecognised_findings(raw: Mapping[str, JsonValue], catalog: Catalog, path: str, scene: int) -> list[Finding]:
    """Why a background from a file fits none of the kinds; always at least one error."""
    found: list[Finding] = []
    present = [k for k in (*VISUAL_SOURCES, "searchFilter") if k in raw]
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
    if "searchFilter" in raw and not isinstance(raw["searchFilter"], dict):
        found.append(
            _error(
                "wrong-type",
                f"“searchFilter” should be an object, but it is {json_type_name(raw['searchFilter'])}.",
                f"{path}.searchFilter",
                scene,
                "background",
            )
        )
    found += _raw_ai_findings(raw, catalog, path, scene, "background")
    known = fields.default_fields().known("background")
    if not found and not any(fields.probable_meaning(k, known) for k in raw if k not in known):
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


def _range_finding(
    found: list[Finding],
    obj: Mapping[str, JsonValue],
    key: str,
    bounds: tuple[float, float],
    path: str,
    scene: int | None,
    code: str,
    what: str,
    fix: str,
) -> None:
    """An error when ``obj[key]`` is there and is not a number within ``bounds`` (Pictory rejects it)."""
    if key not in obj:
        return
    value = obj[key]
    low, high = bounds
    where = f"{path}.{key}"
    if isinstance(value, bool) or not isinstance(value, int | float):
        found.append(_error("wrong-type", f"“{key}” ({what}) should be a number, but it is {json_type_name(value)}.",
                            where, scene, key))  # fmt: skip
    elif not low <= value <= high:
        found.append(_error(code, f"The {what} is {value:g}; Pictory accepts {low:g} to {high:g}. {fix}",
                            where, scene, key))  # fmt: skip


def _voice_findings(found: list[Finding], voice: JsonValue, path: str, scene: int | None) -> None:
    """Speed and volume of each AI voice, and the volume of an audio-file narration (pictory-api-more.md §2.1)."""
    if not isinstance(voice, dict):
        return
    voices = voice.get("aiVoices")
    for i, ai in enumerate(voices if isinstance(voices, list) else []):
        if isinstance(ai, dict):
            _range_finding(found, ai, "speed", SPEED_RANGE, f"{path}.aiVoices[{i}]", scene,
                           "voice-speed-range", "voice speed (per cent)",
                           "Choose a speed from 50 % (half as fast) to 200 % (twice as fast).")  # fmt: skip
            _range_finding(found, ai, "amplificationLevel", VOICE_VOLUME_RANGE, f"{path}.aiVoices[{i}]", scene,
                           "voice-volume-range", "voice volume (amplificationLevel)",
                           "Choose a volume from −1 (quieter) to 1 (louder); 0 leaves it as recorded.")  # fmt: skip
    external = voice.get("externalVoice")
    if isinstance(external, dict):
        _range_finding(found, external, "amplificationLevel", VOICE_VOLUME_RANGE, f"{path}.externalVoice", scene,
                       "voice-volume-range", "narration volume (amplificationLevel)",
                       "Set it from −1 (quieter) to 1 (louder); 0 leaves it as recorded.")  # fmt: skip


def _content_findings(found: list[Finding], scene: Scene, index: int) -> None:
    """A scene's narration comes from exactly one source, or from none when the background shows something."""
    unknown = scene.unknown.values
    number = index + 1
    has_story = bool(scene.story and not scene.story.isspace())
    sources = (["story"] if has_story else []) + [k for k in _CONTENT_SOURCES if k in unknown]
    if len(sources) > 1:
        found.append(
            _error(
                "scene-sources-mixed",
                f"This scene takes its narration from {_list(f'“{k}”' for k in sources)}, but Pictory allows one "
                "source per scene. Keep one, or split them into separate scenes.",
                f"scenes[{index}].{sources[1]}",
                number,
                sources[1],
            )
        )
    background = scene.background
    no_visual = isinstance(background, NoBackground) or (
        isinstance(background, StockVisuals) and background.search_filter is None
    )
    if not sources and no_visual:
        found.append(
            _error(
                "scene-empty",
                "This scene has no story and no background, so Pictory would reject it. Write a story "
                "or choose a background.",
                f"scenes[{index}]",
                number,
                "story",
            )
        )
    if "caption" in unknown:
        if not has_story:
            found.append(
                _error(
                    "caption-needs-story",
                    "A caption replaces the subtitles of a story, so Pictory needs a story with it. Write the story, "
                    "or remove the caption.",
                    f"scenes[{index}].caption",
                    number,
                    "story",
                )
            )
        if scene.split_on_sentences or scene.split_on_lines:
            found.append(
                _error(
                    "caption-with-split",
                    "Pictory rejects a caption on a scene that is split into one scene per sentence or line. Turn "
                    "the splitting off, or remove the caption.",
                    f"scenes[{index}].caption",
                    number,
                    "story",
                )
            )
    if ("audioUrl" in unknown or "videoUrl" in unknown) and "audioLanguage" not in unknown:
        found.append(
            _error(
                "audio-language-missing",
                "A scene narrated from an audio or video file needs “audioLanguage” (for example “en-US”); "
                "Pictory rejects it without one.",
                f"scenes[{index}].audioLanguage",
                number,
                "audioLanguage",
            )
        )
    found += _both(unknown.get("voiceOver"), "aiVoices", "externalVoice", f"scenes[{index}].voiceOver", number)
    if "voiceOver" in unknown:
        _voice_findings(found, unknown["voiceOver"], f"scenes[{index}].voiceOver", number)
    found += _both(unknown, "subtitleStyleId", "subtitleStyleName", f"scenes[{index}]", number)


def _element_findings(found: list[Finding], scene: Scene, index: int, catalog: Catalog) -> None:
    """The scene's elements: how many, what each is, and where each media element's visual comes from."""
    number = index + 1
    if "elements" in scene.unknown.values:  # kept verbatim because it is not a list
        value = scene.unknown.values["elements"]
        found.append(
            _error(
                "wrong-type",
                f"“elements” should be a list of elements ([…]), but it is {json_type_name(value)}.",
                f"scenes[{index}].elements",
                number,
                "elements",
            )
        )
        return
    elements = scene.elements
    if elements is None:
        return
    limit = catalog.elements_per_scene
    if not 1 <= len(elements) <= limit:
        found.append(
            _error(
                "elements-count",
                f"A scene can have 1 to {limit} elements; this one has {len(elements)}. "
                + ("Remove the empty list." if not elements else f"Move {len(elements) - limit} to another scene."),
                f"scenes[{index}].elements",
                number,
                "elements",
            )
        )
    for i, element in enumerate(elements):
        path = f"scenes[{index}].elements[{i}]"
        if not isinstance(element, dict):
            found.append(
                _error(
                    "wrong-type",
                    f"Each element should be an object ({{…}}), but this one is {json_type_name(element)}.",
                    path,
                    number,
                    "elements",
                )
            )
            continue
        kind = element.get("type")
        if kind not in _ELEMENT_TYPES:
            if "aiVisual" not in element:  # an AI element's type is checked with its aiVisual
                found.append(
                    _error(
                        "element-type",
                        f"Say what element {i + 1} is: its “type” must be {_list(f'“{t}”' for t in _ELEMENT_TYPES)}.",
                        f"{path}.type",
                        number,
                        "elements",
                    )
                )
        elif kind == "text":
            text = element.get("text")
            if not isinstance(text, str) or not text.strip():
                found.append(
                    _error(
                        "element-text-missing",
                        f"Text element {i + 1} has no text; Pictory requires it. Write the text or remove the element.",
                        f"{path}.text",
                        number,
                        "elements",
                    )
                )
            elif (length := utf16_length(text)) > catalog.element_text_limit:
                found.append(
                    _error(
                        "element-text-too-long",
                        f"Text element {i + 1} is {_n(length)} characters; Pictory accepts at most "
                        f"{_n(catalog.element_text_limit)}.",
                        f"{path}.text",
                        number,
                        "elements",
                    )
                )
        elif kind in ("image", "video"):
            sources = [k for k in _MEDIA_SOURCES if k in element]
            if len(sources) != 1:
                said = f"sets {_list(f'“{k}”' for k in sources)}" if sources else "has none of them"
                found.append(
                    _error(
                        "element-source",
                        f"An {kind} element takes its picture from exactly one of “visualUrl”, “searchFilter” or "
                        f"“aiVisual”; element {i + 1} {said}.",
                        path,
                        number,
                        "elements",
                    )
                )
    found += _stray_findings({"elements": list(elements)}, "scene", f"scenes[{index}]", number)


def check_scene(scene: Scene, index: int, catalog: Catalog, aspect_ratio: str | None) -> list[Finding]:
    """Findings for one scene; ``index`` is 0-based, findings carry the 1-based scene number."""
    number = index + 1
    # Paths are built only for a finding: most scenes have none, and two f-strings a scene add up at 10,000.
    found: list[Finding] = []
    story = scene.story or ""
    background = scene.background
    unknown = scene.unknown.values
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
    if not story or story.isspace() or (unknown and not _CONTENT_KEYS.isdisjoint(unknown)):
        _content_findings(found, scene, index)
    if isinstance(background, _AI_BACKGROUNDS):
        # As _ai_findings, written out: it runs for every AI scene on open and on every keystroke.
        ratio = aspect_ratio or catalog.default_aspect_ratio
        model = catalog.model(background.model) if background.model else None
        if not _model_fits(background, model, ratio):
            found += _model_findings(background, catalog, ratio, f"scenes[{index}].background", number)
        # The style is looked at only when it could have something to say: an unknown one, or on a video.
        style = background.media_style
        if style is not None and (type(background) is AiVideo or catalog.style(style) is None):
            _style_findings(found, background, catalog, index, _BACKGROUND)
        _prompt_findings(found, background, model, scene, catalog, index, _BACKGROUND)
        if background.unknown_background.values:
            found += _stray_findings(
                background.unknown_background.values, "background", f"scenes[{index}].background", number
            )
        if background.unknown_ai_visual.values:
            found += _stray_findings(
                background.unknown_ai_visual.values, "aiVisual", f"scenes[{index}].background.aiVisual", number
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
        if scene.locked_from is not None:
            _locked_findings(found, scene, background, index, aspect_ratio or catalog.default_aspect_ratio)
        if background.unknown_background.values:
            found += _stray_findings(
                background.unknown_background.values, "background", f"scenes[{index}].background", number
            )
    elif isinstance(background, Colour):
        if not background.color.strip():
            found.append(
                Finding(
                    "error", "colour-empty", "Choose a colour.", f"scenes[{index}].background.color", number, "color"
                )
            )
        if background.unknown_background.values:
            found += _stray_findings(
                background.unknown_background.values, "background", f"scenes[{index}].background", number
            )
    elif isinstance(background, StockVisuals):
        if background.search_filter:
            found += _stray_findings(
                background.search_filter, "searchFilter", f"scenes[{index}].background.searchFilter", number
            )
        if background.unknown_background.values:
            found += _stray_findings(
                background.unknown_background.values, "background", f"scenes[{index}].background", number
            )
    elif not isinstance(background, NoBackground):  # UnrecognisedBackground, the one kind left
        found += _unrecognised_findings(background.raw, catalog, f"scenes[{index}].background", number)
        found += _stray_findings(background.raw, "background", f"scenes[{index}].background", number)
    if unknown or scene.elements is not None:
        if scene.elements is not None or "elements" in unknown:
            _element_findings(found, scene, index, catalog)
        for media in scene.ai_media:
            if media.visual is not None:
                ratio = aspect_ratio or catalog.default_aspect_ratio
                _ai_findings(found, media.visual, scene, catalog, ratio, index, media.holder)
            else:
                noun = "element" if media.holder.startswith("elements") else "b-roll cut"
                found += _raw_ai_findings(media.raw, catalog, f"scenes[{index}].{media.holder}", number, noun)
        if unknown:
            found += _stray_findings(unknown, "scene", f"scenes[{index}]", number)
    return found


def _locked_findings(found: list[Finding], scene: Scene, picture: PictureUrl, index: int, ratio: str) -> None:
    """A locked image (an AI Studio try used as the picture): its address must be https, and a try made at
    another aspect ratio than the video's will not fill the frame."""
    url = picture.url.strip()
    # The sandbox on this computer serves its tries over plain http on loopback; Pictory's are https.
    on_this_computer = url.lower().startswith(("http://127.0.0.1:", "http://localhost:"))
    if _HTTP_URL.match(url) and not url.lower().startswith("https://") and not on_this_computer:
        found.append(
            Finding(
                "error",
                "locked-url-not-https",
                "The locked image's address does not start with https://, so Pictory may not fetch it. Try the "
                "image again, or choose Back to AI generation.",
                f"scenes[{index}].background.visualUrl",
                index + 1,
                "visualUrl",
            )
        )
    tried = locked_try(scene)
    if tried is not None and tried.aspect_ratio and tried.aspect_ratio != ratio:
        found.append(
            Finding(
                "advice",
                "locked-ratio",
                f"The image you locked was made at {tried.aspect_ratio} and the video is {ratio}: it will be "
                f"cropped or letterboxed. Try the image again at {ratio} if that matters.",
                f"scenes[{index}].background.visualUrl",
                index + 1,
                "visualUrl",
            )
        )


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
    unknown = storyboard.unknown.values
    template = "templateId" in unknown  # a template brings its own scenes
    if not storyboard.scenes and not template:
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
    if storyboard.scenes and "voiceOver" not in unknown and not template and not _any_scene_voice(storyboard):
        found.append(
            Finding(
                "advice",
                "no-voice-over",
                "No voice is chosen: the video will be silent apart from any music. Fine for a music-only "
                "video; to have the stories read aloud, choose a voice.",
                "voiceOver",
                None,
                "voiceOver",
            )
        )
    music = unknown.get("backgroundMusic")
    if isinstance(music, dict) and music.get("enabled", True) is not False:
        volume = music.get("volume")
        if "volume" not in music:
            found.append(
                Finding(
                    "advice",
                    "music-full-volume",
                    "The background music has no volume set, and Pictory's sources disagree on what it then "
                    "plays at (full volume, or half). Set the music volume, for example 12 %, to be sure.",
                    "backgroundMusic.volume",
                    None,
                    "volume",
                )
            )
        elif (
            isinstance(volume, int | float)
            and not isinstance(volume, bool)
            and LOUD_UNDER_NARRATION < volume <= MUSIC_VOLUME_RANGE[1]
            and _narrated_anywhere(storyboard)
        ):
            found.append(
                Finding(
                    "advice",
                    "music-loud",
                    f"The music plays at {volume * 100:g} % under the narration and may drown it out; Pictory "
                    "suggests 8 to 15 % under a voice. Lower the music volume.",
                    "backgroundMusic.volume",
                    None,
                    "volume",
                )
            )
    if unknown:
        _documented_rule_findings(found, unknown)
        found += _stray_findings(unknown, "video", "", None)
    return found


def _documented_rule_findings(found: list[Finding], unknown: Mapping[str, JsonValue]) -> None:
    """Pictory's rules about the video-level fields the app keeps verbatim (request-schema.md, "Validation
    rules" and "Common pitfalls")."""
    for first, second in (("brandId", "brandName"), ("subtitleStyleId", "subtitleStyleName")):
        found += _both(unknown, first, second, "", None)
    found += _both(unknown.get("voiceOver"), "aiVoices", "externalVoice", "voiceOver", None)
    voice = unknown.get("voiceOver")
    if voice is not None:
        _voice_findings(found, voice, "voiceOver", None)
    music = unknown.get("backgroundMusic")
    if isinstance(music, dict):
        _range_finding(found, music, "volume", MUSIC_VOLUME_RANGE, "backgroundMusic", None, "music-volume-range",
                       "music volume", "Choose a volume from 0 (silent) to 1 (full volume), e.g. 0.12 under "
                       "narration.")  # fmt: skip
    if isinstance(music, dict) and music.get("autoMusic") is True and "musicUrl" in music:
        found.append(
            _error(
                "fields-exclusive",
                "Background music is set to both “autoMusic” (Pictory picks a track) and a “musicUrl”; Pictory "
                "rejects the request. Keep one of them.",
                "backgroundMusic.musicUrl",
                None,
                "musicUrl",
            )
        )
    if ("videoWidth" in unknown) != ("videoHeight" in unknown):
        missing = "videoHeight" if "videoWidth" in unknown else "videoWidth"
        found.append(
            _error(
                "size-incomplete",
                f"“videoWidth” and “videoHeight” go together; Pictory rejects one without the other. Add "
                f"“{missing}”, or remove the size and use the aspect ratio alone.",
                missing,
                None,
                missing,
            )
        )
    voice = unknown.get("voiceOver")
    if "avatar" in unknown and not (isinstance(voice, dict) and voice.get("enabled") is True):
        found.append(
            _error(
                "avatar-needs-voice-over",
                "An AI avatar speaks the narration, so Pictory requires “voiceOver” with “enabled”: true. Turn the "
                "voice-over on, or remove the avatar.",
                "avatar",
                None,
                "avatar",
            )
        )
    if "avatar" in unknown:
        # Pictory's credit ledger lists "AI Avatar" debits, but no page gives the price: say so, since the
        # estimate cannot count it (the app's promise is never to under-count without saying).
        found.append(
            Finding(
                "advice",
                "avatar-not-priced",
                "Pictory charges AI credits for an AI avatar but does not publish the price, so the estimate "
                "leaves the avatar out: this render may cost more than shown.",
                "avatar",
                None,
                "avatar",
            )
        )
    version = unknown.get("storyboardVersion")
    if "storyboardVersion" in unknown and version != "v3":
        found.append(
            Finding(
                "advice",
                "storyboard-version",
                f"“storyboardVersion” is {json_type_name(version) if not isinstance(version, str) else f'“{version}”'}: "
                "any value other than “v3” makes Pictory use its older engine, which ignores elements, AI visuals, "
                "colour overlays and subtitle line limits. Leave the field out.",
                "storyboardVersion",
                None,
                "",
            )
        )


def _any_scene_voice(storyboard: Storyboard) -> bool:
    """Whether some scene has its own voice-over that speaks (so the video is not silent)."""
    return any(
        "voiceOver" in scene.unknown.values and is_narrated(read_voice_object(scene.unknown.values["voiceOver"]))
        for scene in storyboard.scenes
    )


def _narrated_anywhere(storyboard: Storyboard) -> bool:
    """Whether a voice speaks some scene: the video's voice-over (for scenes without their own), or a scene's."""
    unknown = storyboard.unknown.values
    if "voiceOver" in unknown and is_narrated(read_voice_object(unknown["voiceOver"])):
        # The video's voice speaks unless every scene turns it off with a voice-over of its own.
        if not all("voiceOver" in scene.unknown.values for scene in storyboard.scenes):
            return True
    return _any_scene_voice(storyboard)


# ------------------------------------------------------------------------------------------ speakers

# An ElevenLabs voice id (20 letters and digits, e.g. "21m00Tcm4TlvDq8ikWAM"): Pictory tries to add such a voice
# to the account when the list does not have it (D-EL's "auto-discovery"), so it is not certain to fail.
_PROVIDER_VOICE_ID = re.compile(r"[A-Za-z0-9]{20}")


def known_speakers_from(voices: Iterable[Mapping[str, JsonValue]]) -> frozenset[str]:
    """The names a ``speaker`` may use, from the account's voice list (``GET /v1/voiceovers/tracks`` items):
    each voice's ``name``, numeric ``id`` and provider voice id (``voice``), case-folded."""
    names: set[str] = set()
    for voice in voices:
        for key in ("name", "id", "voice"):
            value = voice.get(key)
            if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
                names.add(str(value).strip().casefold())
    return frozenset(names)


def check_speakers(storyboard: Storyboard, known_speakers: frozenset[str] | None) -> list[Finding]:
    """Every AI voice's ``speaker`` (video and scenes) against the account's voices.

    ``known_speakers``: names, ids and provider ids of the account's voices (``known_speakers_from``), matched
    without regard to case; None when the list has not been loaded, and then each speaker is advice that it
    could not be checked. Kept apart from ``check_video``/``check_scene`` (which run on every keystroke and
    need no account data): the editor calls it when the voice list arrives or a voice changes."""
    found: list[Finding] = []
    places: list[tuple[JsonValue, str, int | None]] = []
    if "voiceOver" in storyboard.unknown.values:
        places.append((storyboard.unknown.values["voiceOver"], "voiceOver", None))
    for index, scene in enumerate(storyboard.scenes):
        if "voiceOver" in scene.unknown.values:
            places.append((scene.unknown.values["voiceOver"], f"scenes[{index}].voiceOver", index + 1))
    for raw, path, scene in places:
        for where, speaker in speakers_in(raw):
            if known_speakers is None:
                found.append(
                    Finding(
                        "advice",
                        "speaker-unchecked",
                        f"Your account's voice list has not been loaded, so the app cannot check that “{speaker}” "
                        "is one of your voices; if it is not, the render fails after it starts. Connect to Pictory "
                        "to check it.",
                        f"{path}.{where}",
                        scene,
                        "speaker",
                    )
                )
            elif speaker.strip().casefold() not in known_speakers:
                if _PROVIDER_VOICE_ID.fullmatch(speaker.strip()):
                    found.append(
                        Finding(
                            "advice",
                            "speaker-not-in-list",
                            f"“{speaker}” is not in your account's voice list. If it is an ElevenLabs voice id, "
                            "Pictory tries to add that voice to your account; otherwise the render fails. Choose a "
                            "voice from the list to be sure.",
                            f"{path}.{where}",
                            scene,
                            "speaker",
                        )
                    )
                else:
                    found.append(
                        _error(
                            "speaker-unknown",
                            f"Your account has no voice called “{speaker}”, so Pictory would fail the render. "
                            "Choose a voice from the list.",
                            f"{path}.{where}",
                            scene,
                            "speaker",
                        )
                    )
    return found


def check_storyboard(
    storyboard: Storyboard, catalog: Catalog, known_speakers: frozenset[str] | None = None
) -> list[Finding]:
    """Every finding for the storyboard: video-level first, then scene by scene, then the voices' speakers
    (``check_speakers``: errors for speakers not in ``known_speakers``; advice when the list is None)."""
    found = check_video(storyboard, catalog)
    for index, scene in enumerate(storyboard.scenes):
        found += check_scene(scene, index, catalog, storyboard.aspect_ratio)
    found += check_speakers(storyboard, known_speakers)
    return found


def errors_in(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.is_error]
