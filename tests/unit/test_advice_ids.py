"""Dismissed advice is kept on what it is about; the project file's one list is translated on load and save."""

from __future__ import annotations

from pictory_desktop.domain.body import storyboard_from_body, storyboard_to_body
from pictory_desktop.domain.dismissals import DISMISSED_ADVICE_KEY
from pictory_desktop.domain.findings import Finding
from pictory_desktop.domain.storyboard import JsonObject, JsonValue, Scene, Storyboard


def _body(dismissed: list[JsonValue], scenes: int = 3) -> JsonObject:
    return {
        "scenes": [{"story": f"Scene {i + 1}."} for i in range(scenes)],
        "pictoryDesktop": {"dismissedAdvice": dismissed},
    }


def test_each_scene_gets_its_own_dismissals_and_the_video_keeps_the_rest():
    storyboard = storyboard_from_body(
        _body(
            ["prompt-negative@scenes[2].background.aiVisual.prompt", "no-voice-over@voiceOver", "story-long@scenes[0]"]
        )
    )
    assert storyboard.scenes[2].dismissed_advice == {"prompt-negative@background.aiVisual.prompt"}
    assert storyboard.scenes[0].dismissed_advice == {"story-long@"}
    assert storyboard.scenes[1].dismissed_advice == frozenset()
    assert storyboard.dismissed_advice == {"no-voice-over@voiceOver"}
    assert DISMISSED_ADVICE_KEY not in storyboard.app_data  # one place only: on the scenes and the video


def test_saving_writes_each_scene_s_dismissals_at_its_current_position():
    storyboard = storyboard_from_body(_body(["prompt-negative@scenes[2].background.aiVisual.prompt"]))
    moved = Storyboard(scenes=(storyboard.scenes[2], storyboard.scenes[0]), app_data=storyboard.app_data)
    saved = storyboard_to_body(moved, include_app_data=True)
    assert saved["pictoryDesktop"] == {"dismissedAdvice": ["prompt-negative@scenes[0].background.aiVisual.prompt"]}


def test_the_request_body_never_carries_dismissals():
    storyboard = storyboard_from_body(_body(["no-voice-over@voiceOver", "prompt-negative@scenes[1].story"]))
    assert "pictoryDesktop" not in storyboard_to_body(storyboard)


def test_entries_that_are_not_ids_or_name_a_missing_scene_are_dropped():
    storyboard = storyboard_from_body(_body([42, None, "story-long@scenes[10].story", "a note someone typed"], 2))
    assert storyboard.dismissed_advice == {"a note someone typed"}
    assert all(not scene.dismissed_advice for scene in storyboard.scenes)


def test_a_finding_names_its_dismissal_relative_to_its_scene():
    on_scene = Finding("advice", "prompt-negative", "…", "scenes[4].background.aiVisual.prompt", scene=5)
    on_video = Finding("advice", "no-voice-over", "…", "voiceOver")
    assert on_scene.dismissal_key == "prompt-negative@background.aiVisual.prompt"
    assert on_video.dismissal_key == on_video.advice_id == "no-voice-over@voiceOver"
    assert Scene(dismissed_advice=frozenset({on_scene.dismissal_key})).dismissed_advice
