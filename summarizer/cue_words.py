"""Words around a cue that are not who spoke: a party and state in parentheses after a name
('Rep. Gwen Moore (D-Wis.) said'), when and how between a subject and its verb ('Sanders on
Tuesday said', 'Cruz has long said'), a place or a date after a preposition ('on the Mall
said'), and a short quoted phrase with no reporting word around it (a title, not words said)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import (
    AUXILIARIES, PERIOD_LEADS, PERIODS, PLACE_PREPOSITIONS, REPORTING_WORDS, TITLE_CASE_FUNCTION_WORDS, WEEKDAYS, WHEN_WORDS,
)
from .names import SHORT_PARENTHESIS
from .people import tokens
from .quotes import QuoteSpan
from .sentences import sentence_after, sentence_before

Word = tuple[int, int, str]


@dataclass(frozen=True)
class Cue:
    kind: str  # "name", "pronoun" or "nominal"
    words: str  # as written: 'Patricia Okafor', 'she', 'a spokesperson for Eastbrook Properties'
    start: int  # offsets of those words in the article
    end: int
    verb: str


def before_a_parenthesis(text: str, words: list[Word], i: int) -> int:
    """The index of the first word of a short parenthesis right before ``words[i]`` ('(D-Wis.)',
    '(R)'): who stands before it is the subject; ``i`` when there is none."""
    m = re.search(rf"{SHORT_PARENTHESIS}\s*$", text[: words[i][0]])
    if m is None:
        return i
    first = next((n for n in range(i) if words[n][0] >= m.start()), i)
    return first if first > 0 else i


def before_a_tag(text: str, words: list[Word]) -> list[Word]:
    """'Rep. Jim Jordan (R-Ohio)': the words before a short parenthesis that ends them."""
    m = re.search(rf"{SHORT_PARENTHESIS}\s*$", text[: words[-1][1] + 1]) if words else None
    kept = [w for w in words if m is None or w[1] <= m.start()]
    return kept or words


def reporting_participle(text: str, words: list[Word]) -> int | None:
    """The index of the last participle that reports, after a comma: ', calling', ', adding'."""
    for i in range(len(words) - 1, 0, -1):
        if is_reporting_participle(words[i][2]) and "," in text[words[i - 1][1] : words[i][0]]:
            return i
    return None


def is_reporting_participle(word: str) -> bool:
    """'saying', 'asking', 'calling', 'adding': a participle of a word that reports speech."""
    stem = word[:-3]
    return word.endswith("ing") and any(form in REPORTING_WORDS for form in (stem, stem + "e", stem + "s", stem + "ed", stem + "d"))


WHEN_OR_HOW = WEEKDAYS | WHEN_WORDS | PERIOD_LEADS | PERIODS | AUXILIARIES | {"on", "long", "first"}


def when_or_how(word: str) -> bool:
    """A word between a subject and its verb that tells when or how: 'on Tuesday', 'has long',
    'last week', 'repeatedly' (lower case: 'Kelly' is a name)."""
    return word in WHEN_OR_HOW or (word.endswith("ly") and word.islower() and len(word) > 4)


def after_a_preposition(words: list[Word], start: int) -> bool:
    """'... on the Mall, said': the name run at ``start`` is a place or a date."""
    j = start - 1
    if j >= 0 and words[j][2] in ("the", "a", "an"):
        j -= 1
    return j >= 0 and words[j][2] in PLACE_PREPOSITIONS


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
    sentence = before + quote.text + sentence_after(text, quote.end)
    words = [w[2] for w in tokens(sentence, 0, len(sentence))]
    return not (set(words) | {w.lower() for w in words[:1]}) & REPORTING_WORDS


_SPOKEN = re.compile(r"(?i)\b(?:i|i['\u2019]m|my|me|we|our|us|you|your)\b|[!?]\W*$")


def _spoken(words: str) -> bool:
    """Words someone says to someone: 'I', 'my', 'you' in them, or an exclamation or a question."""
    return bool(_SPOKEN.search(words))
