"""Pure scene edits the editor offers: each takes a scene and returns the edited scene (no Qt here).

They live beside the document rather than in ``domain`` because they encode editor choices (what a
kind switch carries over, which clip length a new model gets), not Pictory's rules.
"""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType, UnionType

from .catalog import Catalog, VideoModel, duration_seconds
from .describe import KIND_LABELS
from .storyboard import (
    NO_UNKNOWN,
    AiBackground,
    AiImage,
    AiVideo,
    Background,
    BackgroundKind,
    Colour,
    ImageTry,
    NoBackground,
    PictureUrl,
    Scene,
    ai_settings,
    is_locked,
    locked_try,
)
from .storyboard import (
    latest_try as latest_try,  # re-exported: the try edits and their reads in one place
)
from .text import split_part_texts

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
    what they had for the kind chosen (if they had it before) comes back, so switching back loses nothing.

    A scene with a locked image (or one set aside by an earlier switch) that is switched to AI image gets back
    the AI image the lock replaced, as Back to AI generation does."""
    current = scene.background
    if kind == current.kind:
        return scene
    if kind == "ai_image" and scene.locked_from is not None:
        set_aside = {k: v for k, v in scene.set_aside.items() if k != "ai_image"}
        if not isinstance(current, NoBackground):
            set_aside[current.kind] = current
        if isinstance(current, PictureUrl):
            set_aside.pop("picture_url", None)  # the locked image: it is a try, and stays one
        return replace(scene, background=scene.locked_from, locked_from=None, set_aside=MappingProxyType(set_aside))
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


# ------------------------------------------------------------------------------------- tries and locks


class TryLocked(ValueError):
    """A try that is the scene's locked image cannot be removed; ``str()`` says what to do instead."""

    def __init__(self) -> None:
        super().__init__(
            "This image is the scene's locked picture, so it cannot be removed. Choose Back to AI generation "
            "first, or use another image."
        )


def add_try(scene: Scene, try_: ImageTry) -> Scene:
    """The scene with ``try_`` as its newest try. A try with the same image address is the same image (found
    again in the account's list after an answer was lost, say): it is updated where it is, never doubled."""
    for i, kept in enumerate(scene.tries):
        if kept.url == try_.url:
            if kept == try_:
                return scene
            return replace(scene, tries=(*scene.tries[:i], try_, *scene.tries[i + 1 :]))
    return replace(scene, tries=(*scene.tries, try_))


def lock_image(scene: Scene, try_: ImageTry) -> Scene:
    """ "Use this image": the background becomes the tried picture (``type: "image"``, ``visualUrl``), which
    Pictory does not generate, so rendering the scene costs no AI credits.

    ``locked_from`` keeps the AI image replaced, whole (model, prompt, style, unknown keys at both levels), for
    ``unlock``. Locking another try of a locked scene keeps the original. A scene that was not an AI image
    (a library image put on a colour scene) remembers the try's own settings, so Back to AI generation gives
    the AI image that made the picture. The background's own unknown keys (``settings`` and the like, which
    apply to any visual) stay on the picture. The try is added to the scene's tries when it is not there."""
    current = scene.background
    if is_locked(scene):
        assert scene.locked_from is not None
        original = scene.locked_from
    elif isinstance(current, AiImage):
        original = current
    else:
        original = AiImage(model=try_.model, prompt=try_.prompt or None, media_style=try_.style)
    keep = current.unknown_background if isinstance(current, AiImage | PictureUrl) else NO_UNKNOWN
    picture = PictureUrl(try_.url, media_type="image", unknown_background=keep)
    tried = add_try(scene, try_)
    return replace(tried, background=picture, locked_from=original)


def unlock(scene: Scene) -> Scene:
    """ "Back to AI generation": exactly the AI image the lock replaced; the tries stay. Not locked: unchanged."""
    if not is_locked(scene) or scene.locked_from is None:
        return scene
    return replace(scene, background=scene.locked_from, locked_from=None)


def remove_try(scene: Scene, try_: ImageTry) -> Scene:
    """The scene without that try. The locked try is refused (``TryLocked``) rather than unlocked on the quiet:
    removing a picture must not put an AI image, and its cost, back into the video without the user asking."""
    if locked_try(scene) == try_:
        raise TryLocked
    if try_ not in scene.tries:
        return scene
    index = scene.tries.index(try_)
    return replace(scene, tries=(*scene.tries[:index], *scene.tries[index + 1 :]))


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


def split_scene(scene: Scene) -> tuple[Scene, ...]:
    """A scene Pictory would split (``createSceneOnEndOfSentence`` / ``createSceneOnNewLine``) as the real scenes
    it would make: one per part, as many as the estimate counts (``text.split_part_texts``), so the cost becomes
    exact instead of ≈ and each part gets its own prompt box. A scene that does not split comes back alone.

    Each part is the scene with its part of the story and the split flags off; everything else is copied to
    every part: the background with its prompt (under Pictory's split that prompt directed every part), the
    scene's own voice, music switch, subtitle style, minimum length and pause (they applied to each part), and
    its overlays and b-roll cuts. Overlays are copied rather than kept on the first part because they were on
    screen for the whole narration, which now runs across all the parts, and because the estimate already
    counted their AI images once per part: the split changes no figure. Delete the copies you do not want.
    """
    if not (scene.split_on_sentences or scene.split_on_lines):
        return (scene,)
    parts = split_part_texts(
        scene.story_text, on_sentences=bool(scene.split_on_sentences), on_lines=bool(scene.split_on_lines)
    )
    unsplit = with_split(scene, on_sentences=False, on_lines=False)
    if scene.story is None:
        return (unsplit,)
    return tuple(replace(unsplit, story=part) for part in parts)


# What the user calls the keys a scene keeps verbatim, for the sentence that says what a merge dropped.
_KEPT_KEY_WORDS = {
    "voiceOver": "its own voice",
    "backgroundMusic": "its music switch",
    "subtitleStyleId": "its subtitle style",
    "subtitleStyleName": "its subtitle style",
    "minimumDuration": "its minimum length",
    "endPauseDuration": "its pause at the end",
    "backgroundBrolls": "its b-roll cuts",
}


def merge_with_next(first: Scene, second: Scene) -> tuple[Scene, list[str]]:
    """``first`` with ``second``'s story after its own (a blank line between), and sentences saying what of
    ``second`` is dropped (empty when nothing is), so the window can say it.

    The first scene's background, split settings, overlays and other settings are kept; the second's are
    dropped. When the first scene splits its story and the second did not (or the other way round), the
    merged text is split the first scene's way, and a sentence says so."""
    stories = [text for text in (first.story_text.strip(), second.story_text.strip()) if text]
    story = "\n\n".join(stories) if stories else first.story
    merged = replace(first, story=story)
    notes: list[str] = []
    if second.background != first.background and second.background.kind != "none":
        label = KIND_LABELS[second.background.kind]
        prompt = ai_settings(second.background)
        said = f": “{prompt[1]}”" if prompt and prompt[1] else ""
        notes.append(f"The next scene's background ({label}{said}) is dropped; the merged scene keeps this one's.")
    if second.elements and second.elements != first.elements:
        count = len(second.elements)
        notes.append(
            "The next scene's overlay is dropped." if count == 1 else f"The next scene's {count} overlays are dropped."
        )
    dropped: list[str] = []
    for key, value in second.unknown.values.items():
        if first.unknown.values.get(key) != value:
            words = _KEPT_KEY_WORDS.get(key, f"its “{key}” setting")
            if words not in dropped:
                dropped.append(words)
    if dropped:
        notes.append(f"From the next scene, {_listed(dropped)} {'is' if len(dropped) == 1 else 'are'} dropped.")
    first_split = (bool(first.split_on_sentences), bool(first.split_on_lines))
    second_split = (bool(second.split_on_sentences), bool(second.split_on_lines))
    if second.story_text.strip() and second_split != first_split:
        if any(first_split):
            notes.append(
                f"The next scene's text is now {_split_words(*first_split)}, as this scene's is; "
                f"before, it was {_split_words(*second_split)}."
            )
        else:
            notes.append(
                f"The next scene's text was {_split_words(*second_split)}; merged, it is part of one scene, "
                "as this scene's text is."
            )
    return merged, notes


def _split_words(on_sentences: bool, on_lines: bool) -> str:
    if on_sentences and on_lines:
        return "split into a scene per sentence and per line"
    if on_sentences:
        return "split into a scene per sentence"
    if on_lines:
        return "split into a scene per line"
    return "not split"


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
