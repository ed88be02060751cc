"""Sentence splitting for "New from script": one row per case real scripts contain (issue 13), and properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pictory_desktop.domain.script import split_sentences

CASES = [
    # abbreviations that never end a sentence
    ("titles", "Dr. Smith and Mr. Jones met Mrs. Lee. Ms. Park and Prof. Kim came too.",
     ["Dr. Smith and Mr. Jones met Mrs. Lee.", "Ms. Park and Prof. Kim came too."]),
    ("saint", "We met at St. Paul's. It rained.", ["We met at St. Paul's.", "It rained."]),
    ("e.g. and i.e.", "Use bright colours, e.g. Orange. Pick one, i.e. The best. Done.",
     ["Use bright colours, e.g. Orange.", "Pick one, i.e. The best.", "Done."]),
    ("vs.", "Apples vs. Oranges is the match. Who wins?", ["Apples vs. Oranges is the match.", "Who wins?"]),
    ("No. before a number", "It is No. 5 on the list. Buy it.", ["It is No. 5 on the list.", "Buy it."]),
    ("No. as an answer", "No. I do not think so.", ["No.", "I do not think so."]),
    # abbreviations that may end a sentence
    ("etc. mid-sentence", "Bring pens, paper, etc. and a smile. Thanks.",
     ["Bring pens, paper, etc. and a smile.", "Thanks."]),
    ("etc. at the end", "Bring pens, paper, etc. Then sit down.", ["Bring pens, paper, etc.", "Then sit down."]),
    ("a.m. and p.m.", "Open at 9 a.m. and closed at 5 p.m. Come early.",
     ["Open at 9 a.m. and closed at 5 p.m.", "Come early."]),
    ("Inc. and Ltd.", "Acme Inc. and Bolt Ltd. merged. Shares rose.", ["Acme Inc. and Bolt Ltd. merged.", "Shares rose."]),
    ("U.S. inside", "The U.S. Army and the U.K. Navy sailed. They won.",
     ["The U.S. Army and the U.K. Navy sailed.", "They won."]),
    ("U.S. at the end", "We launched in the U.S. The market loved it.",
     ["We launched in the U.S.", "The market loved it."]),
    # numbers
    ("decimals and percent", "Growth was 3.5% this year. Next year more.", ["Growth was 3.5% this year.", "Next year more."]),
    ("prices", "Only $4.99 today. Tomorrow $5.99.", ["Only $4.99 today.", "Tomorrow $5.99."]),
    ("thousands", "It costs 1.000,50 EUR. Cheap.", ["It costs 1.000,50 EUR.", "Cheap."]),
    ("a number ends a sentence", "We grew in 2024. Now we hire.", ["We grew in 2024.", "Now we hire."]),
    # ellipses
    ("three dots, then lower case", "Wait... what happened? Nothing.", ["Wait... what happened?", "Nothing."]),
    ("three dots, then a capital", "And then... It happened.", ["And then...", "It happened."]),
    ("ellipsis character", "Well… Maybe. Or not… who knows.", ["Well…", "Maybe.", "Or not… who knows."]),
    # quotes and brackets after the full stop
    ("closing quote", 'He said "Go." Then he left.', ['He said "Go."', "Then he left."]),
    ("curly quotes", "She wrote “Done.” We cheered.", ["She wrote “Done.”", "We cheered."]),
    ("bracket", "Try it (it is free.) You will like it.", ["Try it (it is free.)", "You will like it."]),
    ("opening quote next", 'It ended. "Really?" Yes.', ["It ended.", '"Really?"', "Yes."]),
    ("quoted question, then the speaker", '"Really?" she asked. "Yes!" He nodded.',
     ['"Really?" she asked.', '"Yes!"', "He nodded."]),
    # runs of marks
    ("?! and !? and !!", "Really?! Yes!! Sure!? Fine.", ["Really?!", "Yes!!", "Sure!?", "Fine."]),
    # full stops of scripts without spaces
    ("CJK", "你好。今天很好！你呢？好。", ["你好。", "今天很好！", "你呢？", "好。"]),
    ("Japanese with brackets", "「行こう。」彼は言った。", ["「行こう。」", "彼は言った。"]),
    # addresses
    ("web address", "Visit example.com today. It is new.", ["Visit example.com today.", "It is new."]),
    ("address at the end", "Visit www.example.com. Then buy.", ["Visit www.example.com.", "Then buy."]),
    ("e-mail", "Write to ana@example.co.uk now. We answer.", ["Write to ana@example.co.uk now.", "We answer."]),
    # initials
    ("initials", "J. R. R. Tolkien wrote it. Read it.", ["J. R. R. Tolkien wrote it.", "Read it."]),
    ("initial after a name", "John F. Kennedy spoke. People listened.", ["John F. Kennedy spoke.", "People listened."]),
    # the ordinary and the odd
    ("no final full stop", "One sentence. And a fragment", ["One sentence.", "And a fragment"]),
    ("only white space", "   \n ", []),
    ("line breaks inside", "One line\nwraps here. Two.", ["One line\nwraps here.", "Two."]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_sentences(text, expected):
    assert split_sentences(text) == expected


_WORDS = st.sampled_from(
    "the Dr. e.g. U.S. 3.5% $4.99 ... … Go. Go!? “Yes.” (no.) 你好。 example.com J. No. 5 etc. a.m. Then It "
    "word Word ? ! . ana@b.co".split()
)
_SPACES = st.sampled_from([" ", "  ", "\n", "\t", " \n "])


@st.composite
def scripts(draw: st.DrawFn) -> str:
    words = draw(st.lists(_WORDS, max_size=40))
    return "".join(word + draw(_SPACES) for word in words)


@given(scripts())
def test_nothing_but_white_space_is_lost_and_no_part_is_empty(text):
    parts = split_sentences(text)
    assert all(part and part == part.strip() for part in parts)
    assert "".join("".join(parts).split()) == "".join(text.split())


@given(st.text())
def test_any_text_splits_without_losing_characters(text):
    parts = split_sentences(text)
    assert all(part.strip() for part in parts)
    assert "".join("".join(parts).split()) == "".join(text.split())


@given(scripts())
def test_where_the_words_are_separated_by_spaces_they_come_back_in_order(text):
    if any(mark in text for mark in "。！？"):
        return  # those end a sentence inside a word
    assert " ".join(split_sentences(text)).split() == text.split()
