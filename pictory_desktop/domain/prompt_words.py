"""Spotting words in a prompt (a negative, or a request for text in the image), fast enough to run on
every scene of a long storyboard.

The definitions are the two regular expressions below. Searching them with ``re.IGNORECASE`` costs
about 5-15 µs per prompt, because the engine tries a dozen alternatives at every position. Most
prompts are ASCII, and for ASCII text the same answers come from the prompt's set of words: one
``bytes.translate`` and ``split`` in C, then a set intersection. A non-ASCII character is first replaced by
an ASCII one that plays the same part (word character, digit, quote, or a letter IGNORECASE folds to),
so the results are identical for every input (a test compares them on generated and random prompts).
"""

from __future__ import annotations

import re

NEGATIVE = re.compile(r"\b(no|not|without|don'?t|never|avoid|nothing|isn'?t|aren'?t|none)\b", re.IGNORECASE)
WANTS_TEXT = re.compile(
    r"[\"“”«»]|\d|%|\$|€|£|\b(text|words?|headlines?|titles?|signs?|signage|labels?|captions?|letters?|"
    r"lettering|numbers?|percent|prices?|logos?|slogan|typography|quote)\b",
    re.IGNORECASE,
)

# For ASCII text \w is [A-Za-z0-9_]. Every other byte, and digits, become a space, so split() yields the
# runs of letters between word boundaries (a digit joined to a word only matters to WANTS_TEXT, and there
# any digit is a match on its own, like ", % and $).
# The table also lowers A-Z, which is all re.IGNORECASE does to ASCII.
_WORD_BYTES = set(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
_TABLE = bytes(bytes([b]).lower()[0] if b in _WORD_BYTES else 0x20 for b in range(256))
_NOT_TEXT_CHARS = bytes(b for b in range(256) if b not in b'0123456789"%$')  # deleting these leaves the text chars
_TEXT_WORDS = frozenset(
    w.encode()
    for w in (
        "text word words headline headlines title titles sign signs signage label labels caption captions letter "
        "letters lettering number numbers percent price prices logo logos slogan typography quote"
    ).split()
)
# Every match of NEGATIVE is one of these words, or starts with don/isn/aren followed by "'t" (the
# apostrophe is not a word character, so the split leaves "don" and "t"). Finding one of them only means
# "maybe"; NEGATIVE then says which word matched first.
_NEGATIVE_HINTS = frozenset(
    w.encode() for w in "no not without dont never avoid nothing isnt arent none don isn aren".split()
)

_ANY_WORD = _NEGATIVE_HINTS | _TEXT_WORDS

# The only non-ASCII characters that re.IGNORECASE matches to an ASCII letter.
_FOLDS_TO_ASCII = {"İ": "i", "ı": "i", "ſ": "s", "K": "k"}
_TEXT_SYMBOLS = frozenset("“”«»€£")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_folded_chars: dict[str, str] = {}


def _fold_char(match: re.Match[str]) -> str:
    """One ASCII character that plays the same part in both expressions as this non-ASCII one."""
    ch = match.group(0)
    folded = _folded_chars.get(ch)
    if folded is None:
        if ch in _FOLDS_TO_ASCII:
            folded = _FOLDS_TO_ASCII[ch]
        elif ch.isdecimal() or ch in _TEXT_SYMBOLS:
            folded = '"'  # matched by WANTS_TEXT on its own (\d is any decimal digit)
        elif ch.isalnum():
            folded = "_"  # a word character (so no word boundary) that is in none of the words
        else:
            folded = " "
        if len(_folded_chars) < 4096:
            _folded_chars[ch] = folded
    return folded


def scan(prompt: str, text_check: bool) -> tuple[str | None, bool]:
    """(the first negative word as written, e.g. "No" or "don't", or None; whether the prompt seems to ask
    for text, numbers or quotes in the picture). The second is only worked out when ``text_check``."""
    ascii_text = prompt if prompt.isascii() else _NON_ASCII.sub(_fold_char, prompt)
    raw = ascii_text.encode("ascii")
    # One pass over the words (each hashed once) finds every word either question cares about.
    hits = _ANY_WORD.intersection(raw.translate(_TABLE).split())
    negative = None
    if hits and not _NEGATIVE_HINTS.isdisjoint(hits):
        match = NEGATIVE.search(prompt)
        negative = match.group(0) if match else None
    wants = text_check and (bool(raw.translate(None, _NOT_TEXT_CHARS)) or not _TEXT_WORDS.isdisjoint(hits))
    return negative, wants
