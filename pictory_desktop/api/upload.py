"""Upload one file from this computer to the storage host Pictory signed for it (step 2 of
``POST /v1/media/generateurl``, pictory-api-more.md section 8).

The PUT goes through the download session, never the API's: the storage host must not see the API key, and
``NoAuth`` keeps requests from adding one (or netrc credentials). ``Content-Type`` is exactly the type the URL
was signed for, or the host refuses the upload. The bytes are streamed from disk with a known length (a
signed URL takes no chunked upload), with progress and cancel between blocks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

import requests

from . import parsing
from .errors import Cancelled, PictoryError, RateLimited, ServerError
from .results import MAX_UPLOAD_BYTES, UPLOAD_CONTENT_TYPES
from .transport import NoAuth, network_error

log = logging.getLogger(__name__)
_BLOCK = 256 * 1024


class UploadFailed(PictoryError):
    default_message = (
        "The file could not be uploaded to Pictory's storage. Try again; if it keeps failing, choose the file again."
    )


class UploadCancelled(Cancelled):
    default_message = "The upload was cancelled. The file was not uploaded; start it again when you are ready."


def check_upload(path: Path, content_type: str) -> int:
    """The file's size, after checking that it can be uploaded as ``content_type``; ValueError with a sentence."""
    if content_type not in UPLOAD_CONTENT_TYPES:
        raise ValueError(
            f"Pictory takes uploads of these types only: {', '.join(UPLOAD_CONTENT_TYPES)} (not {content_type})."
        )
    try:
        size = path.stat().st_size
    except OSError:
        raise ValueError(f"{path.name} could not be read. Check that the file is still there.") from None
    if not path.is_file():
        raise ValueError(f"{path.name} is not a file.")
    if size == 0:
        raise ValueError(f"{path.name} is empty, so there is nothing to upload.")
    if size > MAX_UPLOAD_BYTES:
        raise ValueError(
            f"{path.name} is {size / 1_048_576:,.0f} MB; uploads are limited to "
            f"{MAX_UPLOAD_BYTES // 1_048_576} MB. Shorten or compress it first."
        )
    return size


class _ProgressReader:
    """A file-like body with a length (so requests sends Content-Length, not chunks) that reports progress and
    stops at a cancel between blocks. It has no ``__iter__`` on purpose: requests would then stream it chunked."""

    def __init__(
        self,
        handle: BinaryIO,
        size: int,
        on_progress: Callable[[int, int], None] | None,
        is_cancelled: Callable[[], bool],
    ) -> None:
        self._handle, self._size, self._on_progress, self._is_cancelled = handle, size, on_progress, is_cancelled
        self.sent = 0

    def __len__(self) -> int:
        return self._size

    def read(self, amount: int = -1) -> bytes:
        if self._is_cancelled():
            raise UploadCancelled()
        left = self._size - self.sent
        block = self._handle.read(min(left, _BLOCK if amount < 0 else max(1, amount)))
        self.sent += len(block)
        if block and self._on_progress is not None:
            self._on_progress(self.sent, self._size)
        return block


def upload_file(
    session: requests.Session,
    signed_url: str,
    path: Path,
    content_type: str,
    *,
    timeout: tuple[float, float],
    user_agent: str,
    on_progress: Callable[[int, int], None] | None,
    is_cancelled: Callable[[], bool],
) -> None:
    size = check_upload(path, content_type)
    if urlsplit(signed_url).scheme not in ("http", "https"):
        raise UploadFailed("The upload address from Pictory is not a web address, so nothing was uploaded.")
    if is_cancelled():
        raise UploadCancelled()
    with path.open("rb") as handle:
        reader = _ProgressReader(handle, size, on_progress, is_cancelled)
        try:
            response = session.put(
                signed_url,
                data=reader,
                headers={"User-Agent": user_agent, "Content-Type": content_type},
                auth=NoAuth(),  # the storage host must never see the API key
                timeout=timeout,
                allow_redirects=False,  # a redirected PUT would resend the whole file somewhere else
            )
        except requests.RequestException as exc:
            # Uploading spends nothing and the same key is simply written again, so this is not "may have started".
            raise network_error(exc, submits_work=False, what="upload") from None
    with response:
        status = response.status_code
        if status == 429:
            raise RateLimited(retry_after=parsing.parse_retry_after(response.headers.get("Retry-After")))
        if status >= 500:
            raise ServerError(
                f"Pictory's storage had a problem (error {status}) while receiving the file. Try the upload again "
                "in a few minutes.",
                status,
            )
        if status == 403:
            raise UploadFailed(
                "Pictory's storage refused the file (error 403): its upload address has expired or does not match "
                "the file's type. Start the upload again."
            )
        if not 200 <= status < 300:
            raise UploadFailed(f"Pictory's storage refused the file (error {status}). Start the upload again.")
    if reader.sent != size:  # the file changed while it was read
        raise UploadFailed(f"{path.name} changed while it was uploaded. Upload it again.")
    log.debug("uploaded %d bytes", size)
