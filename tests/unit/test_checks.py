from __future__ import annotations

import pytest

from pictory_desktop.domain.body import storyboard_from_body
from pictory_desktop.domain.catalog import default_catalog
from pictory_desktop.domain.checks import check_storyboard, errors_in
from pictory_desktop.domain.storyboard import JsonObject

from .domain_builders import ai_image_scene, board, guide_body

CATALOG = default_catalog()


def codes(storyboard, severity=None):
    return [f.code for f in check_storyboard(storyboard, CATALOG) if severity is None or f.severity == severity]


def only_error(storyboard):
    errors = errors_in(check_storyboard(storyboard, CATALOG))
    assert len(errors) == 1, [e.describe() for e in errors]
    return errors[0]


def test_the_guides_example_has_no_errors():
    assert codes(storyboard_from_body(guide_body()), "error") == []


@pytest.mark.parametrize("name", [None, "", "   "])
def test_missing_or_blank_video_name_is_an_error(name):
    body: JsonObject = {"scenes": [{"story": "Hello."}]}
    if name is not None:
        body["videoName"] = name
    error = only_error(storyboard_from_body(body))
    assert (error.code, error.field, error.scene) == ("video-name-missing", "videoName", None)
    assert "name" in error.message


def test_no_scenes_is_an_error():
    assert "no-scenes" in codes(storyboard_from_body({"videoName": "x", "scenes": []}), "error")


def test_scene_with_neither_story_nor_background_names_the_scene():
    error = only_error(board({"story": "Fine."}, {"story": "  "}))
    assert (error.code, error.scene) == ("scene-empty", 2)


def test_ai_visual_without_type_is_an_error_that_suggests_the_type():
    error = only_error(board({"story": "s", "background": {"aiVisual": {"model": "flux-schnell"}}}))
    assert error.code == "type-missing"
    assert error.path == "scenes[0].background.type"
    assert "“image”" in error.message


def test_image_type_with_a_video_model_is_an_error():
    error = only_error(board(ai_image_scene("veo3.1")))
    assert error.code == "model-wrong-type"
    assert "AI video" in error.message


def test_video_type_with_an_image_model_is_an_error():
    scene = {
        "story": "s",
        "background": {"type": "video", "aiVisual": {"model": "flux-schnell", "videoDuration": "5s"}},
    }
    assert only_error(board(scene)).code == "model-wrong-type"


def test_mixing_background_kinds_is_an_error():
    scene = {
        "story": "s",
        "background": {"type": "image", "visualUrl": "https://x/a.jpg", "aiVisual": {"model": "flux-schnell"}},
    }
    error = only_error(board(scene))
    assert error.code == "background-mixed"
    assert "only one" in error.message


def test_video_duration_on_an_image_is_an_error():
    scene = {
        "story": "s",
        "background": {"type": "image", "aiVisual": {"model": "flux-schnell", "videoDuration": "5s"}},
    }
    assert only_error(board(scene)).code == "duration-on-image"


@pytest.mark.parametrize(("model", "duration"), [("pixverse5.5", "4s"), ("veo3.1", "5s"), ("veo3.1_fast", "10s")])
def test_a_duration_the_video_model_does_not_offer_is_an_error(model, duration):
    scene = {"story": "s", "background": {"type": "video", "aiVisual": {"model": model, "videoDuration": duration}}}
    error = only_error(board(scene))
    assert error.code == "duration-unsupported"
    assert error.field == "videoDuration"


def test_unknown_model_and_unknown_style_are_errors():
    scene = ai_image_scene("flux-ultra")
    scene["background"]["aiVisual"]["mediaStyle"] = "noir"
    found = codes(board(scene), "error")
    assert found == ["model-unknown", "style-unknown"]


def test_image_prompt_at_250_is_fine_and_251_is_an_error():
    assert codes(board(ai_image_scene(prompt="a" * 250)), "error") == []
    error = only_error(board(ai_image_scene(prompt="a" * 251)))
    assert error.code == "prompt-too-long"
    assert "251" in error.message and "250" in error.message


def test_an_emoji_counts_two_towards_the_prompt_limit():
    assert codes(board(ai_image_scene(prompt="a" * 248 + "🎬")), "error") == []
    assert codes(board(ai_image_scene(prompt="a" * 249 + "🎬")), "error") == ["prompt-too-long"]


def test_video_prompts_may_be_500():
    def scene(n):
        ai = {"model": "pixverse5.5", "videoDuration": "5s", "prompt": "b" * n}
        return {"story": "s", "background": {"type": "video", "aiVisual": ai}}

    assert codes(board(scene(500)), "error") == []
    assert codes(board(scene(501)), "error") == ["prompt-too-long"]


def test_story_over_15000_is_an_error():
    assert codes(board({"story": "x" * 15_000}), "error") == []
    error = only_error(board({"story": "x" * 15_001}))
    assert (error.code, error.field) == ("story-too-long", "story")


def test_aspect_ratio_a_chosen_model_does_not_support_is_an_error():
    error = only_error(board(ai_image_scene("flux-schnell"), aspectRatio="4:5"))
    assert error.code == "aspect-unsupported"
    assert "16:9" in error.message


def test_veo_cannot_make_square_video():
    scene = {"story": "s", "background": {"type": "video", "aiVisual": {"model": "veo3.1", "videoDuration": "4s"}}}
    assert only_error(board(scene, aspectRatio="1:1")).code == "aspect-unsupported"


def test_unknown_aspect_ratio_is_an_error():
    assert "aspect-invalid" in codes(board({"story": "s"}, aspectRatio="21:9"), "error")


@pytest.mark.parametrize(
    ("scene", "path", "meant"),
    [
        (
            lambda s: s["background"]["aiVisual"].update(mediastyle="cartoon"),
            "scenes[0].background.aiVisual.mediastyle",
            "mediaStyle",
        ),
        (lambda s: s["background"]["aiVisual"].update(promt="x"), "scenes[0].background.aiVisual.promt", "prompt"),
        (
            lambda s: s.update(createSceneOnEndOfSentance=True),
            "scenes[0].createSceneOnEndOfSentance",
            "createSceneOnEndOfSentence",
        ),
    ],
)
def test_misspelled_field_is_an_error_naming_the_probable_field(scene, path, meant):
    body = ai_image_scene()
    scene(body)
    error = only_error(board(body))
    assert (error.code, error.path) == ("field-misspelled", path)
    assert f"“{meant}”" in error.message


def test_misspelled_top_level_field_is_an_error():
    error = only_error(board({"story": "s"}, videoname="dup"))
    assert error.code == "field-misspelled" and "videoName" in error.message


def test_a_background_with_a_misspelled_colour_key_is_reported():
    error = only_error(board({"story": "s", "background": {"colour": "#fff"}}))
    assert error.code in {"background-empty", "field-misspelled"}
    assert "color" in error.message


def test_unknown_but_not_close_field_is_only_advice():
    sb = board({"story": "s", "myTrackingId": 7})
    assert codes(sb, "error") == []
    assert "field-unknown" in codes(sb, "advice")


def test_documented_fields_the_app_does_not_edit_raise_nothing():
    sb = board({"story": "s"}, backgroundMusic={"enabled": True, "volume": 0.2}, brandName="Acme", webhook="https://h")
    assert codes(sb) == []


def test_negative_phrasing_is_advice_not_an_error():
    sb = board(ai_image_scene(prompt="Not a dark room, people talking, no clutter"))
    assert codes(sb, "error") == []
    assert "prompt-negative" in codes(sb, "advice")


def test_short_vague_prompt_is_advice():
    assert "prompt-vague" in codes(board(ai_image_scene(prompt="office")), "advice")


def test_text_in_the_image_suggests_seedream_unless_already_chosen():
    prompt = "Billboard with the headline “Save 30% today” above a busy street"
    assert "prompt-wants-text" in codes(board(ai_image_scene("flux-schnell", prompt=prompt)), "advice")
    assert "prompt-wants-text" not in codes(board(ai_image_scene("seedream3.0", prompt=prompt)), "advice")


def test_mixed_styles_across_scenes_is_advice():
    a, b = ai_image_scene(), ai_image_scene()
    a["background"]["aiVisual"]["mediaStyle"] = "cartoon"
    b["background"]["aiVisual"]["mediaStyle"] = "vintage"
    assert "styles-mixed" in codes(board(a, b), "advice")


def test_empty_prompt_with_empty_story_is_advice():
    scene = {"background": {"type": "image", "aiVisual": {"model": "flux-schnell"}}}
    assert codes(board(scene)) == ["prompt-and-story-empty"]


def test_empty_prompt_with_a_story_is_fine():
    assert codes(board(ai_image_scene(prompt=None))) == []


def test_findings_say_where_in_words():
    error = only_error(board({"story": "ok"}, ai_image_scene(prompt="a" * 300)))
    assert error.location == "Scene 2, prompt"
    assert error.describe().startswith("Error · Scene 2, prompt: ")


def test_the_emoji_note_appears_only_when_the_prompt_has_an_emoji():
    """Issue 11, item 16: '(emoji count as 2)' showed on prompts with no emoji."""
    plain = [
        f for f in check_storyboard(board(ai_image_scene(prompt="a" * 260)), CATALOG) if f.code == "prompt-too-long"
    ]
    emoji = [
        f for f in check_storyboard(board(ai_image_scene(prompt="🍁" * 130)), CATALOG) if f.code == "prompt-too-long"
    ]
    assert plain[0].message.endswith("Shorten it by 10.")
    assert emoji[0].message.endswith("Shorten it by 10 (emoji count as 2).")


def test_an_ai_image_with_no_prompt_and_no_story_warns_that_it_still_costs():
    """Issue 11, item 16: such a scene got only a mild tip though it costs credits."""
    scene = ai_image_scene()
    scene["story"] = ""
    (found,) = [f for f in check_storyboard(board(scene), CATALOG) if f.code == "prompt-and-story-empty"]
    assert found.message.startswith("Warning:") and "still pay for it" in found.message


def test_a_video_level_finding_reads_naturally():
    """Issue 11, item 16: 'Video, video name:' in the text a screen reader reads out."""
    errors = [f for f in check_storyboard(board(ai_image_scene(), videoName=""), CATALOG) if f.is_error]
    assert errors[0].location == "Video name"
    assert errors[0].describe().startswith("Error · Video name: ")
