"""Find direct quotations by their marks, with exact character spans.

Code finds what code can find: a quotation's words are delimited in the text, so the model is
never asked to retype them. One scanner reads every paragraph's marks with a stack, so a
quotation nested in another (US “…‘…’…”, British ‘…“…”…’, German „…‚…‘…“, three levels deep)
stays inside the outermost one, which is the quotation reported. It reads the marks the world
types: straight and curly marks, low-9 marks, guillemets either way round (« … », » … «),
corner brackets (「…」, 『…』), doubled apostrophes (''...'', as in wire and archive copy), and
the slips of real copy (a closing mark typed to open, an opening mark typed to close, a
quotation left open when the next one starts, straight and curly marks mixed). Quotations that
run over paragraphs (the opening mark repeated, the closing one left off) are reported per
paragraph. Apostrophes (Turkey's, dogs', '90s, rock 'n' roll) and inch and foot marks (a 55"
screen, 6' 2") are not quotation marks. Quoted transcripts keep a turn's speaker label apart
('"PENCE: Well, look, ..."': the quoted words start after it). Whether a span is speech or
only a title/scare quote, and who said it, is left to the model.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

from .lexicon import UPPER

DOUBLED_APOSTROPHE = "''"
# Each opening mark and the marks that may close it. Mixed typing happens in real copy: a
# straight mark closes a curly quotation and the reverse; a curly opening mark typed where the
# closing one belongs closes too (by its shape: _Scan.closes).
_CLOSED_BY = {
    "\u201c": ("\u201d", '"', DOUBLED_APOSTROPHE, "\u201c"),  # English “…”
    "\u201d": ("\u201d", '"', DOUBLED_APOSTROPHE),  # ” typed to open
    "\u201e": ("\u201c", "\u201d", '"'),  # German „…“, Polish and Hungarian „…”
    '"': ('"', "\u201d", DOUBLED_APOSTROPHE, "\u201c"),
    DOUBLED_APOSTROPHE: (DOUBLED_APOSTROPHE, '"', "\u201d"),
    "\u00ab": ("\u00bb",), "\u00bb": ("\u00ab",),  # French « … », German and Danish » … «
    "\u2039": ("\u203a",), "\u203a": ("\u2039",),  # their single forms, for a quotation inside
    "\u2018": ("\u2019", "'"), "\u201a": ("\u2018", "\u2019"), "'": ("'", "\u2019"),  # single marks
    "\u2019": ("\u2019", "'"),  # \u2019 typed to open, where a paragraph opens
    "\u300c": ("\u300d",), "\u300e": ("\u300f",),  # Japanese and Chinese corner brackets
}
_MARKS = frozenset("\"'\u201c\u201d\u201e\u00ab\u00bb\u2039\u203a\u2018\u2019\u201a\u300c\u300d\u300e\u300f")
_DOUBLE_CLOSERS = frozenset("\"\u201d")
# single marks, most of them apostrophes too: they open, close or elide only by their shape
_SINGLE = frozenset("'\u2018\u2019\u201a")
# what stands before an opening mark and after a closing one (besides space and the text's ends)
_OPENS_AFTER = frozenset("([{\u2014\u2013-/") | _MARKS
_CLOSES_BEFORE = frozenset(".,;:!?)]}\u2014\u2013-/\u2026") | _MARKS
# An English word with its first letters elided ('em, 'tis, rock 'n' roll, 'cause) or a
# decade or year with its century elided ('90s, '08): the mark opens no quotation.
_ELISION = re.compile(r"['\u2018\u2019](?:\d\d(?:['\u2019]?s)?|n['\u2019]?|em|tis|twas|cause|til)(?!\w)",
                      re.IGNORECASE)
# a sentence ends before this mark: the writer left the quotation before it open
_AFTER_SENTENCE = re.compile(r"[.!?\u2026]['\u2019)\]]?\s+$")
_DOUBLE_MARK = re.compile("''|[\"\u201c\u201d\u201e]")
_PARAGRAPH = re.compile(r"[^\n]+")
# markup left in pasted text ('<tweet pic="pic.twitter.com/">'): marks inside a tag quote nobody
_MARKUP_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>")


@dataclass(frozen=True)
class QuoteSpan:
    start: int  # first character of the quoted words (after the opening mark)
    end: int  # one past the last quoted character (before the closing mark)
    text: str
    paragraph: int
    closed: bool  # False when the closing mark was left off (multi-paragraph quotation)
    label: str | None = None  # a transcript turn's speaker label ('PENCE'), not part of the words


# 'WALLACE: ...', 'MR. TRUMP: ...': capitals only, so 'Note: ...' or a quoted 'Q: ' is not one
_TRANSCRIPT_LABEL = re.compile(rf"({UPPER}(?:{UPPER}|[.'\- ])+{UPPER}):\s+(?=\S)")


def find_quotes(text: str, min_chars: int = 2) -> list[QuoteSpan]:
    """All quotations in reading order. Offsets index into ``text`` as a Python str."""
    found: list[QuoteSpan] = []
    paragraphs = list(_PARAGRAPH.finditer(text))
    for number, para in enumerate(paragraphs):
        following = paragraphs[number + 1].group() if number + 1 < len(paragraphs) else ""
        spans = _paragraph_quotes(para.group(), following)
        if spans and not _is_title_case(para.group()):  # 'Trump Calls Clinton "Crooked" Again' is no nickname
            spans = [span for span in spans if not _is_nickname(para.group(), span[0], span[1])]
        for start, end, closed in spans:
            start, end = _strip(text, start + para.start(), end + para.start())
            label = _TRANSCRIPT_LABEL.match(text, start, end)
            if label:
                start = label.end()
            if end - start >= min_chars:
                found.append(QuoteSpan(start, end, text[start:end], number, closed, label and label.group(1)))
    return found


# 'Rep. Robert C. "Bobby" Scott', 'Marcia "Cia" Price': a quoted nickname inside a name
_NICKNAME = re.compile(rf"{UPPER}[\w'\u2019-]*(?: {UPPER}[\w'\u2019-]*)?")
_NAME_BEFORE = re.compile(rf"(?:^|\s){UPPER}[\w.'\u2019-]* $")
_NAME_AFTER = re.compile(rf" {UPPER}[\w'\u2019-]+")


def _is_title_case(line: str) -> bool:
    words = re.findall(r"[^\W\d_][\w'\u2019-]*", line)
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _is_nickname(text: str, start: int, end: int) -> bool:
    return bool(
        _NICKNAME.fullmatch(text, start, end)
        and _NAME_BEFORE.search(text[max(0, start - 40) : start - 1])
        and _NAME_AFTER.match(text, end + 1)
    )


def _paragraph_quotes(para: str, following: str) -> list[tuple[int, int, bool]]:
    """The outermost quotations of one paragraph: (start, end, closed), offsets in ``para``.
    Single marks that opened and never closed were apostrophes after all ('Bama, 'burbs):
    the paragraph is read again without them, so the quotations they swallowed are found."""
    skip = {i for tag in _MARKUP_TAG.finditer(para) for i in range(*tag.span())}
    while True:
        scan = _Scan(para, skip)
        scan.run()
        if not scan.stack:
            return scan.spans
        first = scan.stack[0]
        if first.mark not in _SINGLE or _continued(para, first, following):
            return [*scan.spans, (first.start, len(para), False)]
        skip |= {level.start - 1 for level in scan.stack if level.mark in _SINGLE}


def _continued(para: str, level: _Level, following: str) -> bool:
    """A quotation over paragraphs opens each with the mark and closes only the last: a single
    mark left open is one only where a quotation may open (the paragraph's start, or after a
    sentence, a colon or a comma: 'Levine said. ‘Whether I get it ...'), with the next paragraph
    opening alike."""
    before = para[: level.start - 1].rstrip()
    return (not before or before[-1] in ".!?:,") and following.lstrip()[:1] == level.mark


@dataclass
class _Level:
    mark: str  # the opening mark
    start: int  # first character after it


class _Scan:
    """Reads one paragraph's marks left to right: an opening mark pushes a level, a closing
    mark pops the level it closes; a span is kept when the outermost level closes."""

    def __init__(self, para: str, skip: set[int]) -> None:
        self.para, self.skip = para, skip
        self.stack: list[_Level] = []
        self.spans: list[tuple[int, int, bool]] = []

    def run(self) -> None:
        i = 0
        while i < len(self.para):
            if i in self.skip or self.para[i] not in _MARKS:
                i += 1
            else:
                i = self.step(i)

    def step(self, i: int) -> int:
        """Read the mark at ``i``; return where reading goes on."""
        para, top = self.para, self.stack[-1] if self.stack else None
        mark = self.mark_at(i)
        shape = _shape(para, i, len(mark))
        if mark in _SINGLE and shape == "inside":  # an apostrophe inside a word: Turkey's, o'clock
            return i + 1
        elision = _ELISION.match(para, i) if mark in _SINGLE and shape == "open" else None
        if elision:
            return elision.end()
        if len(self.stack) == 1 and self.restarts(mark, i, shape):
            self.close(0, i)
            top = None
        elif top and self.closes(mark, i, shape, top):
            self.close(len(self.stack) - 1, i)
            return i + len(mark)
        if self.opens(mark, i, shape, top):
            self.stack.append(_Level(mark, i + len(mark)))
        elif mark not in _SINGLE and mark != "\u201c":
            self.close_through(mark, i, shape)
        return i + len(mark)

    def mark_at(self, i: int) -> str:
        """Two apostrophes are one double mark, unless the first closes an inner single quote
        right before a doubled closing mark (''I told him 'no''' she said)."""
        if not self.para.startswith(DOUBLED_APOSTROPHE, i):
            return self.para[i]
        inner_single = bool(self.stack) and self.stack[-1].mark == "'"
        return "'" if inner_single and self.para.startswith("'''", i) else DOUBLED_APOSTROPHE

    def closes(self, mark: str, i: int, shape: str, top: _Level) -> bool:
        """Whether ``mark`` closes the innermost open quotation."""
        if mark not in _CLOSED_BY[top.mark]:
            return False
        para = self.para
        if mark in ("'", "\u2019"):  # also an apostrophe ('the dogs' bowls') or a foot mark
            if shape == "either" and para[i - 1] in _DOUBLE_CLOSERS:
                return True  # right after the closing mark of a quote inside: British ‘... “miracles,”’ she said
            # after a word, a later closer makes it an apostrophe, unless a single quotation holds
            # this one: '\u2018... what he calls \u2018hell\u2019 than ...\u2019' (typed for “hell”)
            return shape == "close" and not (para[i - 1].isalnum() and self.later_single_closer(i)
                                             and not self.single_in_single())
        if mark == "\u201c":  # German closes with it; in English it closes only by its shape
            return top.mark == "\u201e" or shape == "close"
        if mark in ('"', DOUBLED_APOSTROPHE) and para[i - 1 : i].isdigit():
            return not self.unit_mark(i)
        # a straight quotation nested in a curly one ('“He called it "crazy" twice”')
        return not (mark == '"' and top.mark not in ('"', DOUBLED_APOSTROPHE) and shape == "open")

    def opens(self, mark: str, i: int, shape: str, top: _Level | None) -> bool:
        if mark in _SINGLE:  # a closing mark typed to open, only where a paragraph opens ('\u2019 \u2026 what I learned')
            return shape == "open" if mark != "\u2019" else top is None and i == 0 and shape != "close"
        if mark == "\u201d":  # a closing mark typed to open ('\u201dBack soon.\u201d', '(\u201dBack soon\u201d)')
            return top is None and (i == 0 or shape == "open")
        if mark == "\u201c":  # shaped to close, it was typed for the closing mark
            return shape != "close"
        if mark in ('"', DOUBLED_APOSTROPHE):
            # after a digit it is a unit (a 55" screen, 5'11"); after a word, a stray closing
            # mark whose opening one was cut ('he checked the records" and left')
            return shape != "close" and not self.para[i - 1 : i].isdigit()
        return mark in _CLOSED_BY

    def restarts(self, mark: str, i: int, shape: str) -> bool:
        """An opening mark like the open quotation's, after a sentence's end: the writer left
        the first quotation unclosed ('“... nobody called. “We heard it on the radio.”')."""
        first = self.stack[0].mark
        same = mark == '"' and first == '"' or mark == "\u201c" and first in ("\u201c", "\u201d")
        return same and shape == "open" and bool(_AFTER_SENTENCE.search(self.para, 0, i))

    def close_through(self, mark: str, i: int, shape: str) -> None:
        """A closing mark of a quotation below the innermost one closes the inner ones too: a
        nested quote left open ('“He said ‘no,” she said') does not swallow its closer."""
        if not self.stack or mark == '"' and shape == "open":
            return
        if mark == '"' and self.para[i - 1 : i].isdigit() and self.unit_mark(i):
            return
        for depth in range(len(self.stack) - 1, -1, -1):
            if mark in _CLOSED_BY[self.stack[depth].mark]:
                self.close(depth, i)
                return

    def close(self, depth: int, i: int) -> None:
        if depth == 0:
            self.spans.append((self.stack[0].start, i, True))
        del self.stack[depth:]

    def single_in_single(self) -> bool:
        return len(self.stack) >= 2 and self.stack[-1].mark in _SINGLE and self.stack[-2].mark in _SINGLE

    def later_single_closer(self, i: int) -> bool:
        """Whether a single mark shaped to close follows before the next one shaped to open:
        then the mark at ``i`` is an apostrophe ('The dogs' bowls are full,' she said)."""
        for j in range(i + 1, len(self.para)):
            if self.para[j] in _SINGLE and j not in self.skip:
                shape = _shape(self.para, j, 1)
                if shape == "open" and not _ELISION.match(self.para, j):
                    return False
                if shape == "close" and self.para[j] != "\u2018":
                    return True
        return False

    def unit_mark(self, i: int) -> bool:
        """A straight mark right after a digit is an inch or second mark (a 55" screen) when a
        double mark that can close the open quotation follows before the next one shaped to
        open; else it is the closing mark ('"I paid 55" he said')."""
        after = bisect_right(self.double_marks, i, key=lambda mark: mark[0])
        return after < len(self.double_marks) and _shape(self.para, *self.double_marks[after]) != "open"

    @cached_property
    def double_marks(self) -> list[tuple[int, int]]:
        """Where the paragraph's double marks are, and their width, units left out."""
        para = self.para
        return [(m.start(), len(m.group())) for m in _DOUBLE_MARK.finditer(para)
                if m.start() not in self.skip and not para[m.start() - 1 : m.start()].isdigit()]


def _shape(para: str, i: int, width: int) -> str:
    """How a mark stands: "open" (after a space, a bracket or a dash, before a word), "close"
    (after a word or punctuation, before a space or punctuation), "inside" a word, or "either"."""
    before = para[i - 1] if i else " "
    after = para[i + width] if i + width < len(para) else " "
    opening = before.isspace() or before in _OPENS_AFTER
    if opening and (after == "\u2026" or para.startswith("...", i + width)):
        return "open"  # an ellipsis opens what is quoted ('\u2018\u2026 overall, I think')
    closing = after.isspace() or after in _CLOSES_BEFORE
    if opening != closing:
        return "open" if opening else "close"
    return "inside" if before.isalnum() and after.isalnum() else "either"


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
