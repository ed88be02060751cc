"""Plain, frozen results of API calls: what the rest of the app reads instead of raw JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Literal, TypeAlias

# A reply's JSON as json.loads gives it (the same alias as domain.storyboard's; api does not import domain).
JsonValue: TypeAlias = "str | int | float | bool | None | list[JsonValue] | dict[str, JsonValue]"
JsonObject: TypeAlias = "dict[str, JsonValue]"


def _empty_object() -> JsonObject:  # a typed default_factory (plain dict would be dict[Unknown, Unknown])
    return {}


@dataclass(frozen=True)
class JobInProgress:
    job_id: str
    progress: int | None = None  # renderProgress 0-100; None while queued
    message: str | None = None  # renderProgressMessage, e.g. "Generating video"
    state: str | None = None  # renderState, e.g. "RUNNING"


@dataclass(frozen=True)
class JobCompleted:
    job_id: str
    video_url: str | None = None  # None for a completed preview job (no MP4 yet)
    share_url: str | None = None
    thumbnail_url: str | None = None
    srt_url: str | None = None
    vtt_url: str | None = None
    txt_url: str | None = None
    audio_url: str | None = None
    duration_seconds: float | None = None
    credits_used: Decimal | None = None
    raw: JsonObject = field(default_factory=_empty_object, compare=False, repr=False)
    # An AI Studio image job (``POST /v1/aistudio/images``) completes with ``data.url`` (the PNG), its size and
    # ``aiCreditsUsed`` (``credits_used`` above); a render never carries them, so they stay None there.
    image_url: str | None = None
    width: int | None = None
    height: int | None = None
    # A completed preview (``POST /v2/video/storyboard``): the page to open in a browser (pictory-api-more.md 5.1).
    preview_url: str | None = None

    @property
    def is_image(self) -> bool:
        return self.image_url is not None and self.video_url is None


@dataclass(frozen=True)
class JobFailed:
    job_id: str
    error_code: str | None
    error_message: str


JobStatus = JobInProgress | JobCompleted | JobFailed


@dataclass(frozen=True)
class Quota:
    credits_used: Decimal
    credits_limit: Decimal
    # ElevenLabs narration is metered in minutes of its own (``elevenLabsVoiceOverMinutes``), not in AI
    # credits. None when the reply does not say (older replies, accounts without the meter).
    elevenlabs_minutes_used: Decimal | None = None
    elevenlabs_minutes_limit: Decimal | None = None

    @property
    def balance(self) -> Decimal:
        return self.credits_limit - self.credits_used

    @property
    def elevenlabs_minutes_remaining(self) -> Decimal | None:
        """Minutes of ElevenLabs narration left (never below 0), or None when the meter is unknown."""
        if self.elevenlabs_minutes_used is None or self.elevenlabs_minutes_limit is None:
            return None
        return max(Decimal(0), self.elevenlabs_minutes_limit - self.elevenlabs_minutes_used)


@dataclass(frozen=True)
class JobSummary:
    job_id: str
    status: str | None
    video_url: str | None = None
    raw: JsonObject = field(default_factory=_empty_object, compare=False, repr=False)

    @property
    def video_name(self) -> str | None:
        """The job's video name when the list item carries one (``videoName`` or ``renderParams.videoName``;
        Pictory documents the items only as ``{jobId, status, …}``)."""
        name = self.raw.get("videoName")
        params = self.raw.get("renderParams")
        if name is None and isinstance(params, dict):
            name = params.get("videoName")
        return name if isinstance(name, str) else None


@dataclass(frozen=True)
class JobsPage:
    items: list[JobSummary]
    next_page_key: str | None


# ---- voices, music, brands, styles: what a render body's voiceOver, backgroundMusic, brandId and
# subtitleStyleId can name. They live here, not in the client, so the ui layer may show them.


@dataclass(frozen=True)
class VoiceTrack:
    """One entry of ``GET /v1/voiceovers/tracks``. ``id`` is text even though Pictory sends a number: it is
    what a render's ``aiVoices[].speaker`` names, and a string keeps "1001" and 1001 from being two voices."""

    id: str
    name: str
    language: str | None = None  # IETF tag, e.g. "en-US"
    gender: str | None = None
    accent: str | None = None
    service: str | None = None  # "aws", "google", "elevenlabs"
    engine: str | None = None
    sample_url: str | None = None  # a preview clip on Pictory's CDN: fetch it without the API key
    voice: str | None = None  # the provider's own voice id
    raw: JsonObject = field(default_factory=_empty_object, compare=False, repr=False)

    @property
    def is_elevenlabs(self) -> bool:
        # ElevenLabs voices spend the account's ElevenLabs minutes (Quota.elevenlabs_minutes_*).
        return (self.service or "").lower() == "elevenlabs"


MusicVocabulary = Literal["moods", "genres", "genres/groups", "instruments", "purposes"]
MusicSort = Literal["latest", "shuffle", "featured"]
MUSIC_PAGE_SIZES = range(20, 101)  # Pictory documents pageSize 20-100


@dataclass(frozen=True)
class MusicQuery:
    """A ``POST /v1/music/search`` body. Filter values are case-sensitive at Pictory ("Calm / Serene"), so
    they are sent exactly as given; take them from ``PictoryClient.music_vocabulary``."""

    text: str = ""
    moods: tuple[str, ...] = ()
    genres: tuple[str, ...] = ()
    purposes: tuple[str, ...] = ()
    instruments: tuple[str, ...] = ()
    genre_groups: tuple[str, ...] = ()
    min_duration_seconds: int | None = None
    max_duration_seconds: int | None = None
    sort: MusicSort | None = None
    page: int = 1
    page_size: int = 20

    def __post_init__(self) -> None:
        if self.page < 1:
            raise ValueError("page starts at 1.")
        if self.page_size not in MUSIC_PAGE_SIZES:
            raise ValueError("page_size must be between 20 and 100, as Pictory documents.")

    def body(self) -> JsonObject:
        """Only the fields that say something: an empty filter sent as [] could mean "match nothing"."""
        body: JsonObject = {}
        if self.text.strip():
            body["query"] = self.text.strip()
        for key, values in (
            ("mood", self.moods),
            ("genre", self.genres),
            ("purpose", self.purposes),
            ("instrument", self.instruments),
            ("genreGroup", self.genre_groups),
        ):
            if values:
                body[key] = list(values)
        if self.min_duration_seconds is not None:
            body["minDuration"] = self.min_duration_seconds
        if self.max_duration_seconds is not None:
            body["maxDuration"] = self.max_duration_seconds
        if self.sort is not None:
            body["sort"] = self.sort
        body["page"] = self.page
        body["pageSize"] = self.page_size
        return body


@dataclass(frozen=True)
class MusicTrack:
    id: str
    title: str
    audio_url: str  # streamable; also what backgroundMusic.musicUrl takes. Fetch it without the API key.
    duration_seconds: float | None = None
    moods: tuple[str, ...] = ()
    genres: tuple[str, ...] = ()
    purposes: tuple[str, ...] = ()
    raw: JsonObject = field(default_factory=_empty_object, compare=False, repr=False)


@dataclass(frozen=True)
class NamedItem:
    """A brand (``GET /v1/brands/video``) or a subtitle style (``GET /v1/styles``): Pictory lists only these two."""

    id: str
    name: str


@dataclass(frozen=True)
class LedgerEntry:
    """One transaction of the AI-credit ledger (``GET /v1/aicredits/usage``), as Pictory documents it:
    ``{"transactionId", "type": "debit"|"credit", "amount": 0.6, "source": "Text-to-Image"|"Monthly Reset"|…,
    "description", "plan", "transactionDate"}``. ``type`` is lower-cased ("debit", "credit", or whatever new
    word Pictory sends); ``amount`` is exactly the number sent; ``date`` is timezone-aware (a date without
    a zone is taken as UTC), or None when it could not be read. It is read by ``domain.limits`` through that
    module's ``LedgerLine`` protocol, so the domain does not import the api."""

    transaction_id: str | None
    type: str
    amount: Decimal
    source: str | None = None
    description: str | None = None
    plan: str | None = None
    date: datetime | None = None
    raw: JsonObject = field(default_factory=_empty_object, compare=False, repr=False)

    @property
    def is_debit(self) -> bool:
        return self.type == "debit"


# ---- AI Studio images (``POST``/``GET /v1/aistudio/images``) and media uploads (``POST /v1/media/generateurl``)

IMAGE_MODELS = ("seedream3.0", "flux-schnell", "nanobanana", "nanobanana-pro")  # the first is Pictory's default
IMAGE_ASPECT_RATIOS = ("1:1", "16:9", "9:16")
IMAGE_STYLES = ("photorealistic", "artistic", "cartoon", "minimalist", "vintage", "futuristic")
IMAGE_PROMPT_LENGTH = range(5, 5001)  # AI Studio's documented 5-5,000 characters (UTF-16 units, as JavaScript counts)


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass(frozen=True)
class ImageRequest:
    """One AI Studio image to generate. Only what is given is sent: Pictory picks the model's defaults for the
    rest (seedream3.0, the model's first aspect ratio). ``body()`` checks the prompt, the one rule a request
    can break whatever the account, so a request Pictory would refuse is never sent."""

    prompt: str
    model: str | None = None
    aspect_ratio: str | None = None
    style: str | None = None
    reference_image_url: str | None = None

    def problem(self) -> str | None:
        """The sentence saying why this request cannot be sent, or None."""
        length = utf16_length(self.prompt.strip())
        if length < IMAGE_PROMPT_LENGTH.start:
            return "The image prompt needs at least 5 characters: describe the picture you want."
        if length >= IMAGE_PROMPT_LENGTH.stop:
            return f"The image prompt is {length:,} characters long; AI Studio takes at most 5,000. Shorten it."
        return None

    def body(self) -> JsonObject:
        problem = self.problem()
        if problem is not None:
            raise ValueError(problem)
        body: JsonObject = {"prompt": self.prompt.strip()}
        for key, value in (
            ("model", self.model),
            ("aspectRatio", self.aspect_ratio),
            ("style", self.style),
            ("referenceImageUrl", self.reference_image_url),
        ):
            if value:
                body[key] = value
        return body


@dataclass(frozen=True)
class AiStudioImage:
    """One item of ``GET /v1/aistudio/images``. The list carries no job id and no credits (Pictory's docs)."""

    id: str
    url: str
    prompt: str | None = None
    aspect_ratio: str | None = None
    model: str | None = None
    style: str | None = None
    width: int | None = None
    height: int | None = None
    created: datetime | None = None  # timezone-aware; None when Pictory's date could not be read
    raw: JsonObject = field(default_factory=_empty_object, compare=False, repr=False)


@dataclass(frozen=True)
class AiImagesPage:
    items: list[AiStudioImage]
    next_page_key: str | None


# What ``POST /v1/media/generateurl`` names (pictory-api-more.md section 8); Pictory documents no others.
UPLOAD_CONTENT_TYPES = ("audio/mpeg", "video/mp4", "image/jpeg", "image/png", "audio/wav")
# Pictory documents no size limit. A cap keeps a mistaken pick (a disk image, a 4K master) from tying up the
# line for hours; 500 MB is a long product clip.
MAX_UPLOAD_BYTES = 500 * 1024 * 1024


@dataclass(frozen=True)
class SignedUpload:
    """Where to PUT a file (``signed_url``: the storage host, expires after 24 h, never with the API key) and
    the permanent ``url`` to use afterwards (``visualUrl``, ``musicUrl``…)."""

    signed_url: str
    url: str
    key: str | None = None
