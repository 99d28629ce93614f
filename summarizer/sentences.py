"""Sentences and paragraphs: where one ends, not fooled by 'Rep. Cummings', 'John F. Kerry'
or 'U.S. officials'. The cue reader and the agreement finder both split text here."""

from __future__ import annotations

import re

from .lexicon import ABBREVIATIONS, INSERT_WORDS, TITLE_CASE_FUNCTION_WORDS, UPPER

_SENTENCE_END = re.compile(r"[.!?][\"\u201d\u2019']?\s+(?=\S)")
_SECTION_LABEL = re.compile(r"^[A-Z][A-Z .&'\-]{1,30}:\s")  # 'WATCH: ...', 'READ MORE: ...'


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
    return [text[start:end] for start, end in trimmed_sentence_spans(text)]


def whole_sentences(text: str) -> str:
    """The text without a last sentence that was cut off (an answer stopped at its length
    limit: '... constructing the 1'), when a whole sentence comes before it."""
    stripped = text.rstrip()
    if not stripped or re.search(r"[.!?][\"\u201d\u2019')]*$", stripped):
        return stripped
    ends = sentence_ends(stripped)
    return stripped[: ends[-1].end()].rstrip() if ends else stripped


def paragraphs(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"[^\n]+", text)]


def is_insert(line: str) -> bool:
    """An advertisement marker or 'Story continues below': neither text nor a section."""
    words = line.lower().split()
    return len(words) <= 8 and any(w.strip(".:") in INSERT_WORDS for w in words)


_PRICE_AND_SHOP = re.compile(r"\$\d[\d,.]*,?\s+[\w.-]+\.(?:com|ca|org|net|co\.uk)\b")


def is_shopping_list(line: str) -> bool:
    """'Aesop Double-Edge Razor, $180, aesop.com Graydon Green Cream, $38, ...': products with
    prices and shops, no narrative, so no one the story goes on about."""
    return len(_PRICE_AND_SHOP.findall(line)) >= 2


_PHOTO_CREDIT = re.compile(
    r"(?:\(\s*[^()]{0,60}(?:PHOTO|Photo|PRESS|/[A-Z][\w ]+)\s*\)"  # '( THE CANADIAN PRESS FILE PHOTO )', '(Jane Doe/CBC)'
    rf"|(?:{UPPER}[\w.'\u2019-]* ){{0,3}}{UPPER}[\w.'\u2019-]*\s*/\s*"  # 'Quyen Cheng/THE CANADIAN PRESS'
    r"(?:THE CANADIAN PRESS|The Canadian Press|Reuters|REUTERS|AP|Getty Images|AFP|CBC))\s*$")


def is_photo_caption(line: str) -> bool:
    """A photo's caption: it ends with the photo's credit ('... in Montreal. ( THE CANADIAN PRESS
    FILE PHOTO )', '... for him. Quyen Cheng/THE CANADIAN PRESS'). Who it shows is not the
    subject the story goes on with."""
    return bool(_PHOTO_CREDIT.search(line)) or line.lstrip().startswith("Open this photo in gallery")


def photo_credit_start(line: str) -> int | None:
    """Where a caption's credit starts ('(Chantelle Bellrichard/CBC)'): who took the photo."""
    found = _PHOTO_CREDIT.search(line)
    return found.start() if found else None


def is_section_label(line: str, first: bool = False) -> bool:
    """'WATCH: ...', 'READ MORE: ...', or a subheading: a short line in Title Case without a
    sentence's final mark. Not the headline (the first line)."""
    if first:
        return False
    if _SECTION_LABEL.match(line):
        return True
    words = line.split()
    capitalized = sum(w[:1].isupper() for w in words)
    return 0 < len(words) <= 8 and not re.search(r"[.!?\"\u201d:]\s*$", line) and capitalized >= len(words) / 2


def is_title_case(line: str) -> bool:
    """A headline in Title Case ('Black Lawmakers Rip Donald Trump As A 'Disgusting Fraud.''):
    nearly every word capitalized, its function words too. Its capitals say nothing about which
    words are names."""
    words = re.findall(r"[^\W\d_][\w'\u2019-]*", line)
    if len(words) < 5 or is_photo_caption(line):
        return False
    capitals = sum(w[0].isupper() for w in words)
    function_words = sum(w[0].isupper() and w.lower() in TITLE_CASE_FUNCTION_WORDS for w in words[1:])
    # or house style that keeps short words low ('Visa Program Up for Renewal Amid Allegations of
    # Fraud'): every lower-case word one of those
    only_function_words_low = all(w[0].isupper() or w in TITLE_CASE_FUNCTION_WORDS for w in words)
    return capitals >= 0.7 * len(words) and (function_words >= 1 or only_function_words_low) and not line.isupper()


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, last = [], start
    for m in sentence_ends(text[start:end]):
        spans.append((last, start + m.end()))
        last = start + m.end()
    spans.append((last, end))
    return [s for s in spans if s[1] > s[0]]


def trimmed_sentence_spans(text: str) -> list[tuple[int, int]]:
    """Each sentence of the whole text, paragraph by paragraph, its surrounding spaces left out:
    what a reader sees as the sentence."""
    trimmed = []
    for para_start, para_end in paragraphs(text):
        for start, end in sentence_spans(text, para_start, para_end):
            piece = text[start:end]
            if piece.strip():
                left = start + len(piece) - len(piece.lstrip())
                trimmed.append((left, start + len(piece.rstrip())))
    return trimmed


def sentence_after_end(text: str, end: int) -> int:
    """Where the sentence a quotation sits in ends; at ``end`` when the quotation ended it."""
    if text[end - 1 : end] == "." and not re.match(r"[\"\u201d\u2019']?\s+[a-z]", text[end : end + 4]):
        return end  # '... recklessness." South Korea's president said' ('"... harder?" Michael Every
        # said' goes on: a question's cue follows it; so does '"... built." he said': no sentence opens in lower case)
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    ends = sentence_ends(text[end:line_end])
    return end + ends[0].start() + 1 if ends else line_end


def sentence_before_start(text: str, start: int) -> int:
    """Where the sentence holding ``start`` begins, within its paragraph."""
    line_start = text.rfind("\n", 0, start) + 1
    ends = sentence_ends(text[line_start:start])
    return line_start + ends[-1].end() if ends else line_start


def sentence_after(text: str, end: int) -> str:
    return text[end : sentence_after_end(text, end)]


def sentence_before(text: str, start: int) -> str:
    return text[sentence_before_start(text, start) : start]
