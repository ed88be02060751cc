"""What the Jobs list says about a job, in a marketer's words. Pure functions, no widgets."""

from __future__ import annotations

from datetime import datetime

from pictory_desktop.domain.catalog import Catalog, format_credits
from pictory_desktop.domain.describe import PRETEND, credits, model_name
from pictory_desktop.store.jobs_db import SANDBOX_SERVER_ID, UNCONFIRMED_PREFIX, JobRecord

STATUS_WORDS = {
    "submitted": "Waiting to start",
    "in-progress": "Rendering",
    "completed": "Ready",
    "failed": "Failed",
    "stopped-watching": "Not being followed",
    "unknown": "Needs checking",
}

_ADVICE = {
    "INSUFFICIENT_CREDITS": (
        "Your Pictory account did not have enough AI credits, so nothing was charged. Buy more credits or "
        "choose cheaper AI models (Flux costs least), then render again."
    ),
    "TEXT_TO_VIDEO_FAILED": (
        "Check the scene texts and AI prompts for anything unusual, then render again. If it fails again, "
        "contact Pictory support and give them the job id."
    ),
}
DEFAULT_ADVICE = (
    "A failed job is not charged. Check the storyboard and render again; if it keeps failing, contact Pictory "
    "support and give them the job id."
)
IMAGE_ADVICE = (
    "A failed try is not charged. Check the prompt for anything unusual and try again; if it keeps failing, "
    "contact Pictory support and give them the job id."
)
_IMAGE_ADVICE = {
    "INSUFFICIENT_CREDITS": (
        "Your Pictory account did not have enough AI credits, so nothing was charged. Buy more credits or try "
        "with a cheaper model (Flux costs least)."
    ),
}
# (what the job makes, what the job is) in the sentences, by kind.
_NOUNS = {"render": ("video", "render"), "image": ("image", "try"), "preview": ("preview", "preview")}


def is_sandbox(record: JobRecord) -> bool:
    return record.api_base_url == SANDBOX_SERVER_ID


def status_text(record: JobRecord, *, watching: bool, downloading: bool) -> str:
    if record.kind == "image" and record.status == "in-progress" and not record.job_id.startswith(UNCONFIRMED_PREFIX):
        return "Making the image" if watching else "Making the image (not being followed)"
    if downloading:
        return "Downloading"
    if record.job_id.startswith(UNCONFIRMED_PREFIX):
        return "Not confirmed"
    if record.status == "in-progress" and record.progress is None:
        return "Queued at Pictory" if watching else "Queued (not being followed)"
    if record.status == "completed" and record.download_path:
        return "Downloaded"
    word = STATUS_WORDS.get(record.status, record.status)
    if record.status in ("submitted", "in-progress") and not watching:
        return f"{word} (not being followed)"
    return word


def progress_text(record: JobRecord, download: tuple[int, int | None] | None) -> str:
    if download is not None:
        done, total = download
        if total:
            return f"{done * 100 // total}% downloaded ({_megabytes(done)} of {_megabytes(total)})"
        return f"{_megabytes(done)} downloaded"
    if record.status == "completed":
        return "Done"
    if record.status == "failed":
        return ""
    if record.progress is None:
        return "Waiting in Pictory's queue" if record.status in ("in-progress", "submitted") else ""
    message = f" · {record.message}" if record.message else ""
    return f"{record.progress}%{message}"


def progress_value(record: JobRecord, download: tuple[int, int | None] | None) -> int | None:
    """0-100 for the bar; -1 for "busy, amount unknown"; None for no bar."""
    if download is not None:
        done, total = download
        return done * 100 // total if total else -1
    if record.status in ("submitted", "in-progress"):
        return record.progress if record.progress is not None else -1
    if record.status == "completed":
        return 100
    return None


def credits_text(record: JobRecord) -> str:
    """The Credits column: what Pictory charged once it says, with the estimate beside it when they differ."""
    estimate = f"about {format_credits(record.credits)}" if record.estimated else format_credits(record.credits)
    if record.charged is not None:
        amount = format_credits(record.charged)
        text = amount if record.charged == record.credits else f"{amount} ≠ est. {format_credits(record.credits)}"
    elif record.ledger_debits is not None:
        text = f"{format_credits(record.ledger_debits)} in ledger, est. ≤ {format_credits(record.credits)}"
    else:
        text = estimate
    # Sandbox credits are pretend credits: the name says "(sandbox)".
    return f"{text} ({PRETEND})" if is_sandbox(record) else text


def charged_text(record: JobRecord) -> str | None:
    """A sentence on what the render cost, once Pictory has said (None before). A preview, whose cost Pictory
    does not report, says what the AI-credit ledger showed debited while it was made, once that was read."""
    unit = f"{PRETEND} credits" if is_sandbox(record) else "AI credits"
    if record.charged is None and record.ledger_debits is not None:
        debited = format_credits(record.ledger_debits)
        return (
            f"Pictory does not report what a preview costs. Your AI-credit ledger shows {debited} {unit} debited "
            f"while it was being made (other spending at the same time counts too); the most it could cost was "
            f"{format_credits(record.credits)}."
        )
    if record.charged is None:
        return None
    charged, estimate = format_credits(record.charged), format_credits(record.credits)
    if record.charged == record.credits:
        return f"Pictory charged {charged} {unit}, as estimated."
    more_or_less = "more" if record.charged > record.credits else "less"
    what = _NOUNS[record.kind][1]
    return (
        f"Pictory charged {charged} {unit}; the estimate was {estimate}, so this {what} cost {more_or_less} "
        "than shown before sending."
    )


def name_text(record: JobRecord) -> str:
    return f"{record.name} (sandbox)" if is_sandbox(record) else record.name


def title_text(record: JobRecord, catalog: Catalog) -> str:
    """The Jobs panel's line for a job: a render's name; "Image try for scene 2 · Flux · 0.6 credits" for a try
    (what Pictory charged once it says, the price before); "Preview of Spring launch" for a preview."""
    if record.kind == "image":
        head = f"Image try for scene {record.scene_number}" if record.scene_number else "Image try"
        parts = [head]
        if record.model:
            parts.append(model_name(record.model, catalog))
        value = record.charged if record.charged is not None else record.credits
        if is_sandbox(record):
            parts.append(f"{format_credits(value)} {PRETEND} credit{'' if value == 1 else 's'}")
        else:
            parts.append(credits(value))
        return " · ".join(parts)
    if record.kind == "preview":
        return f"Preview of {name_text(record)}"
    return name_text(record)


def _sent_at(record: JobRecord, now: datetime | None) -> tuple[datetime, bool]:
    """When the job was sent, in local time, and whether that was today."""
    return _local(record.created_at, now)


def _local(created_at: str, now: datetime | None) -> tuple[datetime, bool]:
    moment = datetime.fromisoformat(created_at).astimezone()
    return moment, moment.date() == (now or datetime.now().astimezone()).date()


def time_text(record: JobRecord, now: datetime | None = None) -> str:
    return time_text_of(record.created_at, now)


def time_text_of(created_at: str, now: datetime | None = None) -> str:
    """A stored UTC time (a job's or a batch's) as the Jobs list shows it."""
    moment, today = _local(created_at, now)
    if today:
        return f"{moment:%H:%M}"  # today: the time alone keeps the column narrow
    return f"{moment:%d %b %Y %H:%M}"


def sent_before_text(record: JobRecord, now: datetime | None = None) -> str:
    """Said before the same storyboard is rendered again: when, what it cost, and what doing it again means."""
    moment, today = _sent_at(record, now)
    when = f"today at {moment:%H:%M}" if today else f"on {moment:%d %b %Y} at {moment:%H:%M}"
    amount = format_credits(record.credits)
    cost = (
        f"{amount} {PRETEND} credits"
        if is_sandbox(record)
        else f"{'about ' if record.estimated else ''}{amount} credits"
    )
    if record.job_id.startswith(UNCONFIRMED_PREFIX):
        sent = f"You sent exactly this storyboard {when} ({cost}), and Pictory may have started it."
    else:
        sent = f"You rendered exactly this storyboard {when} ({cost})."
    return f"{sent} Rendering it again makes a second video and spends the credits again."


def failure_explanation(record: JobRecord) -> str | None:
    """Pictory's reason and what to do, for a failed or unconfirmed job; None otherwise."""
    if record.job_id.startswith(UNCONFIRMED_PREFIX):
        return record.error_message
    if record.status == "unknown":
        return record.error_message or (
            "Pictory no longer knows this job. Check the videos in your Pictory account before rendering again."
        )
    if record.status != "failed":
        return None
    reason = (record.error_message or "").strip() or "Pictory did not say why."
    if not reason.endswith((".", "!", "?")):
        reason += "."
    code = f" (Pictory's code: {record.error_code})" if record.error_code else ""
    if record.kind == "image":
        advice = _IMAGE_ADVICE.get(record.error_code or "", IMAGE_ADVICE)
    else:
        advice = _ADVICE.get(record.error_code or "", DEFAULT_ADVICE)
    return f"Pictory could not make this {_NOUNS[record.kind][0]}: {reason} {advice}{code}"


def _megabytes(count: int) -> str:
    return f"{count / 1_000_000:.1f} MB"
