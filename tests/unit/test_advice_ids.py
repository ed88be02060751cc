"""Dismissed advice ids follow their scene when scenes are inserted, removed or moved."""

from __future__ import annotations

from pictory_desktop.domain.findings import renumber_advice_ids


def test_scene_ids_are_renumbered_and_gone_scenes_dropped():
    ids = [
        "prompt-negative@scenes[0].background.aiVisual.prompt",
        "prompt-negative@scenes[2].background.aiVisual.prompt",
        "story-long@scenes[10].story",
    ]
    moved = renumber_advice_ids(ids, {0: None, 2: 1, 10: 9}.get)
    assert moved == ["prompt-negative@scenes[1].background.aiVisual.prompt", "story-long@scenes[9].story"]


def test_video_ids_and_foreign_entries_are_kept_as_they_are():
    ids = ["no-voice-over@voiceOver", "styles-mixed@scenes", 42, None, "a note someone typed"]
    assert renumber_advice_ids(ids, lambda old: old + 1) == ids
