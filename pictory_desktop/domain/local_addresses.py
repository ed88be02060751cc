"""Addresses on this computer in a storyboard that is about to go to a real Pictory account.

The sandbox serves what it makes and what it is given (tried images, uploaded pictures, an own music track or
recording) from ``http://127.0.0.1:PORT/…``. Locked or chosen while trying the app in the sandbox, such an
address is a fine storyboard for the sandbox; sent to Pictory's servers it points them at *their own*
loopback, so the picture, track or recording would silently be missing from a render that is paid for. Which
server the storyboard goes to is not part of the storyboard, so this check is kept apart from
``checks.check_scene``/``check_video`` (like ``check_speakers``): the editor runs it with the connection it has,
and the command line with the server it is about to send to.

It looks where the app itself puts addresses (each scene's picture or clip URL, and the video-level narration
and music objects, which are small) and not into every scene's unknown keys, because it runs after every
change of a 1,000-scene storyboard.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from urllib.parse import urlsplit

from .findings import Finding
from .storyboard import JsonValue, PictureUrl, Storyboard, is_locked

_LOOPBACK_MARKS = ("127.", "localhost", "[", "0.0.0.0")  # IPv4 loopback, names, any IPv6 literal, unspecified
_VIDEO_LEVEL = {"backgroundMusic": "music track", "voiceOver": "narration recording"}


def is_on_this_computer(url: str) -> bool:
    """Whether ``url`` is a web address that only this computer can open (loopback)."""
    # Asked for every pictured scene after every change: most addresses are ruled out by a look at the text (a
    # loopback host is written with one of these) before urlsplit and ipaddress, which made the check 0.32 ms a
    # change over 1,000 scenes with an account (0.09 ms now).
    lowered = url.lower()
    if not any(marker in lowered for marker in _LOOPBACK_MARKS):
        return False
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:  # a malformed address: the other checks say so
        return False
    if parts.scheme not in ("http", "https") or not host:
        return False
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:127.0.0.1, which Python 3.11 does not call loopback
    if mapped is not None:
        address = mapped
    return address.is_loopback or address.is_unspecified


def _urls_in(value: JsonValue, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        if is_on_this_computer(value):
            yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _urls_in(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _urls_in(item, f"{path}[{index}]")


def check_local_addresses(storyboard: Storyboard, *, server_on_this_computer: bool | None) -> list[Finding]:
    """Errors for addresses on this computer when the server is not (``server_on_this_computer`` False).
    None (the server is not known yet) and True (the sandbox) find nothing."""
    if server_on_this_computer is not False:
        return []
    found: list[Finding] = []
    for key, noun in _VIDEO_LEVEL.items():
        for path, _url in _urls_in(storyboard.unknown.values.get(key), key):
            found.append(
                Finding(
                    "error",
                    "address-on-this-computer",
                    f"The {noun} is a file the sandbox keeps on this computer, so Pictory cannot fetch it and your "
                    f"video would be made without it. Choose your own {noun} again now that you are connected to "
                    "your account: the app uploads it to Pictory.",
                    path,
                    None,
                    "voiceOver" if key == "voiceOver" else "backgroundMusic",
                )
            )
    for index, scene in enumerate(storyboard.scenes):
        background = scene.background
        if isinstance(background, PictureUrl) and is_on_this_computer(background.url):
            if is_locked(scene):
                advice = (
                    "It was tried in the sandbox: try the image again with your account, or choose Back to AI "
                    "generation."
                )
            else:
                advice = "Choose the file again with From this computer…: the app uploads it to your account."
            found.append(
                Finding(
                    "error",
                    "address-on-this-computer",
                    "This scene's picture is kept by the sandbox on this computer, so Pictory cannot fetch it and "
                    f"would render the scene without it. {advice}",
                    f"scenes[{index}].background.visualUrl",
                    index + 1,
                    "visualUrl",
                )
            )
    return found
