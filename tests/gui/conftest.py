"""Shared fixtures for the editor's GUI tests: a document, sample storyboards, and a fake app context."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pictory_desktop.domain.catalog import default_catalog

# The guide's two-scene example, plus fields the editor does not edit, which must survive a save.
GUIDE_EXAMPLE = {
    "videoName": "ai_background_images_demo",
    "scenes": [
        {
            "story": "AI is transforming how we create visual content for marketing and education.",
            "createSceneOnEndOfSentence": False,
            "background": {
                "type": "image",
                "aiVisual": {
                    "prompt": "Modern creative studio with holographic displays showing marketing dashboards",
                    "model": "seedream3.0",
                    "mediaStyle": "futuristic",
                },
            },
        },
        {
            "story": "With the right tools, anyone can produce professional-quality videos in minutes.",
            "createSceneOnEndOfSentence": False,
            "background": {
                "type": "image",
                "aiVisual": {
                    "prompt": "Professional video editing workspace with multiple monitors and warm lighting",
                    "model": "nanobanana",
                    "mediaStyle": "photorealistic",
                },
            },
        },
    ],
}


@pytest.fixture
def catalog():
    return default_catalog()


@pytest.fixture
def guide_file(tmp_path: Path) -> Path:
    path = tmp_path / "guide-example.json"
    path.write_text(json.dumps(GUIDE_EXAMPLE, indent=2), encoding="utf-8")
    return path


@pytest.fixture
def document(qtbot, catalog, guide_file):
    from pictory_desktop.qt.document import StoryboardDocument

    doc = StoryboardDocument(catalog)
    doc.open_file(guide_file)
    return doc


def _guard_pyside() -> None:
    # PySide6 6.12.0's emit() steals a reference to True; without this guard a long test run aborts
    # the interpreter ("bool_dealloc"). See pictory_desktop/qt/pyside_fixes.py.
    from pictory_desktop.qt.pyside_fixes import guard_against_emit_refcount_bug

    guard_against_emit_refcount_bug()


_guard_pyside()
