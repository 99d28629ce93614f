"""Is this name the subject of its sentence? The one the text goes on about, whom a later 'he
said' most likely means: 'Anna Berg said', 'On Tuesday, Anna Berg voted', 'In a statement,
presidential nominee Hillary Clinton was', 'Harold Adams, 76, recalls'; not a name inside what
another is ('Navdeep Bains, Minister of Innovation, Science and Economic Development, said')."""

from __future__ import annotations

import re

from .folding import plain
from .lexicon import FINITE, LEADING_TITLES, NOT_NAMES, ORGANIZATION_HEADS, PORTFOLIOS, SPEECH_VERBS
from .names import NAME_PARTICLE, NAME_WORD, SHORT_PARENTHESIS

_PERSONAL_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers"})
_OPENING_PREPOSITIONS = frozenset({"in", "on", "at", "after", "before", "during", "from", "since"})


def is_subject(text: str, words: list, run_start: int, a: int, b: int, sentence_start: int) -> bool:
    """The run words[run_start:b] (the name from ``a``, after its titles) opens its sentence
    (after words like 'But' or 'On Tuesday,') before a lower-case verb, or says something:
    'X said', 'said X', 'said lawyer X'."""
    previous = words[run_start - 1][2].lower() if run_start > 0 else ""
    tag = _PARTY_TAG.match(text, words[b - 1][1])
    while tag and b < len(words) and words[b][1] <= tag.end():
        b += 1  # 'Sen. Claire McCaskill (D-Mo.) scolded him': the tag is no word of the sentence
    following = words[b][2] if b < len(words) else ""
    if following in SPEECH_VERBS:
        return not _in_an_appositive(text[sentence_start : words[run_start][0]])
    if previous in SPEECH_VERBS:  # 'said X', but not 'he said X signed ...': X opens what he said
        before_verb = words[run_start - 2][2] if run_start > 1 else ""
        # nor 'said Covington Catholic has ...': a verb right after X, X opens what was said
        return not (before_verb.lower() in _PERSONAL_PRONOUNS or before_verb[:1].isupper() or following in FINITE)
    lead = words[:run_start]
    opens = all(w[2] in NOT_NAMES for w in lead) or _described_opening(lead) or \
        _after_opening_phrase(text, lead, sentence_start, words[run_start][0]) or \
        bool(_CLEFT.match(text[sentence_start : words[run_start][0]].strip()))
    after = tag.end() if tag else words[b - 1][1]  # 'Roy Cooper (D), McCrory's opponent ..., called'
    return opens and (following[:1].islower() or bool(_APPOSITIVE_THEN_VERB.match(text, after))) \
        and not _in_an_appositive(text[sentence_start : words[run_start][0]])


# 'Harold Adams, 76, recalls', 'Navdeep Bains, Minister of Innovation, Science and Economic
# Development, said', 'Sarah Buckley, who attended ..., said': a name, what it is, its verb
_APPOSITIVE_THEN_VERB = re.compile(
    r"(?:['\u2019]s)?,(?:[^,.;:!?\"\u201c\u201d\u2014]{1,100},){1,4} (?!(?:and|or|but|who|which)\b)[a-z]")
# 'Yet it was only recently that Foster pieced ... together': the name is the subject still
_CLEFT = re.compile(r"(?i)^(?:\w+,? )?it (?:is|was) (?:[\w-]+ ){0,4}that$")
_PARTY_TAG = re.compile(rf"\s*{SHORT_PARENTHESIS}")
_OPENING_NAME = re.compile(rf"({NAME_WORD})(?: (?:(?:{NAME_PARTICLE}) )*{NAME_WORD}){{0,3}}, ")


def _in_an_appositive(lead: str) -> bool:
    """The words before a name in its sentence are a name and the start of what it is ('Navdeep
    Bains, Minister of Innovation, Science and' before 'Economic Development said'): the name
    describes the subject; it is not one. Not 'In Ottawa, ...' nor a dateline ('MILTON, Ont. —')."""
    found = _OPENING_NAME.match(lead)
    return bool(found) and found.group(1) not in NOT_NAMES and not found.group(1).isupper() and "\u2014" not in lead


def _after_opening_phrase(text: str, lead: list, sentence_start: int, name_start: int) -> bool:
    """'On Tuesday, X ...', 'In a statement issued Tuesday morning, presidential nominee X ...':
    a short phrase and its comma open the sentence, then the name (after its description)."""
    comma = text.rfind(",", sentence_start, name_start)
    if comma < 0:
        return False
    phrase = [w for w in lead if w[0] < comma]
    described = [w for w in lead if w[0] > comma]
    # one phrase, though a place in it has its own comma ('Speaking in Vaughan, Ont., on Thursday,')
    one_phrase = "," not in text[sentence_start:comma] or bool(phrase) and (
        phrase[0][2].endswith("ing") or phrase[0][2].lower() in _OPENING_PREPOSITIONS)
    return 0 < len(phrase) <= 8 and one_phrase and (not described or _described_opening(described))


def _described_opening(lead: list) -> bool:
    """The words before a name that opens its sentence are its description: 'Chinese Foreign
    Ministry spokesperson Lu Kang gave ...', 'But Crown prosecutor Michael Pilon argued ...',
    'Chinese foreign ministry spokeswoman Hua Chunying shot back' (what an office is for and its
    head word, in lower case)."""
    k = 0
    while k < len(lead) and lead[k][2] in NOT_NAMES:
        k += 1
    described = lead[k:]
    return 0 < len(described) <= 6 and plain(described[-1][2]) in LEADING_TITLES and all(
        w[2][:1].isupper() or plain(w[2]) in LEADING_TITLES or w[2] in ("of", "and", "the", "former")
        or w[2] in PORTFOLIOS or w[2] in ORGANIZATION_HEADS
        or _ADJECTIVE.search(w[2]) for w in described)


_ADJECTIVE = re.compile(r"^[a-z]+(?:al|an|ic|ive)$")  # 'presidential nominee', 'provincial health minister
