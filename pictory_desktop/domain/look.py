"""Brand, subtitle style and language: read from and written to the fields kept verbatim.

Pictory takes a brand as ``brandId`` *or* ``brandName`` and a subtitle style as ``subtitleStyleId`` *or*
``subtitleStyleName`` (sending both is rejected), the style at video level and per scene (a scene's overrides
the video's, D-SS). Choosing from the account's list writes the id (names can repeat or be renamed; ids do not)
and the app remembers the name in its own project-file key (never sent), so the editor can show it.
An inline ``subtitleStyle`` object (fonts, colours…) is kept verbatim and not edited here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .kept import ABSENT, Absent, kept, remember, remembered, with_scene_key, with_video_key
from .storyboard import Scene, Storyboard, Unknown

BRAND_NAMES = "brandNames"  # app_data tables: id → name
STYLE_NAMES = "subtitleStyleNames"
LANGUAGE = "language"


@dataclass(frozen=True)
class ById:
    id: str
    name: str | None = None  # the name the account's list gave it; remembered by the app, not sent


@dataclass(frozen=True)
class ByName:
    name: str


@dataclass(frozen=True)
class ReadOnlyLook:
    reason: str


NamedChoice = ById | ByName | None  # None: not set (Pictory's default; on a scene, the video's)
LookChoice = ById | ByName | ReadOnlyLook | None

_Which = Literal["brand", "style"]
_KEYS: dict[_Which, tuple[str, str, str]] = {
    "brand": ("brandId", "brandName", BRAND_NAMES),
    "style": ("subtitleStyleId", "subtitleStyleName", STYLE_NAMES),
}
_NOUN = {"brand": "brand", "style": "subtitle style"}


def _read(unknown: Unknown, which: _Which, names: Storyboard | None) -> LookChoice:
    id_key, name_key, table = _KEYS[which]
    by_id, by_name = kept(unknown, id_key), kept(unknown, name_key)
    if by_id is not ABSENT and by_name is not ABSENT:
        return ReadOnlyLook(
            f"The file names the {_NOUN[which]} both by id and by name; Pictory rejects that. Choose one here."
        )
    if by_id is not ABSENT:
        if not isinstance(by_id, str) or not by_id.strip():
            return ReadOnlyLook(f"The {_NOUN[which]} id in this file is not text. Choose one here.")
        return ById(by_id, remembered(names, table, by_id) if names is not None else None)
    if by_name is not ABSENT:
        if not isinstance(by_name, str) or not by_name.strip():
            return ReadOnlyLook(f"The {_NOUN[which]} name in this file is not text. Choose one here.")
        return ByName(by_name)
    return None


def _values(choice: NamedChoice, which: _Which) -> dict[str, str | Absent]:
    id_key, name_key, _ = _KEYS[which]
    if isinstance(choice, ById):
        return {id_key: choice.id, name_key: ABSENT}
    if isinstance(choice, ByName):
        return {id_key: ABSENT, name_key: choice.name}
    return {id_key: ABSENT, name_key: ABSENT}


def _remember(storyboard: Storyboard, choice: NamedChoice, which: _Which) -> Storyboard:
    if isinstance(choice, ById):
        return remember(storyboard, _KEYS[which][2], choice.id, choice.name)
    return storyboard


def _with_video(storyboard: Storyboard, choice: NamedChoice, which: _Which) -> Storyboard:
    edited = storyboard
    (first, first_value), (second, second_value) = _values(choice, which).items()
    # The field that is set takes the place of the one it replaces, if that was the one in the file.
    edited = with_video_key(edited, first, first_value, instead_of=second)
    edited = with_video_key(edited, second, second_value, instead_of=first)
    return _remember(edited, choice, which)


def name_of(choice: LookChoice) -> str | None:
    """What the editor calls the choice: its name, or None when it is only known by id."""
    if isinstance(choice, ById | ByName):
        return choice.name
    return None


# ------------------------------------------------------------------------------------------ brand


def read_brand(storyboard: Storyboard) -> LookChoice:
    return _read(storyboard.unknown, "brand", storyboard)


def with_brand(storyboard: Storyboard, choice: NamedChoice) -> Storyboard:
    """``ById`` (from the account's list: its name is remembered), ``ByName``, or None for Pictory's default."""
    return _with_video(storyboard, choice, "brand")


def brand_name_for(storyboard: Storyboard) -> str | None:
    return name_of(read_brand(storyboard))


# ------------------------------------------------------------------------------------------ subtitle style


def read_subtitle_style(storyboard: Storyboard) -> LookChoice:
    return _read(storyboard.unknown, "style", storyboard)


def read_scene_subtitle_style(scene: Scene, storyboard: Storyboard | None = None) -> LookChoice:
    """The scene's own style (None: it uses the video's); pass the storyboard to get remembered names."""
    return _read(scene.unknown, "style", storyboard)


def with_subtitle_style(storyboard: Storyboard, choice: NamedChoice) -> Storyboard:
    return _with_video(storyboard, choice, "style")


def with_scene_subtitle_style(scene: Scene, choice: NamedChoice) -> Scene:
    """The scene with its own style (None: it uses the video's). A ``ById`` name is not remembered here (a scene
    has no app key): use ``with_scene_subtitle_style_in`` to also remember it."""
    (first, first_value), (second, second_value) = _values(choice, "style").items()
    edited = with_scene_key(scene, first, first_value, instead_of=second)
    return with_scene_key(edited, second, second_value, instead_of=first)


def with_scene_subtitle_style_in(storyboard: Storyboard, index: int, choice: NamedChoice) -> Storyboard:
    """The storyboard with scene ``index``'s style set and a chosen style's name remembered."""
    scene = with_scene_subtitle_style(storyboard.scenes[index], choice)
    return _remember(storyboard.replace_scene(index, scene), choice, "style")


def effective_subtitle_style(storyboard: Storyboard, scene_index: int) -> LookChoice:
    """The style this scene's subtitles use: its own, else the video's (D-SS); None: Pictory's default."""
    own = read_scene_subtitle_style(storyboard.scenes[scene_index], storyboard)
    return own if own is not None else read_subtitle_style(storyboard)


def subtitle_style_name_for(storyboard: Storyboard, scene_index: int | None = None) -> str | None:
    """The name of the style that applies to the video (or to one scene), when the app knows it."""
    if scene_index is None:
        return name_of(read_subtitle_style(storyboard))
    return name_of(effective_subtitle_style(storyboard, scene_index))


# ------------------------------------------------------------------------------------------ language


def read_language(storyboard: Storyboard) -> str | None:
    """The video's ``language`` (e.g. "en"), or None when the file sets none (or something that is not text)."""
    value = kept(storyboard.unknown, LANGUAGE)
    return value if isinstance(value, str) and value else None


def with_language(storyboard: Storyboard, language: str | None) -> Storyboard:
    return with_video_key(storyboard, LANGUAGE, ABSENT if not language else language)
