"""The storyboard as the app edits it: immutable values, so an edit is a new value and undo is cheap.

A background is exactly one of the ``Background`` variants; there is no object that holds a picture
URL *and* an AI visual, so mixing kinds cannot be represented. A background object with no visual
source at all (only a stock ``searchFilter``, or only ``settings``) is ``StockVisuals``: Pictory picks
stock footage for it. A background loaded from a file in a shape Pictory would reject is kept verbatim
as ``UnrecognisedBackground`` (nothing is lost) and the checks report why it cannot be sent.

A scene's ``elements`` (text, shapes, pictures and clips laid over the background) are kept verbatim
and not edited; the AI images and clips they, or the scene's b-roll cuts, ask for are found once per
scene as ``AiMedia`` so the estimate and the checks treat them like AI backgrounds.

Every level carries ``Unknown``: the keys the app does not edit, verbatim and in their original
positions, so voiceOver, backgroundMusic, brand settings and future fields survive load → edit → save.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from types import MappingProxyType
from typing import Literal, TypeAlias

# What json.loads gives and json.dumps takes: the type of everything the app keeps without editing it.
JsonValue: TypeAlias = "str | int | float | bool | None | list[JsonValue] | dict[str, JsonValue]"
JsonObject: TypeAlias = "dict[str, JsonValue]"

BackgroundKind = Literal["none", "ai_image", "ai_video", "picture_url", "colour", "stock", "unrecognised"]

_EMPTY: Mapping[str, JsonValue] = MappingProxyType({})


@dataclass(frozen=True)
class Unknown:
    """Keys at one JSON level that the app does not edit, plus the original order of *all* keys."""

    order: tuple[str, ...] = ()
    values: Mapping[str, JsonValue] = field(default_factory=lambda: _EMPTY)

    def __bool__(self) -> bool:
        return bool(self.values)


NO_UNKNOWN = Unknown()


@dataclass(frozen=True)
class NoBackground:
    kind: BackgroundKind = field(default="none", init=False)


@dataclass(frozen=True)
class AiImage:
    model: str
    prompt: str | None = None  # None or "": Pictory writes a prompt from the story
    media_style: str | None = None  # None: the model's default look
    unknown_background: Unknown = NO_UNKNOWN
    unknown_ai_visual: Unknown = NO_UNKNOWN
    kind: BackgroundKind = field(default="ai_image", init=False)


@dataclass(frozen=True)
class AiVideo:
    model: str
    duration: str | None = None  # e.g. "5s"; must be one the model offers
    prompt: str | None = None
    media_style: str | None = None
    unknown_background: Unknown = NO_UNKNOWN
    unknown_ai_visual: Unknown = NO_UNKNOWN
    kind: BackgroundKind = field(default="ai_video", init=False)


@dataclass(frozen=True)
class PictureUrl:
    url: str
    media_type: str | None = None  # Pictory's background "type" ("image"/"video") when given
    unknown_background: Unknown = NO_UNKNOWN
    kind: BackgroundKind = field(default="picture_url", init=False)


@dataclass(frozen=True)
class Colour:
    color: str
    unknown_background: Unknown = NO_UNKNOWN
    kind: BackgroundKind = field(default="colour", init=False)


@dataclass(frozen=True)
class StockVisuals:
    """A background that names no visual of its own: Pictory searches its stock library for one, by the
    ``searchFilter`` when there is one (query, keywords, category…), otherwise from the story. Settings
    (mute, loop…) and a colour overlay may still be there, in ``unknown_background``."""

    search_filter: Mapping[str, JsonValue] | None = None  # verbatim
    unknown_background: Unknown = NO_UNKNOWN
    kind: BackgroundKind = field(default="stock", init=False)


@dataclass(frozen=True)
class UnrecognisedBackground:
    """A background from a file that fits none of the kinds; kept as loaded, never sent."""

    raw: Mapping[str, JsonValue]
    kind: BackgroundKind = field(default="unrecognised", init=False)


Background = NoBackground | AiImage | AiVideo | PictureUrl | Colour | StockVisuals | UnrecognisedBackground
AiBackground = AiImage | AiVideo
_NO_SET_ASIDE: Mapping[BackgroundKind, Background] = MappingProxyType({})


@dataclass(frozen=True)
class AiMedia:
    """An AI image or clip a scene asks for besides its background: the ``aiVisual`` of one of its elements
    or b-roll cuts. Pictory bills it like an AI background (per image, per clip second)."""

    holder: str  # where it sits, relative to the scene: "elements[2]" or "backgroundBrolls[0]"
    raw: Mapping[str, JsonValue]  # the element or b-roll object, verbatim
    ai: Mapping[str, JsonValue]  # its aiVisual object, verbatim
    visual: AiImage | AiVideo | None  # the same as a background would read it; None when malformed

    @property
    def model(self) -> str | None:
        model = self.ai.get("model")
        return model if isinstance(model, str) else None


AI_VISUAL_TEXT_KEYS = ("prompt", "model", "mediaStyle", "videoDuration")  # the aiVisual fields the app reads


def _text(obj: Mapping[str, JsonValue], key: str) -> str | None:
    value = obj.get(key)
    return value if isinstance(value, str) else None


def read_ai_visual(media_type: JsonValue, ai: Mapping[str, JsonValue]) -> AiImage | AiVideo | None:
    """The AI image or clip an ``aiVisual`` of this ``type`` asks for; None when it is not well formed
    (a type other than image/video, a non-text field, a duration on an image)."""
    if media_type not in ("image", "video"):
        return None
    if any(key in ai and not isinstance(ai[key], str) for key in AI_VISUAL_TEXT_KEYS):
        return None
    if media_type == "image":
        if "videoDuration" in ai:
            return None
        return AiImage(_text(ai, "model") or "", _text(ai, "prompt"), _text(ai, "mediaStyle"))
    return AiVideo(_text(ai, "model") or "", _text(ai, "videoDuration"), _text(ai, "prompt"), _text(ai, "mediaStyle"))


def find_ai_media(elements: tuple[JsonValue, ...] | None, unknown: Unknown) -> tuple[AiMedia, ...]:
    """The AI images and clips a scene's elements and b-roll cuts (kept in ``unknown``) ask for."""
    brolls = unknown.values.get("backgroundBrolls")
    if elements is None and brolls is None:
        return ()
    return (*_media_in(list(elements or ()), "elements"), *_media_in(brolls, "backgroundBrolls"))


def _media_in(items: JsonValue, name: str) -> list[AiMedia]:
    found: list[AiMedia] = []
    if not isinstance(items, list):
        return found
    for i, item in enumerate(items):
        if isinstance(item, dict) and isinstance(ai := item.get("aiVisual"), dict):
            found.append(AiMedia(f"{name}[{i}]", item, ai, read_ai_visual(item.get("type"), ai)))
    return found


@dataclass(frozen=True)
class ImageTry:
    """One image AI Studio made for a scene ("Try image"): what was asked, what came back, what it cost.

    App-owned: kept on the scene and in the project file's ``pictoryDesktop`` key, never in a request body.
    ``style`` is AI Studio's name for the storyboard's ``mediaStyle``."""

    url: str
    width: int | None
    height: int | None
    prompt: str
    model: str
    style: str | None
    aspect_ratio: str
    credits: Decimal | None  # aiCreditsUsed when the job said; None when unknown
    job_id: str | None
    created: str  # ISO 8601, UTC


@dataclass(frozen=True)
class Scene:
    story: str | None = None
    split_on_sentences: bool | None = None  # createSceneOnEndOfSentence; None: not in the file
    split_on_lines: bool | None = None  # createSceneOnNewLine
    background: Background = NoBackground()
    elements: tuple[JsonValue, ...] | None = None  # the overlays, verbatim; None: the scene has no list of them
    unknown: Unknown = NO_UNKNOWN
    dismissed_advice: frozenset[str] = frozenset()  # Finding.dismissal_key of advice hidden on this scene
    # The backgrounds of other kinds the user had on this scene, so switching back brings them back. Never
    # sent and not saved: it lasts while the storyboard is open (undo and moves carry it with the scene).
    set_aside: Mapping[BackgroundKind, Background] = field(default_factory=lambda: _NO_SET_ASIDE)
    # The AI images and clips of the elements and b-roll cuts (not the background): ``find_ai_media`` of the
    # two, worked out once when the scene is read (neither is edited). A field, not a cached property: a key
    # added to an instance after __init__ makes every attribute read of every scene slower.
    ai_media: tuple[AiMedia, ...] = field(default=(), compare=False, repr=False)
    # App-owned, never sent, saved per scene in the project file's ``pictoryDesktop`` key: the images tried for
    # this scene (oldest first) and, while one of them is locked in as the background, the AI image it replaced,
    # so Back to AI generation restores it exactly. Both take part in equality on purpose: adding a try or
    # locking one is an edit the document must see (``edit_scene`` skips an "edit" equal to the scene) and undo
    # must restore. It costs little: an edit copies the same tuple object, and equal objects compare by identity.
    tries: tuple[ImageTry, ...] = ()
    locked_from: AiImage | None = None

    @property
    def story_text(self) -> str:
        return self.story or ""

    def with_background(self, background: Background) -> Scene:
        return replace(self, background=background)


@dataclass(frozen=True)
class Storyboard:
    video_name: str | None = None
    aspect_ratio: str | None = None  # None: not in the file; Pictory's default applies
    scenes: tuple[Scene, ...] = ()
    unknown: Unknown = NO_UNKNOWN
    # The project file's app-owned key (never sent), less the dismissals, which live on what they are about.
    app_data: Mapping[str, JsonValue] = field(default_factory=lambda: _EMPTY)
    dismissed_advice: frozenset[str] = frozenset()  # advice ids hidden on the whole video

    def replace_scene(self, index: int, scene: Scene) -> Storyboard:
        scenes = list(self.scenes)
        scenes[index] = scene
        return replace(self, scenes=tuple(scenes))


def ai_settings(background: Background) -> tuple[str, str | None, str | None] | None:
    """(model, prompt, style) of an AI background, so a kind switch can carry them over."""
    if isinstance(background, AiBackground):
        return background.model, background.prompt, background.media_style
    return None


def is_locked(scene: Scene) -> bool:
    """The scene's background is an image the user tried and chose ("Use this image"); Back to AI generation
    can restore the AI image it replaced."""
    return scene.locked_from is not None and isinstance(scene.background, PictureUrl)


def locked_try(scene: Scene) -> ImageTry | None:
    """The try whose image is locked in as the background (None when not locked, or the try is not kept)."""
    if not is_locked(scene) or not isinstance(scene.background, PictureUrl):
        return None
    url = scene.background.url
    return next((t for t in reversed(scene.tries) if t.url == url), None)


def latest_try(scene: Scene) -> ImageTry | None:
    return scene.tries[-1] if scene.tries else None
