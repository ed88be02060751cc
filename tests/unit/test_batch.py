"""Batches: placeholders, the CSV reader, and planning a batch (fill, check, price, name each row)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from pictory_desktop.domain.batch import (
    MAX_CSV_ROWS,
    CsvError,
    CsvTable,
    batch_key,
    fill,
    placeholders_in,
    plan_batch,
    read_csv,
    safe_file_stem,
)
from pictory_desktop.domain.body import storyboard_to_body
from pictory_desktop.domain.catalog import default_catalog
from pictory_desktop.domain.storyboard import AiImage

from .domain_builders import ai_image_scene, board

CATALOG = default_catalog()


def template():
    element = {"type": "image", "aiVisual": {"model": "flux-schnell", "prompt": "A logo card for {{product}}"}}
    return board(
        ai_image_scene(prompt="A bright studio showing {{ Product }} on a table", story="Meet {{product}}."),
        ai_image_scene(
            prompt="Happy {{audience}} using it outdoors", story="Made for {{ audience }}.", elements=[element]
        ),  # fmt: skip
        videoName="{{product}} launch",
    )


def table(*rows: tuple[str, ...], columns: tuple[str, ...] = ("product", "audience")) -> CsvTable:
    return CsvTable(columns, tuple(rows))


# ------------------------------------------------------------------------------------------ placeholders


def test_placeholders_are_found_in_name_stories_and_every_prompt():
    assert {p.casefold() for p in placeholders_in(template())} == {"product", "audience"}
    assert placeholders_in(board(ai_image_scene(prompt="no placeholders here at all"))) == frozenset()


def test_fill_replaces_names_ignoring_case_and_spaces_verbatim():
    filled = fill(template(), {"Product": 'Gizmo "Pro" {{x}}', "AUDIENCE": "runners"})
    assert filled.video_name == 'Gizmo "Pro" {{x}} launch'  # inserted verbatim, never re-scanned
    first, second = filled.scenes
    assert first.story == 'Meet Gizmo "Pro" {{x}}.'
    assert isinstance(first.background, AiImage)
    assert first.background.prompt == 'A bright studio showing Gizmo "Pro" {{x}} on a table'
    assert second.story == "Made for runners."
    # The element's AI prompt is filled in the body that is sent, and the scene's AI media follow it.
    body: Any = storyboard_to_body(filled)
    assert body["scenes"][1]["elements"][0]["aiVisual"]["prompt"] == 'A logo card for Gizmo "Pro" {{x}}'
    assert second.ai_media[0].ai["prompt"] == 'A logo card for Gizmo "Pro" {{x}}'


def test_fill_leaves_a_placeholder_without_value_and_the_template_untouched():
    original = template()
    filled = fill(original, {"product": "Gizmo"})
    assert filled.scenes[1].story == "Made for {{ audience }}."
    assert original.video_name == "{{product}} launch"


# ------------------------------------------------------------------------------------------------- CSV


def test_comma_csv_with_quotes_and_newlines_inside_fields():
    data = b'product,story\r\n"Gizmo, the best","Line one\nline ""two"""\r\nWidget,plain\r\n'
    result = read_csv(data)
    assert result.columns == ("product", "story")
    assert result.rows == (("Gizmo, the best", 'Line one\nline "two"'), ("Widget", "plain"))
    assert result.sheet_rows == (2, 3)


def test_semicolon_is_sniffed_from_the_header_honouring_quotes():
    data = b'"name, with comma";price\n"A, b";4,99\n'
    result = read_csv(data)
    assert result.columns == ("name, with comma", "price")
    assert result.rows == (("A, b", "4,99"),)


def test_utf8_bom_is_dropped_and_blank_rows_skipped():
    result = read_csv("\ufeffproduct\nCrème\n\n,\nBrûlée\n".encode())
    assert result.columns == ("product",)
    assert result.rows == (("Crème",), ("Brûlée",))
    assert result.sheet_rows == (2, 5)


def test_utf16_with_bom_from_excel_unicode_text():
    assert read_csv("product;x\nÉclair;1\n".encode("utf-16")).rows == (("Éclair", "1"),)


def test_windows_1252_from_excel_is_read_with_a_notice():
    result = read_csv("product;price\nCrème brûlée;4,99 €\n".encode("cp1252"))
    assert result.rows == (("Crème brûlée", "4,99 €"),)
    assert result.encoding == "windows-1252"
    assert result.notice and "Windows-1252" in result.notice and "CSV UTF-8" in result.notice


def test_another_code_page_read_as_windows_1252_is_refused():
    with pytest.raises(CsvError, match="garbled.*CSV UTF-8"):
        read_csv("product\nПривет мир\n".encode("cp1251"))


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"  \n\n", "empty"),
        (b"product\n", "no rows below"),
        (b"product,,audience\nA,,b\n", "Column B of the header row .row 1. has no name"),
        (b"Product,audience,product\nA,b,c\n", "Columns A and C .* both called"),
        (b"product,audience\nA,b\nC\n", "Row 3 has 1 value but the header row names 2 columns"),
        (b"product,audience\nA,b,c,d\n", "Row 2 has 4 values"),
        (b'product\n"A\nB" x"\n', "Row 2 cannot be read as CSV"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not a text file"),
    ],
)
def test_unusable_csvs_say_what_and_where(data, words):
    with pytest.raises(CsvError, match=words):
        read_csv(data)


def test_trailing_empty_separators_are_tolerated():
    assert read_csv(b"product,audience\nA,b,,\n").rows == (("A", "b"),)


def test_too_many_rows_and_too_many_bytes_are_refused():
    many = b"product\n" + b"x\n" * (MAX_CSV_ROWS + 1)
    with pytest.raises(CsvError, match=f"more than {MAX_CSV_ROWS:,} videos .row {MAX_CSV_ROWS + 2}"):
        read_csv(many)
    with pytest.raises(CsvError, match="MB"):
        read_csv(b"product\n" + b"x" * (11 * 1024 * 1024))


# --------------------------------------------------------------------------------------------- planning


def test_plan_fills_checks_and_prices_every_row_and_totals_the_valid_ones():
    plan = plan_batch(template(), table(("Gizmo", "runners"), ("Widget", "x" * 300)), CATALOG)
    assert plan.missing_columns == () and plan.unused_columns == ()
    good, bad = plan.rows
    assert (good.number, good.sheet_row, good.name) == (1, 2, "Gizmo launch")
    assert good.valid and good.estimate.total == Decimal("1.8")  # two backgrounds and one element at 0.6
    # A value that makes a prompt too long is caught for that row by the ordinary checks.
    assert not bad.valid and {f.code for f in bad.errors} == {"prompt-too-long"}
    assert bad.errors[0].scene == 2
    assert plan.total == Decimal("1.8") and plan.valid_rows == (good,) and plan.invalid_rows == (bad,)


def test_missing_and_unused_columns_are_reported_before_anything_is_made():
    plan = plan_batch(template(), table(("Gizmo", "x"), columns=("PRODUCT", "colour")), CATALOG)
    assert plan.missing_columns == ("audience",)
    assert plan.unused_columns == ("colour",)
    assert not plan.can_make


def test_file_names_are_safe_and_unique_within_the_batch():
    rows = [("a/b\\c:d*e?", "x"), ("CON", "x"), ("launch", "x"), ("Launch", "x"), ("...", "x"), ("\x07 ", "x")]
    named = plan_batch(board(ai_image_scene(), videoName="{{product}}"), table(*rows), CATALOG)
    names = [named.file_name_for(row) for row in named.rows]
    assert names == ["a b c d e.json", "_CON.json", "launch.json", "Launch (2).json", "video-5.json", "video-6.json"]


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("Spring sale. ", "Spring sale"),
        ("lpt1.txt", "_lpt1.txt"),
        ("tab\tand\nnewline", "tab and newline"),
        ("é" * 150, "é" * 100),
        ("😀" * 80, "😀" * 50),  # 4 bytes each: kept within 200 bytes
    ],
)
def test_safe_file_stem(name, stem):
    assert safe_file_stem(name, 1) == stem


def test_batch_identity_is_the_content_and_the_server():
    first = table(("Gizmo", "runners"))
    same_cells = CsvTable(("product", "audience"), (("Gizmo", "runners"),), encoding="windows-1252")
    key = batch_key(template(), first, "https://api")
    assert batch_key(template(), same_cells, "https://api") == key
    assert batch_key(template(), table(("Gizmo", "walkers")), "https://api") != key
    assert batch_key(template(), first, "sandbox://this-computer") != key
    other = board(ai_image_scene(prompt="A bright studio showing {{ Product }} on a chair"), videoName="{{product}}")
    assert batch_key(other, first, "https://api") != key
