"""Text measurements that must match what Pictory counts."""

from __future__ import annotations

import re


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units, as JavaScript counts: an emoji outside the BMP counts 2.

    Pictory's limits are stated in "characters" without saying which; UTF-16 units are the
    stricter reading, so a prompt we accept is never over the limit under either reading.
    """
    if text.isascii():
        return len(text)
    # The codec counts in C: every character is 2 bytes except those outside the BMP, which are 4.
    # "surrogatepass" keeps a lone surrogate (possible in JSON) at one unit, as JavaScript counts it.
    return len(text.encode("utf-16-le", "surrogatepass")) >> 1


# A sentence ends at . ! ? … (or their CJK forms), optionally followed by closing quotes/brackets,
# then whitespace or the end. "3.5" and "e.g.x" do not split because no whitespace follows.
_SENTENCE_END = re.compile(r"[.!?…。！？]+[\"'”’)\]]*(?:\s+|$)")


def count_sentences(text: str) -> int:
    """How many scenes ``createSceneOnEndOfSentence`` is likely to make of ``text`` (at least 1)."""
    pieces = _SENTENCE_END.split(text)
    # Count the non-blank pieces without stripping each one: a match swallows the whitespace after it, so
    # every piece but the first is either empty or starts with a non-space character.
    count = len(pieces) - pieces.count("")
    if pieces[0] and pieces[0].isspace():
        count -= 1
    return max(1, count)


def count_lines(text: str) -> int:
    """How many scenes ``createSceneOnNewLine`` is likely to make: non-blank lines (at least 1)."""
    return max(1, sum(1 for line in text.splitlines() if line.strip()))


def count_split_scenes(text: str, *, on_sentences: bool, on_lines: bool) -> int:
    if on_lines and on_sentences:
        return max(1, sum(count_sentences(line) for line in text.splitlines() if line.strip()))
    if on_lines:
        return count_lines(text)
    if on_sentences:
        return count_sentences(text)
    return 1


def split_parts(text: str, *, on_sentences: bool, on_lines: bool) -> list[str]:
    """The pieces ``count_split_scenes`` counts (as many, in order): what each resulting scene will say."""
    lines = [line for line in text.splitlines() if line.strip()] if on_lines else [text]
    parts: list[str] = []
    for line in lines:
        if on_sentences:
            pieces = [piece for piece in _SENTENCE_END.split(line) if piece.strip()]
            parts += pieces or [line]
        else:
            parts.append(line)
    return parts or [text]


def split_part_texts(text: str, *, on_sentences: bool, on_lines: bool) -> list[str]:
    """What each scene of a split story says, with its punctuation and trimmed: as many parts as
    ``count_split_scenes`` counts and ``split_parts`` gives, in the same order (``split_parts`` drops the full
    stops, which its word counts do not need). A run of punctuation with no words of its own ("?!" after a
    full stop) stays with the part before it (before the first words: with the first part), so nothing but white
    space is lost."""
    lines = [line for line in text.splitlines() if line.strip()] if on_lines else [text]
    parts: list[str] = []
    for line in lines:
        if not on_sentences:
            parts.append(line.strip())
            continue
        kept: list[str] = []
        pending = ""  # punctuation before the first words, carried into the first part
        start = 0
        for match in _SENTENCE_END.finditer(line):
            piece = line[start : match.end()].strip()
            if line[start : match.start()].strip():
                kept.append(f"{pending} {piece}".lstrip())
                pending = ""
            elif kept:
                kept[-1] = f"{kept[-1]} {piece}".rstrip()
            else:
                pending = f"{pending} {piece}".strip()
            start = match.end()
        if line[start:].strip():
            kept.append(f"{pending} {line[start:].strip()}".lstrip())
        parts += kept or [line.strip()]
    return parts or [text.strip()]
