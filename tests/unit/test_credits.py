from __future__ import annotations

from decimal import Decimal

import pytest

from pictory_desktop.domain.body import storyboard_from_body
from pictory_desktop.domain.catalog import default_catalog, format_credits
from pictory_desktop.domain.credits import estimate, scene_cost

from .domain_builders import ai_image_scene, board, guide_body

CATALOG = default_catalog()


def test_the_guides_two_scene_example_costs_2_plus_4():
    result = estimate(storyboard_from_body(guide_body()), CATALOG)
    assert [c.credits for c in result.scenes] == [Decimal(2), Decimal(4)]
    assert result.total == Decimal(6)
    assert result.estimated is False


@pytest.mark.parametrize(
    ("model", "expected"),
    [("flux-schnell", "0.6"), ("seedream3.0", "2"), ("nanobanana", "4"), ("nanobanana-pro", "14")],
)
def test_each_image_model_costs_what_the_guide_says_per_scene(model, expected):
    assert format_credits(estimate(board(ai_image_scene(model)), CATALOG).total) == expected


def test_three_flux_images_are_exactly_1_point_8_not_a_float_approximation():
    total = estimate(board(*[ai_image_scene("flux-schnell")] * 3), CATALOG).total
    assert total == Decimal("1.8")
    assert format_credits(total) == "1.8"


def test_split_on_sentences_multiplies_by_sentence_count_and_is_flagged_as_estimate():
    scene = ai_image_scene("nanobanana", createSceneOnEndOfSentence=True)
    scene["story"] = "First idea. Second idea! Third idea? Version 3.5 ships soon."
    result = estimate(board(scene), CATALOG)
    assert result.scenes[0].visuals == 4
    assert result.total == Decimal(16)
    assert result.estimated is True


def test_split_on_lines_counts_non_blank_lines():
    scene = ai_image_scene("seedream3.0", createSceneOnNewLine=True)
    scene["story"] = "Line one\n\nLine two\nLine three\n"
    assert estimate(board(scene), CATALOG).total == Decimal(6)


def test_split_flag_false_is_one_image_and_not_an_estimate():
    scene = ai_image_scene("flux-schnell", createSceneOnEndOfSentence=False)
    scene["story"] = "One. Two. Three."
    result = estimate(board(scene), CATALOG)
    assert (result.total, result.estimated) == (Decimal("0.6"), False)


@pytest.mark.parametrize(
    ("model", "duration", "expected"),
    [("pixverse5.5", "5s", "8"), ("pixverse5.5", "10s", "16"), ("veo3.1_fast", "6s", "60"), ("veo3.1", "8s", "160")],
)
def test_video_costs_rate_times_seconds(model, duration, expected):
    scene = {
        "story": "Drone shot.",
        "background": {"type": "video", "aiVisual": {"model": model, "videoDuration": duration}},
    }
    assert format_credits(estimate(board(scene), CATALOG).total) == expected


def test_non_ai_backgrounds_are_free():
    scenes = [
        {"story": "Plain colour.", "background": {"color": "#1f2937"}},
        {"story": "Own picture.", "background": {"type": "image", "visualUrl": "https://example.com/a.jpg"}},
        {"story": "Nothing."},
    ]
    assert estimate(board(*scenes), CATALOG).total == 0


def test_unknown_model_is_reported_as_unpriced_instead_of_free():
    result = estimate(board(ai_image_scene("flux-pro-9000")), CATALOG)
    assert result.unpriced_scenes == (1,)
    assert result.scenes[0].priced is False


def test_scene_cost_of_a_mixed_background_from_a_file_is_still_shown():
    scene = {"story": "x", "background": {"type": "image", "color": "#fff", "aiVisual": {"model": "nanobanana"}}}
    sb = board(scene)
    assert scene_cost(sb.scenes[0], CATALOG).credits == Decimal(4)


def test_a_price_change_is_a_data_edit(tmp_path):
    import json
    from importlib import resources

    from pictory_desktop.domain.catalog import parse_catalog

    data = json.loads(resources.files("pictory_desktop.resources").joinpath("catalog.json").read_text("utf-8"))
    data["imageModels"][0]["creditsPerImage"] = "0.75"
    assert estimate(board(ai_image_scene("flux-schnell")), parse_catalog(data)).total == Decimal("0.75")
