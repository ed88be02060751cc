"""Request-body checks for the storyboard endpoints, as Pictory documents them.

Two jobs:

* **Drop unknown fields silently.** Pictory ignores fields it does not know (a misspelt
  ``createSceneOnEndOfSentance`` is simply lost), so the sandbox does the same, at every level
  (``fields.py``): the returned copy holds only documented fields, and nothing about the dropped ones
  reaches the client.
* **Reject what Pictory rejects**, each problem reported as ``{"name": "<path>", "errors": "<text>"}``:
  the background and AI rules, the AI images and clips of scene elements and b-roll cuts (checked like a
  background's), and the request-schema's rules about fields the app does not edit (brandId or brandName,
  videoWidth with videoHeight, an avatar needs a voice-over, one narration source per scene…).

Choices where the documentation is silent (written down so the app's own checks can be compared):

* JSON ``null`` in a typed field is a type error, and a key whose value is null does not count towards
  the "only one of visualUrl / color / aiVisual" rule.
* Lengths count UTF-16 code units, as JavaScript does (an emoji counts 2).
* An AI video background must name a ``videoDuration`` (the cost depends on it).
* A model that cannot produce the video's aspect ratio (``aspectRatio``, default 16:9) is reported on that
  scene's ``aiVisual.model`` field, because that is what the user has to change.
* A whitespace-only ``videoName`` counts as empty.
* A background with none of visualUrl / color / aiVisual is valid (Pictory picks stock footage, by its
  ``searchFilter`` when it has one); a ``searchFilter`` next to one of them is rejected like any other mix.
* ``scenes`` may be left out when ``templateId`` names a template (it brings its own scenes).
* ``elements``: 1 to the catalog's ``elementsPerScene``; an image or video element has exactly one of
  visualUrl / searchFilter / aiVisual.
* Narration and music numbers (``speed`` 50-200, ``amplificationLevel`` -1..1, ``volume`` 0-1) must be
  numbers (not true/false) inside their range, ends included; each ``aiVoices`` item needs a non-empty
  ``speaker``. Whether the speaker names a voice that exists is not checked here: Pictory resolves it
  later and fails the job, not the request.
"""

from __future__ import annotations

from typing import Any

from pictory_desktop.sandbox.catalog import Catalog
from pictory_desktop.sandbox.fields import known_fields

FieldErrors = list[dict[str, str]]

DEFAULT_ASPECT_RATIO = "16:9"

_EXCLUSIVE_BACKGROUNDS = ("visualUrl", "color", "aiVisual")
_NARRATION = ("story", "storyCoPilot", "blogUrl", "pptUrl", "audioUrl", "videoUrl")
_ELEMENT_TYPES = ("text", "shape", "image", "video")
_ELEMENT_MEDIA = ("visualUrl", "searchFilter", "aiVisual")
# (object path, first, second): Pictory takes one or the other, never both.
_EXCLUSIVE_PAIRS = (("", "brandId", "brandName"), ("", "subtitleStyleId", "subtitleStyleName"))
# Documented ranges (pictory-api-more.md 2.1, 3.1), ends included.
_SPEED = (50, 200)
_AMPLIFICATION = (-1, 1)
_VOLUME = (0, 1)


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class _Checker:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.errors: FieldErrors = []

    def fail(self, name: str, message: str) -> None:
        self.errors.append({"name": name, "errors": message})

    def string(self, obj: dict[str, Any], key: str, path: str) -> str | None:
        """The value if it is a string; records a type error otherwise. Absent keys give None quietly."""
        if key not in obj:
            return None
        value = obj[key]
        if not isinstance(value, str):
            self.fail(path, f"{key} must be a string.")
            return None
        return value

    def boolean(self, obj: dict[str, Any], key: str, path: str) -> None:
        if key in obj and not isinstance(obj[key], bool):
            self.fail(path, f"{key} must be true or false.")

    def in_range(self, obj: dict[str, Any], key: str, path: str, bounds: tuple[int, int]) -> None:
        if key not in obj:
            return
        value, (low, high) = obj[key], bounds
        if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
            self.fail(f"{path}.{key}", f"{key} must be a number from {low} to {high}.")

    def not_both(self, obj: Any, first: str, second: str, path: str) -> None:
        if isinstance(obj, dict) and first in obj and second in obj:
            self.fail(f"{path}.{second}" if path else second, f"{first} and {second} cannot be used together.")


def check_storyboard(body: Any, catalog: Catalog) -> tuple[dict[str, Any], FieldErrors]:
    """Return (body with unknown fields dropped, field errors). No errors means Pictory would accept it."""
    check = _Checker(catalog)
    if not isinstance(body, dict):
        check.fail("", "The request body must be a JSON object.")
        return {}, check.errors

    clean = known_fields().strip(body, "video")

    name = check.string(clean, "videoName", "videoName")
    if "videoName" not in clean:
        check.fail("videoName", "videoName is required.")
    elif name is not None and not name.strip():
        check.fail("videoName", "videoName must not be empty.")

    aspect = DEFAULT_ASPECT_RATIO
    if "aspectRatio" in clean:
        value = check.string(clean, "aspectRatio", "aspectRatio")
        if value is not None:
            if value in catalog.aspect_ratios:
                aspect = value
            else:
                check.fail("aspectRatio", f"aspectRatio must be one of {', '.join(catalog.aspect_ratios)}.")

    scenes = clean.get("scenes")
    if "scenes" not in clean:
        if "templateId" not in clean:
            check.fail("scenes", "scenes is required.")
    elif not isinstance(scenes, list):
        check.fail("scenes", "scenes must be a list.")
    elif not scenes and "templateId" not in clean:
        check.fail("scenes", "scenes must contain at least one scene.")
    else:
        for i, scene in enumerate(scenes):
            _check_scene(check, scene, f"scenes[{i}]", aspect)
    _check_video_rules(check, clean)
    return clean, check.errors


def _check_video_rules(check: _Checker, body: dict[str, Any]) -> None:
    for path, first, second in _EXCLUSIVE_PAIRS:
        check.not_both(body, first, second, path)
    _check_voice_over(check, body.get("voiceOver"), "voiceOver")
    music = body.get("backgroundMusic")
    if isinstance(music, dict):
        if music.get("autoMusic") is True and "musicUrl" in music:
            check.fail("backgroundMusic.musicUrl", "autoMusic and musicUrl cannot be used together.")
        check.in_range(music, "volume", "backgroundMusic", _VOLUME)
    if ("videoWidth" in body) != ("videoHeight" in body):
        missing = "videoHeight" if "videoWidth" in body else "videoWidth"
        check.fail(missing, "videoWidth and videoHeight must be provided together.")
    voice = body.get("voiceOver")
    if "avatar" in body and not (isinstance(voice, dict) and voice.get("enabled") is True):
        check.fail("avatar", "avatar requires voiceOver.enabled to be true.")


def _check_scene(check: _Checker, scene: Any, path: str, aspect: str) -> None:
    if not isinstance(scene, dict):
        check.fail(path, "Each scene must be a JSON object.")
        return
    story = check.string(scene, "story", f"{path}.story")
    limit = check.catalog.story_limit
    if story is not None and utf16_length(story) > limit:
        check.fail(f"{path}.story", f"story must be at most {limit} characters.")
    for flag in ("createSceneOnEndOfSentence", "createSceneOnNewLine"):
        check.boolean(scene, flag, f"{path}.{flag}")
    sources = [k for k in _NARRATION if k in scene and not (k == "story" and not (story or "").strip())]
    if len(sources) > 1:
        check.fail(f"{path}.{sources[1]}", f"a scene can have only one of {', '.join(_NARRATION)}.")
    if "caption" in scene:
        if not (story or "").strip():
            check.fail(f"{path}.caption", "caption requires story.")
        if scene.get("createSceneOnEndOfSentence") is True or scene.get("createSceneOnNewLine") is True:
            check.fail(
                f"{path}.caption", "caption cannot be used with createSceneOnNewLine or createSceneOnEndOfSentence."
            )
    if ("audioUrl" in scene or "videoUrl" in scene) and "audioLanguage" not in scene:
        check.fail(f"{path}.audioLanguage", "audioLanguage is required with audioUrl or videoUrl.")
    _check_voice_over(check, scene.get("voiceOver"), f"{path}.voiceOver")
    check.not_both(scene, "subtitleStyleId", "subtitleStyleName", path)
    if "background" in scene:
        _check_background(check, scene["background"], f"{path}.background", aspect)
    if "elements" in scene:
        _check_elements(check, scene["elements"], f"{path}.elements", aspect)
    brolls = scene.get("backgroundBrolls")
    for i, broll in enumerate(brolls if isinstance(brolls, list) else []):
        if isinstance(broll, dict) and "aiVisual" in broll:
            _check_ai_holder(check, broll, f"{path}.backgroundBrolls[{i}]", aspect)


def _check_voice_over(check: _Checker, voice_over: Any, path: str) -> None:
    """A video's or a scene's voiceOver: one source (aiVoices or externalVoice), numbers within range."""
    if not isinstance(voice_over, dict):
        return
    check.not_both(voice_over, "aiVoices", "externalVoice", path)
    voices = voice_over.get("aiVoices")
    if "aiVoices" in voice_over and not isinstance(voices, list):
        check.fail(f"{path}.aiVoices", "aiVoices must be a list.")
    for i, voice in enumerate(voices if isinstance(voices, list) else []):
        where = f"{path}.aiVoices[{i}]"
        if not isinstance(voice, dict):
            check.fail(where, "Each AI voice must be a JSON object.")
            continue
        speaker = voice.get("speaker")
        if isinstance(speaker, bool) or not isinstance(speaker, str | int) or not str(speaker).strip():
            check.fail(f"{where}.speaker", "speaker is required: a voice name, track id or provider voice id.")
        check.in_range(voice, "speed", where, _SPEED)
        check.in_range(voice, "amplificationLevel", where, _AMPLIFICATION)
    external = voice_over.get("externalVoice")
    if isinstance(external, dict):
        check.in_range(external, "amplificationLevel", f"{path}.externalVoice", _AMPLIFICATION)


def _check_elements(check: _Checker, elements: Any, path: str, aspect: str) -> None:
    limit = check.catalog.elements_per_scene
    if not isinstance(elements, list):
        check.fail(path, "elements must be a list.")
        return
    if not 1 <= len(elements) <= limit:
        check.fail(path, f"elements must hold 1 to {limit} elements.")
    for i, element in enumerate(elements):
        where = f"{path}[{i}]"
        if not isinstance(element, dict):
            check.fail(where, "Each element must be a JSON object.")
            continue
        kind = element.get("type")
        if "aiVisual" in element:
            _check_ai_holder(check, element, where, aspect)
        elif kind not in _ELEMENT_TYPES:
            check.fail(f"{where}.type", f"type must be one of {', '.join(_ELEMENT_TYPES)}.")
        if kind == "text":
            text = element.get("text")
            if not isinstance(text, str) or not text.strip():
                check.fail(f"{where}.text", "text is required for text elements.")
            elif utf16_length(text) > check.catalog.element_text_limit:
                check.fail(f"{where}.text", f"text must be at most {check.catalog.element_text_limit} characters.")
        elif kind in ("image", "video") and sum(key in element for key in _ELEMENT_MEDIA) != 1:
            check.fail(where, "an image or video element needs exactly one of visualUrl, searchFilter or aiVisual.")


def _check_background(check: _Checker, background: Any, path: str, aspect: str) -> None:
    if not isinstance(background, dict):
        check.fail(path, "background must be a JSON object.")
        return
    present = [key for key in _EXCLUSIVE_BACKGROUNDS if background.get(key) is not None]
    if len(present) > 1 or (present and "searchFilter" in background):
        check.fail(path, "background can have only one of visualUrl, color, aiVisual or searchFilter.")
    check.string(background, "visualUrl", f"{path}.visualUrl")
    check.string(background, "color", f"{path}.color")
    _check_ai_holder(check, background, path, aspect)


def _check_ai_holder(check: _Checker, holder: dict[str, Any], path: str, aspect: str) -> None:
    """The type and aiVisual of a background, an AI element or a b-roll cut."""
    kind = check.string(holder, "type", f"{path}.type")
    if kind is not None and kind not in ("image", "video"):
        check.fail(f"{path}.type", 'type must be "image" or "video".')
        kind = None

    if "aiVisual" not in holder:
        return
    ai = holder["aiVisual"]
    if not isinstance(ai, dict):
        check.fail(f"{path}.aiVisual", "aiVisual must be a JSON object.")
        return
    if "type" not in holder:
        check.fail(f"{path}.type", 'type is required when aiVisual is set: use "image" or "video".')
    _check_ai_visual(check, ai, f"{path}.aiVisual", kind, aspect)


def _check_ai_visual(check: _Checker, ai: dict[str, Any], path: str, kind: str | None, aspect: str) -> None:
    catalog = check.catalog

    model = check.string(ai, "model", f"{path}.model")
    model_kind = None
    if "model" not in ai:
        check.fail(f"{path}.model", "model is required.")
    elif model is not None:
        model_kind = catalog.model_kind(model)
        if model_kind is None:
            known = [*catalog.image_models, *catalog.video_models]
            check.fail(f"{path}.model", f"model must be one of {', '.join(known)}.")
        elif kind is not None and kind != model_kind:
            check.fail(f"{path}.model", f'{model} makes {model_kind}s, so background type must be "{model_kind}".')
        elif aspect not in catalog.model_aspect_ratios(model):
            supported = ", ".join(sorted(catalog.model_aspect_ratios(model)))
            check.fail(f"{path}.model", f"{model} cannot make {aspect} visuals; it supports {supported}.")

    # Limits follow what is being generated: the model decides when known, else the declared type.
    effective = model_kind or kind or "image"
    prompt = check.string(ai, "prompt", f"{path}.prompt")
    limit = catalog.prompt_limits[effective]
    if prompt is not None and utf16_length(prompt) > limit:
        check.fail(f"{path}.prompt", f"prompt must be at most {limit} characters for {effective} backgrounds.")

    style = check.string(ai, "mediaStyle", f"{path}.mediaStyle")
    if style is not None and style not in catalog.media_styles:
        check.fail(f"{path}.mediaStyle", f"mediaStyle must be one of {', '.join(sorted(catalog.media_styles))}.")

    duration = check.string(ai, "videoDuration", f"{path}.videoDuration")
    if kind is not None and model_kind is not None and kind != model_kind:
        pass  # the type/model clash is already reported; a duration verdict on top would only confuse
    elif effective == "image":
        if "videoDuration" in ai:
            check.fail(f"{path}.videoDuration", 'videoDuration is not allowed when type is "image".')
    elif "videoDuration" not in ai:
        check.fail(f"{path}.videoDuration", "videoDuration is required for AI video backgrounds.")
    elif duration is not None and model in catalog.video_models:
        offered = catalog.video_models[model].durations
        if duration not in offered:
            check.fail(f"{path}.videoDuration", f"videoDuration for {model} must be one of {', '.join(offered)}.")


# ---- AI Studio images (pictory-api-more.md 1.1) ----------------------------------------------------------
IMAGE_MODELS = ("seedream3.0", "flux-schnell", "nanobanana", "nanobanana-pro")  # the first is the default
IMAGE_ASPECT_RATIOS = ("1:1", "16:9", "9:16")  # every model's; the default is a model's first
IMAGE_PROMPT_LIMITS = (5, 5000)
_IMAGE_FIELDS = ("prompt", "model", "aspectRatio", "style", "referenceImageUrl", "webhook")


def _is_web_address(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(("https://", "http://")) and len(value) > 10


def check_image_request(body: Any, catalog: Catalog) -> tuple[dict[str, Any], FieldErrors]:
    """The accepted ``POST /v1/aistudio/images`` body (unknown fields dropped, defaults filled in) or the
    problems, each ``{"name", "errors"}``. Choices: the prompt is counted in UTF-16 units as sent (not
    stripped); the model must be one AI Studio lists, whatever the catalog's render prices say."""
    if not isinstance(body, dict):
        return {}, [{"name": "body", "errors": "The request body must be a JSON object."}]
    problems: FieldErrors = []
    prompt = body.get("prompt")
    if not isinstance(prompt, str):
        problems.append({"name": "prompt", "errors": "prompt is required and must be a string."})
    elif not IMAGE_PROMPT_LIMITS[0] <= utf16_length(prompt) <= IMAGE_PROMPT_LIMITS[1]:
        problems.append({"name": "prompt", "errors": "prompt must be between 5 and 5000 characters."})
    model = body.get("model", IMAGE_MODELS[0])
    if model not in IMAGE_MODELS or model not in catalog.image_models:
        problems.append({"name": "model", "errors": f"model must be one of {', '.join(IMAGE_MODELS)}."})
    ratio = body.get("aspectRatio", IMAGE_ASPECT_RATIOS[0])
    if ratio not in IMAGE_ASPECT_RATIOS:
        problems.append(
            {"name": "aspectRatio", "errors": f"aspectRatio must be one of {', '.join(IMAGE_ASPECT_RATIOS)}."}
        )
    style = body.get("style")
    if style is not None and style not in catalog.media_styles:
        problems.append({"name": "style", "errors": f"style must be one of {', '.join(sorted(catalog.media_styles))}."})
    for key in ("referenceImageUrl", "webhook"):
        if key in body and not _is_web_address(body[key]):
            problems.append({"name": key, "errors": f"{key} must be a valid URI."})
    if problems:
        return {}, problems
    clean = {key: body[key] for key in _IMAGE_FIELDS if key in body}
    clean["model"], clean["aspectRatio"] = model, ratio
    return clean, []
