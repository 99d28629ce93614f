"""A nominal speaker in a cue: 'the mayor', 'a spokesperson for Eastbrook Properties', 'police',
'local residents': a description in place of a name, at most a few words, no clause inside."""

from __future__ import annotations

import re

from .cue_words import Cue
from .lexicon import AUXILIARIES, COLLECTIVE_NOUNS, FORMS_OF_BE, PLACE_PREPOSITIONS, SPEECH_VERBS, SUBORDINATORS

Word = tuple[int, int, str]
CONJUNCTIONS = {"and", "but", "or", "while", "as", "then"}
_POSSESSED_BY = {"his", "her", "their", "its", "our", "my", "your"}
_NOT_IN_A_NOMINAL = FORMS_OF_BE | AUXILIARIES | {"which", "who", "that", "but", "it", "they", "we", "i", "you"}


def nominal(text: str, words: list[Word], verb: str) -> Cue | None:
    """'the mayor', 'a spokesperson for Eastbrook Properties', 'police': at most eight words,
    no clause inside."""
    if len(words) > 1 and words[0][2].lower() in SUBORDINATORS:
        words = words[1:]  # 'As one veteran of such projects commented:', 'While the mayor said'
    if not words or len(words) > 8 or any(w[2] in SPEECH_VERBS or w[2].lower() in _NOT_IN_A_NOMINAL for w in words):
        return None
    if re.search(r"[:;\u2014\u2013()\"\u201c\u201d]|\s-\s", text[words[0][0] : words[-1][1]]):
        return None  # no clause, no label, no quotation ('Wells Fargo's behavior "outrageous')
    if words[-1][2].lower() in PLACE_PREPOSITIONS | _POSSESSED_BY | {"a", "an", "the", "by", "about", "that"}:
        return None  # 'Holt to insert himself into the debate by calling ...', 'Following a swiftly called': no subject
    if len(words) == 1 and (words[0][2].lower() in CONJUNCTIONS or words[0][2].islower() and not plain_nouns(words)):
        return None  # 'police', 'officials', 'al-Hashimi'; a lone singular noun is no subject ('the "boys will be boys" trope called')
    return Cue("nominal", text[words[0][0] : words[-1][1]], words[0][0], words[-1][1], verb)


def plain_nouns(words: list[Word]) -> list[Word]:
    """The last two words at most, if they are a plural or collective noun and a word before
    it ('local residents', 'police')."""
    head = words[-1][2].lower() if words else ""
    if not (head in COLLECTIVE_NOUNS or (head.endswith("s") and not head.endswith("ss"))):
        return []
    k = len(words)
    while k > 0 and len(words) - k < 2 and words[k - 1][2].lower() not in _NOT_IN_A_NOMINAL | CONJUNCTIONS \
            and words[k - 1][2].lower() not in PLACE_PREPOSITIONS and words[k - 1][2] not in SPEECH_VERBS:
        k -= 1
    return words[k:]


_CLAUSE = re.compile(r"\b[A-Z]\w*\s+[a-z]+ed\b|\b[a-z]+ed\s+(?:to|by)?\s*\d")


def holds_a_verb(words: str) -> bool:
    """What the cue reader took for a nominal subject holds a verb: 'PolitiFact rated 32% of
    Republican' ('... claims as "false"'), 'compared to 11% of Democratic' ('... claims'): its
    'verb' was a noun."""
    return bool(_CLAUSE.search(words))
