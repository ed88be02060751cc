"""Batches for agencies: one template storyboard with ``{{placeholders}}``, one CSV row per video.

Placeholders
    ``{{name}}`` in the video name, each scene's story, each AI prompt (the background's ``aiVisual`` and the
    ``aiVisual`` of elements and b-roll cuts). Spaces inside the braces are allowed and ignored at the ends:
    ``{{ Product name }}`` is the placeholder "Product name". Names match CSV column headers **ignoring case
    and runs of spaces** (``{{product  NAME}}`` uses the column "Product name"): headers come from
    spreadsheets typed by people, and two placeholders that differ only in case would be a trap, not a
    feature. For the same reason two columns whose names differ only in case are refused as duplicates.
    Values are inserted verbatim (not re-scanned for placeholders); a filled prompt may then exceed its
    limit, which the ordinary checks report for that row. Placeholders anywhere else (text overlays,
    voice-over settings) are not filled; a ``{{`` there stays as typed.

CSV
    Comma or semicolon, decided from the header line (the separator that occurs more often outside quotes;
    comma on a tie). Quoted fields may contain separators, quotes ("") and line breaks. UTF-8 with or
    without BOM, or UTF-16 with a BOM (Excel's "Unicode text"). A file that is not valid UTF-8 but decodes as
    Windows-1252 (Excel's default "CSV (Comma delimited)" on Western Windows) is decoded, with a notice that
    says so: refusing every such file would send most agency users back to Excel for a file that was
    almost certainly fine. It is refused instead when the decoded text has runs of three or more accented
    letters in a word — the sign of another code page (Cyrillic, Greek…) read as Windows-1252 — because
    garbled names would be rendered, and paid for. Row numbers in messages are spreadsheet rows: the header
    is row 1, the first video row 2.

Everything here is pure: bytes in, values out.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from types import MappingProxyType

from .body import storyboard_to_body
from .catalog import Catalog
from .checks import check_storyboard
from .credits import Estimate, estimate
from .findings import Finding
from .storyboard import (
    AiImage,
    AiVideo,
    JsonValue,
    Scene,
    Storyboard,
    Unknown,
    find_ai_media,
)

MAX_CSV_BYTES = 10 * 1024 * 1024
MAX_CSV_ROWS = 10_000
MAX_FILE_STEM = 100  # characters of a storyboard's file name before ".json"
_MAX_STEM_BYTES = 200  # and UTF-8 bytes: most file systems allow 255 per name

PLACEHOLDER = re.compile(r"\{\{\s*([^{}\r\n]*?)\s*\}\}")


def placeholder_key(name: str) -> str:
    """The form names are compared in: case and runs of white space do not matter."""
    return " ".join(name.split()).casefold()


# ------------------------------------------------------------------------------------------ placeholders


def _names_in(text: str | None, found: set[str]) -> None:
    if text and "{{" in text:
        for match in PLACEHOLDER.finditer(text):
            if match.group(1):
                found.add(" ".join(match.group(1).split()))


def _media_prompts(scene: Scene) -> Iterable[str]:
    for media in scene.ai_media:
        prompt = media.ai.get("prompt")
        if isinstance(prompt, str):
            yield prompt


def placeholders_in(storyboard: Storyboard) -> frozenset[str]:
    """Every placeholder name the template uses, as written (inner spaces collapsed)."""
    found: set[str] = set()
    _names_in(storyboard.video_name, found)
    for scene in storyboard.scenes:
        _names_in(scene.story, found)
        if isinstance(scene.background, AiImage | AiVideo):
            _names_in(scene.background.prompt, found)
        for prompt in _media_prompts(scene):
            _names_in(prompt, found)
    return frozenset(found)


def _fill_text(text: str | None, keyed: Mapping[str, str]) -> str | None:
    if not text or "{{" not in text:
        return text

    def value(match: re.Match[str]) -> str:
        key = placeholder_key(match.group(1))
        return keyed.get(key, match.group(0)) if key else match.group(0)

    return PLACEHOLDER.sub(value, text)


def _fill_holder(item: JsonValue, keyed: Mapping[str, str]) -> JsonValue:
    """An element or b-roll object with its aiVisual prompt filled (a new object only when it changes)."""
    if not isinstance(item, dict):
        return item
    ai = item.get("aiVisual")
    if not isinstance(ai, dict):
        return item
    prompt = ai.get("prompt")
    if not isinstance(prompt, str):
        return item
    filled = _fill_text(prompt, keyed)
    if filled == prompt:
        return item
    return {**item, "aiVisual": {**ai, "prompt": filled}}


def _fill_scene(scene: Scene, keyed: Mapping[str, str]) -> Scene:
    story = _fill_text(scene.story, keyed)
    background = scene.background
    if isinstance(background, AiImage | AiVideo):
        prompt = _fill_text(background.prompt, keyed)
        if prompt != background.prompt:
            background = replace(background, prompt=prompt)
    if not scene.ai_media:
        if story == scene.story and background is scene.background:
            return scene
        return replace(scene, story=story, background=background)
    elements = scene.elements
    if elements is not None:
        elements = tuple(_fill_holder(item, keyed) for item in elements)
    unknown = scene.unknown
    brolls = unknown.values.get("backgroundBrolls")
    if isinstance(brolls, list):
        values = dict(unknown.values)
        values["backgroundBrolls"] = [_fill_holder(item, keyed) for item in brolls]
        unknown = Unknown(unknown.order, MappingProxyType(values))
    return replace(
        scene,
        story=story,
        background=background,
        elements=elements,
        unknown=unknown,
        ai_media=find_ai_media(elements, unknown),
    )


def fill(storyboard: Storyboard, values: Mapping[str, str]) -> Storyboard:
    """The template with every placeholder that has a value replaced by it, verbatim. A placeholder with no
    value stays as written (``plan_batch`` reports it before anything is made)."""
    keyed = {placeholder_key(k): v for k, v in values.items()}
    return replace(
        storyboard,
        video_name=_fill_text(storyboard.video_name, keyed),
        scenes=tuple(_fill_scene(scene, keyed) for scene in storyboard.scenes),
    )


# ------------------------------------------------------------------------------------------------- CSV


class CsvError(ValueError):
    """A CSV that cannot be used; ``str()`` says what, where (spreadsheet row) and what to do."""


@dataclass(frozen=True)
class CsvTable:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # The spreadsheet row of each data row (the header is row 1); blank rows are skipped, so they can differ.
    sheet_rows: tuple[int, ...] = ()
    encoding: str = "utf-8"
    notice: str | None = None  # e.g. the file was read as Windows-1252

    def sheet_row(self, index: int) -> int:
        return self.sheet_rows[index] if index < len(self.sheet_rows) else index + 2


_SEPARATORS = (",", ";")
# Three accented letters in a row: normal in Cyrillic or Greek read through the wrong code page, rare in
# Western European words ("ação", "Grüße" have at most two).
_FOREIGN_RUN = re.compile(r"[À-ÿ]{3,}")


def _decode(data: bytes) -> tuple[str, str, str | None]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16", None
        except UnicodeDecodeError:
            raise CsvError("The file starts like UTF-16 text but is not valid UTF-16. Save it again as "
                           "“CSV UTF-8” and try again.") from None  # fmt: skip
    if b"\x00" in data[:4096]:
        raise CsvError("This is not a text file (it contains binary data). Choose a CSV file.")
    try:
        return data.decode("utf-8-sig"), "utf-8", None
    except UnicodeDecodeError as exc:
        utf8_problem = exc.start
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise CsvError(
            f"The file is not UTF-8 text (byte {utf8_problem}) and not Windows-1252 either. In Excel choose "
            "File › Save As › “CSV UTF-8 (Comma delimited)”, or in another program save as UTF-8, and try again."
        ) from None
    odd = _FOREIGN_RUN.search(text)
    if odd is not None:
        raise CsvError(
            f"The file is not UTF-8 text, and read as Windows-1252 (Western European) it says “{odd.group(0)}”, "
            "which looks garbled, so it was not used. In Excel choose File › Save As › “CSV UTF-8 (Comma "
            "delimited)”, or in another program save as UTF-8, and try again."
        )
    notice = (
        "The file is not UTF-8, so it was read as Windows-1252 (what Excel saves as “CSV (Comma delimited)”). "
        "Check that accented letters look right below; to be sure, save it from Excel as “CSV UTF-8”."
    )
    return text, "windows-1252", notice


def _header_separator(text: str) -> str:
    counts = dict.fromkeys(_SEPARATORS, 0)
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif not quoted:
            if ch in "\r\n":
                break
            if ch in counts:
                counts[ch] += 1
    return ";" if counts[";"] > counts[","] else ","


def _column_name_problem(columns: list[str]) -> str | None:
    seen: dict[str, int] = {}
    for index, name in enumerate(columns):
        letter = _column_letter(index)
        if not name.strip():
            return (f"Column {letter} of the header row (row 1) has no name. Give every column a name (the "
                    "placeholder it fills, e.g. product for {{product}}), or delete the empty column.")  # fmt: skip
        key = placeholder_key(name)
        if key in seen:
            other = _column_letter(seen[key])
            return (f"Columns {other} and {letter} of the header row (row 1) are both called “{name.strip()}” "
                    "(case does not count), so it is unclear which one fills the placeholder. Rename or delete "
                    "one of them.")  # fmt: skip
        seen[key] = index
    return None


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def read_csv(data: bytes) -> CsvTable:
    """A CSV's header and rows. Raises ``CsvError`` with a sentence for the user."""
    if len(data) > MAX_CSV_BYTES:
        raise CsvError(
            f"The file is {len(data) / 1_048_576:.1f} MB; a batch CSV may be at most "
            f"{MAX_CSV_BYTES // 1_048_576} MB. Split it into several files."
        )
    text, encoding, notice = _decode(data)
    if not text.strip():
        raise CsvError("The file is empty. A batch CSV needs a header row naming the columns, then one row per video.")
    separator = _header_separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, quotechar='"', strict=True)
    rows: list[tuple[str, ...]] = []
    sheet_rows: list[int] = []
    columns: list[str] | None = None
    record = 0
    try:
        for fields in reader:
            record += 1
            if columns is None:
                if not any(f.strip() for f in fields):
                    raise CsvError("The first row of the file is empty. Row 1 must be the header row naming the "
                                   "columns (the placeholders they fill).")  # fmt: skip
                columns = [f.strip() for f in fields]
                problem = _column_name_problem(columns)
                if problem:
                    raise CsvError(problem)
                continue
            if not any(f.strip() for f in fields):
                continue  # a blank line, or a row of empty cells: no video
            if len(fields) > len(columns) and not any(f.strip() for f in fields[len(columns) :]):
                fields = fields[: len(columns)]  # trailing separators some programs add
            if len(fields) != len(columns):
                raise CsvError(
                    f"Row {record} has {len(fields)} value{'s' if len(fields) != 1 else ''} but the header row "
                    f"names {len(columns)} column{'s' if len(columns) != 1 else ''}. Check that row for a missing "
                    f"“{separator}” or a value containing “{separator}” without quotes around it, and save the file again."
                )
            if len(rows) >= MAX_CSV_ROWS:
                raise CsvError(
                    f"The file has more than {MAX_CSV_ROWS:,} videos (row {record}). Split it into several files "
                    "of at most that many rows."
                )
            rows.append(tuple(fields))
            sheet_rows.append(record)
    except csv.Error as exc:
        raise CsvError(
            f"Row {record + 1} cannot be read as CSV ({exc}). Check its quotes: a value with quotes inside "
            'must be quoted itself, with each quote doubled ("").'
        ) from None
    if columns is None:
        raise CsvError("The file is empty. A batch CSV needs a header row naming the columns, then one row per video.")
    if not rows:
        raise CsvError("The file has a header row but no rows below it. Add one row per video.")
    return CsvTable(tuple(columns), tuple(rows), tuple(sheet_rows), encoding, notice)


# --------------------------------------------------------------------------------------------- planning


@dataclass(frozen=True)
class BatchRow:
    number: int  # 1-based among the table's data rows: the row's identity in the batch and the history
    sheet_row: int  # where the user sees it in the spreadsheet (header = 1)
    values: Mapping[str, str]  # column -> cell
    storyboard: Storyboard
    estimate: Estimate
    findings: tuple[Finding, ...]
    errors: tuple[Finding, ...]
    file_name: str = ""  # the storyboard's file name, safe and unique within the batch

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def name(self) -> str:
        return self.storyboard.video_name or f"Video {self.number}"


@dataclass(frozen=True)
class BatchPlan:
    placeholders: frozenset[str]
    columns: tuple[str, ...]
    missing_columns: tuple[str, ...]  # placeholders no column fills (as written in the template)
    unused_columns: tuple[str, ...]  # columns no placeholder uses
    rows: tuple[BatchRow, ...]
    total: Decimal  # over valid rows
    estimated: bool  # some valid row's cost is an estimate (Pictory splits a story)
    unpriced_rows: tuple[int, ...] = field(default=())  # valid rows with a scene whose cost is unknown

    @property
    def valid_rows(self) -> tuple[BatchRow, ...]:
        return tuple(row for row in self.rows if row.valid)

    @property
    def invalid_rows(self) -> tuple[BatchRow, ...]:
        return tuple(row for row in self.rows if not row.valid)

    @property
    def can_make(self) -> bool:
        """False when a placeholder has no column: every video would carry the raw ``{{…}}``."""
        return not self.missing_columns

    def file_name_for(self, row: BatchRow) -> str:
        return row.file_name

    def unsent_rows(self, sent: Collection[int]) -> tuple[BatchRow, ...]:
        """The valid rows whose number is not in ``sent`` (rows with a job record, confirmed or not): what a
        run of the batch may send. A row in ``sent`` is never sent again, whatever became of its job."""
        return tuple(row for row in self.rows if row.valid and row.number not in sent)

    def credits_for(self, rows: Iterable[BatchRow]) -> Decimal:
        return sum((row.estimate.total for row in rows), Decimal(0))


def plan_batch(template: Storyboard, table: CsvTable, catalog: Catalog) -> BatchPlan:
    """Fill, check and price every row; name its file. Nothing is written or sent."""
    used = placeholders_in(template)
    column_keys = {placeholder_key(c): c for c in table.columns}
    used_keys = {placeholder_key(p) for p in used}
    missing_by_key: dict[str, str] = {}
    for name in sorted(used):  # one spelling per placeholder ({{Product}} and {{product}} are one)
        if placeholder_key(name) not in column_keys:
            missing_by_key.setdefault(placeholder_key(name), name)
    missing = tuple(sorted(missing_by_key.values(), key=str.casefold))
    unused = tuple(c for c in table.columns if placeholder_key(c) not in used_keys)
    rows: list[BatchRow] = []
    names = _UniqueNames()
    total = Decimal(0)
    estimated = False
    unpriced: list[int] = []
    for index, cells in enumerate(table.rows):
        values = MappingProxyType(dict(zip(table.columns, cells, strict=True)))
        storyboard = fill(template, values)
        findings = tuple(check_storyboard(storyboard, catalog))
        errors = tuple(f for f in findings if f.is_error)
        cost = estimate(storyboard, catalog)
        number = index + 1
        row = BatchRow(number, table.sheet_row(index), values, storyboard, cost, findings, errors)
        rows.append(replace(row, file_name=names.take(safe_file_stem(row.name, number)) + ".json"))
        if not errors:
            total += cost.total
            estimated = estimated or cost.estimated
            if cost.unpriced_scenes:
                unpriced.append(number)
    return BatchPlan(used, table.columns, missing, unused, tuple(rows), total, estimated, tuple(unpriced))


# ------------------------------------------------------------------------------------------- file names

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
)


def safe_file_stem(name: str, number: int) -> str:
    """A file name (without extension) from a video name that is valid on Windows, macOS and Linux: no path
    separators, characters Windows forbids, control characters, trailing dots or spaces, or reserved device
    names (CON, LPT1…); at most 100 characters. ``video-<number>`` when nothing usable is left."""
    text = unicodedata.normalize("NFC", name)
    text = "".join(" " if unicodedata.category(ch) in ("Zl", "Zp") else ch for ch in text)
    text = _UNSAFE.sub(" ", text)
    text = " ".join(text.split())
    text = text[:MAX_FILE_STEM]
    while len(text.encode("utf-8")) > _MAX_STEM_BYTES:
        text = text[:-1]
    text = text.rstrip(". ").lstrip(" ")
    if text.split(".")[0].strip().casefold() in _RESERVED:
        text = f"_{text}"
    if not text or text.strip(".") == "":
        text = f"video-{number}"
    return text


class _UniqueNames:
    """Makes names unique ignoring case (Windows and macOS folders do): "Launch", "Launch (2)"…"""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def take(self, stem: str) -> str:
        candidate = stem
        n = 1
        while candidate.casefold() in self._taken:
            n += 1
            suffix = f" ({n})"
            candidate = stem[: MAX_FILE_STEM - len(suffix)].rstrip(". ") + suffix
        self._taken.add(candidate.casefold())
        return candidate


# -------------------------------------------------------------------------------------------- identity


def template_digest(template: Storyboard) -> str:
    """SHA-256 of the template's request body in canonical form (key order and app data do not count)."""
    canonical = json.dumps(storyboard_to_body(template), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def batch_key(template: Storyboard, table: CsvTable, server: str) -> str:
    """What identifies a batch: the template's body, the CSV's decoded cells and the server they go to.

    Running the same template and CSV again against the same server is the same batch, so it resumes
    instead of sending rows a second time — whatever folder the storyboards are written to, and whether the
    CSV was re-saved with another separator or encoding. Changing a cell or the template makes a new batch.
    """
    content = json.dumps(
        [template_digest(template), list(table.columns), [list(r) for r in table.rows], server],
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(content.encode("utf-8")).hexdigest()
