"""Reading a script the user chose (.txt, .md, .docx) from disk: the file part of File › New from script.

Decoding and splitting are the domain's (``domain/script.py``); this module only opens the file, with a
sentence for each way that can fail.
"""

from __future__ import annotations

from pathlib import Path

from ..domain.script import (
    MAX_SCRIPT_BYTES,
    SCRIPT_SUFFIXES,
    DecodedScript,
    ScriptFileError,
    detect_script,
    docx_text,
    too_large,
)
from .user_files import read_user_file


def read_script_file(path: Path | str) -> DecodedScript:
    """The text of a .txt, .md or .docx script and how it was decoded; ``ScriptError`` with a sentence for the
    user otherwise."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix == ".doc":
        raise ScriptFileError(
            f"“{target.name}” is an old Word document (.doc). Open it in Word, save it as .docx, and open that."
        )
    if suffix not in SCRIPT_SUFFIXES:
        raise ScriptFileError(f"“{target.name}” is not a script this app reads: choose a .txt, .md or .docx file.")
    limit = MAX_SCRIPT_BYTES if suffix != ".docx" else 20 * MAX_SCRIPT_BYTES  # a .docx may hold pictures
    data = read_user_file(target, limit=limit, kind="a script", error=ScriptFileError, too_large=too_large)
    if suffix != ".docx":
        return detect_script(data)
    text = docx_text(data)
    if len(text) > MAX_SCRIPT_BYTES:
        raise too_large(len(text.encode("utf-8")))
    return DecodedScript(text, "docx")
