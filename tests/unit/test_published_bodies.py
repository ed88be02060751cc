"""Pictory's own published bodies (tests/published) against the app's checks, estimate and file format.

A checker that rejects what the API accepts teaches users to distrust every check, and an estimate that
misses credits breaks the app's main promise: every published body must pass with no error and no
"undocumented field" advice and cost what Pictory's prices say; every mutated copy must be caught.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from pictory_desktop.domain import describe
from pictory_desktop.domain.body import storyboard_from_body, storyboard_to_body
from pictory_desktop.domain.catalog import default_catalog
from pictory_desktop.domain.checks import check_storyboard
from pictory_desktop.domain.credits import estimate, scene_cost
from pictory_desktop.domain.fields import APP_DATA_KEY
from pictory_desktop.domain.project_format import parse_project, serialize_project
from pictory_desktop.domain.storyboard import StockVisuals
from tests.published import BY_NAME, MUTATIONS, PUBLISHED, Mutation, Published

CATALOG = default_catalog()
NAMES = [p.name for p in PUBLISHED]


def findings_of(body):
    return check_storyboard(storyboard_from_body(body), CATALOG)


def test_the_corpus_holds_bodies_from_both_of_pictorys_sources():
    assert len(PUBLISHED) >= 12
    assert {p.name.split("-")[0] for p in PUBLISHED} == {"skills", "docs"}
    assert all(p.source for p in PUBLISHED)


@pytest.mark.parametrize("published", PUBLISHED, ids=NAMES)
def test_a_published_body_has_no_error(published: Published):
    errors = [f.describe() for f in findings_of(published.body()) if f.is_error]
    assert errors == []


@pytest.mark.parametrize("published", PUBLISHED, ids=NAMES)
def test_no_field_of_a_published_body_is_called_undocumented(published: Published):
    strays = [f.path for f in findings_of(published.body()) if f.code in ("field-unknown", "field-misspelled")]
    assert strays == []


@pytest.mark.parametrize("published", PUBLISHED, ids=NAMES)
def test_a_published_body_costs_what_pictorys_prices_say(published: Published):
    cost = estimate(storyboard_from_body(published.body()), CATALOG)
    assert cost.total == published.credits
    assert cost.unpriced_scenes == ()


@pytest.mark.parametrize("published", PUBLISHED, ids=NAMES)
def test_a_published_body_opens_and_saves_back_unchanged(published: Published):
    original = published.path.read_bytes()
    saved = json.loads(serialize_project(parse_project(original)))
    assert saved.pop(APP_DATA_KEY) == {"schemaVersion": 1}  # the app's own key, stripped before sending
    # Same keys, same order, same values (the file's spacing is the app's own).
    assert json.dumps(saved) == json.dumps(json.loads(original))
    assert json.dumps(storyboard_to_body(storyboard_from_body(published.body()))) == json.dumps(published.body())


# ------------------------------------------------------------------------------------------ mutations


@pytest.mark.parametrize("mutation", MUTATIONS, ids=[m.name for m in MUTATIONS])
def test_a_copy_that_breaks_one_documented_rule_is_caught(mutation: Mutation):
    before = {(f.code, f.path) for f in findings_of(BY_NAME[mutation.base].body())}
    assert (mutation.code, mutation.path) not in before
    found = [f for f in findings_of(mutation.body()) if (f.code, f.path) == (mutation.code, mutation.path)]
    assert [f.severity for f in found] == [mutation.severity], mutation.rule
    assert found[0].message


def test_the_mutations_break_rules_from_every_part_of_the_schema():
    assert len(MUTATIONS) >= 25
    assert {m.severity for m in MUTATIONS} == {"error", "advice"}
    assert {m.pictory for m in MUTATIONS} == {"rejects", "drops", "accepts"}


# ------------------------------------------------------------------- finding 1: no visual source is valid


def test_a_background_with_only_a_stock_search_filter_is_a_real_kind_that_passes():
    search = {"query": "aerial coastline waves crashing", "keywords": ["ocean", "coastline"]}
    body = {
        "videoName": "Coast",
        "voiceOver": {"enabled": True},
        "scenes": [{"story": "The coast at dawn.", "background": {"searchFilter": search}}],
    }
    storyboard = storyboard_from_body(body)
    background = storyboard.scenes[0].background
    assert isinstance(background, StockVisuals) and background.kind == "stock"
    assert describe.KIND_LABELS["stock"] == "Stock visuals chosen by Pictory"
    assert describe.background_summary(background, CATALOG) == "Stock visuals chosen by Pictory"
    assert describe.stock_description(background) == (
        "Pictory searches its stock library for: “aerial coastline waves crashing” · keywords ocean, coastline."
    )
    assert check_storyboard(storyboard, CATALOG) == []
    assert storyboard_to_body(storyboard) == body


def test_a_background_with_only_settings_and_no_visual_passes():
    body = BY_NAME["docs-background-video-loop-and-mute"].body()
    storyboard = storyboard_from_body(body)
    assert storyboard.scenes[0].background.kind == "stock"
    assert [f for f in check_storyboard(storyboard, CATALOG) if f.is_error] == []
    assert storyboard_to_body(storyboard) == body


# ------------------------------------------------- finding 2: documented fields are not "undocumented"

SEVEN = ("searchFilter", "colorOverlay", "elements", "endPauseDuration", "highlightKeywords", "maxSubtitleLines",
         "visualContinuity")  # fmt: skip


def test_the_seven_documented_fields_are_not_called_undocumented():
    scene = {
        "story": "Your morning sets the tone.",
        "highlightKeywords": True,
        "maxSubtitleLines": 2,
        "endPauseDuration": 0.4,
        "background": {
            "type": "video",
            "aiVisual": {"prompt": "sunrise through curtains", "model": "pixverse5.5", "videoDuration": "5s",
                         "visualContinuity": True},
            "colorOverlay": {"color": "rgb(20,10,30)", "opacity": 0.3},
        },
        "elements": [{"type": "text", "text": "Mornings", "textVariant": "heading"}],
    }  # fmt: skip
    stock = {"story": "Then coffee.", "background": {"searchFilter": {"query": "coffee cup at dawn"}}}
    body = {"videoName": "Morning", "voiceOver": {"enabled": True}, "scenes": [scene, stock]}
    said = " ".join(f.message for f in findings_of(body))
    assert "does not document" not in said
    assert not any(f"“{name}”" in said for name in SEVEN)


def test_a_field_unknown_at_a_nested_level_is_still_advice_and_a_typo_there_an_error():
    body = BY_NAME["skills-example-1-designed-explainer"].body()
    body["voiceOver"]["aiVoices"][0]["accentColour"] = "red"
    body["scenes"][0]["elements"][1]["style"]["fontSzie"] = 30
    found = {(f.severity, f.code, f.path) for f in findings_of(body)}
    assert ("advice", "field-unknown", "voiceOver.aiVoices[0].accentColour") in found
    assert ("error", "field-misspelled", "scenes[0].elements[1].style.fontSzie") in found


# ----------------------------------------------------------------- finding 3: AI media in elements are paid


def test_ai_media_in_elements_are_counted_like_backgrounds():
    storyboard = storyboard_from_body(BY_NAME["skills-example-3-ai-media-elements"].body())
    costs = [scene_cost(scene, CATALOG) for scene in storyboard.scenes]
    assert [c.credits for c in costs] == [2, 2, 8, 2]  # seedream3.0 per image; pixverse5.5 1.6/s × 5 s
    assert [c.media_visuals for c in costs] == [1, 1, 1, 1]
    assert estimate(storyboard, CATALOG).total == 14
    assert describe.overlays_summary(storyboard.scenes[0], costs[0]) == "3 overlays · 1 AI image, 2 credits"
    assert describe.scene_credits(costs[2]) == "8 credits"


def test_ai_media_repeat_with_every_scene_a_split_story_makes():
    scene = {
        "story": "One. Two. Three.",
        "createSceneOnEndOfSentence": True,
        "background": {"color": "#000000"},
        "elements": [{"type": "image", "aiVisual": {"prompt": "a lamp on a desk, studio light", "model": "flux-schnell"}}],
    }  # fmt: skip
    cost = scene_cost(storyboard_from_body({"videoName": "x", "scenes": [scene]}).scenes[0], CATALOG)
    assert (cost.credits, cost.media_visuals, cost.estimated) == (Decimal("1.8"), 3, True)


def test_an_element_with_an_unknown_model_makes_the_cost_unknown_not_free():
    body = BY_NAME["skills-example-3-ai-media-elements"].body()
    body["scenes"][0]["elements"][2]["aiVisual"]["model"] = "seedream4"
    cost = estimate(storyboard_from_body(body), CATALOG)
    assert cost.unpriced_scenes == (1,)
    assert describe.total_credits(cost).startswith("Total: at least")


# -------------------------------------------------- finding 4: mediaStyle on a prompted AI video is ignored


def _video(prompt: str | None, style: str | None, kind: str = "video"):
    ai = {"model": "pixverse5.5", "videoDuration": "5s"} if kind == "video" else {"model": "seedream3.0"}
    if prompt is not None:
        ai["prompt"] = prompt
    if style is not None:
        ai["mediaStyle"] = style
    return {"videoName": "x", "voiceOver": {"enabled": True},
            "scenes": [{"story": "A calm morning by the sea.", "background": {"type": kind, "aiVisual": ai}}]}  # fmt: skip


def test_a_style_on_an_ai_video_with_its_own_prompt_is_advice_that_it_is_ignored():
    [advice] = findings_of(_video("slow pan over a calm sea at sunrise, soft light", "cartoon"))
    assert (advice.severity, advice.code, advice.field) == ("advice", "style-ignored-on-video", "mediaStyle")
    assert "ignores" in advice.message and "prompt" in advice.message


@pytest.mark.parametrize(
    ("prompt", "style", "kind"),
    [(None, "cartoon", "video"), ("slow pan over a calm sea at sunrise", None, "video"),
     ("a calm sea at sunrise, soft light, wide", "cartoon", "image")],
    ids=["video-without-prompt", "video-without-style", "image"],
)  # fmt: skip
def test_a_style_pictory_applies_raises_no_such_advice(prompt, style, kind):
    assert "style-ignored-on-video" not in [f.code for f in findings_of(_video(prompt, style, kind))]


def test_an_ai_avatar_says_its_price_is_not_in_the_estimate():
    body = BY_NAME["docs-recipe-1-text-to-video-with-voice-over"].body()
    body["avatar"] = {"avatarId": "chef-01", "position": "bottom-right"}
    [advice] = [f for f in findings_of(body) if f.code == "avatar-not-priced"]
    assert advice.severity == "advice" and "may cost more" in advice.message
