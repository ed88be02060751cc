"""Stream a CDN file to disk through the atomic writer: a cancelled or broken download never leaves a
file under the final name."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import requests

from pictory_desktop.store.atomic import atomic_writer, remove_stale_partials

from . import parsing
from .errors import DownloadCancelled, DownloadFailed, NetworkError, RateLimited, ServerError
from .transport import NoAuth, network_error

log = logging.getLogger(__name__)


def download_file(
    session: requests.Session,
    url: str,
    destination: Path,
    *,
    timeout: tuple[float, float],
    user_agent: str,
    on_progress: Callable[[int, int | None], None] | None,
    is_cancelled: Callable[[], bool],
    chunk_size: int,
) -> Path:
    if urlsplit(url).scheme not in ("http", "https"):
        raise DownloadFailed("The file link from Pictory is not a web address, so it was not downloaded.")
    if is_cancelled():
        raise DownloadCancelled()
    started = time.monotonic()
    try:
        response = session.get(
            url,
            headers={"User-Agent": user_agent},
            auth=NoAuth(),  # CDN hosts must never see the API key (or netrc credentials)
            timeout=timeout,
            stream=True,
            allow_redirects=True,  # safe: nothing secret is attached
        )
    except requests.RequestException as exc:
        raise network_error(exc, submits_work=False, what="download") from None
    with response:
        status = response.status_code
        if status == 429:
            raise RateLimited(retry_after=parsing.parse_retry_after(response.headers.get("Retry-After")))
        if status >= 500:
            raise ServerError(
                f"The server holding the video file had a problem (error {status}). Try the download "
                "again in a few minutes.",
                status,
            )
        if status != 200:
            raise DownloadFailed()
        if _is_web_page(response) and destination.suffix.lower() not in (".html", ".htm"):
            # A captive portal, a login wall or an error page answered 200: saving it as the video would
            # leave a "finished" MP4 that does not play.
            raise DownloadFailed(
                "The link gave a web page instead of the video, so nothing was saved. If you are on a hotel or "
                "office network, sign in to it; otherwise open the job again to get a fresh link and retry."
            )
        total = _content_length(response)
        done = 0
        remove_stale_partials(destination)  # what a killed earlier attempt at this file left behind
        try:
            with atomic_writer(destination) as handle:
                if on_progress is not None:
                    on_progress(0, total)
                for chunk in response.iter_content(max(1, chunk_size)):
                    if is_cancelled():
                        raise DownloadCancelled()
                    handle.write(chunk)
                    done += len(chunk)
                    if on_progress is not None:
                        on_progress(done, total)
                if total is not None and done != total:
                    raise NetworkError("The download stopped before the whole file arrived. Try the download again.")
        except requests.RequestException as exc:
            raise network_error(exc, submits_work=False, what="download") from None
    log.debug("downloaded %d bytes in %.2fs", done, time.monotonic() - started)
    return destination


def _is_web_page(response: requests.Response) -> bool:
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    return content_type in ("text/html", "application/xhtml+xml")


def _content_length(response: requests.Response) -> int | None:
    # With Content-Encoding the header counts compressed bytes, not what iter_content yields.
    if response.headers.get("Content-Encoding", "identity").lower() not in ("", "identity"):
        return None
    try:
        length = int(response.headers.get("Content-Length", ""))
    except ValueError:
        return None
    return length if length >= 0 else None
