"""Project files: the file *is* Pictory's request body, plus one app-owned key that is never sent.

Any storyboard JSON from Pictory's docs opens as is. Every way a file can be wrong ends in a
``ProjectFileError`` that says what and where (line/column or field path), never a traceback.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import NoReturn

from .body import BodyShapeError, storyboard_from_body, storyboard_to_body
from .storyboard import JsonObject, JsonValue, Storyboard

MAX_PROJECT_BYTES = 20 * 1024 * 1024
APP_SCHEMA_VERSION = 1
_MAX_DEPTH = 200  # far beyond any real storyboard; stops a hostile file from exhausting the stack


class ProjectFileError(ValueError):
    """A file that cannot be opened as a storyboard. ``str()`` is a complete sentence for the user."""

    def __init__(self, message: str, location: str = "") -> None:
        self.message = message
        self.location = location
        super().__init__(f"{message} ({location})" if location else message)


class _DuplicateKey(ValueError):
    pass


def _reject_duplicates(pairs: list[tuple[str, JsonValue]]) -> JsonObject:
    # JSON parsers keep the last of two equal keys, silently dropping the first value; in a storyboard
    # that silently changes the video, so make the user choose.
    result: JsonObject = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


class _NonStandardNumber(ValueError):
    pass


def _reject_constant(name: str) -> NoReturn:
    raise _NonStandardNumber(name)


# Strings first, so a "NaN" inside a story is skipped; then the constants Python's parser would accept.
_STRING_OR_CONSTANT = re.compile(r'"(?:[^"\\]|\\.)*"|-?Infinity|NaN')


def _first_constant_offset(text: str) -> int:
    """Where the first NaN/Infinity outside a string is (the one the parser met first)."""
    for match in _STRING_OR_CONSTANT.finditer(text):
        if not match.group().startswith('"'):
            return match.start()
    return 0


def _nesting_depth_exceeds(text: str, limit: int) -> bool:
    depth = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return True
        elif ch in "]}":
            depth -= 1
    return False


def _line_column(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def decode_project_text(data: bytes) -> str:
    if not data.strip():
        raise ProjectFileError("The file is empty. Choose a storyboard file that has content.")
    if b"\x00" in data[:4096]:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data[1:2] == b"\x00" or data[0:1] == b"\x00":
            try:
                return data.decode("utf-16")
            except UnicodeDecodeError:
                pass
        raise ProjectFileError("This is not a text file (it contains binary data). Choose a storyboard saved as JSON.")
    try:
        return data.decode("utf-8-sig")  # a leading BOM is harmless; Windows editors add one
    except UnicodeDecodeError as exc:
        raise ProjectFileError(
            "The file is not UTF-8 text. Save it as UTF-8 in your editor and open it again.",
            f"byte {exc.start}",
        ) from None


def parse_project_json(text: str) -> JsonValue:
    if _nesting_depth_exceeds(text, _MAX_DEPTH):
        raise ProjectFileError(f"The file is nested more than {_MAX_DEPTH} levels deep; it is not a storyboard.")
    try:
        return json.loads(text, object_pairs_hook=_reject_duplicates, parse_constant=_reject_constant)
    except _DuplicateKey as exc:
        raise ProjectFileError(
            f"The field “{exc.args[0]}” appears twice in the same object, so it is unclear which value you "
            "meant. Remove one of them and open the file again."
        ) from None
    except json.JSONDecodeError as exc:
        raise ProjectFileError(
            f"The file is not valid JSON: {exc.msg.lower()}. Fix it in a text editor or open another file.",
            _line_column(text, exc.pos),
        ) from None
    except _NonStandardNumber as exc:
        raise ProjectFileError(
            f"The file is not valid JSON: {exc.args[0]} is not a number JSON allows. Put a number there in a "
            "text editor and open the file again.",
            _line_column(text, _first_constant_offset(text)),
        ) from None
    except (ValueError, RecursionError) as exc:
        raise ProjectFileError(f"The file is not valid JSON: {exc}.") from None


def too_large_error(size: int) -> ProjectFileError:
    return ProjectFileError(
        f"The file is {size / 1_048_576:.1f} MB; storyboards are far smaller, and files over "
        f"{MAX_PROJECT_BYTES // 1_048_576} MB are not opened. Check that you chose the right file."
    )


def saved_by_newer_version(storyboard: Storyboard) -> bool:
    version = storyboard.app_data.get("schemaVersion")
    return isinstance(version, int) and version > APP_SCHEMA_VERSION


def parse_project(data: bytes) -> Storyboard:
    """Bytes of a project file (or any Pictory storyboard JSON) → ``Storyboard``."""
    if len(data) > MAX_PROJECT_BYTES:
        raise too_large_error(len(data))
    value = parse_project_json(decode_project_text(data))
    try:
        return storyboard_from_body(value)
    except BodyShapeError as exc:
        raise ProjectFileError(
            f"This file is not a Pictory storyboard: {exc.message}", exc.path or "the whole file"
        ) from None


def serialize_project(storyboard: Storyboard, ui_state: Mapping[str, JsonValue] | None = None) -> bytes:
    """The project file's bytes: the request body plus the app key (schema version, UI state)."""
    app_data = dict(storyboard.app_data)
    saved = app_data.get("schemaVersion") or 0
    # A list or object (a hand-edited file) counts as no version, as in saved_by_newer_version.
    saved_version = int(saved) if isinstance(saved, int | float | str) else 0
    app_data["schemaVersion"] = max(APP_SCHEMA_VERSION, saved_version)
    if ui_state is not None:
        app_data.update(ui_state)
    body = storyboard_to_body(replace(storyboard, app_data=app_data), include_app_data=True)
    return (json.dumps(body, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
