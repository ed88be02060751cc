"""New from script: reading a script file, splitting it into scene stories, and the priced preview (issue 13)."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pictory_desktop.domain.body import storyboard_to_body
from pictory_desktop.domain.catalog import default_catalog
from pictory_desktop.domain.script import (
    MAX_SCRIPT_BYTES,
    ScriptDecodeError,
    ScriptError,
    ScriptFileError,
    decode_script,
    detect_script,
    preview_script,
    split_script,
    storyboard_from_script,
)
from pictory_desktop.domain.storyboard import AiImage, NoBackground
from pictory_desktop.store.script_files import read_script_file

CATALOG = default_catalog()
FIVE = "\n\n".join(f"Paragraph {n} says one thing.\nIt wraps onto a second line." for n in range(1, 6))

# ---------------------------------------------------------------------------------------------- decoding


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Café – “quoted”\n".encode(), "UTF-8"),
        (b"\xef\xbb\xbf" + "Café\n".encode(), "UTF-8 with BOM"),
        (b"\xff\xfe" + "Café\n".encode("utf-16-le"), "UTF-16 with BOM"),
        (b"\xfe\xff" + "Café\n".encode("utf-16-be"), "UTF-16 with BOM"),
    ],
)  # fmt: skip
def test_utf8_and_utf16_with_a_mark_are_read(data, encoding):
    decoded = detect_script(data)
    assert decoded.encoding == encoding
    assert decoded.text.startswith("Café") and "\ufeff" not in decoded.text


def test_windows_1252_is_read_only_when_it_is_not_utf8_and_decodes_cleanly():
    notepad = "Café – “quoted” € 5\r\n".encode("cp1252")
    decoded = detect_script(notepad)
    assert (decoded.text, decoded.encoding) == ("Café – “quoted” € 5\n", "Windows-1252")
    # Valid UTF-8 is never re-read as Windows-1252, even when every byte would also be Windows-1252.
    assert detect_script("Ã©".encode()).text == "Ã©"


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"caf\xe9 \x81 bad", "0x81"),  # not UTF-8, and 0x81 is not a Windows-1252 character
        (b"abc\xe9\x01def", "control characters"),
        ("Café".encode("utf-16-le"), "NUL"),  # UTF-16 without a mark is refused, not guessed
        (b"\xef\xbb\xbfcaf\xe9", "UTF-8 mark"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "NUL"),
    ],
)
def test_text_that_cannot_be_decoded_says_what_was_tried_and_what_to_do(data, says):
    with pytest.raises(ScriptDecodeError) as raised:
        decode_script(data)
    message = str(raised.value)
    assert says in message
    assert "UTF-8" in message and "UTF-16" in message and "Windows-1252" in message
    assert "Save the script as UTF-8" in message
    assert isinstance(raised.value, ValueError)


def test_line_endings_bom_tabs_and_trailing_spaces_are_normalised():
    data = b"\xef\xbb\xbf" + "One\tcolumn  \r\nTwo \t\rThree\n\nFour\u2028Five\u2029Six".encode()
    assert decode_script(data) == "One\tcolumn\nTwo\nThree\n\nFour\nFive\n\nSix"


# ---------------------------------------------------------------------------------------------- files


def _docx(body_xml: str) -> bytes:
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body_xml}<w:sectPr/></w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def _p(*runs: str, style: str | None = None) -> str:
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{props}{''.join(runs)}</w:p>"


def _r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def test_a_docx_gives_one_paragraph_per_word_paragraph_with_tabs_breaks_and_headings(tmp_path):
    body = "".join(
        [
            _p(_r("Launch video"), style="Heading1"),
            _p(_r("First paragraph, "), _r("in two runs.")),
            _p(),  # an empty paragraph (Enter twice) adds nothing
            _p(_r("Price"), "<w:r><w:tab/></w:r>", _r("$4.99"), "<w:r><w:br/></w:r>", _r("Second line.")),
            _p(_r("Kept"), "<w:r><w:delText>deleted in tracked changes</w:delText></w:r>", _r(".")),
            "<w:tbl><w:tr><w:tc>" + _p(_r("In a table.")) + "</w:tc></w:tr></w:tbl>",
        ]
    )
    path = tmp_path / "script.docx"
    path.write_bytes(_docx(body))
    text = read_script_file(path).text
    assert text == (
        "## Launch video\n\nFirst paragraph, in two runs.\n\nPrice\t$4.99\nSecond line.\n\nKept.\n\nIn a table."
    )
    assert split_script(text, "paragraph") == [
        "First paragraph, in two runs.",
        "Price $4.99 Second line.",
        "Kept.",
        "In a table.",
    ]


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04 not really a zip",
        b"plain text renamed to docx",
        b"",
    ],
)
def test_a_damaged_docx_is_refused_with_a_sentence(tmp_path, data):
    path = tmp_path / "broken.docx"
    path.write_bytes(data)
    with pytest.raises(ScriptFileError, match="not a Word document"):
        read_script_file(path)


def test_a_docx_without_its_document_or_with_entities_is_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/styles.xml", "<x/>")
    path = tmp_path / "empty.docx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(ScriptFileError, match="not a Word document"):
        read_script_file(path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;&a;</x>')
    path.write_bytes(buffer.getvalue())
    with pytest.raises(ScriptFileError, match="not a Word document"):
        read_script_file(path)


def test_txt_and_md_are_decoded_and_other_kinds_refused(tmp_path):
    (tmp_path / "a.txt").write_bytes("Hello.\r\n".encode("cp1252"))
    (tmp_path / "b.md").write_bytes(b"# Intro\nHello.\n")
    assert read_script_file(tmp_path / "a.txt").text == "Hello.\n"
    assert read_script_file(tmp_path / "b.md").text == "# Intro\nHello.\n"
    (tmp_path / "c.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ScriptFileError, match=r"old Word document \(\.doc\)"):
        read_script_file(tmp_path / "c.doc")
    (tmp_path / "d.pdf").write_bytes(b"%PDF")
    with pytest.raises(ScriptFileError, match=r"\.txt, \.md or \.docx"):
        read_script_file(tmp_path / "d.pdf")
    with pytest.raises(ScriptFileError, match="does not exist"):
        read_script_file(tmp_path / "gone.txt")


def test_a_huge_script_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_SCRIPT_BYTES + 1)  # sparse: nothing is written, and nothing should be read
    with pytest.raises(ScriptError, match="MB of text"):
        read_script_file(path)


# ---------------------------------------------------------------------------------------------- splitting


def test_five_pasted_paragraphs_are_five_scenes_with_wrapped_lines_joined():
    parts = split_script(FIVE, "paragraph")
    assert len(parts) == 5
    assert parts[0] == "Paragraph 1 says one thing. It wraps onto a second line."


def test_crlf_and_blank_lines_with_spaces_separate_paragraphs():
    assert split_script("One\r\nwraps.\r\n \t \r\nTwo.\r\rThree.", "paragraph") == ["One wraps.", "Two.", "Three."]


def test_line_mode_makes_a_scene_of_every_non_blank_line():
    assert split_script("One.\nTwo. Still two.\n\n\nThree", "line") == ["One.", "Two. Still two.", "Three"]


def test_sentence_mode_splits_sentences_and_a_blank_line_ends_one():
    text = "A title without a stop\n\nDr. Lee said it costs $4.99. That is\ncheap!"
    assert split_script(text, "sentence") == [
        "A title without a stop",
        "Dr. Lee said it costs $4.99.",
        "That is cheap!",
    ]


def test_marker_mode_splits_at_lines_that_are_exactly_the_marker():
    text = "Intro text.\n\nStill intro.\n  ===  \nBody --- not a marker here.\n===\n\n===\nEnd."
    assert split_script(text, "marker", "===") == ["Intro text. Still intro.", "Body --- not a marker here.", "End."]
    with pytest.raises(ValueError, match="needs the marker"):
        split_script(text, "marker")
    with pytest.raises(ValueError, match="needs the marker"):
        split_script(text, "marker", "  ")


@pytest.mark.parametrize("mode", ["paragraph", "line", "sentence", "marker"])
def test_markdown_headings_start_a_scene_in_every_mode_and_are_not_narrated(mode):
    text = "# Welcome\nHello there.\n## Why us\nWe are fast.\n#hashtag is text\n### \nLast one."
    parts = split_script(text, mode, "~~~")
    assert not any("Welcome" in part or "Why us" in part for part in parts)
    assert parts[0] == "Hello there."
    assert "We are fast." in parts[1]
    assert any("#hashtag is text" in part for part in parts)
    assert parts[-1] == "Last one."


def test_rules_bullets_and_bold_are_layout_not_narration():
    text = "**Big** news today.\n\n---\n\n- Fast\n- Cheap\n1. First\n2) Second\n\n* * *\nThe __end__."
    assert split_script(text, "paragraph") == ["Big news today.", "Fast Cheap First Second", "The end."]
    assert split_script(text, "line") == ["Big news today.", "Fast", "Cheap", "First", "Second", "The end."]


def test_empty_and_blank_scripts_make_no_scenes():
    for mode in ("paragraph", "line", "sentence"):
        assert split_script("", mode) == []
        assert split_script(" \n\n# Only a heading\n---\n", mode) == []


_LINES = st.lists(
    st.sampled_from(["", "  ", "# Heading", "Hello world.", "Dr. Who? Yes!", "- item", "---", "===", "你好。好", "\t"]),
    max_size=20,
)


@given(_LINES, st.sampled_from(["paragraph", "line", "sentence", "marker"]))
def test_no_part_is_empty_or_padded_and_words_keep_their_order(lines, mode):
    text = "\n".join(lines)
    parts = split_script(text, mode, "===")
    assert all(part and part == part.strip() and "  " not in part and "\n" not in part for part in parts)
    separators = ("# Heading", "---", "===") if mode == "marker" else ("# Heading", "---")
    kept = [line for line in lines if line.strip() and line not in separators]
    words = "".join("".join(line.replace("- item", "item") for line in kept).split())
    assert "".join("".join(parts).split()) == words


# ---------------------------------------------------------------------------------------------- storyboard, preview


def test_the_storyboard_has_one_scene_per_part_each_with_the_background_and_no_prompt():
    background = AiImage("flux-schnell", None, "cartoon")
    board = storyboard_from_script(
        split_script(FIVE, "paragraph"), video_name="Launch", background=background, aspect_ratio="9:16"
    )
    body: Any = storyboard_to_body(board)
    assert body["videoName"] == "Launch" and body["aspectRatio"] == "9:16"
    assert len(body["scenes"]) == 5
    assert body["scenes"][0] == {
        "story": "Paragraph 1 says one thing. It wraps onto a second line.",
        "background": {"type": "image", "aiVisual": {"model": "flux-schnell", "mediaStyle": "cartoon"}},
    }


def test_the_preview_prices_and_times_each_scene_and_totals_them():
    preview = preview_script(FIVE, "paragraph", None, AiImage("nanobanana", None, None), CATALOG)
    assert len(preview.scenes) == 5
    first = preview.scenes[0]
    assert first.words == 11 and first.cost.credits == Decimal(4) and not first.over_limit
    assert first.seconds == Decimal("4.4")  # 11 words at 2.5 words a second
    assert (preview.credits, preview.seconds, preview.priced) == (Decimal(20), Decimal(22), True)
    faster = preview_script(FIVE, "paragraph", None, NoBackground(), CATALOG, voice_speed=200)
    assert (faster.credits, faster.seconds) == (Decimal(0), Decimal(11))
    silent = preview_script("Hi.\n\nBye.", "paragraph", None, NoBackground(), CATALOG, voice_speed=None)
    assert silent.seconds == Decimal(6)  # a silent scene is shown at least 3 s
    by_sentence = preview_script(FIVE, "sentence", None, AiImage("nanobanana", None, None), CATALOG)
    assert (len(by_sentence.scenes), by_sentence.credits) == (10, Decimal(40))


def test_the_preview_says_when_the_model_is_unknown_or_a_scene_is_too_long():
    unknown = preview_script(FIVE, "paragraph", None, AiImage("no-such-model"), CATALOG)
    assert not unknown.priced
    long = preview_script("word " * 4000, "paragraph", None, NoBackground(), CATALOG)
    assert long.scenes[0].over_limit
