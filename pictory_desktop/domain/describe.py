"""Short texts the list and the editor show for scenes and costs, written once so they always agree."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal
from urllib.parse import unquote, urlsplit

from .catalog import Catalog, ImageModel, format_credits
from .credits import Estimate, SceneCost, media_unit_cost
from .look import ById, ByName, LookChoice
from .music import AutoMusic, MusicChoice, MusicOff, MusicTrack, NoMusic, scene_music_enabled
from .narration import AiVoice, NarrationOff, NoVoiceOver, VoiceChoice, read_scene_voice
from .storyboard import (
    AiBackground,
    AiMedia,
    AiVideo,
    Background,
    Colour,
    JsonValue,
    PictureUrl,
    Scene,
    StockVisuals,
    is_locked,
)

# The sandbox's one story, told the same way everywhere: its balance goes down, but with pretend credits.
SANDBOX_SENTENCE = (
    "Sandbox: videos are made on this computer with pretend credits. Nothing is sent to Pictory and your "
    "account is never charged."
)
PRETEND = "pretend"

KIND_LABELS = {
    "none": "No background",
    "ai_image": "AI image",
    "ai_video": "AI video",
    "picture_url": "Picture from the web",
    "colour": "Plain colour",
    "stock": "Stock visuals chosen by Pictory",
    "unrecognised": "Background Pictory would reject",
}

SUMMARY_WORDS = 8

# A scene whose background is an image the user tried and chose ("Use this image"): the scene list's word and
# the editor's sentence. The picture is not generated again, so the background costs nothing.
LOCKED_LABEL = "Locked image"
LOCKED_SENTENCE = (
    "This scene uses the image you tried (locked): rendering it costs no AI credits. Back to AI generation "
    "brings the prompt back."
)


def credits(value: Decimal) -> str:
    word = "credit" if value == 1 else "credits"
    return f"{format_credits(value)} {word}"


def scene_credits(cost: SceneCost) -> str:
    """ "0.6 credits", "≈ 2.4 credits", "No AI credits" or "Cost unknown"."""
    if not cost.priced:
        return "Cost unknown"
    if cost.is_free:
        return "No AI credits"
    return ("≈ " if cost.estimated else "") + credits(cost.credits)


def scene_credits_detail(cost: SceneCost, background: Background) -> str:
    """The editor's sentence about this scene's cost, including how it was worked out."""
    if not cost.priced:
        return "The cost of this scene is unknown until the model and clip length are valid."
    if cost.is_free:
        return "This scene uses no AI credits."
    approx = "≈ " if cost.estimated else ""
    if cost.media_visuals:
        media = f"{approx}{credits(cost.media_credits)} for the AI media in its overlays"
        if cost.background_credits:
            return (
                f"This scene costs {approx}{credits(cost.credits)}: {approx}{credits(cost.background_credits)} for "
                f"the background and {media}."
            )
        return f"This scene costs {approx}{credits(cost.credits)}, all of it for the AI media in its overlays."
    visual = "AI clip" if isinstance(background, AiVideo) else "AI image"
    if cost.visuals == 1:
        return f"This scene costs {credits(cost.credits)}."
    return (
        f"This scene costs ≈ {credits(cost.credits)}: about {cost.visuals} {visual}s at "
        f"{credits(cost.unit_credits)} each."
    )


def scene_cost_sentence(scene: Scene, cost: SceneCost) -> str:
    """The editor's cost sentence for a scene: ``scene_credits_detail``, or for a locked image why it is free
    (and, when its overlays still ask for AI media, what those cost)."""
    if not is_locked(scene):
        return scene_credits_detail(cost, scene.background)
    if cost.priced and cost.is_free:
        return LOCKED_SENTENCE
    return (
        f"{scene_credits_detail(cost, scene.background)} The background is the image you tried (locked) and "
        "costs no AI credits; Back to AI generation brings the prompt back."
    )


def try_cost(model_id: str, catalog: Catalog) -> str:
    """ "Trying an image with Flux costs 0.6 credits." — said before a try is sent."""
    model = catalog.model(model_id)
    if not isinstance(model, ImageModel):
        return f"The cost of trying an image with {model_name(model_id, catalog)} is unknown."
    return f"Trying an image with {model.name} costs {credits(model.credits_per_image)}."


def total_credits(estimate: Estimate) -> str:
    text = ("≈ " if estimate.estimated else "") + credits(estimate.total)
    if estimate.unpriced_scenes:
        scenes = ", ".join(str(n) for n in estimate.unpriced_scenes)
        return f"Total: at least {text} (cost of scene {scenes} unknown)"
    return f"Total: {text}"


def background_summary(background: Background, catalog: Catalog) -> str:
    """ "AI image · Flux", "Plain colour #1f2937" and the like."""
    label = KIND_LABELS[background.kind]
    if isinstance(background, AiBackground):
        name = model_name(background.model, catalog)
        extra = f" {background.duration}" if isinstance(background, AiVideo) and background.duration else ""
        return f"{label} · {name}{extra}"
    if isinstance(background, Colour):
        return f"{label} {background.color}"
    if isinstance(background, PictureUrl) and background.url:
        return f"{label}"
    return label


def _texts(value: JsonValue) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def search_filter_summary(search: Mapping[str, JsonValue]) -> str:
    """ "“aerial coastline” · keywords ocean, coastline · Nature/Landscapes" — what Pictory will search for."""
    parts: list[str] = []
    query = search.get("query")
    if isinstance(query, str) and query.strip():
        parts.append(f"“{query.strip()}”")
    if keywords := _texts(search.get("keywords")):
        parts.append("keywords " + ", ".join(keywords))
    if category := _texts(search.get("category")):
        parts.append(", ".join(category))
    if libraries := _texts(search.get("libraries")):
        parts.append("from " + ", ".join(libraries))
    return " · ".join(parts) or "any stock visual"


def stock_description(background: StockVisuals) -> str:
    """The editor's sentence for a background that leaves the visual to Pictory."""
    if background.search_filter:
        return f"Pictory searches its stock library for: {search_filter_summary(background.search_filter)}."
    return "Pictory picks stock visuals that match the story; this background only sets how they play."


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _media_kind(media: AiMedia) -> str:
    if isinstance(media.visual, AiVideo) or media.raw.get("type") == "video":
        return "AI clip"
    return "AI image"


def _media_counts(media: tuple[AiMedia, ...]) -> str:
    images = sum(1 for m in media if _media_kind(m) == "AI image")
    clips = len(media) - images
    parts = ([_count(images, "AI image")] if images else []) + ([_count(clips, "AI clip")] if clips else [])
    return " and ".join(parts)


def overlays_summary(scene: Scene, cost: SceneCost) -> str:
    """ "3 overlays · 1 AI image, 2 credits": the scene's elements (and b-roll cuts), shown read-only."""
    parts: list[str] = []
    if scene.elements:
        parts.append(_count(len(scene.elements), "overlay"))
    brolls = scene.unknown.values.get("backgroundBrolls")
    if isinstance(brolls, list) and brolls:
        parts.append(_count(len(brolls), "b-roll cut"))
    if scene.ai_media:
        if not cost.priced:
            price = "cost unknown"
        else:
            price = ("≈ " if cost.estimated else "") + credits(cost.media_credits)
        parts.append(f"{_media_counts(scene.ai_media)}, {price}")
    return " · ".join(parts)


def _quote(text: JsonValue, words: int = SUMMARY_WORDS) -> str:
    if not isinstance(text, str) or not text.split():
        return ""
    return f"“{story_summary(text) if len(text.split()) > words else text.strip()}”"


def model_name(model_id: str | None, catalog: Catalog) -> str:
    """ "Seedream", or “unknown model “x”” for a model the catalog does not have."""
    model = catalog.model(model_id or "")
    return model.name if model else f"unknown model “{model_id or ''}”"


def _ai_media_line(media: AiMedia, catalog: Catalog) -> str:
    words = f"{_media_kind(media)} · {model_name(media.model, catalog)}"
    duration = media.ai.get("videoDuration")
    if isinstance(duration, str) and _media_kind(media) == "AI clip":
        words += f" · {duration}"
    unit = media_unit_cost(media, catalog)
    words += f" · {credits(unit)}" if unit is not None else " · cost unknown"
    prompt = _quote(media.ai.get("prompt"))
    return f"{words}: {prompt}" if prompt else words


def element_lines(scene: Scene, catalog: Catalog) -> list[str]:
    """One line per element (and AI b-roll cut), numbered as in the file: what it is and shows."""
    media = {m.holder: m for m in scene.ai_media}
    lines: list[str] = []
    for i, element in enumerate(scene.elements or ()):
        if f"elements[{i}]" in media:
            text = _ai_media_line(media[f"elements[{i}]"], catalog)
        elif not isinstance(element, dict):
            text = "Not an element Pictory can read"
        else:
            kind = element.get("type")
            if kind == "text":
                variant = element.get("textVariant")
                text = "Text " + (_quote(element.get("text")) or "(empty)")
                text += f" ({variant})" if isinstance(variant, str) else ""
            elif kind == "shape":
                name = element.get("name")
                text = f"Shape: {name}" if isinstance(name, str) else "Shape"
            elif kind in ("image", "video"):
                noun = "Picture" if kind == "image" else "Clip"
                search = element.get("searchFilter")
                url = element.get("visualUrl")
                if isinstance(search, dict):
                    text = f"{noun} found by Pictory: {search_filter_summary(search)}"
                elif isinstance(url, str):
                    text = f"{noun} from {url}"
                else:
                    text = noun
            else:
                text = f"Element of type “{kind}”" if isinstance(kind, str) else "Element without a type"
        lines.append(f"{i + 1}. {text}")
    lines += [
        f"B-roll cut: {_ai_media_line(m, catalog)}" for m in scene.ai_media if m.holder.startswith("backgroundBrolls")
    ]
    return lines


def ai_media_words(scene: Scene, catalog: Catalog) -> str:
    """ "overlays: 3 AI images (Seedream)" for the render confirmation; "" when the scene has no AI media."""
    if not scene.ai_media:
        return ""
    names = sorted({model_name(m.model, catalog) for m in scene.ai_media})
    return f"overlays: {_media_counts(scene.ai_media)} ({', '.join(names)})"


_OTHER_NARRATION = {
    "blogUrl": "Story taken from a web page",
    "pptUrl": "Story taken from a presentation",
    "audioUrl": "Narration from an audio file",
    "videoUrl": "Narration from a video file",
}


def scene_summary(scene: Scene) -> str:
    """The scene list's first line: the story's first words, or where Pictory gets the narration from."""
    if scene.story_text.split():
        return story_summary(scene.story_text)
    unknown = scene.unknown.values
    co_pilot = unknown.get("storyCoPilot")
    if isinstance(co_pilot, dict):
        prompt = _quote(co_pilot.get("prompt"))
        return f"Story written by Pictory: {prompt}" if prompt else "Story written by Pictory"
    return next((text for key, text in _OTHER_NARRATION.items() if key in unknown), story_summary(""))


def visuals_summary(scene: Scene, catalog: Catalog) -> str:
    """ "Plain colour #000 + 3 overlays": the background and, when there are any, the overlays on it."""
    text = LOCKED_LABEL if is_locked(scene) else background_summary(scene.background, catalog)
    return f"{text} + {_count(len(scene.elements), 'overlay')}" if scene.elements else text


def story_summary(story: str) -> str:
    words = story.split()
    if not words:
        return "(no story yet)"
    text = " ".join(words[:SUMMARY_WORDS])
    return text + ("…" if len(words) > SUMMARY_WORDS else "")


# ------------------------------------------------------------------------------- length, voice, music


def format_duration(seconds: Decimal | float, *, approx: bool = True) -> str:
    """ "≈ 42 s" under a minute, "≈ 1:05" and "≈ 1:02:05" above (whole seconds, rounded half up)."""
    whole = int(Decimal(repr(seconds) if isinstance(seconds, float) else seconds).quantize(Decimal(1), ROUND_HALF_UP))
    if whole == 0 and seconds > 0:
        whole = 1  # "0 s" would read as "no time at all"
    prefix = "≈ " if approx else ""
    if whole < 60:
        return f"{prefix}{whole} s"
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{prefix}{hours}:{minutes:02d}:{secs:02d}"
    return f"{prefix}{minutes}:{secs:02d}"


def length_words(seconds: Decimal, *, floor: bool = False) -> str:
    """A scene's or the video's estimated length as the editor says it: "≈ 14 s", "at least 9 s"."""
    return ("at least " + format_duration(seconds, approx=False)) if floor else format_duration(seconds)


LENGTH_EXPLAINED = (
    "Estimated from the narration: about 2.5 words a second at the voice's speed; a scene without narration "
    "shows for at least 3 seconds, an AI clip for its whole length. Pictory times the real video."
)


def percent(fraction: float) -> str:
    """0.12 → "12 %", 0.125 → "12.5 %" (a volume as people say it)."""
    value = (Decimal(repr(fraction)) * 100).normalize()
    text = f"{value:f}" if value != value.to_integral_value() else str(int(value))
    return f"{text} %"


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def voice_summary(choice: VoiceChoice, level: Literal["video", "scene"] = "video") -> str:
    """ "Voice: Brian · 110 %", "Narration off", "Same voice as the video", "No voice-over (silent video)"."""
    if isinstance(choice, AiVoice):
        text = f"Voice: {choice.speaker} · {_number_text(choice.speed)} %"
        if choice.volume:
            text += f" · volume {'+' if choice.volume > 0 else '−'}{_number_text(abs(choice.volume))}"
        return text
    if isinstance(choice, NarrationOff):
        return "Narration off"
    if isinstance(choice, NoVoiceOver):
        return "Same voice as the video" if level == "scene" else "No voice-over (silent video)"
    if choice.audio_file:
        return "Narration from an audio file"
    return "Voice-over kept from the file"


def _track_name(track: MusicTrack) -> str:
    if track.title:
        return track.title
    path = unquote(urlsplit(track.url).path).rstrip("/")
    name = path.rsplit("/", 1)[-1]
    return name or track.url


def music_summary(choice: MusicChoice) -> str:
    """ "Music: Calm Journey · volume 12 %", "Pictory picks the music · volume 10 %", "Music off", "No music"."""
    if isinstance(choice, AutoMusic | MusicTrack):
        head = f"Music: {_track_name(choice)}" if isinstance(choice, MusicTrack) else "Pictory picks the music"
        volume = "volume not set" if choice.volume is None else f"volume {percent(choice.volume)}"
        return f"{head} · {volume}"
    if isinstance(choice, MusicOff):
        return "Music off"
    if isinstance(choice, NoMusic):
        return "No music"
    return "Music kept from the file"


def scene_music_summary(enabled: bool | None) -> str:
    """A scene's music switch: it can only turn the video's music off or on."""
    if enabled is None:
        return "Music as in the video"
    return "Music on in this scene" if enabled else "Music off in this scene"


def scene_sound_words(scene: Scene) -> str:
    """What a scene does differently from the video, for the scene list: "Voice: Anna · 100 %", "Narration
    off", "Music off in this scene"; "" when it follows the video."""
    words: list[str] = []
    voice = read_scene_voice(scene)
    if not isinstance(voice, NoVoiceOver):
        words.append(voice_summary(voice, "scene"))
    enabled = scene_music_enabled(scene)
    if enabled is not None:
        words.append(scene_music_summary(enabled))
    return " · ".join(words)


def look_summary(choice: LookChoice, noun: str, *, inherited: str = "Pictory's default") -> str:
    """ "Brand: Default Brand", "Subtitle style: Sleek", "Brand: Pictory's default" (``noun``: "Brand"…)."""
    if isinstance(choice, ById):
        return f"{noun}: {choice.name or choice.id}"
    if isinstance(choice, ByName):
        return f"{noun}: {choice.name}"
    if choice is None:
        return f"{noun}: {inherited}"
    return f"{noun}: kept from the file"
