"""Pure scene edits the editor offers: each takes a scene and returns the edited scene (no Qt here).

They live beside the document rather than in ``domain`` because they encode editor choices (what a
kind switch carries over, which clip length a new model gets), not Pictory's rules.
"""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType, UnionType

from .catalog import Catalog, VideoModel, duration_seconds
from .storyboard import (
    AiBackground,
    AiImage,
    AiVideo,
    Background,
    BackgroundKind,
    Colour,
    NoBackground,
    PictureUrl,
    Scene,
    ai_settings,
)

DEFAULT_COLOUR = "#1f2937"


def with_story(scene: Scene, text: str) -> Scene:
    # An untouched absent story stays absent, so opening and saving a file changes nothing.
    if scene.story is None and text == "":
        return scene
    return replace(scene, story=text)


def _flag(old: bool | None, new: bool) -> bool | None:
    return None if old is None and not new else new


def with_split(scene: Scene, *, on_sentences: bool, on_lines: bool) -> Scene:
    return replace(
        scene,
        split_on_sentences=_flag(scene.split_on_sentences, on_sentences),
        split_on_lines=_flag(scene.split_on_lines, on_lines),
    )


def _nearest_duration(model: VideoModel, wanted: str | None) -> str | None:
    if not model.durations:
        return wanted
    if wanted in model.durations:
        return wanted
    seconds = duration_seconds(wanted) if wanted else None
    if seconds is None:
        return model.durations[0]
    return min(model.durations, key=lambda d: abs((duration_seconds(d) or 0) - seconds))


def background_of_kind(current: Background, kind: BackgroundKind, catalog: Catalog) -> Background:
    """The background a kind switch leads to; prompt and style carry over between AI kinds.

    A prompt is carried over whole even when it is longer than the new kind allows: the checks then
    say so, instead of the editor cutting the user's text without a word.
    """
    if kind == current.kind:
        return current
    carried = ai_settings(current)
    prompt, style = (carried[1], carried[2]) if carried else (None, None)
    if kind == "ai_image":
        return AiImage(model=catalog.image_models[0].id, prompt=prompt, media_style=style)
    if kind == "ai_video":
        model = catalog.video_models[0]
        return AiVideo(model=model.id, duration=model.durations[0], prompt=prompt, media_style=style)
    if kind == "picture_url":
        return PictureUrl(url="")
    if kind == "colour":
        return Colour(color=DEFAULT_COLOUR)
    return NoBackground()


def with_kind(scene: Scene, kind: BackgroundKind, catalog: Catalog) -> Scene:
    """Switch the background's kind. What the user had for the kind being left is set aside on the scene, and
    what they had for the kind chosen (if they had it before) comes back, so switching back loses nothing."""
    current = scene.background
    if kind == current.kind:
        return scene
    set_aside = dict(scene.set_aside)
    if not isinstance(current, NoBackground):
        set_aside[current.kind] = current
    restored = set_aside.pop(kind, None)
    if restored is None:
        background = background_of_kind(current, kind, catalog)
    elif isinstance(restored, AiBackground) and isinstance(current, AiBackground):
        # Between AI kinds the prompt and style the user is working on travel, as on a first switch;
        # the model (and clip length) they had for the kind come back.
        background = replace(restored, prompt=current.prompt, media_style=current.media_style)
    else:
        background = restored
    return replace(scene, background=background, set_aside=MappingProxyType(set_aside))


def with_model(scene: Scene, model_id: str, catalog: Catalog) -> Scene:
    background = scene.background
    if isinstance(background, AiVideo):
        model = catalog.model(model_id)
        duration = _nearest_duration(model, background.duration) if isinstance(model, VideoModel) else None
        return scene.with_background(replace(background, model=model_id, duration=duration or background.duration))
    if isinstance(background, AiImage):
        return scene.with_background(replace(background, model=model_id))
    return scene


def _edit_background(scene: Scene, kinds: type | UnionType, **changes: object) -> Scene:
    """The scene with those background fields changed, or unchanged if its background is another kind."""
    if isinstance(scene.background, kinds):
        return scene.with_background(replace(scene.background, **changes))
    return scene


def with_style(scene: Scene, style_id: str | None) -> Scene:
    return _edit_background(scene, AiBackground, media_style=style_id)


def with_duration(scene: Scene, duration: str) -> Scene:
    return _edit_background(scene, AiVideo, duration=duration)


def with_prompt(scene: Scene, text: str) -> Scene:
    background = scene.background
    if not isinstance(background, AiBackground):
        return scene
    # An empty prompt is left out of the body so that Pictory writes one from the story.
    prompt = text if text else None
    if prompt is None and background.prompt == "":
        return scene
    return scene.with_background(replace(background, prompt=prompt))


def with_url(scene: Scene, url: str) -> Scene:
    return _edit_background(scene, PictureUrl, url=url)


def with_colour(scene: Scene, colour: str) -> Scene:
    return _edit_background(scene, Colour, color=colour)


def new_scene_like(template: Scene | None) -> Scene:
    """A fresh scene that keeps the template's AI model and style (not its prompt) for a consistent look."""
    if template is None:
        return Scene(story="")
    background = template.background
    if isinstance(background, AiImage):
        return Scene(story="", background=AiImage(model=background.model, media_style=background.media_style))
    if isinstance(background, AiVideo):
        return Scene(
            story="",
            background=AiVideo(
                model=background.model, duration=background.duration, media_style=background.media_style
            ),
        )
    return Scene(story="")


def with_branding(scene: Scene, *, model_id: str | None, style_id: str | None, kind: str, catalog: Catalog) -> Scene:
    """Apply a model (to scenes of the same AI kind) and a style (to every AI scene) for consistent branding."""
    background = scene.background
    if not isinstance(background, AiBackground):
        return scene
    edited = with_style(scene, style_id)
    if model_id is not None and background.kind == kind:
        return with_model(edited, model_id, catalog)
    return edited
