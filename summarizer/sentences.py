"""Sentences and paragraphs: where one ends, not fooled by 'Rep. Cummings', 'John F. Kerry'
or 'U.S. officials'. The cue reader and the agreement finder both split text here."""

from __future__ import annotations

import re

from .lexicon import ABBREVIATIONS

_SENTENCE_END = re.compile(r"[.!?][\"\u201d\u2019']?\s+(?=\S)")


def sentence_ends(text: str) -> list[re.Match]:
    """Sentence boundaries: a period after an abbreviation, an initial or a dotted
    abbreviation ('U.S.') ends none."""
    ends = []
    for m in _SENTENCE_END.finditer(text):
        following = text[m.end()]
        if not (following.isupper() or following in "\"\u201c\u2018'"):
            continue  # the next sentence opens with a capital ('Çavuşoğlu' too) or a quotation mark
        if text[m.start()] == ".":
            word = re.search(r"([\w.]+)$", text[: m.start()])
            token = word.group(1).lower() if word else ""
            if token in ABBREVIATIONS or len(token) == 1 or "." in token:
                continue
        ends.append(m)
    return ends


def sentences(text: str) -> list[str]:
    """The article's sentences, paragraph by paragraph."""
    found = []
    for para in text.split("\n"):
        start = 0
        for end in sentence_ends(para):
            found.append(para[start : end.end()])
            start = end.end()
        found.append(para[start:])
    return [s.strip() for s in found if s.strip()]


def whole_sentences(text: str) -> str:
    """The text without a last sentence that was cut off (an answer stopped at its length
    limit: '... constructing the 1'), when a whole sentence comes before it."""
    stripped = text.rstrip()
    if not stripped or re.search(r"[.!?][\"\u201d\u2019')]*$", stripped):
        return stripped
    ends = sentence_ends(stripped)
    return stripped[: ends[-1].end()].rstrip() if ends else stripped
