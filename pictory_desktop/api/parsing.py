"""Turn raw replies (status, headers, body bytes) into results or typed errors. Pure: no I/O.

Everything here is defensive: the server may send HTML from a proxy, a truncated body, or JSON of a shape
nobody documented. Only PictoryError subclasses leave this module, never KeyError/TypeError/ValueError.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from .errors import (
    BadResponse,
    FieldProblem,
    InvalidRequest,
    JobNotFound,
    PictoryError,
    RateLimited,
    RequestRejected,
    ServerError,
    Unauthorized,
)
from .results import (
    AiImagesPage,
    AiStudioImage,
    JobCompleted,
    JobFailed,
    JobInProgress,
    JobsPage,
    JobStatus,
    JobSummary,
    JsonObject,
    JsonValue,
    LedgerEntry,
    MusicTrack,
    NamedItem,
    Quota,
    SignedUpload,
    VoiceTrack,
)

Scrub = Callable[[str], str]
JOB_NOT_FOUND_CODES = frozenset({"5000", "JOB_NOT_FOUND"})
_MAX_SERVER_TEXT = 300  # server text shown to users is cut to keep dialogs readable


def _identity(text: str) -> str:
    return text


def server_text(value: JsonValue, scrub: Scrub = _identity) -> str | None:
    """A short, scrubbed, single-line version of a server-provided string (or None)."""
    if isinstance(value, list):
        value = "; ".join(str(item) for item in value if isinstance(item, str | int | float))
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return None
    text = " ".join(scrub(str(value)).split())
    if not text:
        return None
    return text if len(text) <= _MAX_SERVER_TEXT else text[: _MAX_SERVER_TEXT - 1] + "…"


def decode_json(body: bytes) -> JsonValue:
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BadResponse() from None


def try_decode_json(body: bytes) -> JsonValue:
    try:
        return decode_json(body)
    except BadResponse:
        return None


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Retry-After is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3)."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        import email.utils  # rare (servers send seconds), and ~10 ms to import on the window's start path

        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if when.tzinfo is None:
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    if seconds != seconds or seconds in (float("inf"), float("-inf")):  # NaN/inf
        return None
    return max(0.0, seconds)


def _error_code(body: JsonValue) -> str | None:
    for holder in (body, body.get("data") if isinstance(body, dict) else None):
        if isinstance(holder, dict):
            for key in ("error_code", "errorCode", "code"):
                code = holder.get(key)
                if isinstance(code, str | int) and not isinstance(code, bool):
                    return str(code)
    return None


def is_job_not_found(body: JsonValue) -> bool:
    return _error_code(body) in JOB_NOT_FOUND_CODES


_SCENE_PATH = re.compile(r"(?:^|[./])scenes(?:\[(\d+)\]|[./](\d+))(?:(?:\.|/|(?=\[))(.*))?$")


def _dotted(path: str) -> str:
    # "background/aiVisual[0]/prompt" -> "background.aiVisual.0.prompt"
    text = re.sub(r"\[(\d+)\]", r".\1", path.replace("/", "."))
    return ".".join(part for part in text.split(".") if part)


def field_problem(path: str, message: str) -> FieldProblem:
    """Map a server field path to the 1-based scene the user sees.

    Accepts "scenes[0].background…", "scenes.0.background…", "scenes/0/…", and the same with a prefix
    such as "body." or a leading "/" (JSON pointer).
    """
    match = _SCENE_PATH.search(path.strip())
    if match:
        index = int(match.group(1) or match.group(2))
        return FieldProblem(path, index + 1, _dotted(match.group(3) or ""), message)
    field = _dotted(path.strip())
    if field.startswith("body."):
        field = field[len("body.") :]
    return FieldProblem(path, None, field, message)


def invalid_request(body: JsonValue, scrub: Scrub = _identity) -> InvalidRequest:
    problems: list[FieldProblem] = []
    raw_fields = body.get("fields") if isinstance(body, dict) else None
    if isinstance(raw_fields, list):
        for item in raw_fields:
            if not isinstance(item, dict):
                continue
            path = server_text(item.get("name") or item.get("path") or item.get("field"), scrub) or ""
            message = server_text(item.get("errors") or item.get("message") or item.get("error"), scrub)
            problems.append(field_problem(path, message or "is not valid"))
    if problems:
        return InvalidRequest(fields=problems)
    message = server_text(body.get("message"), scrub) if isinstance(body, dict) else None
    if message:
        return InvalidRequest(f"Pictory rejected the request: {message}. Check the storyboard and send it again.")
    return InvalidRequest()


def error_for_status(
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    *,
    scrub: Scrub = _identity,
    job_lookup: bool = False,
) -> PictoryError | None:
    """The error a non-2xx reply stands for, or None for 2xx."""
    if 200 <= status < 300:
        return None
    data = try_decode_json(body)
    if status == 401:
        return Unauthorized()
    if is_job_not_found(data) or (job_lookup and status == 404):
        return JobNotFound()
    if 300 <= status < 400:
        # The API never redirects; following one could carry the key to another host.
        return BadResponse(
            "Pictory answered with an unexpected redirect, so the request was stopped to keep your API key "
            "safe. Check the server address in Settings."
        )
    if status == 429:
        return RateLimited(retry_after=parse_retry_after(headers.get("Retry-After")))
    if status >= 500:
        return ServerError(status=status)
    if status == 400:
        return invalid_request(data, scrub)
    message = server_text(data.get("message"), scrub) if isinstance(data, dict) else None
    if status == 402:
        return RequestRejected(
            "Pictory says this account cannot pay for the request. Check your plan and AI-credit balance, "
            "then try again.",
            status,
        )
    if status == 403:
        return RequestRejected(
            "Pictory's firewall refused the request. Wait a few minutes and try again; if it keeps "
            "happening, check for an app update.",
            status,
        )
    detail = f" ({message})" if message else ""
    return RequestRejected(
        f"Pictory refused the request with error {status}{detail}. Check the storyboard and settings, then try again.",
        status,
    )


def _dict(value: JsonValue) -> JsonObject:
    if not isinstance(value, dict):
        raise BadResponse()
    return value


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _decimal(value: object) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _float(value: object) -> float | None:
    number = _decimal(value)
    return float(number) if number is not None else None


def _pixels(value: object) -> int | None:
    number = _decimal(value)
    if number is None or number <= 0 or number != number.to_integral_value() or number > 100_000:
        return None
    return int(number)


def _progress(value: object) -> int | None:
    number = _float(value)
    return None if number is None else int(min(100.0, max(0.0, number)))


def job_id_from_submit(body: bytes, scrub: Scrub = _identity) -> str:
    """``{"success": true, "data": {"jobId": "…"}}`` -> the job id."""
    data = _dict(decode_json(body))
    inner = data.get("data")
    job_id = None
    if isinstance(inner, dict):
        job_id = _str(inner.get("jobId")) or _str(inner.get("job_id"))
    job_id = job_id or _str(data.get("jobId")) or _str(data.get("job_id"))
    if job_id and data.get("success") is not False:
        return job_id
    if data.get("success") is False:
        message = server_text(data.get("message"), scrub)
        if message is None and isinstance(inner, dict):
            message = server_text(inner.get("error_message") or inner.get("message"), scrub)
        detail = f": {message}" if message else ""
        return_error = RequestRejected(
            f"Pictory did not start the job{detail}. Check the storyboard and try again.", 200
        )
        raise return_error
    raise BadResponse()


def job_status(body: bytes, requested_id: str, scrub: Scrub = _identity) -> JobStatus:
    payload = _dict(decode_json(body))
    if is_job_not_found(payload):
        raise JobNotFound()
    data = payload.get("data")
    job_id = _str(payload.get("job_id")) or requested_id
    success = payload.get("success")
    if not isinstance(data, dict):
        if success is False:
            return JobFailed(job_id, _error_code(payload), _failure_text(payload, scrub))
        raise BadResponse()
    job_id = _str(data.get("jobId")) or job_id
    status = data.get("status")
    status = status.strip().lower() if isinstance(status, str) else None
    if success is False or status in {"failed", "error", "cancelled", "canceled"}:
        code = _error_code(data) or _error_code(payload)
        return JobFailed(job_id, code, _failure_text(data, scrub) or _failure_text(payload, scrub))
    if status == "completed":
        return JobCompleted(
            job_id=job_id,
            video_url=_str(data.get("videoURL")) or _str(data.get("videoUrl")),
            share_url=_str(data.get("videoShareURL")) or _str(data.get("shareVideoURL")),
            thumbnail_url=_str(data.get("thumbnail")),
            srt_url=_str(data.get("srtFile")),
            vtt_url=_str(data.get("vttFile")),
            txt_url=_str(data.get("txtFile")),
            audio_url=_str(data.get("audioURL")),
            duration_seconds=_float(data.get("videoDuration")),
            credits_used=_decimal(data.get("aiCreditsUsed")),
            raw=data,
            image_url=_str(data.get("url")),  # AI Studio image jobs (pictory-api-more.md 1.2)
            width=_pixels(data.get("width")),
            height=_pixels(data.get("height")),
            preview_url=_str(data.get("previewUrl")),
        )
    if success is not True and status is None:
        raise BadResponse()
    # "in-progress" and any status we do not know yet: keep watching rather than guess it failed.
    return JobInProgress(
        job_id=job_id,
        progress=_progress(data.get("renderProgress")),
        message=server_text(data.get("renderProgressMessage"), scrub),
        state=server_text(data.get("renderState"), scrub),
    )


def _failure_text(holder: JsonObject, scrub: Scrub) -> str:
    for key in ("error_message", "errorMessage", "message"):
        text = server_text(holder.get(key), scrub)
        if text:
            return text
    return ""


def failure_sentence(failed: JobFailed) -> str:
    """A user-facing sentence for a failed job (used by the CLI and the job controller)."""
    detail = f": {failed.error_message}" if failed.error_message else ""
    code = f" (code {failed.error_code})" if failed.error_code else ""
    if failed.error_code == "INSUFFICIENT_CREDITS":
        return f"Pictory could not render the video because the account has too few AI credits{code}. Top up and try again."
    return f"Pictory could not finish the video{detail}{code}. Check the storyboard and try again."


def quota(body: bytes) -> Quota:
    payload = _dict(decode_json(body))
    holder = _dict(payload if "aiCredits" in payload else payload.get("data"))
    credits = _dict(holder.get("aiCredits"))
    used, limit = _decimal(credits.get("used")), _decimal(credits.get("limit"))
    if used is None or limit is None:
        raise BadResponse()
    # Optional: older replies lack it, and a broken meter must not hide the credit balance.
    minutes = holder.get("elevenLabsVoiceOverMinutes")
    minutes_used = minutes_limit = None
    if isinstance(minutes, dict):
        minutes_used, minutes_limit = _decimal(minutes.get("used")), _decimal(minutes.get("limit"))
        if minutes_used is None or minutes_limit is None:
            minutes_used = minutes_limit = None
    return Quota(
        credits_used=used,
        credits_limit=limit,
        elevenlabs_minutes_used=minutes_used,
        elevenlabs_minutes_limit=minutes_limit,
    )


def _page_key(key: JsonValue) -> str | None:
    if isinstance(key, dict | list):
        # Some backends hand back a structured cursor; it goes back verbatim as JSON.
        return json.dumps(key, separators=(",", ":"), sort_keys=True)
    if isinstance(key, str | int) and not isinstance(key, bool) and str(key):
        return str(key)
    return None


def jobs_page(body: bytes) -> JobsPage:
    payload = _dict(decode_json(body))
    raw_items = payload.get("items")
    inner = payload.get("data")
    if raw_items is None and isinstance(inner, dict):
        payload = inner
        raw_items = payload.get("items")
    if not isinstance(raw_items, list):
        raise BadResponse()
    items: list[JobSummary] = []
    for item in raw_items:
        if not isinstance(item, dict):
            continue  # one odd row should not hide the user's other jobs
        item_data = item.get("data")
        data = item_data if isinstance(item_data, dict) else item
        job_id = _str(data.get("jobId")) or _str(data.get("job_id")) or _str(item.get("job_id"))
        if not job_id:
            continue
        status = _str(data.get("status"))
        if status is None and item.get("success") is False:
            status = "failed"
        items.append(JobSummary(job_id, status, _str(data.get("videoURL")), raw=data))
    return JobsPage(items, _page_key(payload.get("nextPageKey")))


# ---- voices, music, brands, styles --------------------------------------------------------------------
# Lists: a reply that is not a list at all fails (with a sentence naming what could not be read); one odd
# item in a good list is skipped, so a single entry Pictory adds in a new shape does not hide all the others.


def _unreadable(what: str) -> BadResponse:
    return BadResponse(
        f"Pictory sent a list of {what} this app could not read. Try again in a few minutes; "
        "if it keeps happening, check for an app update."
    )


def _bare_list(body: bytes, what: str) -> list[JsonValue]:
    try:
        payload = decode_json(body)
    except BadResponse:
        raise _unreadable(what) from None
    if isinstance(payload, dict) and isinstance(payload.get("data"), list):
        payload = payload["data"]  # the documented reply is a bare array; a {"data": [...]} wrapper is harmless
    if not isinstance(payload, list):
        raise _unreadable(what)
    return payload


def _id(value: JsonValue) -> str | None:
    """An id as text: Pictory sends voice and track ids as numbers, brand and style ids as strings."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else None
    return _str(value.strip()) if isinstance(value, str) else None


def _text(value: JsonValue) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _strings(value: JsonValue) -> tuple[str, ...]:
    # Not stripped: filter values are case- (and so character-) sensitive, and go back to Pictory as they came.
    if not isinstance(value, list):
        return ()
    return tuple(text for text in (_str(item) for item in value) if text is not None)


def voices(body: bytes) -> list[VoiceTrack]:
    """``GET /v1/voiceovers/tracks``: a bare array of voices."""
    tracks: list[VoiceTrack] = []
    for item in _bare_list(body, "voices"):
        if not isinstance(item, dict):
            continue
        voice_id, name = _id(item.get("id")), _text(item.get("name"))
        if voice_id is None or name is None:
            continue  # without both, nothing can be shown or named as a speaker
        tracks.append(
            VoiceTrack(
                id=voice_id,
                name=name,
                language=_text(item.get("language")),
                gender=_text(item.get("gender")),
                accent=_text(item.get("accent")),
                service=_text(item.get("service")),
                engine=_text(item.get("engine")),
                sample_url=_text(item.get("sample")),
                voice=_text(item.get("voice")),
                raw=item,
            )
        )
    return tracks


def music_tracks(body: bytes) -> list[MusicTrack]:
    """``POST /v1/music/search``: ``{"items": [...]}`` (no wrapper, no total count)."""
    try:
        payload = decode_json(body)
    except BadResponse:
        raise _unreadable("music tracks") from None
    holder = payload.get("data") if isinstance(payload, dict) and "items" not in payload else payload
    items = holder.get("items") if isinstance(holder, dict) else None
    if not isinstance(items, list):
        raise _unreadable("music tracks")
    tracks: list[MusicTrack] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        track_id, title, audio_url = _id(item.get("id")), _text(item.get("title")), _text(item.get("audioUrl"))
        if track_id is None or title is None or audio_url is None:
            continue  # a track that cannot be played or sent as musicUrl is of no use
        duration = _float(item.get("duration"))
        tracks.append(
            MusicTrack(
                id=track_id,
                title=title,
                audio_url=audio_url,
                duration_seconds=duration if duration is not None and duration >= 0 else None,
                moods=_strings(item.get("moods")),
                genres=_strings(item.get("genres")),
                purposes=_strings(item.get("purposes")),
                raw=item,
            )
        )
    return tracks


def vocabulary(body: bytes, what: str) -> list[str]:
    """``GET /v1/music/moods`` and its siblings: bare arrays of strings, kept in Pictory's order, deduplicated."""
    seen: dict[str, None] = {}
    for item in _bare_list(body, what):
        text = _str(item)  # as sent: these values are passed back as filters, exactly
        if text is not None:
            seen.setdefault(text)
    return list(seen)


def named_items(body: bytes, what: str) -> list[NamedItem]:
    """``GET /v1/brands/video`` and ``GET /v1/styles``: bare arrays of ``{"id", "name"}``."""
    found: list[NamedItem] = []
    for item in _bare_list(body, what):
        if not isinstance(item, dict):
            continue
        item_id, name = _id(item.get("id")), _text(item.get("name"))
        if item_id is not None and name is not None:
            found.append(NamedItem(item_id, name))
    return found


# ---- the AI-credit ledger -------------------------------------------------------------------------------
# Unlike the lists above, one entry that cannot be read makes the whole reply unreadable: a skipped debit
# would make this month's spending look smaller than it is, and a monthly limit is checked against it.


def _unreadable_ledger() -> BadResponse:
    return BadResponse(
        "Pictory sent an AI-credit history this app could not read, so this month's spending is unknown. "
        "Try again in a few minutes; if it keeps happening, check for an app update."
    )


def _date(value: JsonValue) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when


def ledger(body: bytes) -> list[LedgerEntry]:
    """``GET /v1/aicredits/usage``: a bare array of transactions, newest first (order kept as sent)."""
    try:
        items = _bare_list(body, "AI-credit transactions")
    except BadResponse:
        raise _unreadable_ledger() from None
    entries: list[LedgerEntry] = []
    for item in items:
        if not isinstance(item, dict):
            raise _unreadable_ledger()
        kind = _text(item.get("type"))
        amount = _decimal(item.get("amount"))
        if kind is None or amount is None:
            raise _unreadable_ledger()
        entries.append(
            LedgerEntry(
                transaction_id=_id(item.get("transactionId")),
                type=kind.lower(),
                amount=amount,
                source=_text(item.get("source")),
                description=_text(item.get("description")),
                plan=_text(item.get("plan")),
                date=_date(item.get("transactionDate")),
                raw=item,
            )
        )
    return entries


# ---- AI Studio images and uploads -------------------------------------------------------------------------


def ai_images_page(body: bytes) -> AiImagesPage:
    """``GET /v1/aistudio/images``: ``{"items": [...], "nextPageKey"?}`` with no wrapper (a ``data`` wrapper is
    read too). One item without an id or URL is skipped, like one odd voice: it could not be shown or used."""
    try:
        payload = decode_json(body)
    except BadResponse:
        raise _unreadable("AI Studio images") from None
    holder = payload.get("data") if isinstance(payload, dict) and "items" not in payload else payload
    items = holder.get("items") if isinstance(holder, dict) else None
    if not isinstance(holder, dict) or not isinstance(items, list):
        raise _unreadable("AI Studio images")
    images: list[AiStudioImage] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        image_id, url = _id(item.get("id")), _text(item.get("url"))
        if image_id is None or url is None:
            continue
        images.append(
            AiStudioImage(
                id=image_id,
                url=url,
                prompt=_str(item.get("prompt")),
                aspect_ratio=_text(item.get("aspectRatio")),
                model=_text(item.get("model")),
                style=_text(item.get("style")),
                width=_pixels(item.get("width")),
                height=_pixels(item.get("height")),
                created=_date(item.get("createdDate")),
                raw=item,
            )
        )
    return AiImagesPage(images, _page_key(holder.get("nextPageKey")))


def signed_upload(body: bytes) -> SignedUpload:
    """``POST /v1/media/generateurl``: ``{"success": true, "data": {"signedUrl", "url", "key"}}``."""
    payload = _dict(decode_json(body))
    inner = payload.get("data") if isinstance(payload.get("data"), dict) else payload
    data = _dict(inner)
    signed, url = _str(data.get("signedUrl")), _str(data.get("url"))
    if payload.get("success") is False or signed is None or url is None:
        raise BadResponse(
            "Pictory did not give a place to upload the file to, so nothing was uploaded. Try again in a few "
            "minutes; if it keeps happening, check for an app update."
        )
    return SignedUpload(signed_url=signed, url=url, key=_str(data.get("key")))
