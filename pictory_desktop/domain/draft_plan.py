"""What the free draft video shows, and when: the storyboard as a timeline of segments, one per scene Pictory
will make (a split story makes several), each with its words and its background.

Pure and exact: the timeline is cut from the length estimate itself (``length.part_seconds``, each scene rounded
as ``estimate_length`` rounds it), so the draft lasts what the app says the video will last. The picture is the
one the scene list shows (``scene_picture``): the locked image, else an AI image's latest try, a picture address,
a colour; an AI scene not tried yet is a card naming the model, style and prompt. The encoder (``draft/``) turns
the plan into pixels and sound; nothing here knows about Qt or files.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .catalog import Catalog, duration_seconds
from .describe import model_name, stock_description
from .length import estimate_length, part_seconds, voice_for_scene
from .music import SUGGESTED_VOLUME, AutoMusic, MusicTrack, read_music, scene_music_enabled
from .narration import read_video_voice
from .scene_picture import scene_picture
from .storyboard import AiImage, AiVideo, PictureUrl, Scene, StockVisuals, Storyboard, UnrecognisedBackground
from .text import split_part_texts

PICTORY_WRITES_PROMPT = "Prompt written by Pictory from the story"
DRAFT_TITLE = "Draft — not rendered by Pictory"
_MILLISECOND = Decimal("0.001")
_ZERO = Decimal(0)


@dataclass(frozen=True)
class PictureBackground:
    url: str
    label: str  # where the picture is from: "Locked image", "Latest try", "Picture"


@dataclass(frozen=True)
class ColourBackground:
    color: str  # as the storyboard writes it ("#1f2937"); the painter says so when it cannot read it


@dataclass(frozen=True)
class AiCard:
    """An AI image or clip Pictory will make at render time: the draft cannot show it, so it says what was asked."""

    kind: str  # "AI image" or "AI video"
    model: str  # the model's name ("Flux Schnell"), or the catalog's "unknown model" words
    style: str | None  # the style's name, None for the model's default look
    prompt: str  # the prompt as written, or PICTORY_WRITES_PROMPT when empty
    clip_seconds: int | None = None  # an AI clip's length ("5s" → 5)


@dataclass(frozen=True)
class TextCard:
    """A background the draft cannot picture (a video clip, stock footage, none): what there is, in words."""

    title: str
    detail: str = ""


DraftBackground = PictureBackground | ColourBackground | AiCard | TextCard


@dataclass(frozen=True)
class DraftSegment:
    scene: int  # 1-based, as the scene list numbers scenes
    part: int  # 1-based part of a scene Pictory splits; 1 of 1 otherwise
    parts: int
    start: Decimal  # seconds from the video's start
    duration: Decimal
    subtitle: str  # the part's story, as the subtitles will say it ("" when the scene has no story)
    background: DraftBackground
    music: bool  # the video's music plays under this scene (a scene can switch it off)

    @property
    def end(self) -> Decimal:
        return self.start + self.duration


@dataclass(frozen=True)
class DraftMusic:
    """The video's music as the storyboard asks for it. The draft plays it only when the caller has its audio."""

    url: str | None  # None: Pictory picks the track at render time
    volume: float  # 0–1; SUGGESTED_VOLUME when the file sets none


@dataclass(frozen=True)
class DraftPlan:
    title: str  # the video's name, or DRAFT_TITLE when it has none
    aspect_ratio: str  # "16:9"; the catalog's default when the storyboard sets none or one it cannot read
    ratio: tuple[int, int]  # the same as numbers: (16, 9)
    segments: tuple[DraftSegment, ...]
    seconds: Decimal  # equals estimate_length(storyboard).seconds
    music: DraftMusic | None
    uncertain: bool  # some narration's length is unknown (an audio file, a web page): the figure is a floor


def plan_draft(storyboard: Storyboard, catalog: Catalog) -> DraftPlan:
    estimate = estimate_length(storyboard)
    video_voice = read_video_voice(storyboard)
    music = draft_music(storyboard)
    segments: list[DraftSegment] = []
    start = _ZERO
    for number, (scene, length) in enumerate(zip(storyboard.scenes, estimate.scenes, strict=True), start=1):
        background = draft_background(scene, catalog)
        music_here = music is not None and scene_music_enabled(scene) is not False
        texts = subtitles(scene)
        durations = _fit(part_seconds(scene, voice_for_scene(video_voice, scene)), length.seconds)
        for part, (text, duration) in enumerate(zip(texts, durations, strict=True), start=1):
            segments.append(DraftSegment(number, part, len(texts), start, duration, text, background, music_here))
            start += duration
    ratio_text, ratio = _aspect_ratio(storyboard.aspect_ratio, catalog.default_aspect_ratio)
    return DraftPlan(
        title=(storyboard.video_name or "").strip() or DRAFT_TITLE,
        aspect_ratio=ratio_text,
        ratio=ratio,
        segments=tuple(segments),
        seconds=estimate.seconds,
        music=music,
        uncertain=bool(estimate.uncertain_scenes),
    )


def subtitles(scene: Scene) -> list[str]:
    """What each part says on screen: ``split_part_texts`` keeps the punctuation that ``split_parts`` (which
    the estimate counts words in) drops; both give as many parts, in the same order."""
    story = scene.story_text
    if not (scene.split_on_sentences or scene.split_on_lines):
        return [story.strip()]
    return split_part_texts(story, on_sentences=bool(scene.split_on_sentences), on_lines=bool(scene.split_on_lines))


def _fit(parts: list[Decimal], total: Decimal) -> list[Decimal]:
    """The parts' lengths scaled so they add up to exactly ``total`` (the scene's rounded figure): boundaries at
    the same fractions of the scene, to the millisecond, the last one at ``total``."""
    whole = sum(parts, _ZERO)
    if whole <= 0:  # cannot happen (a part lasts at least 3 s), but a zero must not divide
        return [total] + [_ZERO] * (len(parts) - 1)
    durations: list[Decimal] = []
    done = _ZERO
    before = _ZERO
    for index, part in enumerate(parts):
        done += part
        boundary = total if index == len(parts) - 1 else (total * done / whole).quantize(_MILLISECOND, ROUND_HALF_UP)
        durations.append(boundary - before)
        before = boundary
    return durations


def draft_background(scene: Scene, catalog: Catalog) -> DraftBackground:
    """The scene list's choice of picture (``scene_picture``), with what a full-frame card needs to say."""
    picture = scene_picture(scene, catalog)
    background = scene.background
    if picture.kind == "image":
        return PictureBackground(picture.source, picture.label)
    if picture.kind == "colour":
        return ColourBackground(picture.source)
    if picture.kind == "ai" and isinstance(background, AiImage | AiVideo):
        style = catalog.style(background.media_style) if background.media_style else None
        # A style the catalog does not know is shown as written.
        style_name = style.name if style is not None else (background.media_style or None)
        prompt = (background.prompt or "").strip() or PICTORY_WRITES_PROMPT
        model = model_name(background.model, catalog)
        if isinstance(background, AiVideo):
            return AiCard("AI video", model, style_name, prompt, duration_seconds(background.duration or ""))
        return AiCard("AI image", model, style_name, prompt)
    if picture.kind == "video" and isinstance(background, PictureUrl):
        return TextCard("Video clip", f"The draft does not play clips: {background.url.strip()}")
    if isinstance(background, StockVisuals):
        return TextCard("Stock footage chosen by Pictory", stock_description(background))
    if isinstance(background, UnrecognisedBackground):
        return TextCard("Background not shown", "This background is not in a shape Pictory accepts.")
    return TextCard("No picture", "This scene names no picture, colour or AI visual.")


def draft_music(storyboard: Storyboard) -> DraftMusic | None:
    choice = read_music(storyboard)
    if isinstance(choice, MusicTrack):
        return DraftMusic(choice.url, _volume(choice.volume))
    if isinstance(choice, AutoMusic):
        return DraftMusic(None, _volume(choice.volume))
    return None  # no music, switched off, or a music object the app cannot read


def _volume(volume: float | None) -> float:
    return SUGGESTED_VOLUME if volume is None else min(1.0, max(0.0, volume))


def _aspect_ratio(written: str | None, default: str) -> tuple[str, tuple[int, int]]:
    for text in (written or "", default):
        ratio = parse_ratio(text)
        if ratio is not None:
            return text.strip(), ratio
    return "16:9", (16, 9)


def parse_ratio(text: str) -> tuple[int, int] | None:
    """ "16:9" → (16, 9); anything else (including a zero side) → None."""
    width, colon, height = text.strip().partition(":")
    if not colon or not width.isdigit() or not height.isdigit() or int(width) == 0 or int(height) == 0:
        return None
    return int(width), int(height)
