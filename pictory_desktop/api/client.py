"""PictoryClient: the one place that talks HTTP to Pictory's API. No Qt; blocking calls, meant for a
worker thread or the CLI.

Safety rules this module enforces (see docs in the brief and pictory-api.md):
- renders (POST/PUT that start paid work) are sent exactly once; a retry could charge twice;
- the API key only ever goes to the API origin: redirects are not followed, downloads use another session;
- the key is never in repr, logs, or exception text.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import NoReturn, TypeVar, get_args
from urllib.parse import quote

import requests
from requests.adapters import HTTPAdapter

import pictory_desktop

from . import parsing
from .download import download_file
from .errors import (
    BadResponse,
    Cancelled,
    InvalidRequest,
    NetworkError,
    RateLimited,
    ServerError,
    Unauthorized,
    may_have_started,
)
from .results import (
    UPLOAD_CONTENT_TYPES,
    AiImagesPage,
    ImageRequest,
    JobsPage,
    JobStatus,
    JsonObject,
    LedgerEntry,
    MusicQuery,
    MusicTrack,
    MusicVocabulary,
    NamedItem,
    Quota,
    SignedUpload,
    VoiceTrack,
)
from .transport import ApiKey, RawKeyAuth, network_error
from .upload import check_upload, upload_file
from .urls import DEFAULT_BASE_URL, check_base_url

USER_AGENT = f"pictory-desktop/{pictory_desktop.__version__}"
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 30.0
MAX_BACKOFF = 30.0
MAX_RETRY_AFTER = 120.0
MAX_REPLY_BYTES = 16 * 1024 * 1024  # API replies are small JSON; anything bigger is not Pictory talking

log = logging.getLogger(__name__)
_T = TypeVar("_T")
_MUSIC_VOCABULARIES = frozenset(get_args(MusicVocabulary))


def _json_default(value: object) -> int | float:
    # Credits and durations may be Decimals in the domain model; JSON wants plain numbers.
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError


def _mounted_session() -> requests.Session:
    session = requests.Session()
    # max_retries=0: urllib3 must never resend on its own (a silent resend of a render can charge twice).
    adapter = HTTPAdapter(max_retries=0)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


class PictoryClient:
    def __init__(
        self,
        api_key: str,
        base_url: str = DEFAULT_BASE_URL,
        *,
        connect_timeout: float = CONNECT_TIMEOUT,
        read_timeout: float = READ_TIMEOUT,
        get_attempts: int = 4,
        sleep: Callable[[float], None] = time.sleep,
        cancel: threading.Event | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self._base_url, self.is_loopback = check_base_url(base_url)
        key = (api_key or "").strip()
        if not key:
            raise Unauthorized("No Pictory API key is set. Open Settings and enter your API key.")
        if not all(33 <= ord(char) < 127 for char in key):
            # requests would echo the key inside its InvalidHeader message; refuse before that can happen.
            raise Unauthorized(
                "The API key contains spaces or characters that cannot be part of a key. "
                "Open Settings and paste it again."
            )
        self._key = ApiKey(key)
        self._auth = RawKeyAuth(self._key)
        self._timeout = (float(connect_timeout), float(read_timeout))
        self._get_attempts = max(1, int(get_attempts))
        self._sleep = sleep
        self._cancel = cancel
        self._session = session if session is not None else _mounted_session()
        # A separate session for CDN files, so no API state (cookies, auth) can follow a download.
        self._download_session = _mounted_session()

    @property
    def base_url(self) -> str:
        return self._base_url

    def __repr__(self) -> str:
        return f"PictoryClient(base_url={self._base_url!r}, api_key=<hidden>)"

    def __reduce__(self) -> NoReturn:
        raise TypeError("PictoryClient holds an API key and cannot be pickled or saved.")

    def close(self) -> None:
        self._session.close()
        self._download_session.close()

    # --- endpoints -------------------------------------------------------------------------------

    def render(self, body: JsonObject) -> str:
        """Start a render; returns the job id. Never retried: the user decides after checking Jobs."""
        return self._submit("POST", "/v2/video/storyboard/render", body, what="render")

    def preview(self, body: JsonObject) -> str:
        # Previews are sent once too: they can also spend AI credits on generated visuals.
        return self._submit("POST", "/v2/video/storyboard", body, what="preview")

    def render_preview(self, preview_job_id: str) -> str:
        path = f"/v2/video/render/{quote(preview_job_id, safe='')}"
        return self._submit("PUT", path, {}, what="render")

    # --- AI Studio images ------------------------------------------------------------------------------------

    def generate_image(self, request: ImageRequest) -> str:
        """Start one AI Studio image (``POST /v1/aistudio/images``); returns the job id, followed with ``job`` /
        ``watch_job`` like a render. It spends the model's credits, so it is sent once and never retried: a lost
        answer says it may have started, and ``studio.find_lost_image`` looks for it, read-only. A prompt AI
        Studio would refuse raises ValueError with the sentence, before anything is sent."""
        return self._submit("POST", "/v1/aistudio/images", request.body(), what="image")

    def ai_images(self, next_page_key: str | None = None) -> AiImagesPage:
        """One page of the account's AI Studio images, newest first (``GET /v1/aistudio/images``)."""
        params = {"nextPageKey": next_page_key} if next_page_key else None
        return parsing.ai_images_page(self._get("/v1/aistudio/images", params=params))

    # --- uploads: the user's own files -------------------------------------------------------------------

    def upload_url(self, file_name: str, content_type: str) -> SignedUpload:
        """Ask where to upload one file (``POST /v1/media/generateurl``). It only hands out an address (and a
        file nobody uploads to costs nothing), so unlike paid work it is retried like a GET: asking twice gives
        two addresses, of which the unused one simply expires after 24 hours."""
        name = file_name.strip()
        if not name or "/" in name or "\\" in name:
            raise ValueError("Give the file's name without folders, e.g. product.mp4.")
        if content_type not in UPLOAD_CONTENT_TYPES:
            raise ValueError(
                f"Pictory takes uploads of these types only: {', '.join(UPLOAD_CONTENT_TYPES)} (not {content_type})."
            )
        body: JsonObject = {"fileName": name, "contentType": content_type}
        reply = self._with_retries(
            lambda: self._send("POST", "/v1/media/generateurl", json_body=body, read_only=True),
            label="POST /v1/media/generateurl",
        )
        return parsing.signed_upload(reply)

    def upload_file(
        self,
        signed_url: str,
        path: Path,
        content_type: str,
        *,
        progress: Callable[[int, int], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> None:
        """PUT ``path`` to ``signed_url`` (from ``upload_url``) with exactly ``content_type``, through the session
        that never carries the API key. Spends nothing and writes the same key again, so a failure is retried
        like a download. The type and size are checked first (ValueError with a sentence)."""
        check_upload(Path(path), content_type)
        cancels = [event for event in (cancel, self._cancel) if event is not None]
        self._with_retries(
            lambda: upload_file(
                self._download_session,
                signed_url,
                Path(path),
                content_type,
                timeout=self._timeout,
                user_agent=USER_AGENT,
                on_progress=progress,
                is_cancelled=lambda: any(event.is_set() for event in cancels),
            ),
            label="upload",
        )

    def _submit(self, method: str, path: str, body: JsonObject, *, what: str) -> str:
        """Send paid work once. A 5xx or an unreadable 2xx does not prove the job was NOT started (a gateway
        may fail after Pictory accepted it; a 200 that was cut short did start it), so those messages send the
        user to the Jobs list instead of inviting a resend that could charge twice."""
        try:
            reply = self._send(method, path, json_body=body, what=what)
        except ServerError as error:
            raise ServerError(
                may_have_started(f"Pictory's servers had a problem (error {error.status}) while receiving the {what}"),
                error.status,
            ) from None
        try:
            return parsing.job_id_from_submit(reply, self._key.scrub)
        except BadResponse:
            raise BadResponse(
                may_have_started(f"Pictory answered the {what} request, but the reply could not be read")
            ) from None

    def job(self, job_id: str) -> JobStatus:
        reply = self._get(f"/v1/jobs/{quote(job_id, safe='')}", job_lookup=True)
        return parsing.job_status(reply, job_id, self._key.scrub)

    def quota(self) -> Quota:
        return parsing.quota(self._get("/v1/quota"))

    def credit_usage(self, year: int | None = None, month: int | None = None) -> list[LedgerEntry]:
        """The AI-credit ledger of one month (``GET /v1/aicredits/usage``), newest first: Pictory's current
        month without arguments, or ``year`` and ``month`` together. Pictory answers ``year`` without ``month``
        with 400, so that is refused here before anything is sent; ``month`` without ``year`` is not
        documented, and refused the same way rather than guessing which year was meant. Only reads, so it is
        retried like every GET. Pictory keeps the last 12 months."""
        if (year is None) != (month is None):
            raise ValueError("Give both the year and the month of the AI-credit history, or neither.")
        params: dict[str, str] | None = None
        if year is not None and month is not None:
            if not 1 <= month <= 12 or not 1 <= year <= 9999:
                raise ValueError(f"There is no month {year}-{month}.")
            params = {"year": str(year), "month": str(month)}
        return parsing.ledger(self._get("/v1/aicredits/usage", params=params))

    def jobs(self, next_page_key: str | None = None) -> JobsPage:
        params = {"nextPageKey": next_page_key} if next_page_key else None
        return parsing.jobs_page(self._get("/v1/jobs", params=params))

    # --- what a storyboard can name: voices, music, brands, subtitle styles -------------------------

    def voices(self) -> list[VoiceTrack]:
        """Every AI voice the account can use (``GET /v1/voiceovers/tracks``); filter client-side."""
        return parsing.voices(self._get("/v1/voiceovers/tracks"))

    def music_search(self, query: MusicQuery) -> list[MusicTrack]:
        """One page of Pictory's music library. A POST only because the filters are a JSON body: it starts
        no work and spends nothing, so unlike a render it is retried like a GET."""
        body = query.body()
        reply = self._with_retries(
            lambda: self._send("POST", "/v1/music/search", json_body=body, read_only=True),
            label="POST /v1/music/search",
        )
        return parsing.music_tracks(reply)

    def music_vocabulary(self, kind: MusicVocabulary) -> list[str]:
        """The values a music filter accepts (case-sensitive), e.g. ``"moods"`` -> ["Calm / Serene", …]."""
        if kind not in _MUSIC_VOCABULARIES:  # a typo must not become a request for some other path
            raise ValueError(f"Unknown music vocabulary {kind!r}.")
        return parsing.vocabulary(self._get(f"/v1/music/{kind}"), f"music {kind.replace('/', ' ')}")

    def brands(self) -> list[NamedItem]:
        """The account's brands (``brandId`` in a render body)."""
        return parsing.named_items(self._get("/v1/brands/video"), "brands")

    def styles(self) -> list[NamedItem]:
        """The account's subtitle styles (``subtitleStyleId`` in a render body)."""
        return parsing.named_items(self._get("/v1/styles"), "subtitle styles")

    def download(
        self,
        url: str,
        destination: Path,
        *,
        on_progress: Callable[[int, int | None], None] | None = None,
        cancel: threading.Event | None = None,
        chunk_size: int = 64 * 1024,
    ) -> Path:
        """Stream an output file (MP4, SRT…) from the CDN to ``destination`` atomically."""
        cancels = [event for event in (cancel, self._cancel) if event is not None]
        return self._with_retries(
            lambda: download_file(
                self._download_session,
                url,
                Path(destination),
                timeout=self._timeout,
                user_agent=USER_AGENT,
                on_progress=on_progress,
                is_cancelled=lambda: any(event.is_set() for event in cancels),
                chunk_size=chunk_size,
            ),
            label="download",
        )

    # --- plumbing --------------------------------------------------------------------------------

    def _get(self, path: str, *, params: dict[str, str] | None = None, job_lookup: bool = False) -> bytes:
        return self._with_retries(
            lambda: self._send("GET", path, params=params, job_lookup=job_lookup), label=f"GET {path}"
        )

    def _with_retries(self, call: Callable[[], _T], *, label: str) -> _T:
        """Retry transient failures of idempotent calls with exponential backoff (1, 2, 4… s, cap 30)."""
        for attempt in range(self._get_attempts):
            self._raise_if_cancelled()
            try:
                return call()
            except (NetworkError, ServerError, RateLimited) as error:
                if attempt == self._get_attempts - 1:
                    raise
                delay = min(MAX_BACKOFF, 2.0**attempt)
                if isinstance(error, RateLimited) and error.retry_after is not None:
                    delay = min(MAX_RETRY_AFTER, max(0.0, error.retry_after))
                log.info(
                    "%s failed (%s); retry %d of %d in %.1fs",
                    label,
                    type(error).__name__,
                    attempt + 1,
                    self._get_attempts - 1,
                    delay,
                )
                self._wait(delay)
        raise AssertionError("unreachable")  # pragma: no cover - the loop always returns or raises

    def _wait(self, delay: float) -> None:
        if self._cancel is not None and self._sleep is time.sleep:
            self._cancel.wait(delay)  # wakes at once on Cancel instead of sleeping it out
        else:
            self._sleep(delay)
        self._raise_if_cancelled()

    def _raise_if_cancelled(self) -> None:
        if self._cancel is not None and self._cancel.is_set():
            raise Cancelled()

    def _send(
        self,
        method: str,
        path: str,
        *,
        json_body: JsonObject | None = None,
        params: dict[str, str] | None = None,
        what: str = "",
        job_lookup: bool = False,
        read_only: bool = False,
    ) -> bytes:
        """One HTTP exchange with the API; returns the 2xx body or raises a PictoryError.

        Every method but GET is taken to start paid work (a lost answer says "it may have started") unless
        ``read_only`` says the request only reads, like the music search."""
        self._raise_if_cancelled()
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        data: bytes | None = None
        if json_body is not None:
            headers["Content-Type"] = "application/json"
            try:
                data = json.dumps(json_body, default=_json_default, allow_nan=False).encode("utf-8")
            except (TypeError, ValueError):
                raise InvalidRequest(
                    "The storyboard contains a value that cannot be sent to Pictory. Save it, reopen it, and try again."
                ) from None
        submits_work = method != "GET" and not read_only
        started = time.monotonic()
        try:
            response = self._session.request(
                method,
                self._base_url + path,
                params=params,
                data=data,
                headers=headers,
                auth=self._auth,
                timeout=self._timeout,
                allow_redirects=False,  # a redirect must never carry the key to another host
                stream=True,
            )
            try:
                reply = self._read_capped(response)
            finally:
                response.close()
        except requests.RequestException as exc:
            error = network_error(exc, submits_work=submits_work, what=what or "request")
            log.warning(
                "%s %s failed after %.2fs: %s (request may have arrived: %s)",
                method,
                path,
                time.monotonic() - started,
                type(exc).__name__,
                error.request_may_have_arrived,
            )
            raise error from None  # `from None`: requests' exception holds the request and its headers
        log.debug("%s %s -> %d in %.2fs", method, path, response.status_code, time.monotonic() - started)
        error = parsing.error_for_status(
            response.status_code, response.headers, reply, scrub=self._key.scrub, job_lookup=job_lookup
        )
        if error is not None:
            raise error
        return reply

    @staticmethod
    def _read_capped(response: requests.Response) -> bytes:
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_content(64 * 1024):
            size += len(chunk)
            if size > MAX_REPLY_BYTES:
                raise BadResponse()
            chunks.append(chunk)
        return b"".join(chunks)
