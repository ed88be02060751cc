"""The storyboard as the app edits it: immutable values, so an edit is a new value and undo is cheap.

A background is exactly one of the ``Background`` variants; there is no object that holds a picture
URL *and* an AI visual, so mixing kinds cannot be represented. A background loaded from a file in a
shape Pictory would reject is kept verbatim as ``UnrecognisedBackground`` (nothing is lost) and the
checks report why it cannot be sent.

Every level carries ``Unknown``: the keys the app does not edit, verbatim and in their original
positions, so voiceOver, backgroundMusic, brand settings and future fields survive load → edit → save.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Literal, TypeAlias

# What json.loads gives and json.dumps takes: the type of everything the app keeps without editing it.
JsonValue: TypeAlias = "str | int | float | bool | None | list[JsonValue] | dict[str, JsonValue]"
JsonObject: TypeAlias = "dict[str, JsonValue]"

BackgroundKind = Literal["none", "ai_image", "ai_video", "picture_url", "colour", "unrecognised"]

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
class UnrecognisedBackground:
    """A background from a file that fits none of the kinds; kept as loaded, never sent."""

    raw: Mapping[str, JsonValue]
    kind: BackgroundKind = field(default="unrecognised", init=False)


Background = NoBackground | AiImage | AiVideo | PictureUrl | Colour | UnrecognisedBackground
AiBackground = AiImage | AiVideo
_NO_SET_ASIDE: Mapping[BackgroundKind, Background] = MappingProxyType({})


@dataclass(frozen=True)
class Scene:
    story: str | None = None
    split_on_sentences: bool | None = None  # createSceneOnEndOfSentence; None: not in the file
    split_on_lines: bool | None = None  # createSceneOnNewLine
    background: Background = NoBackground()
    unknown: Unknown = NO_UNKNOWN
    dismissed_advice: frozenset[str] = frozenset()  # Finding.dismissal_key of advice hidden on this scene
    # The backgrounds of other kinds the user had on this scene, so switching back brings them back. Never
    # sent and not saved: it lasts while the storyboard is open (undo and moves carry it with the scene).
    set_aside: Mapping[BackgroundKind, Background] = field(default_factory=lambda: _NO_SET_ASIDE)

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
