"""Request-body checks for the storyboard endpoints, as Pictory documents them.

Two jobs, done in one walk over the body:

* **Drop unknown fields silently.** Pictory ignores fields it does not know (a misspelt
  ``createSceneOnEndOfSentance`` is simply lost), so the sandbox does the same: the returned copy holds
  only documented fields, and nothing about the dropped ones reaches the client.
* **Reject what Pictory rejects**, each problem reported as ``{"name": "<path>", "errors": "<text>"}``.

Choices where the documentation is silent (written down so the app's own checks can be compared):

* JSON ``null`` in a typed field is a type error, and a key whose value is null does not count towards
  the "only one of visualUrl / color / aiVisual" rule.
* Lengths count UTF-16 code units, as JavaScript does (an emoji counts 2).
* An AI video background must name a ``videoDuration`` (the cost depends on it).
* A model that cannot produce the video's aspect ratio (``aspectRatio``, default 16:9) is reported on that
  scene's ``aiVisual.model`` field, because that is what the user has to change.
* A whitespace-only ``videoName`` counts as empty.
"""

from __future__ import annotations

from typing import Any

from pictory_desktop.sandbox.catalog import Catalog

FieldErrors = list[dict[str, str]]

DEFAULT_ASPECT_RATIO = "16:9"

# Documented top-level fields (pictory-api.md). Anything else is dropped, like Pictory does.
_TOP_LEVEL_FIELDS = frozenset(
    {
        "videoName",
        "aspectRatio",
        "scenes",
        "language",
        "voiceOver",
        "backgroundMusic",
        "logo",
        "brandId",
        "brandName",
        "templateId",
        "variables",
        "webhook",
        "saveProject",
        "videoWidth",
        "videoHeight",
    }
)
_SCENE_FIELDS = frozenset({"story", "createSceneOnEndOfSentence", "createSceneOnNewLine", "background"})
_BACKGROUND_FIELDS = frozenset({"type", "visualUrl", "color", "aiVisual"})
_AI_VISUAL_FIELDS = frozenset({"prompt", "model", "mediaStyle", "videoDuration"})
_EXCLUSIVE_BACKGROUNDS = ("visualUrl", "color", "aiVisual")


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _known(obj: dict[str, Any], allowed: frozenset[str], *, prefix: str | None = None) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if k in allowed or (prefix is not None and k.startswith(prefix))}


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


def check_storyboard(body: Any, catalog: Catalog) -> tuple[dict[str, Any], FieldErrors]:
    """Return (body with unknown fields dropped, field errors). No errors means Pictory would accept it."""
    check = _Checker(catalog)
    if not isinstance(body, dict):
        check.fail("", "The request body must be a JSON object.")
        return {}, check.errors

    clean = _known(body, _TOP_LEVEL_FIELDS, prefix="subtitleStyle")

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
        check.fail("scenes", "scenes is required.")
    elif not isinstance(scenes, list):
        check.fail("scenes", "scenes must be a list.")
    elif not scenes:
        check.fail("scenes", "scenes must contain at least one scene.")
    else:
        clean["scenes"] = [_check_scene(check, scene, f"scenes[{i}]", aspect) for i, scene in enumerate(scenes)]
    return clean, check.errors


def _check_scene(check: _Checker, scene: Any, path: str, aspect: str) -> Any:
    if not isinstance(scene, dict):
        check.fail(path, "Each scene must be a JSON object.")
        return scene
    clean = _known(scene, _SCENE_FIELDS)
    story = check.string(clean, "story", f"{path}.story")
    limit = check.catalog.story_limit
    if story is not None and utf16_length(story) > limit:
        check.fail(f"{path}.story", f"story must be at most {limit} characters.")
    for flag in ("createSceneOnEndOfSentence", "createSceneOnNewLine"):
        check.boolean(clean, flag, f"{path}.{flag}")
    if "background" in clean:
        clean["background"] = _check_background(check, clean["background"], f"{path}.background", aspect)
    return clean


def _check_background(check: _Checker, background: Any, path: str, aspect: str) -> Any:
    if not isinstance(background, dict):
        check.fail(path, "background must be a JSON object.")
        return background
    clean = _known(background, _BACKGROUND_FIELDS)
    present = [key for key in _EXCLUSIVE_BACKGROUNDS if clean.get(key) is not None]
    if len(present) > 1:
        check.fail(path, "background can have only one of visualUrl, color or aiVisual.")
    check.string(clean, "visualUrl", f"{path}.visualUrl")
    check.string(clean, "color", f"{path}.color")

    kind = check.string(clean, "type", f"{path}.type")
    if kind is not None and kind not in ("image", "video"):
        check.fail(f"{path}.type", 'type must be "image" or "video".')
        kind = None

    if "aiVisual" not in clean:
        return clean
    ai = clean["aiVisual"]
    if not isinstance(ai, dict):
        check.fail(f"{path}.aiVisual", "aiVisual must be a JSON object.")
        return clean
    if "type" not in clean:
        check.fail(f"{path}.type", 'type is required when aiVisual is set: use "image" or "video".')
    clean["aiVisual"] = _check_ai_visual(check, ai, f"{path}.aiVisual", kind, aspect)
    return clean


def _check_ai_visual(check: _Checker, ai: dict[str, Any], path: str, kind: str | None, aspect: str) -> Any:
    catalog = check.catalog
    clean = _known(ai, _AI_VISUAL_FIELDS)

    model = check.string(clean, "model", f"{path}.model")
    model_kind = None
    if "model" not in clean:
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
    prompt = check.string(clean, "prompt", f"{path}.prompt")
    limit = catalog.prompt_limits[effective]
    if prompt is not None and utf16_length(prompt) > limit:
        check.fail(f"{path}.prompt", f"prompt must be at most {limit} characters for {effective} backgrounds.")

    style = check.string(clean, "mediaStyle", f"{path}.mediaStyle")
    if style is not None and style not in catalog.media_styles:
        check.fail(f"{path}.mediaStyle", f"mediaStyle must be one of {', '.join(sorted(catalog.media_styles))}.")

    duration = check.string(clean, "videoDuration", f"{path}.videoDuration")
    if kind is not None and model_kind is not None and kind != model_kind:
        pass  # the type/model clash is already reported; a duration verdict on top would only confuse
    elif effective == "image":
        if "videoDuration" in clean:
            check.fail(f"{path}.videoDuration", 'videoDuration is not allowed when type is "image".')
    elif "videoDuration" not in clean:
        check.fail(f"{path}.videoDuration", "videoDuration is required for AI video backgrounds.")
    elif duration is not None and model in catalog.video_models:
        offered = catalog.video_models[model].durations
        if duration not in offered:
            check.fail(f"{path}.videoDuration", f"videoDuration for {model} must be one of {', '.join(offered)}.")
    return clean
