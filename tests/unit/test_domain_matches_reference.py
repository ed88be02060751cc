"""The optimised checks, credits and text measures give exactly what the straightforward versions gave.

``tests/unit/reference/`` holds the code as it was before it was optimised for the 10,000-scene
benchmark (docs/benchmarks.md); it is the oracle here, never imported by the app.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.storyboards import scene_body, storyboard_body
from pictory_desktop.domain.body import storyboard_from_body
from pictory_desktop.domain.catalog import default_catalog
from pictory_desktop.domain.checks import check_storyboard
from pictory_desktop.domain.credits import estimate
from pictory_desktop.domain.prompt_words import NEGATIVE, WANTS_TEXT, scan
from pictory_desktop.domain.text import count_split_scenes, utf16_length

from .reference import checks_reference, credits_reference, text_reference

CATALOG = default_catalog()


def _costs(result: object) -> list[tuple[object, ...]]:
    return [
        (str(c.credits), c.visuals, str(c.unit_credits), c.estimated, c.priced)
        for c in result.scenes  # type: ignore[attr-defined]
    ]


def _assert_same(body: dict) -> None:
    storyboard = storyboard_from_body(body)
    assert check_storyboard(storyboard, CATALOG) == checks_reference.check_storyboard(storyboard, CATALOG)
    ours, theirs = estimate(storyboard, CATALOG), credits_reference.estimate(storyboard, CATALOG)
    assert _costs(ours) == _costs(theirs)
    assert (str(ours.total), ours.estimated, ours.unpriced_scenes) == (
        str(theirs.total),
        theirs.estimated,
        theirs.unpriced_scenes,
    )


@pytest.mark.parametrize("seed", range(40))
def test_generated_storyboards_give_identical_findings_and_credits(seed: int) -> None:
    body = storyboard_body(150, seed=seed)
    rng = random.Random(seed)
    for scene in body["scenes"][::7]:  # vary the awkward cases the generator makes rarely
        ai = scene.get("background", {}).get("aiVisual")
        if ai is not None:
            ai["model"] = rng.choice(["flux-schnell", "veo3.1", "nope", "", "pixverse5.5"])
            ai["prompt"] = rng.choice(["", "  ", "İt's NOT a sign", "no", "ſign 4 ünïcode ٣", ai.get("prompt", "")])
    body["aspectRatio"] = random.Random(seed).choice(["16:9", "4:5", "1:1", "21:9"])
    _assert_same(body)


_prompt_chars = st.sampled_from(list("notwhdaisrvxelgpq'_ ,.-1\"%$#") + list("İıſKé٣“”«»€£🚀’—\u0301ÑNOTS\n\t"))
_words = st.sampled_from(
    "no not without don't dont never avoid nothing isn't aren't none text words headline titles signs signage "
    "label caption letters lettering numbers percent prices logos slogan typography quote NO Don't TEXT".split()
)
_prompts = st.one_of(
    st.text(_prompt_chars, max_size=30),
    st.lists(st.one_of(_words, st.text(_prompt_chars, max_size=4)), max_size=8).map("".join),
    st.lists(st.one_of(_words, st.text(_prompt_chars, max_size=4)), max_size=8).map(" ".join),
    st.text(max_size=40),
)


@settings(max_examples=3000, deadline=None)
@given(_prompts)
def test_prompt_word_scan_matches_the_regular_expressions(prompt: str) -> None:
    match = NEGATIVE.search(prompt)
    assert scan(prompt, text_check=True) == (match.group(0) if match else None, WANTS_TEXT.search(prompt) is not None)


_stories = st.one_of(
    st.text(max_size=60),
    st.text(st.sampled_from(list("ab .!?…。\"')\n\t\u2028\xa0")), max_size=30),
)


@settings(max_examples=3000, deadline=None)
@given(_stories, st.booleans(), st.booleans())
def test_text_measures_match(text: str, on_sentences: bool, on_lines: bool) -> None:
    assert utf16_length(text) == text_reference.utf16_length(text)
    assert count_split_scenes(text, on_sentences=on_sentences, on_lines=on_lines) == text_reference.count_split_scenes(
        text, on_sentences=on_sentences, on_lines=on_lines
    )


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10_000), _prompts, st.sampled_from(["flux-schnell", "seedream3.0", "veo3.1", "pixverse5.5"]))
def test_single_scenes_with_odd_prompts_match(seed: int, prompt: str, model: str) -> None:
    scene = scene_body(random.Random(seed))
    scene["background"] = {"type": "video" if "." in model else "image", "aiVisual": {"model": model, "prompt": prompt}}
    _assert_same({"videoName": "x", "scenes": [scene]})
