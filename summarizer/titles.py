"""Quoted words that are no one's speech: a work's name ('his book "Make Your Kid a
Millionaire,"', 'MSNBC's "Morning Joe"'), a short phrase with no reporting word around it, a
heading set in quotation marks, a pull quote that repeats words the article gives elsewhere."""

from __future__ import annotations

import re

from .lexicon import REPORTING_WORDS, TITLE_CASE_FUNCTION_WORDS, WORKS
from .people import POSSESSIVE, tokens
from .quotes import QuoteSpan
from .sentences import sentence_after, sentence_before, sentence_before_start


def is_a_name_in_title_case(words: str, most: int = 12) -> bool:
    """'The Kid Who Would Be King', 'We Believe: The Best Men Can Be': every word capitalized
    but short function words, no sentence's end: a film's, a show's or a campaign's name,
    however long; speech is written in sentence case."""
    found = re.findall(r"[^\W\d_][\w'\u2019-]*", words)
    if not 2 <= len(found) <= most or words.isupper() or re.search(r"[.!?,;]\W*$", words):
        return False
    return all(w[0].isupper() or w.lower() in TITLE_CASE_FUNCTION_WORDS for w in found) and found[0][0].isupper()


def looks_like_a_title(text: str, quote: QuoteSpan, max_words: int = 4) -> bool:
    """A short quoted phrase in a sentence with no reporting word at all ('the show "Fox News
    Sunday,"', a song title), not after 'as' ('described him as a "con artist"'): not anyone's
    words, so the model is not asked."""
    if len(quote.text.split()) > max_words and not is_a_name_in_title_case(quote.text):
        return False
    opens_paragraph = not text[text.rfind("\n", 0, quote.start) + 1 : quote.start].strip(" \"'\u201c\u2018\u00ab")
    if opens_paragraph and re.search(r"[.!?]$", quote.text):  # a sentence said on its own: '"It is over."'
        return False
    if _spoken(quote.text) and not is_a_name_in_title_case(quote.text):
        return False  # 'crowed, "Oh, it's my rose,"', '"Build that wall!"': someone speaking
    before = sentence_before(text, quote.start)
    if re.search(r"\bas\s+(?:a|an|the)?\s*[\"\u201c\u2018']?$", before):  # 'Trump as a "con artist"'
        return False
    sentence = _IDIOMS.sub("", before + quote.text + sentence_after(text, quote.end))
    words = [w[2] for w in tokens(sentence, 0, len(sentence))]
    return not (set(words) | {w.lower() for w in words[:1]}) & REPORTING_WORDS


# Words of saying that report no one's words: 'It goes without saying that ... a bipartisan "Grand Bargain"'
_IDIOMS = re.compile(r"(?i)\b(?:goes|go|went) without saying\b|\bneedless to say\b|\bthat is to say\b|\bsuffice it to say\b")
_SPOKEN = re.compile(r"(?i)\b(?:i|i['\u2019]m|my|me|we|our|us|you|your)\b|[!?]\W*$")


def _spoken(words: str) -> bool:
    """Words someone says to someone: 'I', 'my', 'you' in them, or an exclamation or a question."""
    return bool(_SPOKEN.search(words))


def a_title_in_a_sentence(text: str, quote: QuoteSpan) -> bool:
    """'In his book, "Make Your Kid a Millionaire," Mr. McKinley suggested', 'told MSNBC's "Morning
    Joe"', 'his "Keepin' It Real" radio program': a name in Title Case that a possessive or a
    word for a work (book, show, song) goes with is a work's, whatever verb the sentence has, and so
    is one a thing is 'in' ('participating in "Barack Obama Election Day,"', 'boys in "Make America
    Great Again" hats'); not 'called the pageant winner "Miss Piggy"'. Nor is a phrase the sentence
    calls a trope or a cliché anyone's words."""
    before = re.findall(r"[^\W_][\w'\u2019]*", text[sentence_before_start(text, quote.start) : quote.start])[-3:]
    after = re.findall(r"[^\W_][\w'\u2019]*", text[quote.end : quote.end + 40])[:2]
    if re.match(r"[\"'\u201d\u2019]*\s+(?:tropes?|clich[e\u00e9]s?|stereotypes?)\b", text[quote.end : quote.end + 20]):
        return True  # 'the "boys will be boys" trope': words cited as words, no one's
    if re.fullmatch(r"[A-Z][\w'\u2019-]*!?", quote.text) and after and after[0].lower() in WORKS:
        return True  # 'NBC's "Today" show'
    if len(quote.text.split()) < 2 or not is_a_name_in_title_case(quote.text.rstrip(",.")):
        return False  # (a caption's 'in a scene from "The Kid Who Would Be King."' keeps its period inside)
    possessed = bool(before) and (re.search(POSSESSIVE, before[-1]) is not None or before[-1].lower() in ("his", "her", "their"))
    inside = bool(before) and before[-1].lower() == "in"  # 'participating in "Barack Obama Election Day,"'
    return possessed or inside or any(w.lower() in WORKS for w in before + after)


def a_subheading(text: str, quote: QuoteSpan) -> bool:
    """A paragraph that is a phrase in quotation marks and Title Case ("'Legend in the Coal
    Fields.'"): a section's heading, as some papers set them; speech is written in sentence case.
    Or a pull quote: a paragraph that is quoted words the article gives elsewhere too, with their
    speaker there ("'I was not able to give it my vote in good conscience'" over the letter)."""
    if quote.paragraph == 0 or not alone_in_paragraph(text, quote):
        return False
    capitals = [w for w in quote.text.split()[1:] if w[:1].isupper()]  # not 'It is over.': no capital past the first
    return _pulled(text, quote) or bool(capitals) and is_a_name_in_title_case(quote.text.rstrip("."))


def _pulled(text: str, quote: QuoteSpan) -> bool:
    """The quoted words stand elsewhere in a longer paragraph (not as a heading of their own,
    which the quotation would then be the source of)."""
    words = quote.text.strip(" .,'\"\u201c\u201d\u2018\u2019")
    if len(words.split()) < 6:
        return False
    forms = {words[:60], words[:1].lower() + words[1:60]}  # a heading capitalizes what the body has mid-sentence
    found = [i for form in forms for i in (text.find(form), text.find(form, quote.end))
             if i >= 0 and not quote.start <= i < quote.end]
    if not found:
        return False
    start, end = paragraph_span(text, found[0])
    return len(text[start:end].strip(" .,'\"\u201c\u201d\u2018\u2019")) > len(words)


def alone_in_paragraph(text: str, quote: QuoteSpan) -> bool:
    """The quotation is its paragraph, nothing else: no cue, no one named."""
    start, end = paragraph_span(text, quote.start)
    return not text[start:end].replace(quote.text, "").strip(" \"'\u201c\u201d\u2018\u2019\u00ab\u00bb")


def paragraph_span(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end < 0 else end
