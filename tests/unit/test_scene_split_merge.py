"""Split into scenes and Merge with next (issue 13): real scenes where Pictory would split, and merges that say
what they drop."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from pictory_desktop.domain.body import scene_to_body, storyboard_from_body
from pictory_desktop.domain.catalog import default_catalog
from pictory_desktop.domain.credits import scene_cost
from pictory_desktop.domain.length import scene_length
from pictory_desktop.domain.narration import AiVoice
from pictory_desktop.domain.scene_edits import merge_with_next, split_scene
from pictory_desktop.domain.storyboard import Scene
from pictory_desktop.domain.text import count_split_scenes, split_part_texts, split_parts

CATALOG = default_catalog()
VOICE = {"enabled": True, "aiVoices": [{"speaker": "Brian", "speed": 120}]}
OVERLAY = {"type": "image", "aiVisual": {"model": "flux-schnell", "prompt": "a logo"}}


def scene(**raw: Any) -> Scene:
    return storyboard_from_body({"scenes": [raw]}).scenes[0]


SPLIT = scene(
    story="We launch today. Prices start at $4.99! Ask us?",
    createSceneOnEndOfSentence=True,
    background={"type": "image", "aiVisual": {"model": "nanobanana", "prompt": "A rocket", "mediaStyle": "cartoon"}},
    voiceOver=VOICE,
    minimumDuration=2,
    elements=[OVERLAY],
)


def test_a_scene_split_by_sentence_becomes_one_real_scene_per_part():
    parts = split_scene(SPLIT)
    assert [p.story for p in parts] == ["We launch today.", "Prices start at $4.99!", "Ask us?"]
    for part in parts:
        body: Any = scene_to_body(part)
        assert body["createSceneOnEndOfSentence"] is False  # the file said true: now it says false
        assert "createSceneOnNewLine" not in body  # absent stays absent
        assert body["background"]["aiVisual"] == {"model": "nanobanana", "prompt": "A rocket", "mediaStyle": "cartoon"}
        assert body["voiceOver"] == VOICE and body["minimumDuration"] == 2 and body["elements"] == [OVERLAY]


def test_the_split_changes_no_figure_it_makes_the_estimate_exact():
    before = scene_cost(SPLIT, CATALOG)
    after = [scene_cost(part, CATALOG) for part in split_scene(SPLIT)]
    assert before.estimated and not any(cost.estimated for cost in after)
    assert sum((cost.credits for cost in after), Decimal(0)) == before.credits == Decimal(3 * 4 + 3 * Decimal("0.6"))
    voice = AiVoice("Brian", 120)
    assert sum(scene_length(part, voice).seconds for part in split_scene(SPLIT)) == scene_length(SPLIT, voice).seconds


def test_lines_and_sentences_together_and_lines_alone():
    story = "First line. Still first?\nSecond line\n\nThird line."
    both = split_scene(scene(story=story, createSceneOnEndOfSentence=True, createSceneOnNewLine=True))
    assert [p.story for p in both] == ["First line.", "Still first?", "Second line", "Third line."]
    lines = split_scene(scene(story=story, createSceneOnNewLine=True))
    assert [p.story for p in lines] == ["First line. Still first?", "Second line", "Third line."]
    assert all(p.split_on_lines is False and p.split_on_sentences is None for p in lines)


def test_a_scene_that_does_not_split_comes_back_unchanged():
    plain = scene(story="One. Two.")
    assert split_scene(plain) == (plain,)
    empty = split_scene(scene(createSceneOnNewLine=True))
    assert len(empty) == 1 and empty[0].story is None and empty[0].split_on_lines is False


_STORIES = st.lists(
    st.sampled_from(["Hi.", "Dr. No!", " ", "\n", "\n\n", "?!", "...", "a b", "3.5%", "end", "你好。", "\t"]),
    max_size=12,
).map("".join)


@given(_STORIES, st.booleans(), st.booleans())
def test_the_number_of_scenes_is_what_the_estimate_counted(story, on_sentences, on_lines):
    counted = count_split_scenes(story, on_sentences=on_sentences, on_lines=on_lines)
    texts = split_part_texts(story, on_sentences=on_sentences, on_lines=on_lines)
    assert len(texts) == counted == len(split_parts(story, on_sentences=on_sentences, on_lines=on_lines))
    assert "".join("".join(texts).split()) == "".join(story.split())  # nothing but white space is lost
    if on_sentences or on_lines:
        raw = scene(story=story, createSceneOnEndOfSentence=on_sentences, createSceneOnNewLine=on_lines)
        assert len(split_scene(raw)) == counted


def test_merge_joins_the_stories_keeps_the_first_and_says_nothing_when_nothing_is_lost():
    first = scene(story="We launch today. ", background={"type": "image", "aiVisual": {"model": "flux-schnell"}})
    second = scene(story="  Join us.", background={"type": "image", "aiVisual": {"model": "flux-schnell"}})
    merged, notes = merge_with_next(first, second)
    assert merged.story == "We launch today.\n\nJoin us."
    assert merged.background == first.background and notes == []
    assert merge_with_next(first, scene())[0].story == "We launch today."
    assert merge_with_next(first, scene(story="Hi", background=None))[1] == []  # no background: nothing lost


def test_merge_says_what_it_drops_from_the_next_scene():
    first = scene(story="One.", createSceneOnEndOfSentence=True, voiceOver=VOICE)
    second = scene(
        story="Two. Three.",
        background={"type": "image", "aiVisual": {"model": "nanobanana", "prompt": "A red door"}},
        elements=[OVERLAY, OVERLAY],
        voiceOver={"enabled": False},
        minimumDuration=4,
        backgroundBrolls=[],
        somethingNew=1,
    )
    merged, notes = merge_with_next(first, second)
    assert merged.unknown == first.unknown and merged.elements is None
    assert notes == [
        "The next scene's background (AI image: “A red door”) is dropped; the merged scene keeps this one's.",
        "The next scene's 2 overlays are dropped.",
        "From the next scene, its own voice, its minimum length, its b-roll cuts and its “somethingNew” setting "
        "are dropped.",
        "The next scene's text is now split into a scene per sentence, as this scene's is; before, it was not split.",
    ]
    _, back = merge_with_next(scene(story="A"), scene(story="B. C.", createSceneOnNewLine=True))
    assert back == [
        "The next scene's text was split into a scene per line; merged, it is part of one scene, as this scene's "
        "text is."
    ]
