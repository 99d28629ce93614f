"""A cue (who, as written, and where), and the words around one that are not who spoke: a party
and state in parentheses after a name ('Rep. Gwen Moore (D-Wis.) said'), when and how between
a subject and its verb ('Sanders on Tuesday said', 'Cruz has long said'), a place or a date
after a preposition ('on the Mall said')."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import (
    AUXILIARIES, PERIOD_LEADS, PERIODS, PLACE_PREPOSITIONS, REPORTING_WORDS, WEEKDAYS, WHEN_WORDS,
)
from .names import SHORT_PARENTHESIS

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


_RESPONSE_NOUNS = frozenset({"response", "reaction", "reply", "retort", "answer", "verdict", "comment", "message",
                             "assessment", "advice", "word", "words", "view", "take", "refrain", "cry"})


def response_of(words: list[Word]) -> int | None:
    """'"The best sleigh this Christmas!" was the response of one jolly viewer': where the one
    whose words they were begins, in the words after the quotation."""
    if len(words) > 4 and words[0][2] in ("was", "were", "is") and words[1][2] in ("the", "a", "his", "her", "their") \
            and words[2][2] in _RESPONSE_NOUNS and words[3][2] in ("of", "from"):
        return 4
    return None
