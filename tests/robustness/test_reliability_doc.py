"""docs/reliability.md is generated from reliability_rows.py and every row is proved by some test."""

from __future__ import annotations

import re
from pathlib import Path

from .reliability_rows import ALL, WINDOW_MARKER, render_markdown

ROOT = Path(__file__).parents[2]
DOC = ROOT / "docs" / "reliability.md"
HERE = Path(__file__).parent


def test_the_document_is_up_to_date() -> None:
    expected = render_markdown()
    actual = DOC.read_text("utf-8") if DOC.exists() else ""
    # The window's rows are added below the marker later; everything above it is generated here.
    generated_part = actual.split(WINDOW_MARKER)[0]
    assert generated_part == expected.split(WINDOW_MARKER)[0], (
        "docs/reliability.md is out of date: run  python -m tests.robustness.reliability_rows > docs/reliability.md"
    )
    assert WINDOW_MARKER in actual


def test_every_row_is_named_by_a_test() -> None:
    sources = "\n".join(p.read_text("utf-8") for p in HERE.glob("test_*.py") if p.name != Path(__file__).name)
    named = set(re.findall(r"[\"']([a-z0-9]+(?:-[a-z0-9]+)+)[\"']", sources))
    missing = [row.id for row in ALL if row.id not in named]
    assert missing == [], f"rows no test names: {missing}"
