"""The fast text measures used on every keystroke agree with their plain definitions.

The prompt scan replaces two case-insensitive regular expressions and the sentence count replaces a
regular-expression split (both were too slow for 10,000 scenes, see docs/benchmarks.md); here the plain
forms are the oracle, over thousands of generated texts.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pictory_desktop.domain.prompt_words import NEGATIVE, WANTS_TEXT, scan
from pictory_desktop.domain.text import count_split_scenes, utf16_length

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

# The plain definitions.
_SENTENCE_END = re.compile(r"[.!?…。！？]+[\"'”’)\]]*(?:\s+|$)")


def plain_sentences(text: str) -> int:
    return max(1, len([p for p in _SENTENCE_END.split(text) if p.strip()]))


def plain_split_scenes(text: str, *, on_sentences: bool, on_lines: bool) -> int:
    lines = [line for line in text.splitlines() if line.strip()]
    if on_lines and on_sentences:
        return max(1, sum(plain_sentences(line) for line in lines))
    if on_lines:
        return max(1, len(lines))
    return plain_sentences(text) if on_sentences else 1


@settings(max_examples=3000, deadline=None)
@given(_stories, st.booleans(), st.booleans())
def test_text_measures_match_their_definitions(text: str, on_sentences: bool, on_lines: bool) -> None:
    # UTF-16 length as JavaScript counts it: one unit per character, two for one outside the BMP.
    assert utf16_length(text) == len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)
    assert count_split_scenes(text, on_sentences=on_sentences, on_lines=on_lines) == plain_split_scenes(
        text, on_sentences=on_sentences, on_lines=on_lines
    )
