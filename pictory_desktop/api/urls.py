"""Base-URL rules: https everywhere except a server on this computer (the sandbox, tests)."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from .errors import InsecureBaseUrl

DEFAULT_BASE_URL = "https://api.pictory.ai/pictoryapis"
BASE_URL_ENV = "PICTORY_API_BASE_URL"  # overrides the base URL for the window and the command line


def host_is_loopback(host: str | None) -> bool:
    if not host:
        return False
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_base_url(base_url: str) -> tuple[str, bool]:
    """Return (normalised base URL without trailing slash, is_loopback) or raise InsecureBaseUrl."""
    text = (base_url or "").strip()
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        raise InsecureBaseUrl("The Pictory server address is not a valid web address. Fix it in Settings.") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InsecureBaseUrl(
            "The Pictory server address must be a web address starting with https://. Fix it in Settings."
        )
    if parts.username or parts.password:
        raise InsecureBaseUrl(
            "The Pictory server address must not contain a user name or password. Fix it in Settings."
        )
    loopback = host_is_loopback(parts.hostname)
    if parts.scheme == "http" and not loopback:
        raise InsecureBaseUrl()
    return text.rstrip("/"), loopback


def origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), parts.port or default
