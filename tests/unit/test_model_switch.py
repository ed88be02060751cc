"""domain.model_switch: Video › Switch models…, e.g. every Flux draft to Nano Banana Pro for the final render."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from pictory_desktop.domain.body import storyboard_to_body
from pictory_desktop.domain.catalog import default_catalog
from pictory_desktop.domain.model_switch import switch_models
from pictory_desktop.domain.storyboard import AiImage, AiVideo

from .domain_builders import ai_image_scene, board

CATALOG = default_catalog()


def video_scene(model: str = "pixverse5.5", duration: str | None = "5s") -> dict[str, Any]:
    ai: dict[str, Any] = {"model": model}
    if duration is not None:
        ai["videoDuration"] = duration
    return {"story": "A drone shot over the city.", "background": {"type": "video", "aiVisual": ai}}


def first_scene_body(storyboard: Any) -> Any:
    body: Any = storyboard_to_body(storyboard)
    return body["scenes"][0]


def models(storyboard: Any) -> list[str | None]:
    return [getattr(scene.background, "model", None) for scene in storyboard.scenes]


def test_every_draft_becomes_the_final_model_with_the_cost_before_and_after() -> None:
    story = board(ai_image_scene("flux-schnell"), ai_image_scene("seedream3.0"), ai_image_scene("flux-schnell"),
                  {"story": "No picture."})  # fmt: skip
    result = switch_models(story, "flux-schnell", "nanobanana-pro", None, CATALOG)
    assert models(result.storyboard) == ["nanobanana-pro", "seedream3.0", "nanobanana-pro", None]
    assert result.changed_rows == (0, 2)
    assert result.cost_before.total == Decimal("3.2")  # 0.6 + 2 + 0.6
    assert result.cost_after.total == Decimal("30")  # 14 + 2 + 14
    assert result.skipped == () and result.adjusted == ()
    assert isinstance(story.scenes[0].background, AiImage)
    assert story.scenes[0].background.model == "flux-schnell"  # the input is a value: untouched


def test_only_the_selected_rows() -> None:
    story = board(*(ai_image_scene("flux-schnell") for _ in range(4)))
    result = switch_models(story, "flux-schnell", "nanobanana", [3, 1, 1], CATALOG)
    assert models(result.storyboard) == ["flux-schnell", "nanobanana", "flux-schnell", "nanobanana"]
    assert result.changed_rows == (1, 3)
    assert result.cost_after.total == Decimal("0.6") * 2 + Decimal(4) * 2


def test_prompt_style_and_everything_else_stay() -> None:
    scene = ai_image_scene("flux-schnell", prompt="a red kite", sceneId="kept")
    scene["background"]["aiVisual"]["mediaStyle"] = "photorealistic"
    result = switch_models(board(scene), "flux-schnell", "seedream3.0", None, CATALOG)
    body = first_scene_body(result.storyboard)
    assert body["background"]["aiVisual"] == {
        "model": "seedream3.0",
        "prompt": "a red kite",
        "mediaStyle": "photorealistic",
    }
    assert body["sceneId"] == "kept"


def test_a_split_scene_stays_an_estimate_at_the_new_price() -> None:
    scene = ai_image_scene("flux-schnell", createSceneOnEndOfSentence=True)
    scene["story"] = "One. Two. Three."
    result = switch_models(board(scene), "flux-schnell", "nanobanana", None, CATALOG)
    assert result.cost_before.estimated and result.cost_after.estimated
    assert (result.cost_before.total, result.cost_after.total) == (Decimal("1.8"), Decimal(12))


def test_a_video_model_keeps_a_clip_length_it_offers() -> None:
    story = board(video_scene("pixverse5.5", "8s"), video_scene("pixverse5.5", "10s"), video_scene("pixverse5.5", None))
    result = switch_models(story, "pixverse5.5", "veo3.1_fast", None, CATALOG)
    durations = [
        scene.background.duration for scene in result.storyboard.scenes if isinstance(scene.background, AiVideo)
    ]
    assert durations == ["8s", "8s", "4s"]  # 8s is offered; 10s becomes the nearest, 8s; none gets the first
    veo = CATALOG.model("veo3.1_fast")
    assert veo is not None
    assert result.adjusted == (
        (1, f"Scene 2: {veo.name} cannot make 10s clips, so the clip is now 8s."),
        (2, "Scene 3: the clip length is now 4s."),
    )
    assert result.cost_after.total == Decimal(10) * (8 + 8 + 4)
    assert result.cost_before.unpriced_scenes == (3,)  # no length: no price before, a price after


def test_a_model_that_cannot_make_the_aspect_ratio_is_not_applied_and_the_check_says_why() -> None:
    story = board(video_scene("pixverse5.5", "5s"), video_scene("pixverse5.5", "5s"), aspectRatio="1:1")
    result = switch_models(story, "pixverse5.5", "veo3.1", [0], CATALOG)
    assert result.changed_rows == () and result.storyboard == story
    ((row, reason),) = result.skipped
    assert row == 0 and reason.startswith("Scene 1: ") and "cannot make 1:1" in reason
    assert result.cost_after == result.cost_before


def test_image_and_video_models_do_not_replace_each_other() -> None:
    story = board(ai_image_scene("flux-schnell"))
    with pytest.raises(ValueError):
        switch_models(story, "flux-schnell", "veo3.1", None, CATALOG)
    with pytest.raises(ValueError):
        switch_models(story, "flux-schnell", "no-such-model", None, CATALOG)


def test_an_unknown_old_model_from_a_file_can_be_replaced_on_scenes_of_the_same_kind() -> None:
    story = board(ai_image_scene("flux-dev-old"), video_scene("flux-dev-old", "5s"))
    result = switch_models(story, "flux-dev-old", "flux-schnell", None, CATALOG)
    assert models(result.storyboard) == ["flux-schnell", "flux-dev-old"]
    flux = CATALOG.model("flux-schnell")
    assert flux is not None
    assert result.skipped == ((1, f"Scene 2 makes an AI video clip; {flux.name} makes images, so it was kept."),)
    assert result.cost_before.unpriced_scenes == (1, 2) and result.cost_after.unpriced_scenes == (2,)


def test_overlays_are_kept_as_written_and_said() -> None:
    scene = ai_image_scene("flux-schnell")
    scene["elements"] = [{"type": "image", "aiVisual": {"model": "flux-schnell", "prompt": "logo"}}]
    result = switch_models(board(scene), "flux-schnell", "nanobanana", None, CATALOG)
    assert result.changed_rows == (0,)
    assert [row for row, _ in result.skipped] == [0] and "overlays" in result.skipped[0][1]
    assert first_scene_body(result.storyboard)["elements"] == scene["elements"]


def test_the_same_model_or_no_match_changes_nothing() -> None:
    story = board(ai_image_scene("flux-schnell"))
    for source, target in (("flux-schnell", "flux-schnell"), ("nanobanana", "nanobanana-pro")):
        result = switch_models(story, source, target, None, CATALOG)
        assert not result.changed and result.storyboard is story and result.cost_after == result.cost_before


def test_a_row_that_does_not_exist_is_refused() -> None:
    with pytest.raises(ValueError):
        switch_models(board(ai_image_scene()), "flux-schnell", "nanobanana", [1], CATALOG)
    with pytest.raises(ValueError):
        switch_models(board(ai_image_scene()), "flux-schnell", "nanobanana", [-1], CATALOG)
