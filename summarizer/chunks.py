"""Articles of any length: the parts the model reads, on paragraph boundaries.

An article whose prompt fits the model's context is one part. A longer one is cut into parts
of whole paragraphs (sentences, for a paragraph too long on its own) that each fit, each part
opening with the last paragraph of the one before, so a quotation's cue or its speaker's
introduction is seen with it. Each quotation belongs to the part its start falls in, outside
that overlap; offsets stay those of the whole article, and code reads cues over the whole
text, so a speaker named in one part still resolves a pronoun in the next.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .quotes import QuoteSpan
from .sentences import sentence_ends


@dataclass(frozen=True)
class Part:
    start: int  # where the part's text starts in the article (the overlap included)
    own_start: int  # where the text this part answers for starts
    end: int

    def owns(self, offset: int) -> bool:
        return self.own_start <= offset < self.end

    def quotes(self, quotes: list[QuoteSpan]) -> list[int]:
        return [i for i, q in enumerate(quotes) if self.owns(q.start)]


def plan_parts(text: str, fits: Callable[[str], bool]) -> list[Part]:
    """One part when the whole text fits; else parts of whole units that each fit."""
    if fits(text):
        return [Part(0, 0, len(text))]
    units = _units(text, fits)
    parts: list[Part] = []
    first = 0
    while first < len(units):
        overlap = units[first - 1][0] if first > 0 and fits(text[units[first - 1][0] : units[first][1]]) else units[first][0]
        last = first
        while last + 1 < len(units) and fits(text[overlap : units[last + 1][1]]):
            last += 1
        parts.append(Part(overlap, units[first][0], units[last][1]))
        first = last + 1
    return parts


def _units(text: str, fits: Callable[[str], bool]) -> list[tuple[int, int]]:
    """Paragraphs, each from its start to the next one's start; a paragraph too long to fit
    alone is cut at its sentence ends (and a sentence too long, at a fixed width)."""
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n" and i + 1 < len(text) and text[i + 1] != "\n"]
    spans = [(s, e) for s, e in zip(starts, starts[1:] + [len(text)]) if e > s]
    units: list[tuple[int, int]] = []
    for start, end in spans:
        if fits(text[start:end]):
            units.append((start, end))
            continue
        cuts = [start] + [start + m.end() for m in sentence_ends(text[start:end])] + [end]
        for a, b in zip(cuts, cuts[1:]):
            units += _fixed_width(a, b, text, fits)
    return units


def _fixed_width(start: int, end: int, text: str, fits: Callable[[str], bool]) -> list[tuple[int, int]]:
    """A run of text with no sentence end that fits nowhere: cut at spaces, as wide as fits."""
    if fits(text[start:end]):
        return [(start, end)]
    cut = text.rfind(" ", start, (start + end) // 2) + 1 or (start + end) // 2
    cut = cut if cut > start else (start + end) // 2
    return _fixed_width(start, cut, text, fits) + _fixed_width(cut, end, text, fits)
