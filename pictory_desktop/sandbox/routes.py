"""What each route answers, as plain ``Response`` values; the transport (faults, sockets) is in handlers.py.

Choices where Pictory's documentation is silent:

* Paths that match no route answer 404 ``{"message": "Not Found"}`` before the key is checked.
* A key is good when it starts with ``pictai_`` and has something after the prefix.
* ``GET /v1/jobs/{unknown}`` answers HTTP 404 with
  ``{"job_id", "success": false, "data": {"error_code": "JOB_NOT_FOUND", "error_message"}}``.
* A failed job is HTTP 200 with ``success: false`` (the failure is the job's, not the request's).
* ``PUT /v2/video/render/{id}`` accepts an empty body or any JSON object (ignored); an unknown id is the
  JOB_NOT_FOUND 404, and a job that is not a finished preview is 400 ``{"code": "INVALID_REQUEST"}``.
* ``GET /v1/jobs`` lists newest first, ``jobs_page_size`` (10) per page; ``nextPageKey`` is absent on the
  last page; an unknown key is 400.
* ``GET /v1/aicredits/usage`` answers a bare list, newest first, of one calendar month (UTC): the current one
  without parameters, as documented; ``year`` without ``month`` is 400 ``INVALID_REQUEST``, as documented;
  ``month`` without ``year`` (not documented) is that month of the current year; a month outside 1-12 or a
  year that is not a number is 400 ``INVALID_REQUEST``.
* JSON bodies reject NaN/Infinity (a JavaScript server cannot read them).
* The CDN answers 404 text until a job has completed; previews only have ``thumbnail.jpg``. It honours a
  single ``Range: bytes=a-b`` so interrupted downloads can resume.
* ``POST /v1/aistudio/images`` checks its body (validation.check_image_request) and answers
  ``{"success": true, "data": {"jobId"}}``; ``GET /v1/aistudio/images`` lists completed images newest first,
  ``images_page_size`` (100, Pictory's page) per page, ``nextPageKey`` the last id of the page (unknown: 400).
  The PNG (picture.py) is on the CDN under ``/images/user/sandbox/<id>.png``.
* ``POST /v1/media/generateurl`` (fileName, contentType among the five documented types, else 400) answers
  ``signedUrl`` (CDN origin, ``/upload/<key>?X-Amz-Expires=86400&X-Amz-Signature=<token>``), ``url`` (CDN
  origin, ``/<key>``) and ``key`` (``public/teams/sandbox/<uuid>/<fileName>``). The PUT stores the bytes when
  the token is known and unexpired and ``Content-Type`` is exactly the signed one, else 403 with S3's XML
  error; ``url`` then serves them. Up to 200 MB, in memory. The CDN ignores Authorization, as S3 would reject
  it: tests read the request log to prove none arrived.
* A completed preview's ``previewUrl`` is a small player page on the CDN origin (``/v2/preview/<id>``).
* Voices, music, brands and styles come from ``library.py``; their samples and tracks are WAV files on the
  CDN origin under ``/sandbox-media/`` (``audio.py``), served without a key like every CDN file.
"""

from __future__ import annotations

import html
import json
import re
import secrets
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, quote

from pictory_desktop.sandbox import audio, library, media, picture
from pictory_desktop.sandbox.faults import JOB_KINDS
from pictory_desktop.sandbox.jobs import JOB_NOT_FOUND, Job
from pictory_desktop.sandbox.pricing import expand_scenes
from pictory_desktop.sandbox.state import Origin, SandboxState, SignedSlot
from pictory_desktop.sandbox.validation import check_image_request, check_storyboard

JSON = "application/json; charset=utf-8"
KEY_PREFIX = "pictai_"

_API_ROUTES: list[tuple[str, re.Pattern[str], str]] = [
    ("POST", re.compile(r"^/pictoryapis/v2/video/storyboard/render/?$"), "render"),
    ("POST", re.compile(r"^/pictoryapis/v2/video/storyboard/?$"), "preview"),
    ("PUT", re.compile(r"^/pictoryapis/v2/video/render/([^/]+)/?$"), "render_preview"),
    ("GET", re.compile(r"^/pictoryapis/v1/jobs/([^/]+)/?$"), "job"),
    ("GET", re.compile(r"^/pictoryapis/v1/jobs/?$"), "jobs"),
    ("GET", re.compile(r"^/pictoryapis/v1/quota/?$"), "quota"),
    ("GET", re.compile(r"^/pictoryapis/v1/aicredits/usage/?$"), "usage"),
    ("GET", re.compile(r"^/pictoryapis/v1/voiceovers/tracks/?$"), "voices"),
    ("POST", re.compile(r"^/pictoryapis/v1/music/search/?$"), "music_search"),
    (
        "GET",
        re.compile(r"^/pictoryapis/v1/music/(moods|genres/groups|genres|instruments|purposes)/?$"),
        "music_vocabulary",
    ),
    ("GET", re.compile(r"^/pictoryapis/v1/brands/video/?$"), "brands"),
    ("GET", re.compile(r"^/pictoryapis/v1/styles/?$"), "styles"),
    ("POST", re.compile(r"^/pictoryapis/v1/aistudio/images/?$"), "image"),
    ("GET", re.compile(r"^/pictoryapis/v1/aistudio/images/?$"), "images"),
    ("POST", re.compile(r"^/pictoryapis/v1/media/generateurl/?$"), "upload_url"),
]
UPLOAD_TYPES = ("audio/mpeg", "video/mp4", "image/jpeg", "image/png", "audio/wav")
SIGNED_SECONDS = 86_400
MAX_UPLOAD_BYTES = 200 * 1024 * 1024
IMAGES_PAGE_SIZE = 100
_CDN_ROUTES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^/renders/([^/]+)/([^/]+)$"), "download"),
    (re.compile(r"^/sandbox-media/(voices|music)/([^/]+)\.wav$"), "media"),
    (re.compile(r"^/images/user/sandbox/([^/]+)\.png$"), "image_file"),
    (re.compile(r"^/(public/teams/sandbox/[^/]+/[^/]+)$"), "uploaded"),
    (re.compile(r"^/v2/preview/([^/]+)$"), "preview_page"),
]
_UPLOAD_PUT = re.compile(r"^/upload/(public/teams/sandbox/[^/]+/[^/]+)$")


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str = JSON
    headers: dict[str, str] = field(default_factory=dict)
    # Large downloads stream: when set, ``length`` bytes come from ``stream`` and ``body`` is unused.
    stream: Iterator[bytes] | None = None
    length: int | None = None

    @property
    def content_length(self) -> int:
        return self.length if self.stream is not None and self.length is not None else len(self.body)


def json_response(status: int, payload: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(status, json.dumps(payload).encode("utf-8"), JSON, dict(headers or {}))


def not_found() -> Response:
    return json_response(404, {"message": "Not Found"})


def unauthorized() -> Response:
    return json_response(401, {"message": "Unauthorized"})


def job_not_found(job_id: str) -> Response:
    return json_response(
        404,
        {
            "job_id": job_id,
            "success": False,
            "data": {"error_code": JOB_NOT_FOUND, "error_message": f"Job {job_id} was not found."},
        },
    )


def classify(origin: Origin, method: str, path: str) -> tuple[str, tuple[str, ...]]:
    """(route name, captured path parts). HEAD is treated as GET for the CDN only."""
    if origin == "cdn":
        upload = _UPLOAD_PUT.match(path)
        if upload and method == "PUT":
            return "upload", upload.groups()
        for pattern, name in _CDN_ROUTES:
            match = pattern.match(path)
            if match and method in ("GET", "HEAD"):
                return name, match.groups()
        return "unknown", ()
    for route_method, pattern, name in _API_ROUTES:
        match = pattern.match(path)
        if match and method == route_method:
            return name, match.groups()
    return "unknown", ()


def is_authorized(headers: dict[str, str]) -> bool:
    key = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
    return key.startswith(KEY_PREFIX) and len(key) > len(KEY_PREFIX)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _parse_json(body: bytes) -> tuple[Any, Response | None]:
    try:
        return json.loads(body.decode("utf-8"), parse_constant=_reject_constant), None
    except (UnicodeDecodeError, ValueError):
        return None, json_response(
            400,
            {"code": "INVALID_REQUEST_BODY", "message": "The request body is not valid JSON.", "fields": []},
        )


def answer_api(sandbox: SandboxState, route: str, params: tuple[str, ...], query: str, body: bytes) -> Response:
    if route in ("render", "preview"):
        return _submit(sandbox, route, body)
    if route == "render_preview":
        return _render_preview(sandbox, params[0], body)
    if route == "job":
        return _job(sandbox, params[0])
    if route == "jobs":
        return _jobs(sandbox, parse_qs(query))
    if route == "quota":
        return json_response(200, sandbox.account.quota())
    if route == "usage":
        return _usage(sandbox, parse_qs(query))
    if route == "voices":
        return json_response(200, [voice.reply(sandbox.cdn_base_url) for voice in library.VOICES])
    if route == "music_search":
        return _music_search(sandbox, body)
    if route == "music_vocabulary":
        return json_response(200, list(library.VOCABULARIES[params[0]]))
    if route == "brands":
        return json_response(200, list(library.BRANDS))
    if route == "styles":
        return json_response(200, list(library.STYLES))
    if route == "image":
        return _generate_image(sandbox, body)
    if route == "images":
        return _images(sandbox, parse_qs(query))
    if route == "upload_url":
        return _upload_url(sandbox, body)
    return not_found()


def _invalid(problems: list[dict[str, str]]) -> Response:
    return json_response(
        400, {"code": "INVALID_REQUEST_BODY", "message": "The request body failed validation.", "fields": problems}
    )


def _generate_image(sandbox: SandboxState, body: bytes) -> Response:
    parsed, error = _parse_json(body)
    if error is not None:
        return error
    clean, problems = check_image_request(parsed, sandbox.catalog)
    if problems:
        return _invalid(problems)
    job = sandbox.account.submit(
        "image",
        clean,
        queue_seconds=sandbox.queue_seconds,
        render_seconds=sandbox.render_seconds,
        source=None,
        cost=sandbox.catalog.image_models[clean["model"]].credits_per_image,
    )
    return json_response(200, {"success": True, "data": {"jobId": job.id}})


def _page_start(ids: list[str], query: dict[str, list[str]]) -> int | None:
    """Where a listing's page starts: after the item its ``nextPageKey`` names, at 0 without one; None for a key
    that names no item (answered 400, as Pictory answers a bad key)."""
    key = _first(query, "nextPageKey")
    if not key:
        return 0
    return ids.index(key) + 1 if key in ids else None


def _bad_page_key() -> Response:
    return json_response(400, {"code": "INVALID_REQUEST", "message": "nextPageKey is not valid."})


def _images(sandbox: SandboxState, query: dict[str, list[str]]) -> Response:
    items = sandbox.account.images_newest_first(sandbox.cdn_base_url)
    start = _page_start([item["id"] for item in items], query)
    if start is None:
        return _bad_page_key()
    size = sandbox.images_page_size
    page = items[start : start + size]
    payload: dict[str, Any] = {"items": page}
    if start + len(page) < len(items):
        payload["nextPageKey"] = page[-1]["id"]
    return json_response(200, payload)


def _upload_url(sandbox: SandboxState, body: bytes) -> Response:
    parsed, error = _parse_json(body)
    if error is not None:
        return error
    problems: list[dict[str, str]] = []
    name = parsed.get("fileName") if isinstance(parsed, dict) else None
    kind = parsed.get("contentType") if isinstance(parsed, dict) else None
    if not isinstance(name, str) or not name.strip() or "/" in name or "\\" in name or len(name) > 255:
        problems.append({"name": "fileName", "errors": "fileName is required: a file name without folders."})
    if kind not in UPLOAD_TYPES:
        problems.append({"name": "contentType", "errors": f"contentType must be one of {', '.join(UPLOAD_TYPES)}."})
    if problems or not isinstance(name, str) or not isinstance(kind, str):
        return _invalid(problems)
    key = f"public/teams/sandbox/{uuid.uuid4()}/{quote(name.strip(), safe='')}"
    token = secrets.token_hex(16)
    sandbox.signed_uploads[token] = SignedSlot(key, kind, sandbox.clock() + SIGNED_SECONDS)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(sandbox.clock()))
    signed = (
        f"{sandbox.cdn_base_url}/upload/{key}?X-Amz-Date={stamp}&X-Amz-Expires={SIGNED_SECONDS}&X-Amz-Signature={token}"
    )
    return json_response(
        200, {"success": True, "data": {"signedUrl": signed, "url": f"{sandbox.cdn_base_url}/{key}", "key": key}}
    )


def _s3_error(code: str, message: str) -> Response:
    xml = f"<?xml version='1.0' encoding='UTF-8'?><Error><Code>{code}</Code><Message>{message}</Message></Error>"
    return Response(403, xml.encode("utf-8"), "application/xml")


def answer_upload(sandbox: SandboxState, key: str, query: str, headers: dict[str, str], body: bytes) -> Response:
    """The PUT to a signed address: stored only with the token's key, before expiry, with exactly its type."""
    token = _first(parse_qs(query), "X-Amz-Signature") or ""
    slot = sandbox.signed_uploads.get(token)
    if slot is None or slot.key != key:
        return _s3_error("SignatureDoesNotMatch", "The request signature we calculated does not match.")
    if sandbox.clock() > slot.expires:
        return _s3_error("AccessDenied", "Request has expired")
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    if content_type != slot.content_type:
        return _s3_error("SignatureDoesNotMatch", "The Content-Type does not match the signed one.")
    sandbox.uploads[key] = (content_type, body)
    return Response(200, b"", "text/plain", {"ETag": f'"{uuid.uuid5(uuid.NAMESPACE_URL, key).hex}"'})


def _music_search(sandbox: SandboxState, body: bytes) -> Response:
    parsed, error = _parse_json(body) if body.strip() else ({}, None)  # no body: every filter left out
    if error is not None:
        return error
    tracks, problems = library.search(parsed)
    if problems:
        return json_response(
            400,
            {"code": "INVALID_REQUEST_BODY", "message": "The request body failed validation.", "fields": problems},
        )
    return json_response(200, {"items": [track.reply(sandbox.cdn_base_url) for track in tracks]})


def _submit(sandbox: SandboxState, route: str, body: bytes) -> Response:
    parsed, error = _parse_json(body)
    if error is not None:
        return error
    clean, problems = check_storyboard(parsed, sandbox.catalog)
    if problems:
        return json_response(
            400,
            {"code": "INVALID_REQUEST_BODY", "message": "The request body failed validation.", "fields": problems},
        )
    job = sandbox.account.submit(
        route,
        clean,
        queue_seconds=sandbox.queue_seconds,
        render_seconds=sandbox.render_seconds,
        source=None,
    )
    return json_response(200, {"success": True, "data": {"jobId": job.id}})


def _render_preview(sandbox: SandboxState, preview_id: str, body: bytes) -> Response:
    if body.strip():
        parsed, error = _parse_json(body)
        if error is not None:
            return error
        if not isinstance(parsed, dict):
            return json_response(
                400, {"code": "INVALID_REQUEST_BODY", "message": "The request body must be a JSON object."}
            )
    preview = sandbox.account.get(preview_id)
    if preview is None:
        return job_not_found(preview_id)
    if preview.kind != "preview" or preview.outcome != "completed":
        return json_response(
            400,
            {
                "code": "INVALID_REQUEST",
                "message": f"Job {preview_id} is not a finished preview, so it cannot be rendered.",
            },
        )
    job = sandbox.account.submit(
        "render_preview",
        preview.body,
        queue_seconds=sandbox.queue_seconds,
        render_seconds=sandbox.render_seconds,
        source=preview_id,
    )
    return json_response(200, {"success": True, "data": {"jobId": job.id}})


def _job(sandbox: SandboxState, job_id: str) -> Response:
    job = sandbox.account.get(job_id)
    if job is None:
        return job_not_found(job_id)
    fault = sandbox.faults.take("job", JOB_KINDS)
    if fault is not None:
        if fault.kind == "job_not_found":
            return job_not_found(job_id)
        if fault.kind == "success_false_no_status":
            return json_response(200, {"success": False, "data": {}})
        if fault.kind == "job_failed":
            sandbox.account.force_failure(job_id, fault.error_code, fault.error_message)
        elif fault.kind == "never_finishes":
            sandbox.account.never_finish(job_id)
    return json_response(200, sandbox.account.status(job, sandbox.cdn_base_url))


def _first(query: dict[str, list[str]], key: str) -> str | None:
    values = query.get(key)
    return values[0] if values else None


def _jobs(sandbox: SandboxState, query: dict[str, list[str]]) -> Response:
    ids = sandbox.account.job_ids_newest_first()
    start = _page_start(ids, query)
    if start is None:
        return _bad_page_key()
    page = ids[start : start + sandbox.jobs_page_size]
    items = []
    for job_id in page:
        job = sandbox.account.get(job_id)
        if job is None:  # pragma: no cover - jobs are never deleted
            continue
        status = sandbox.account.status(job, sandbox.cdn_base_url)
        items.append(
            {
                "success": status["success"],
                "data": {"jobId": job_id, "videoName": job.body.get("videoName"), **status["data"]},
            }
        )
    payload: dict[str, Any] = {"items": items}
    if start + len(page) < len(ids):
        payload["nextPageKey"] = page[-1]
    return json_response(200, payload)


def _usage(sandbox: SandboxState, query: dict[str, list[str]]) -> Response:
    year_text, month_text = _first(query, "year"), _first(query, "month")
    if year_text is not None and month_text is None:
        return json_response(400, {"code": "INVALID_REQUEST", "message": "month is required when year is given."})
    year, month = sandbox.account.current_month()
    try:
        if year_text is not None:
            year = int(year_text)
        if month_text is not None:
            month = int(month_text)
    except ValueError:
        return json_response(400, {"code": "INVALID_REQUEST", "message": "year and month must be numbers."})
    if not (1 <= month <= 12 and 1 <= year <= 9999):
        return json_response(400, {"code": "INVALID_REQUEST", "message": "month must be 1 to 12."})
    return json_response(200, sandbox.account.usage(year, month))


# ---- CDN -------------------------------------------------------------------------------------------
def text_response(status: int, text: str) -> Response:
    return Response(status, text.encode("utf-8"), "text/plain; charset=utf-8")


def answer_cdn(sandbox: SandboxState, route: str, params: tuple[str, ...], headers: dict[str, str]) -> Response:
    if route == "media":
        response = _media_file(*params)
    elif route == "image_file":
        response = _image_file(sandbox, params[0])
    elif route == "uploaded":
        stored = sandbox.uploads.get(params[0])
        response = Response(200, stored[1], stored[0]) if stored else text_response(404, "Not Found")
    elif route == "preview_page":
        response = _preview_page(sandbox, params[0])
    else:
        response = _render_file(sandbox, params)
    if response.status != 200:
        return response
    response.headers["Accept-Ranges"] = "bytes"  # players seek in samples with Range requests
    range_header = next((v for k, v in headers.items() if k.lower() == "range"), None)
    return _apply_range(response, range_header) if range_header else response


def _media_file(kind: str, item_id: str) -> Response:
    if kind == "voices":
        voice = library.voice_by_id(item_id)
        if voice is not None:
            return Response(200, audio.voice_sample(voice), "audio/wav")
    else:
        track = library.track_by_id(item_id)
        if track is not None:
            return Response(200, audio.music_track(track), "audio/wav")
    return text_response(404, "Not Found")


def _image_file(sandbox: SandboxState, job_id: str) -> Response:
    job = sandbox.account.get(job_id)
    if job is None or job.kind != "image" or job.outcome != "completed":
        return text_response(404, "Not Found")
    png = picture.placeholder_png(
        job.id, job.body["prompt"], job.body["model"], str(job.body.get("style", "")), job.body["aspectRatio"]
    )
    return Response(200, png, "image/png")


def _preview_page(sandbox: SandboxState, job_id: str) -> Response:
    job = sandbox.account.get(job_id)
    if job is None or job.kind != "preview" or job.outcome != "completed":
        return text_response(404, "Not Found")
    title = html.escape(str(job.body.get("videoName", "")) or "Sandbox preview")
    scenes = "".join(
        f"<li>{html.escape(scene.story)}" + (f" <em>({html.escape(scene.ai_model)})</em>" if scene.ai_model else "")
        for scene in expand_scenes(job.body, sandbox.catalog)
    )
    cost = html.escape(str(Decimal(job.charged)))
    page = (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<h1>{title}</h1><p>Pictory Desktop sandbox preview ({cost} pretend AI credits).</p><ol>{scenes}</ol>"
        "</body></html>\n"
    )
    return Response(200, page.encode("utf-8"), "text/html; charset=utf-8")


def _render_file(sandbox: SandboxState, params: tuple[str, ...]) -> Response:
    job_id, name = params
    job = sandbox.account.get(job_id)
    if job is not None and job.kind == "image":
        return text_response(404, "Not Found")
    allowed = media.PREVIEW_FILES if job is not None and job.kind == "preview" else media.RENDER_FILES
    if job is None or job.outcome != "completed" or name not in allowed:
        return text_response(404, "Not Found")
    return _cdn_file(sandbox, job, name)


def _cdn_file(sandbox: SandboxState, job: Job, name: str) -> Response:
    content_type = media.CONTENT_TYPES[name]
    scenes = expand_scenes(job.body, sandbox.catalog)
    if name == "video.mp4" and sandbox.cdn_payload_bytes is not None:
        length, stream = media.padded_video(sandbox.cdn_payload_bytes)
        if sandbox.cdn_bytes_per_second:
            stream = media.throttled(stream, sandbox.cdn_bytes_per_second, sandbox.stopping)
        return Response(200, content_type=content_type, stream=stream, length=length)
    if name in ("video.mp4", "thumbnail.jpg"):
        # With a maker (the app's draft): a video of the storyboard that was sent, not the fixed placeholder.
        made = sandbox.made_video(job.id, job.body)
        if made is not None:
            path = made.video if name == "video.mp4" else made.thumbnail
            try:
                return Response(200, path.read_bytes(), content_type)
            except OSError:
                sandbox.note(f"the made {name} of job {job.id} could not be read")
    if name in ("video.mp4", "thumbnail.jpg", "audio.mp3"):
        return Response(200, media.shipped(name), content_type)
    text = {
        "subtitles.srt": media.srt,
        "subtitles.vtt": media.vtt,
        "transcript.txt": media.transcript,
    }.get(name)
    if text is not None:
        return Response(200, text(scenes).encode("utf-8"), content_type)
    return Response(200, media.share_page(str(job.body.get("videoName", ""))).encode("utf-8"), content_type)


def _apply_range(response: Response, header: str) -> Response:
    match = re.fullmatch(r"\s*bytes=(\d*)-(\d*)\s*", header)
    total = response.content_length
    if not match or not (match.group(1) or match.group(2)):
        return response  # a malformed or multi-range header is ignored, as HTTP allows
    first, last = match.groups()
    if first:
        start, end = int(first), min(int(last), total - 1) if last else total - 1
    else:
        start, end = max(0, total - int(last)), total - 1
    if start >= total or start > end:
        return Response(416, b"", "text/plain", {"Content-Range": f"bytes */{total}"})
    headers = {**response.headers, "Content-Range": f"bytes {start}-{end}/{total}"}
    return Response(
        206,
        content_type=response.content_type,
        headers=headers,
        stream=_slice(response, start, end + 1),
        length=end + 1 - start,
    )


def _slice(response: Response, start: int, stop: int) -> Iterator[bytes]:
    chunks = response.stream if response.stream is not None else iter([response.body])
    position = 0
    for chunk in chunks:
        chunk_end = position + len(chunk)
        if chunk_end > start and position < stop:
            yield chunk[max(0, start - position) : min(len(chunk), stop - position)]
        position = chunk_end
        if position >= stop:
            return
