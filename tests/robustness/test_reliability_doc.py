"""docs/reliability.md is generated from reliability_rows.py and every row is proved by some test."""

from __future__ import annotations

import re
from pathlib import Path

from .reliability_rows import ALL, render_markdown

ROOT = Path(__file__).parents[2]
DOC = ROOT / "docs" / "reliability.md"
HERE = Path(__file__).parent


def test_the_document_is_up_to_date() -> None:
    actual = DOC.read_text("utf-8") if DOC.exists() else ""
    assert actual == render_markdown(), (
        "docs/reliability.md is out of date: run  python -m tests.robustness.reliability_rows > docs/reliability.md"
    )


def test_every_row_is_named_by_a_test() -> None:
    tests = [*HERE.glob("test_*.py"), *(HERE.parent / "gui").glob("test_*.py")]  # the window's rows live in gui
    sources = "\n".join(p.read_text("utf-8") for p in tests if p.name != Path(__file__).name)
    named = set(re.findall(r"[\"']([a-z0-9]+(?:-[a-z0-9]+)+)[\"']", sources))
    missing = [row.id for row in ALL if row.id not in named]
    assert missing == [], f"rows no test names: {missing}"
