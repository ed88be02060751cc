"""Plain, frozen results of API calls: what the rest of the app reads instead of raw JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeAlias

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

    @property
    def balance(self) -> Decimal:
        return self.credits_limit - self.credits_used


@dataclass(frozen=True)
class JobSummary:
    job_id: str
    status: str | None
    video_url: str | None = None
    raw: JsonObject = field(default_factory=_empty_object, compare=False, repr=False)


@dataclass(frozen=True)
class JobsPage:
    items: list[JobSummary]
    next_page_key: str | None
