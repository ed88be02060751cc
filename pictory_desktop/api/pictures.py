"""Fetching a picture a storyboard names (a scene's ``visualUrl``) to show it: never with the API key.

The address is the user's, not Pictory's: any host. So the fetch uses its own session with ``NoAuth`` (no
Authorization, whatever a session or ~/.netrc would add), follows no redirect to another scheme than https,
reads at most ``MAX_PICTURE_BYTES``, and accepts only image content types. Every failure is a
``PictureFetchError`` whose message is the sentence the scene list shows in its tooltip.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import requests

from .transport import NoAuth

MAX_PICTURE_BYTES = 20 * 1024 * 1024
TIMEOUT = (5.0, 20.0)  # connect, read
_LOOPBACK = ("127.0.0.1", "localhost", "::1")


class PictureFetchError(Exception):
    """Why a picture could not be fetched, as a sentence."""


def may_fetch(url: str) -> bool:
    """https anywhere; plain http only from this computer (the sandbox's CDN origin)."""
    parts = urlsplit(url)
    return parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in _LOOPBACK)


def fetch_picture(url: str, *, max_bytes: int = MAX_PICTURE_BYTES) -> bytes:
    if not may_fetch(url):
        raise PictureFetchError("Only https:// picture addresses are shown.")
    try:
        with requests.Session() as session:
            session.trust_env = False  # no proxy credentials or netrc from the environment
            with session.get(url, auth=NoAuth(), timeout=TIMEOUT, stream=True, allow_redirects=True) as response:
                if not may_fetch(response.url):
                    raise PictureFetchError("The picture address redirected to one that is not https://.")
                if response.status_code != 200:
                    raise PictureFetchError(f"The picture's server answered {response.status_code}.")
                kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
                if not kind.startswith("image/"):
                    raise PictureFetchError(f"The address is not a picture (it is {kind or 'of no stated type'}).")
                length = response.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > max_bytes:
                    raise PictureFetchError("The picture is too large to show (over 20 MB).")
                data = bytearray()
                for chunk in response.iter_content(64 * 1024):
                    data += chunk
                    if len(data) > max_bytes:
                        raise PictureFetchError("The picture is too large to show (over 20 MB).")
                return bytes(data)
    except requests.RequestException as exc:
        raise PictureFetchError(f"The picture could not be fetched ({type(exc).__name__}).") from exc


PROBE_TIMEOUT = (5.0, 10.0)  # connect, read: a render waits for this, so shorter than a picture's fetch


def picture_problem(url: str, *, timeout: tuple[float, float] = PROBE_TIMEOUT) -> str | None:
    """Whether the picture at ``url`` still answers, as Pictory's renderer will ask for it: None when it does,
    else what went wrong, as the end of a sentence ("the server answered 404").

    A GET of the first byte (``Range: bytes=0-0``), not a HEAD: a link signed for GET (as S3's are) refuses a
    HEAD with 403 though the picture is there. Never with the key (``NoAuth``), whatever the host."""
    if not may_fetch(url):
        return "its address does not start with https://"
    try:
        with requests.Session() as session:
            session.trust_env = False
            headers = {"Range": "bytes=0-0"}
            with session.get(
                url, auth=NoAuth(), headers=headers, timeout=timeout, stream=True, allow_redirects=True
            ) as response:
                if response.status_code not in (200, 206):
                    return f"the server answered {response.status_code}"
                kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
                if kind and not kind.startswith("image/"):
                    return f"the address now gives {kind}, not a picture"
                return None
    except requests.Timeout:
        return "the server did not answer in time"
    except requests.RequestException as exc:
        return f"it could not be reached ({type(exc).__name__})"
