"""From a marketer's script to scenes: reading the file, splitting it, and the live preview of the split.

Reading (``decode_script``, ``read_script_file``). A script is UTF-8 (with or without a byte-order mark), or
UTF-16 with a byte-order mark. Bytes that are not valid UTF-8 and have no BOM are read as Windows-1252
("ANSI" in Notepad, what Word and Excel save on a Western Windows) only when every byte is one Windows-1252
defines and the result has no control characters: valid UTF-8 is never re-read as Windows-1252 (text with
accents in Windows-1252 is practically never valid UTF-8 by accident, while the other way round gives "Ã©"),
and Latin-1 is not tried because it accepts any bytes at all. Other 8-bit code pages (Cyrillic, Greek) cannot
be told apart from Windows-1252 by their bytes; ``DecodedScript.encoding`` says what was used so the window
and the command can say it. UTF-16 without a BOM and anything with NUL bytes is refused, not guessed. Line
endings (CRLF, CR, U+2028, NEL) become LF (U+2029 and form feed a blank line), a BOM is dropped, and spaces
and tabs at the end of each line are trimmed; tabs inside a line stay.

Splitting (``split_script``). ``paragraph``: blank lines separate scenes, and the lines of one paragraph are
joined with spaces (a line break inside a paragraph is wrapping; Pictory narrates the story as one text).
``line``: every non-blank line is a scene. ``sentence``: every sentence (``split_sentences``); a blank line
also ends a sentence (a title line without a full stop is not glued to the next paragraph). ``marker``: a line
whose text (trimmed) is exactly the marker separates scenes; everything between two markers is one scene.
In every mode:

* a Markdown heading (``#`` to ``######``, then a space) starts a new scene and is **not** narrated: it names
  the section for the writer ("## Intro"), and Pictory would read it aloud. ``#hashtag`` is not a heading.
* a Markdown rule (``---``, ``***``, ``___``) separates scenes and is not narrated (it is what a writer puts
  between sections; so in marker mode with ``---`` a ``***`` rule separates too).
* list bullets at the start of a line (``-``, ``*``, ``+``, ``•``, ``1.``, ``1)``) and ``**bold**`` /
  ``__bold__`` markers are removed: they are layout, and the subtitles would show them.
* white space inside a scene becomes single spaces; empty scenes are dropped.

Preview (``preview_script``): the scenes with their estimated length (``length.scene_length``) and cost
(``credits.scene_cost``) under one background, and the totals. The split of an unchanged text is cached, so
changing the background or going back to a split already shown costs only the pricing.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Literal
from xml.etree import ElementTree

from .catalog import Catalog
from .credits import SceneCost, scene_cost
from .length import scene_length
from .narration import AiVoice, NoVoiceOver, VoiceChoice
from .storyboard import Background, Scene, Storyboard
from .text import utf16_length

SplitMode = Literal["paragraph", "line", "sentence", "marker"]
SPLIT_MODES: tuple[SplitMode, ...] = ("paragraph", "line", "sentence", "marker")
SCRIPT_SUFFIXES = (".txt", ".md", ".markdown", ".docx")
MAX_SCRIPT_BYTES = 5 * 1024 * 1024  # of text: far beyond any video script (10,000 words is ~60 KB)
_MAX_DOCX_XML_BYTES = 100 * 1024 * 1024  # Word's XML is verbose, but a bigger document.xml is a zip bomb


class ScriptError(ValueError):
    """A script that cannot be used. ``str()`` is a complete sentence for the user."""


class ScriptDecodeError(ScriptError):
    """The bytes are not text in an encoding we read."""


class ScriptFileError(ScriptError):
    """The file cannot be read as a script: missing, too large, not a kind we read, or damaged."""


# ---------------------------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class DecodedScript:
    text: str
    encoding: str  # "UTF-8", "UTF-8 with BOM", "UTF-16 with BOM", "Windows-1252"


_TRIED = "UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark, and Windows-1252"
_SAVE_AS_UTF8 = (
    "Save the script as UTF-8 text in your editor (in Word: Save As › Plain Text › Unicode (UTF-8); in Notepad: "
    "Save As › Encoding UTF-8) and open it again."
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _undecodable(detail: str) -> ScriptDecodeError:
    return ScriptDecodeError(f"The script could not be read as text: {detail} Tried {_TRIED}. {_SAVE_AS_UTF8}")


def detect_script(data: bytes) -> DecodedScript:
    """Decode a script's bytes (see the module's notes for the rules) and normalise its lines."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return DecodedScript(normalise_script_text(data[3:].decode("utf-8")), "UTF-8 with BOM")
        except UnicodeDecodeError as exc:
            raise _undecodable(f"it starts with a UTF-8 mark, but byte {exc.start + 3} is not UTF-8.") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")  # the BOM says which byte order, and is dropped
        except UnicodeDecodeError:
            raise _undecodable("it starts with a UTF-16 mark, but is not valid UTF-16.") from None
        if "\x00" in text:
            raise _undecodable("it contains NUL characters (perhaps it is UTF-32, or not text at all).")
        return DecodedScript(normalise_script_text(text), "UTF-16 with BOM")
    if b"\x00" in data:
        raise _undecodable(
            "it contains NUL bytes, so it is not a text file, or it is UTF-16 without a byte-order mark."
        )
    try:
        return DecodedScript(normalise_script_text(data.decode("utf-8")), "UTF-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc.start
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise _undecodable(
            f"byte {utf8_error} is not UTF-8, and byte {exc.start} (0x{data[exc.start]:02X}) is not Windows-1252."
        ) from None
    if _CONTROL.search(text):
        raise _undecodable(f"byte {utf8_error} is not UTF-8, and read as Windows-1252 it holds control characters.")
    return DecodedScript(normalise_script_text(text), "Windows-1252")


def decode_script(data: bytes) -> str:
    """The script's text; ``ScriptDecodeError`` (saying which encodings were tried) when it is not text."""
    return detect_script(data).text


_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\x85\x0b]")
_PARAGRAPH_BREAKS = re.compile(r"[\u2029\x0c]")
_TRAILING = re.compile(r"[ \t]+$", re.MULTILINE)


def normalise_script_text(text: str) -> str:
    """LF line endings, no BOM, no spaces or tabs at the ends of lines (tabs inside lines stay)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text or not text.isascii():
        text = _PARAGRAPH_BREAKS.sub("\n\n", _LINE_BREAKS.sub("\n", text))
    return _TRAILING.sub("", text)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLE = re.compile(r"(?i)heading\s*\d|title")


def _docx_paragraph(paragraph: ElementTree.Element, lines: list[str]) -> None:
    """Append the paragraph's text (and, after it, that of paragraphs nested in its text boxes)."""
    text: list[str] = []
    nested: list[ElementTree.Element] = []

    def walk(node: ElementTree.Element) -> None:
        for child in node:
            tag = child.tag
            if tag == f"{_W}p":
                nested.append(child)
            elif tag == f"{_W}t":
                text.append(child.text or "")
            elif tag == f"{_W}tab":
                text.append("\t")
            elif tag in (f"{_W}br", f"{_W}cr"):
                text.append("\n")
            elif tag != f"{_W}pPr":  # w:delText (deleted in tracked changes) and field codes are not w:t
                walk(child)

    walk(paragraph)
    line = "".join(text)
    style = paragraph.find(f"{_W}pPr/{_W}pStyle")
    style_id = style.get(f"{_W}val", "") if style is not None else ""
    is_heading = _HEADING_STYLE.fullmatch(style_id) or paragraph.find(f"{_W}pPr/{_W}outlineLvl") is not None
    if is_heading and line.strip():
        line = "## " + " ".join(line.split())  # a Word heading starts a scene, as a Markdown one does
    lines.append(line)
    for inner in nested:
        _docx_paragraph(inner, lines)


def _docx_blocks(node: ElementTree.Element, lines: list[str]) -> None:
    for child in node:
        if child.tag == f"{_W}p":
            _docx_paragraph(child, lines)
        else:  # tables, content controls: their paragraphs in document order
            _docx_blocks(child, lines)


def docx_text(data: bytes) -> str:
    """The text of a Word document: one line per paragraph (a blank line between them, so that splitting by
    paragraph gives one scene per Word paragraph), tabs and line breaks kept, headings as ``## `` lines."""
    damaged = ScriptFileError(
        "This is not a Word document (.docx), or it is damaged. Open it in Word and save it again as .docx, "
        "or copy the text and paste it instead. (Password-protected documents cannot be read.)"
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > _MAX_DOCX_XML_BYTES:
                raise ScriptFileError(
                    "This Word document is far larger than any video script; it is not opened. "
                    "Copy the part you want and paste it instead."
                )
            xml = archive.read(info)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError, EOFError):
        raise damaged from None
    if b"<!DOCTYPE" in xml[:4096] or b"<!ENTITY" in xml:
        raise damaged  # Word never writes them; refusing them keeps entity-expansion bombs out of the parser
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError:
        raise damaged from None
    body = root.find(f"{_W}body")
    lines: list[str] = []
    _docx_blocks(body if body is not None else root, lines)
    return normalise_script_text("\n\n".join(line for line in lines if line.strip()))


def too_large(size: int) -> ScriptFileError:
    return ScriptFileError(
        f"The script holds {size / 1_048_576:.1f} MB of text; a video script is far smaller (10,000 words are about "
        f"60 KB), and more than {MAX_SCRIPT_BYTES // 1_048_576} MB is not opened. Check that you chose the right file."
    )


# ---------------------------------------------------------------------------------------------- sentences

# A run of terminators and its closing quotes/brackets, then white space or the end; or a full stop of a
# script without spaces between words (CJK), which needs no space after it.
_CANDIDATE = re.compile(r"[.!?…؟।]+[\"'”’»)\]}]*(?=\s|\Z)|[。！？｡]+[」』）〕】\"'”’)]*")
_CLOSERS = "\"'”’»)]}」』）〕】"
_OPENING = "\"'“‘«([{¿¡"
_NEXT_WORD = re.compile(r"\s*[" + re.escape(_OPENING) + r"]*(\S*)")
_NEVER_ENDS = frozenset({"dr", "mr", "mrs", "ms", "prof", "st", "e.g", "i.e", "vs", "cf", "mt"})
_MAY_END = frozenset({"etc", "a.m", "p.m", "inc", "ltd", "co", "corp", "jr", "sr"})
_DOTTED_ACRONYM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_SENTENCE_STARTERS = frozenset(
    """the this that these those it its we our you your they their he she his her i in on at but and so then now
    a an if when what why how there here as for with after before today let let's yes no meanwhile""".split()
)


def _starts_sentence(word: str) -> bool:
    first = word[:1]
    return (first.isalpha() and not first.islower()) or first.isdigit()


def _is_end(text: str, match: re.Match[str]) -> bool:
    run = match.group().rstrip(_CLOSERS)
    if run[0] in "。！？｡":
        return True
    next_match = _NEXT_WORD.match(text, match.end())
    after = next_match.group(1) if next_match else ""
    if not after:
        return True  # the end of the text
    if any(mark in run for mark in "!?؟।"):
        # '"Really?" she asked.' is one sentence: a quoted question or exclamation, then the speaker.
        return not (len(run) < len(match.group()) and after[:1].islower())
    start = max(text.rfind(" ", 0, match.start()), text.rfind("\n", 0, match.start())) + 1
    word = text[start : match.start()].lstrip(_OPENING)
    if run != "." or not word:  # an ellipsis, or a stray dot: a pause unless a new sentence follows
        return _starts_sentence(after)
    lowered = word.lower()
    if lowered in _NEVER_ENDS:
        return False
    if lowered == "no":  # "No. 5", but "No. I don't."
        return not (after[:1].isdigit() or after[:1] == "#")
    if len(word) == 1 and word.isupper():
        return False  # an initial: J. R. R. Tolkien
    if lowered in _MAY_END:
        return _starts_sentence(after)
    if _DOTTED_ACRONYM.fullmatch(word):  # "the U.S. Army" is one sentence; "in the U.S. The market" two
        return after.lower().rstrip(",") in _SENTENCE_STARTERS
    return True


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text``, each trimmed, none empty, in order, with their punctuation.

    A sentence ends at ``.`` ``!`` ``?`` ``…`` (or a run of them: ``?!``, ``!!``, ``...``) with any closing
    quotes or brackets after it, then white space or the end; at ``。！？`` with no space needed. Not an end:
    a quoted question or exclamation before a word in lower case ('"Really?" she asked.');
    a full stop with no space after it (3.5%, $4.99, 1.000,50, example.com); an ellipsis or a stray dot
    before a word in lower case ("Wait... what?"); the full stop of Dr. Mr. Mrs. Ms. Prof. St. e.g. i.e. vs.,
    of ``No.`` before a number, and of a single capital (an initial, so "Plan B. Then" stays whole too); the
    full stop of etc. a.m. p.m. Inc. Ltd. unless a capitalised word follows; of a dotted acronym (U.S., U.K.)
    unless a word sentences commonly start with (The, We, It…) follows. Nothing but white space is lost.
    """
    parts: list[str] = []
    start = 0
    for match in _CANDIDATE.finditer(text):
        if _is_end(text, match):
            part = text[start : match.end()].strip()
            if part:
                parts.append(part)
            start = match.end()
    rest = text[start:].strip()
    if rest:
        parts.append(rest)
    return parts


# ---------------------------------------------------------------------------------------------- splitting

_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t].*)?")
_RULE = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*")
_BULLET = re.compile(r"[ \t]*(?:[-*+•]|\d{1,3}[.)])[ \t]+")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__")


def _unbold(match: re.Match[str]) -> str:
    return match.group(1) or match.group(2)


def split_script(text: str, mode: SplitMode, marker: str | None = None) -> list[str]:
    """The scene stories ``text`` splits into (see the module's notes for the rules of each mode)."""
    if mode == "marker" and not (marker and marker.strip()):
        raise ValueError("Splitting at a marker needs the marker: type the line that separates scenes, e.g. ---.")
    if mode not in SPLIT_MODES:
        raise ValueError(f"Unknown split “{mode}”: choose paragraph, line, sentence or marker.")
    return list(_split_cached(text, mode, marker.strip() if mode == "marker" and marker else None))


@lru_cache(maxsize=16)
def _split_cached(text: str, mode: SplitMode, marker: str | None) -> tuple[str, ...]:
    parts: list[str] = []
    block: list[str] = []

    def flush() -> None:
        if block:
            joined = " ".join(" ".join(block).split())
            if "**" in joined or "__" in joined:
                joined = _BOLD.sub(_unbold, joined)
            if mode == "sentence":
                parts.extend(split_sentences(joined))
            elif joined:
                parts.append(joined)
            block.clear()

    separates_paragraphs = mode in ("paragraph", "sentence")
    for line in normalise_script_text(text).split("\n"):
        stripped = line.strip()
        if not stripped:
            if separates_paragraphs:
                flush()
            continue
        first = stripped[0]
        if (
            (first == "#" and _HEADING.fullmatch(line))
            or (first in "-*_" and _RULE.fullmatch(line))
            or (marker is not None and stripped == marker)
        ):
            flush()
            continue
        bullet = _BULLET.match(line)
        block.append(line[bullet.end() :] if bullet else line)
        if mode == "line":
            flush()
    flush()
    return tuple(parts)


def storyboard_from_script(
    parts: Sequence[str], *, video_name: str, background: Background, aspect_ratio: str | None
) -> Storyboard:
    """A new storyboard with one scene per part, each with ``background`` (an AI image's empty prompt: Pictory
    writes one from each scene's story, so every scene gets its own picture)."""
    return Storyboard(
        video_name=video_name or None,
        aspect_ratio=aspect_ratio,
        scenes=tuple(Scene(story=part, background=background) for part in parts),
    )


# ---------------------------------------------------------------------------------------------- preview


@dataclass(frozen=True)
class PreviewScene:
    story: str
    words: int
    seconds: Decimal  # estimated, as length.scene_length times it
    cost: SceneCost  # as credits.scene_cost prices it
    over_limit: bool  # the story is longer than Pictory takes for one scene (the checks will say so)


@dataclass(frozen=True)
class ScriptPreview:
    scenes: tuple[PreviewScene, ...]
    seconds: Decimal
    credits: Decimal
    priced: bool  # False when the background's model or clip length is unknown, so the credits cannot be known

    @property
    def stories(self) -> list[str]:
        return [scene.story for scene in self.scenes]


def preview_script(
    text: str,
    mode: SplitMode,
    marker: str | None,
    background: Background,
    catalog: Catalog,
    voice_speed: float | None = 100,
) -> ScriptPreview:
    """What "New from script" would make: each scene's text, length and cost, and the totals.

    ``voice_speed``: the narration's speed in per cent (the preview times the narration the user will add);
    None times the scenes silent (reading time, at least 3 s each), as a storyboard with no voice is."""
    voice: VoiceChoice = NoVoiceOver() if voice_speed is None else AiVoice("", voice_speed)
    limit = catalog.story_limit
    scenes: list[PreviewScene] = []
    seconds = credits = Decimal(0)
    priced = True
    for part in split_script(text, mode, marker):
        scene = Scene(story=part, background=background)
        length = scene_length(scene, voice).seconds
        cost = scene_cost(scene, catalog)
        over = len(part) * 2 > limit and utf16_length(part) > limit
        scenes.append(PreviewScene(part, len(part.split()), length, cost, over))
        seconds += length
        credits += cost.credits
        priced = priced and cost.priced
    return ScriptPreview(tuple(scenes), seconds, credits, priced)
