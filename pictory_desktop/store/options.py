"""Every user setting, declared once: name, type, default and validator (after Picard's options.py).

Defaults are functions of a small context (is there an API key? where is home?) so they stay live: a value
is only written to disk once the user sets it, and an unset option follows the current default.
Secrets never go here: the module refuses to declare an option whose name looks like one.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

PRODUCTION_API_BASE_URL = "https://api.pictory.ai/pictoryapis"
MAX_RECENT_FILES = 10
# Pictory's largest plans give tens of thousands of AI credits a month; a limit above this is a typo.
MAX_CREDIT_SETTING = Decimal(1_000_000)

# Names that would mean a secret is being stored as a plain setting.
SECRET_NAME = re.compile(r"key|token|secret|passw|credential|auth", re.IGNORECASE)


@dataclass(frozen=True)
class DefaultsContext:
    has_api_key: bool = False
    home: Path = field(default_factory=Path.home)


@dataclass(frozen=True)
class Option:
    name: str
    type: type | tuple[type, ...]
    default: Callable[[DefaultsContext], Any]
    # Turns a JSON value (or the Python value) into the Python value; raises ValueError with a sentence.
    validate: Callable[[Any], Any]
    # Turns the Python value back into JSON.
    encode: Callable[[Any], Any] = lambda value: value
    description: str = ""


OPTIONS: dict[str, Option] = {}


def _declare(option: Option) -> None:
    if SECRET_NAME.search(option.name):
        raise AssertionError(f"{option.name!r} looks like a secret; secrets belong in the keyring")
    if option.name in OPTIONS:
        raise AssertionError(f"option {option.name!r} declared twice")
    OPTIONS[option.name] = option


# -- validators -------------------------------------------------------------------------------------------


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _int_between(low: int, high: int, *, allow_zero: bool = False) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        # bool is an int subclass; "true" seconds is a corrupt file, not 1 second.
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("must be a whole number of seconds")
        if allow_zero and value == 0:
            return 0
        if not low <= value <= high:
            raise ValueError(f"must be between {low} and {high} seconds")
        return value

    return check


def _api_base_url(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be a web address")
    url = value.strip().rstrip("/")
    parts = urlsplit(url)
    loopback = parts.hostname in {"127.0.0.1", "localhost", "::1"}
    # The key travels in a header: plain http is only acceptable to this machine (the local sandbox).
    if not parts.hostname or not (parts.scheme == "https" or (parts.scheme == "http" and loopback)):
        raise ValueError("must start with https:// (plain http:// only for this computer)")
    return url


def _directory(value: Any) -> Path:
    if isinstance(value, Path):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be a folder")
    path = Path(value.strip()).expanduser()
    if not path.is_absolute():
        raise ValueError("must be a full folder path")
    return path


def _optional_directory(value: Any) -> Path | None:
    return None if value is None or value == "" else _directory(value)


def _percent(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        raise ValueError("must be a whole number from 0 to 100")
    return value


def _one_of(*choices: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in choices:
            raise ValueError(f"must be one of {', '.join(choices)}")
        return value

    return check


def _string_list(limit: int | None = None) -> Callable[[Any], list[str]]:
    def check(value: Any) -> list[str]:
        if not isinstance(value, list | tuple) or not all(isinstance(item, str) for item in value):
            raise ValueError("must be a list of text entries")
        unique = list(dict.fromkeys(item for item in value if item))
        return unique[:limit] if limit is not None else unique

    return check


def _base64_text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("must be text")
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("must be base64 text") from None
    return value


def _optional_credits(value: Any) -> Decimal | None:
    """None, or a number of AI credits from 0 up to MAX_CREDIT_SETTING with at most two decimals. A number in
    the file may be written as a JSON number or as text ("2.5"); true/false is a corrupt file, not 1 or 0."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ValueError("must be a number of credits, or empty")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError("must be a number of credits, or empty") from None
    if not number.is_finite() or number < 0:
        raise ValueError("must be a number of credits of 0 or more")
    if number > MAX_CREDIT_SETTING:
        raise ValueError(f"must be at most {MAX_CREDIT_SETTING:,} credits")
    if number != number.quantize(Decimal("0.01")):
        raise ValueError("must have at most two decimals")
    return number + 0  # drops a sign from "-0"


def _credits_or_none(value: Decimal | None) -> int | float | None:
    # A JSON number, as the user would type it in the file: 5, 2.5 (two decimals round-trip through a float).
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _default_download_dir(context: DefaultsContext) -> Path:
    videos = context.home / "Videos"
    return videos if videos.is_dir() else context.home / "Downloads"


def _path_or_none(value: Path | None) -> str | None:
    return None if value is None else str(value)


# -- the options ------------------------------------------------------------------------------------------

_declare(
    Option(
        "api_base_url",
        str,
        lambda _: PRODUCTION_API_BASE_URL,
        _api_base_url,
        description="Pictory API server used when the sandbox is off.",
    )
)
_declare(
    Option(
        "use_sandbox",
        bool,
        # Without a key nothing real can happen, so start where trying things costs nothing.
        lambda context: not context.has_api_key,
        _bool,
        description="Render with the local sandbox instead of spending credits.",
    )
)
_declare(
    Option(
        "poll_interval_seconds",
        int,
        lambda _: 10,
        # Pictory asks for 10–30 s; faster risks rate limiting on production.
        _int_between(5, 600),
        description="How often a running job is checked.",
    )
)
_declare(
    Option(
        "download_dir",
        Path,
        _default_download_dir,
        _directory,
        encode=str,
        description="Where finished videos are saved.",
    )
)
_declare(
    Option(
        "recent_files",
        list,
        lambda _: [],
        _string_list(MAX_RECENT_FILES),
        description="Recently opened projects, newest first.",
    )
)
_declare(
    Option(
        "autosave_interval_seconds",
        int,
        lambda _: 30,
        _int_between(5, 3600, allow_zero=True),
        description="Seconds between automatic saves of an open project; 0 turns autosave off.",
    )
)
_declare(
    Option(
        "dismissed_advice",
        list,
        lambda _: [],
        _string_list(),
        description="Ids of hints the user chose not to see again.",
    )
)
_declare(
    Option(
        "window_geometry",
        str,
        lambda _: "",
        _base64_text,
        description="Main window size and place (Qt saveGeometry, base64).",
    )
)
_declare(
    Option(
        "last_open_dir",
        (Path, type(None)),
        lambda _: None,
        _optional_directory,
        encode=_path_or_none,
        description="Folder shown first in the Open dialog.",
    )
)
_declare(
    Option(
        "reopen_last_project",
        bool,
        lambda _: True,
        _bool,
        description="Open the storyboard that was open at the last quit when the app starts.",
    )
)
_declare(
    Option(
        "last_project",
        (Path, type(None)),
        lambda _: None,
        # A file, not a folder, but the same rule: a full path, or nothing.
        _optional_directory,
        encode=_path_or_none,
        description="The storyboard file open when the app last closed (None: an unsaved one).",
    )
)
_declare(
    Option(
        "player_volume",
        int,
        lambda _: 80,
        _percent,
        description="The video player's volume, in percent as its slider shows it, kept from the last video.",
    )
)
_declare(
    Option(
        "last_scene",
        int,
        lambda _: 0,
        _int_between(0, 1_000_000, allow_zero=True),
        description="The scene selected when the app last closed.",
    )
)
_declare(
    Option(
        "theme",
        str,
        lambda _: "system",
        _one_of("system", "light", "dark"),
        description="Light, dark, or the system's colours (View › Theme).",
    )
)
_declare(
    Option(
        "scene_view",
        str,
        lambda _: "list",
        _one_of("list", "storyboard"),
        description="The scenes as a list or as storyboard cards (View › Storyboard view).",
    )
)
_declare(
    Option(
        "confirm_above_credits",
        (Decimal, type(None)),
        lambda _: None,
        _optional_credits,
        encode=_credits_or_none,
        description="Ask before a render only when it costs more than this many AI credits (empty: always ask).",
    )
)
_declare(
    Option(
        "try_ask_above_credits",
        (Decimal, type(None)),
        lambda _: None,
        _optional_credits,
        encode=_credits_or_none,
        description=(
            "Ask before an image try only when it costs more than this many AI credits (empty: always ask). The "
            "monthly limit still applies."
        ),
    )
)
_declare(
    Option(
        "monthly_credit_limit",
        (Decimal, type(None)),
        lambda _: None,
        _optional_credits,
        encode=_credits_or_none,
        description=(
            "Refuse renders that would take this calendar month's (UTC) AI-credit spending, read from Pictory's "
            "ledger, above this many credits (empty: no limit)."
        ),
    )
)
