"""The draft video's plan: one segment per scene Pictory will make, timed by the app's own length estimate, with
the picture the scene list shows, or a card saying what Pictory will make."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pictory_desktop.domain.body import storyboard_from_body
from pictory_desktop.domain.catalog import default_catalog
from pictory_desktop.domain.draft_plan import (
    DRAFT_TITLE,
    PICTORY_WRITES_PROMPT,
    AiCard,
    ColourBackground,
    DraftMusic,
    PictureBackground,
    TextCard,
    plan_draft,
)
from pictory_desktop.domain.length import estimate_length
from pictory_desktop.domain.music import SUGGESTED_VOLUME
from pictory_desktop.domain.scene_edits import add_try, lock_image
from pictory_desktop.domain.storyboard import Storyboard
from tests.unit.test_image_tries import make_try

CATALOG = default_catalog()
VOICE = {"enabled": True, "aiVoices": [{"speaker": "Brian", "speed": 100}]}
TEN_WORDS = "one two three four five six seven eight nine ten"


def storyboard(*scenes: dict[str, Any], **top: Any) -> Storyboard:
    body: dict[str, Any] = {"videoName": "Spring launch", "voiceOver": VOICE, "scenes": list(scenes)}
    body.update(top)
    return storyboard_from_body(body)


def colour(color: str, story: str = TEN_WORDS, **extra: Any) -> dict[str, Any]:
    return {"story": story, "background": {"color": color}, **extra}


def test_the_timeline_is_the_length_estimate_scene_by_scene():
    board = storyboard(colour("#ff0000"), colour("#00ff00", "Short."), colour("#0000ff", TEN_WORDS + " " + TEN_WORDS))
    plan = plan_draft(board, CATALOG)
    estimate = estimate_length(board)
    assert plan.seconds == estimate.seconds == Decimal("4") + Decimal("0.4") + Decimal("8")
    assert [(s.scene, s.start, s.duration) for s in plan.segments] == [
        (1, Decimal(0), Decimal(4)),
        (2, Decimal(4), Decimal("0.4")),  # narrated: one word at 2.5 words a second
        (3, Decimal("4.4"), Decimal(8)),
    ]
    assert plan.segments[-1].end == plan.seconds
    assert [s.subtitle for s in plan.segments] == [TEN_WORDS, "Short.", f"{TEN_WORDS} {TEN_WORDS}"]
    assert [s.background for s in plan.segments] == [
        ColourBackground("#ff0000"),
        ColourBackground("#00ff00"),
        ColourBackground("#0000ff"),
    ]
    assert plan.title == "Spring launch" and plan.aspect_ratio == CATALOG.default_aspect_ratio


def test_a_split_scene_is_one_segment_per_part_with_its_own_words_and_time():
    story = "We open on Monday. Come early! Every visitor gets a free coffee and a tour of the new studio."
    board = storyboard(colour("#123456", story, createSceneOnEndOfSentence=True))
    plan = plan_draft(board, CATALOG)
    parts = plan.segments
    assert [(s.scene, s.part, s.parts) for s in parts] == [(1, 1, 3), (1, 2, 3), (1, 3, 3)]
    assert [s.subtitle for s in parts] == ["We open on Monday.", "Come early!", parts[2].subtitle]
    assert parts[2].subtitle.startswith("Every visitor") and parts[2].subtitle.endswith("studio.")
    # 4, 2 and 13 words narrated at 2.5 words a second: 1.6 + 0.8 + 5.2 = 7.6 s, the scene's estimate.
    assert [s.duration for s in parts] == [Decimal("1.6"), Decimal("0.8"), Decimal("5.2")]
    assert [s.start for s in parts] == [Decimal(0), Decimal("1.6"), Decimal("2.4")]
    assert plan.seconds == estimate_length(board).seconds


def test_parts_add_up_to_the_scenes_rounded_figure_exactly():
    # Three silent one-word parts of 3 s each, slowed by a floor: each part's own figure is not a tenth.
    story = "One.\nTwo.\nThree."
    board = storyboard(colour("#000000", story, createSceneOnNewLine=True, endPauseDuration=0.333), voiceOver=None)
    plan = plan_draft(board, CATALOG)
    assert len(plan.segments) == 3
    assert sum((s.duration for s in plan.segments), Decimal(0)) == plan.seconds == estimate_length(board).seconds


def test_an_ai_clip_lasts_its_duration_and_its_card_says_model_style_and_prompt():
    clip = {"type": "video", "aiVisual": {"model": "pixverse5.5", "videoDuration": "8s", "mediaStyle": "cartoon"}}
    clip["aiVisual"]["prompt"] = "A paper boat on a river"
    plan = plan_draft(storyboard({"story": "Two words.", "background": clip}), CATALOG)
    (segment,) = plan.segments
    assert segment.duration == 8  # the narration takes 0.8 s; the clip 8
    assert segment.background == AiCard("AI video", "PixVerse 5.5", "Cartoon", "A paper boat on a river", 8)


def test_an_ai_image_with_no_prompt_says_pictory_writes_one_from_the_story():
    image = {"type": "image", "aiVisual": {"model": "flux-schnell", "prompt": "  "}}
    plan = plan_draft(storyboard({"story": TEN_WORDS, "background": image}), CATALOG)
    assert plan.segments[0].background == AiCard("AI image", "Flux", None, PICTORY_WRITES_PROMPT)
    assert PICTORY_WRITES_PROMPT == "Prompt written by Pictory from the story"


def test_the_locked_image_is_the_picture_and_an_untried_lock_never_shows_the_ai_card():
    image = {"story": TEN_WORDS, "background": {"type": "image", "aiVisual": {"model": "flux-schnell"}}}
    board = storyboard(image, image, image)
    first_try = make_try("https://cdn.example/tries/first.png")
    second_try = make_try("https://cdn.example/tries/second.png")
    tried = add_try(add_try(board.scenes[0], first_try), second_try)
    locked = lock_image(add_try(board.scenes[1], second_try), first_try)  # the older try, locked
    board = board.replace_scene(0, tried).replace_scene(1, locked)
    backgrounds = [s.background for s in plan_draft(board, CATALOG).segments]
    assert backgrounds == [
        PictureBackground("https://cdn.example/tries/second.png", "Latest try"),
        PictureBackground("https://cdn.example/tries/first.png", "Locked image"),
        AiCard("AI image", "Flux", None, PICTORY_WRITES_PROMPT),
    ]


def test_other_backgrounds_are_pictures_or_cards_that_say_what_there_is():
    plan = plan_draft(
        storyboard(
            {"story": "A", "background": {"type": "image", "visualUrl": "https://example.com/a.jpg"}},
            {"story": "B", "background": {"type": "video", "visualUrl": "https://example.com/b.mp4"}},
            {"story": "C", "background": {"searchFilter": {"query": "aerial coastline"}}},
            {"story": "D"},
        ),
        CATALOG,
    )
    first, clip, stock, nothing = (s.background for s in plan.segments)
    assert first == PictureBackground("https://example.com/a.jpg", "Picture")
    assert isinstance(clip, TextCard) and clip.title == "Video clip" and "https://example.com/b.mp4" in clip.detail
    assert isinstance(stock, TextCard) and "aerial coastline" in stock.detail
    assert nothing == TextCard("No picture", "This scene names no picture, colour or AI visual.")


def test_music_plays_at_the_storyboards_volume_except_where_a_scene_switches_it_off():
    music = {"enabled": True, "musicUrl": "https://cdn.example/calm.mp3", "volume": 0.3}
    board = storyboard(colour("#111111"), colour("#222222", backgroundMusic={"enabled": False}), backgroundMusic=music)
    plan = plan_draft(board, CATALOG)
    assert plan.music == DraftMusic("https://cdn.example/calm.mp3", 0.3)
    assert [s.music for s in plan.segments] == [True, False]
    auto = plan_draft(storyboard(colour("#111111"), backgroundMusic={"enabled": True, "autoMusic": True}), CATALOG)
    assert auto.music == DraftMusic(None, SUGGESTED_VOLUME)
    silent = plan_draft(storyboard(colour("#111111"), backgroundMusic={"enabled": False}), CATALOG)
    assert silent.music is None and not silent.segments[0].music


def test_the_aspect_ratio_is_the_storyboards_or_the_catalogs_default():
    assert plan_draft(storyboard(colour("#000000"), aspectRatio="9:16"), CATALOG).ratio == (9, 16)
    assert plan_draft(storyboard(colour("#000000"), aspectRatio="4:5"), CATALOG).ratio == (4, 5)
    default = plan_draft(storyboard(colour("#000000"), aspectRatio="wide"), CATALOG)
    assert default.aspect_ratio == CATALOG.default_aspect_ratio == "16:9" and default.ratio == (16, 9)


def test_a_storyboard_with_no_name_is_titled_as_a_draft():
    board = storyboard_from_body({"scenes": [colour("#000000")]})
    assert plan_draft(board, CATALOG).title == DRAFT_TITLE
