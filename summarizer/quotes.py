"""Find direct quotations by their marks, with exact character spans.

Code finds what code can find: a quotation's words are delimited in the text, so the model is
never asked to retype them. The detector handles straight and curly double marks, guillemets,
low-9 marks and doubled apostrophes (''...'', as in archive copy), a closing mark typed to open
a paragraph, quotations that run over several paragraphs with the closing mark left off, nested
single quotes (kept inside the outer quotation), top-level single-quoted phrases such as
headlines or titles, and quoted transcripts, where a turn opens with its speaker's label
('"PENCE: Well, look, ..."': the label is kept apart, the quoted words start after it).
Whether a span is speech or only a title/scare quote, and who said it, is left to the model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPENERS = {"\u201c": "\u201d", "\u201e": "\u201c\u201d", "\u00ab": "\u00bb", "\u00bb": "\u00ab"}
DOUBLED_APOSTROPHE = "''"
_CLOSERS = {"\u201d", "\u00bb", "\u00ab"}
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
_TRANSCRIPT_LABEL = re.compile(r"([A-Z][A-Z.'\- ]+[A-Z]):\s+(?=\S)")


def find_quotes(text: str, min_chars: int = 2) -> list[QuoteSpan]:
    """All quotations in reading order. Offsets index into ``text`` as a Python str."""
    found: list[QuoteSpan] = []
    for number, para in enumerate(_PARAGRAPH.finditer(text)):
        spans = _double_quoted(para.group(), para.start())
        if spans and not _is_title_case(para.group()):  # 'Trump Calls Clinton "Crooked" Again' is no nickname
            spans = [span for span in spans if not _is_nickname(text, span[0], span[1])]
        spans += _single_quoted(para.group(), para.start(), spans)
        tags = [(m.start() + para.start(), m.end() + para.start()) for m in _MARKUP_TAG.finditer(para.group())]
        for start, end, closed in sorted(spans):
            if any(s < start < e for s, e in tags):  # an attribute value: <tweet author="...">
                continue
            start, end = _strip(text, start, end)
            label = _TRANSCRIPT_LABEL.match(text, start, end)
            if label:
                start = label.end()
            if end - start >= min_chars:
                found.append(QuoteSpan(start, end, text[start:end], number, closed, label and label.group(1)))
    return found


# 'Rep. Robert C. "Bobby" Scott', 'Marcia "Cia" Price': a quoted nickname inside a name
_NICKNAME = re.compile(r"[A-Z][\w'\u2019-]*(?: [A-Z][\w'\u2019-]*)?")
_NAME_BEFORE = re.compile(r"(?:^|\s)[A-Z][\w.'\u2019-]* $")
_NAME_AFTER = re.compile(r" [A-Z][\w'\u2019-]+")


def _is_title_case(line: str) -> bool:
    words = re.findall(r"[^\W\d_][\w'\u2019-]*", line)
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _is_nickname(text: str, start: int, end: int) -> bool:
    return bool(
        _NICKNAME.fullmatch(text, start, end)
        and _NAME_BEFORE.search(text[max(0, start - 40) : start - 1])
        and _NAME_AFTER.match(text, end + 1)
    )


def _double_quoted(para: str, offset: int) -> list[tuple[int, int, bool]]:
    spans: list[tuple[int, int, bool]] = []
    open_at: int | None = None
    open_mark = ""
    i = 0
    while i < len(para):
        ch = para[i]
        # Two apostrophes are a double mark in some wire and archive copy (''It's over,'' he said).
        mark = DOUBLED_APOSTROPHE if para.startswith(DOUBLED_APOSTROPHE, i) else ch
        if open_at is None:
            # A closing mark opening a paragraph is a typo for the opening one ('\u201dFear. ...\u201d').
            if mark in _OPENERS or mark in ('"', DOUBLED_APOSTROPHE) or (mark == "\u201d" and i == 0):
                open_at, open_mark = i + len(mark) - 1, "\u201c" if mark == "\u201d" else mark
            i += len(mark)
            continue
        if open_mark == '"' and ch == "\u201c":  # a curly quotation nested in a straight one
            inner_end = para.find("\u201d", i + 1)
            if inner_end > 0 and '"' not in para[i + 1 : inner_end]:
                i = inner_end + 1
                continue
        if open_mark == DOUBLED_APOSTROPHE:
            if para.startswith(DOUBLED_APOSTROPHE + "'", i):  # an inner 'single' quote closes first
                i += 1
                continue
            closes = mark == DOUBLED_APOSTROPHE or ch in '"\u201d'
        else:
            closes = (ch == '"' and open_mark == '"') or (
                open_mark != '"' and ch in _CLOSERS and ch in _OPENERS.get(open_mark, "")
            )
            # A straight mark closes a curly quotation too: mixed typing happens in real copy.
            closes = closes or (ch == '"' and open_mark != '"') or (ch == "\u201d" and open_mark == '"')
        if closes:
            spans.append((offset + open_at + 1, offset + i, True))
            open_at = None
            i += len(mark)
            continue
        i += 1
    if open_at is not None:  # runs to the end of the paragraph; the next one may continue it
        spans.append((offset + open_at + 1, offset + len(para), False))
    return spans


_SINGLE_OPEN = re.compile(r"(?:(?<=^)|(?<=[\s(\[\u2014\u2013-]))['\u2018](?=\S)")
_SINGLE_CLOSE = re.compile(r"(?<=[^\s])['\u2019](?=$|[\s.,;:!?)\]\u2014\u2013-])")


def _single_quoted(
    para: str, offset: int, doubles: list[tuple[int, int, bool]]
) -> list[tuple[int, int, bool]]:
    """Top-level single-quoted phrases; single marks inside a double quotation are nested
    quotes and stay part of it. Apostrophes (Turkey's, dogs') are not openers."""
    # the marks around each double quotation, two characters wide for a doubled apostrophe
    inside = [(s - offset - 2, e - offset + 2) for s, e, _ in doubles]
    spans = []
    pos = 0
    while True:
        opening = _SINGLE_OPEN.search(para, pos)
        if not opening:
            break
        o = opening.start()
        if any(s <= o < e for s, e in inside):
            pos = o + 1
            continue
        closing = _SINGLE_CLOSE.search(para, o + 1)
        if not closing or any(s <= closing.start() < e for s, e in inside):
            pos = o + 1
            continue
        spans.append((offset + o + 1, offset + closing.start(), True))
        pos = closing.end()
    return spans


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
