"""Robustness: the same articles in other words, with the same answers.

Each development article (both sets, read-only in ../shared/devset, never copied here) is
rewritten so that the right answer is still known, and every gold offset moves with the text:

- ``british``: double quotation marks become single (“” -> ‘’, " -> ', and the archive's
  doubled apostrophes '' -> '); single marks nested inside become double. Apostrophes stay.
- ``ascii``: every curly mark and apostrophe straight (“” « » -> ", ‘’ -> ').
- ``crlf``: every line ends in CR LF.
"""

from __future__ import annotations

import argparse
import bisect
import random
import re
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from devsets import (  # noqa: E402
    GROUPS_FRAGMENTS, SETS, SetScore, gold_items, load, mention_head, names_someone, predicted_items, people,
)

from summarizer.countries import country_name  # noqa: E402
from summarizer.evaluate import THRESHOLDS, Counts, QuoteItem, greedy_match, same_person, score_quotes, words_of  # noqa: E402

# ---------------------------------------------------------------- edits that move offsets


@dataclass(frozen=True)
class Edit:
    """``text[start:end]`` becomes ``new``. ``parts`` say which words became which, as
    (old start, old end, new start, new end) relative to the edit ('Donald Trump' -> 'Kim
    Ji-woo': 'Trump' became 'Kim'), so a span on one of them lands on its counterpart."""

    start: int
    end: int
    new: str
    parts: tuple[tuple[int, int, int, int], ...] = ()


class Edits:
    """Non-overlapping replacements (start, end, new) in one text, and where any offset of that
    text lands afterwards. A span's start inside a replaced piece goes to the piece's new
    start, its end to the piece's new end (to its parts' when the edit has parts); an
    insertion (start == end) stays outside the spans that touch it."""

    def __init__(self, edits=()):
        self.edits = sorted((e if isinstance(e, Edit) else Edit(*e) for e in edits), key=lambda e: (e.start, e.end))
        for a, b in zip(self.edits, self.edits[1:]):
            if b.start < a.end or (b.start == a.start and a.start == a.end):
                raise ValueError(f"overlapping edits {a} and {b}")
        self._starts = [e.start for e in self.edits]
        self._ends = [e.end for e in self.edits]
        self._shift = [0]  # length change of everything before edit i
        for e in self.edits:
            self._shift.append(self._shift[-1] + len(e.new) - (e.end - e.start))

    def __len__(self) -> int:
        return len(self.edits)

    def apply(self, text: str) -> str:
        out, at = [], 0
        for e in self.edits:
            out.append(text[at : e.start])
            out.append(e.new)
            at = e.end
        out.append(text[at:])
        return "".join(out)

    def _new_start(self, i: int) -> int:
        return self.edits[i].start + self._shift[i]

    def _holding(self, pos: int) -> int | None:
        """The edit whose replaced characters include ``pos``."""
        i = bisect.bisect_right(self._starts, pos) - 1  # the last edit starting at or before pos
        return i if i >= 0 and pos < self.edits[i].end else None

    def start(self, pos: int) -> int:
        """Where a span starting at ``pos`` starts: the new start of a piece holding ``pos``."""
        i = self._holding(pos)
        if i is not None:
            e = self.edits[i]
            return self._new_start(i) + min((p[2] for p in e.parts if p[1] > pos - e.start), default=0)
        return pos + self._shift[bisect.bisect_right(self._starts, pos)]

    def end(self, pos: int) -> int:
        """Where a span ending at ``pos`` ends: the new end of a piece holding ``pos - 1``."""
        i = self._holding(pos - 1)
        if i is not None:
            e = self.edits[i]
            return self._new_start(i) + max((p[3] for p in e.parts if p[0] < pos - e.start), default=len(e.new))
        return pos + self._shift[bisect.bisect_left(self._ends, pos)]

    def span(self, span) -> tuple[int, int]:
        """A span moved: its start and end moved, or, within one edit with parts, the new
        counterparts of the parts it covers ('Trump' of 'Donald Trump' -> 'Kim' of 'Kim Ji-woo')."""
        i = self._holding(span[0])
        if i is not None and self.edits[i].parts and span[1] <= self.edits[i].end:
            e, base = self.edits[i], self._new_start(i)
            covered = [p for p in e.parts if p[0] < span[1] - e.start and p[1] > span[0] - e.start]
            if covered:
                return base + min(p[2] for p in covered), base + max(p[3] for p in covered)
        start, end = self.start(span[0]), self.end(span[1])
        return start, max(start, end)

    def inside(self, text: str, start: int, end: int) -> str:
        """``text[start:end]`` with the edits lying inside it applied: what the moved span holds
        when no edit straddles its ends."""
        kept = [e for e in self.edits if start <= e.start and e.end <= end
                and not (e.start == e.end and e.start in (start, end))]
        return Edits(Edit(e.start - start, e.end - start, e.new) for e in kept).apply(text[start:end])


# ---------------------------------------------------------------- a rewritten dev row


@dataclass
class Variant:
    """A dev row rewritten, the edits that made it, and for ``names`` the swap."""

    row: dict
    edits: Edits
    swap: "NameSwap | None" = None


def rewrite_row(row: dict, edits: Edits, names: Callable[[str], str] = lambda s: s) -> dict:
    """The row with its text edited and every offset moved; the quoted content and the speaker
    mention re-read from the moved spans, resolved speakers and people through ``names``."""
    text = edits.apply(row["text"])
    attributions = []
    for a in row["attributions"]:
        a = dict(a)
        a["spans"] = [list(edits.span(s)) for s in a["spans"]]
        a["text"] = " ".join(text[s:e] for s, e in a["spans"])
        if a.get("speaker_spans"):
            a["speaker_spans"] = [list(edits.span(s)) for s in a["speaker_spans"]]
            a["speaker_mention"] = " ".join(text[s:e] for s, e in a["speaker_spans"])
        elif a.get("speaker_mention"):
            a["speaker_mention"] = names(a["speaker_mention"])
        if a.get("speaker"):
            a["speaker"] = names(a["speaker"])
        attributions.append(a)
    new = {**row, "text": text, "attributions": attributions}
    if "people" in row:
        new["people"] = [names(p) for p in row["people"]]
    return new


def original(row: dict) -> Variant:
    return Variant(row, Edits())


# ---------------------------------------------------------------- quotation marks

_LEFT_DOUBLE, _RIGHT_DOUBLE, _LEFT_SINGLE, _RIGHT_SINGLE = "\u201c", "\u201d", "\u2018", "\u2019"
_ASCII = {"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
          "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2039": "'", "\u203a": "'"}


def ascii_marks(row: dict) -> Variant:
    """Every curly quotation mark and apostrophe straight: one character for one, so no offset
    moves."""
    text = row["text"]
    edits = Edits(Edit(i, i + 1, _ASCII[c]) for i, c in enumerate(text) if c in _ASCII)
    return Variant(rewrite_row(row, edits), edits)


def _opens(text: str, i: int) -> bool:
    """A single mark at ``i`` may open a quotation: nothing, a space, a bracket, a dash or a
    double mark before it, a non-space after it."""
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([\u2014\u2013-\"\u201c") and not after.isspace()


def _closes(text: str, i: int) -> bool:
    """A single mark at ``i`` may close one: a non-space before it, no letter or digit after it
    (so 'don't' and 'Turkey's' are apostrophes)."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and not after.isalnum()


def _nested_closer(text: str, i: int) -> int | None:
    """The mark closing the single quotation opened at ``i``, inside the same double one."""
    for j in range(i + 2, len(text)):
        c = text[j]
        if c in '\n"\u201c\u201d' or text.startswith("''", j):
            return None
        if c in "'\u2019" and _closes(text, j):
            return j
    return None


def british_marks(text: str) -> list[Edit]:
    """Double quotation marks single, and single ones nested inside them double ('..."x"...'),
    paragraph by paragraph (a quotation running on reopens in the next one). A single mark
    inside a quotation is a nested quote only when it opens and a closing one follows before
    the quotation ends; any other is an apostrophe and stays."""
    edits: list[Edit] = []
    inside = False
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\n":
            inside = False
        elif text.startswith("''", i):  # archive copy's double mark
            edits.append(Edit(i, i + 2, "'"))
            inside = not inside
            i += 2
            continue
        elif c in '"\u201c\u201d':
            opening = c == "\u201c" or (not inside and (c == '"' or _opens(text, i)))
            edits.append(Edit(i, i + 1, "'" if c == '"' else ("\u2018" if opening else "\u2019")))
            inside = opening
        elif inside and c in "'\u2018" and _opens(text, i):
            j = _nested_closer(text, i)
            if j is not None:
                curly = c == "\u2018" or text[j] == "\u2019"
                edits.append(Edit(i, i + 1, "\u201c" if curly else '"'))
                edits.append(Edit(j, j + 1, "\u201d" if curly else '"'))
                i = j + 1
                continue
        i += 1
    return edits


def british(row: dict) -> Variant:
    edits = Edits(british_marks(row["text"]))
    return Variant(rewrite_row(row, edits), edits)


# ---------------------------------------------------------------- line ends


def crlf(row: dict) -> Variant:
    """Every line ends in CR LF: each offset moves by the line feeds before it."""
    text = row["text"]
    edits = Edits(Edit(m.start(), m.end(), "\r\n") for m in re.finditer("\n", text))
    return Variant(rewrite_row(row, edits), edits)


VARIANTS: dict[str, Callable[[str, dict, int], Variant]] = {
    "original": lambda set_name, row, seed: original(row),
    "british": lambda set_name, row, seed: british(row),
    "ascii": lambda set_name, row, seed: ascii_marks(row),
    "crlf": lambda set_name, row, seed: crlf(row),
}


def cut_spans(row: dict, variant: Variant) -> int:
    """Gold spans that do not hold their own words rewritten: the original's with the edits
    inside the span applied, or (a span on part of a name) the swap's rewrite of its words.
    Zero, or the rewrite broke an answer (or the gold span cuts a word: 'Mr. Obam')."""
    text, new = row["text"], variant.row["text"]
    cut = 0
    for a, b in zip(row["attributions"], variant.row["attributions"]):
        for key in ("spans", "speaker_spans"):
            for s, n in zip(a.get(key) or [], b.get(key) or []):
                moved = new[n[0] : n[1]]
                renamed = variant.swap is not None and moved.lower() == variant.swap.apply(text[s[0] : s[1]]).lower()
                cut += moved != variant.edits.inside(text, *s) and not renamed
    return cut
