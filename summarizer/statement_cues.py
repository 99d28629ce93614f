"""The cues of reported speech in one sentence, with offsets: who, the reporting words, and
where what was said begins.

Four shapes, all read outside quotations: 'X said (that) ...' (``forward``: what was said
follows, after who was told, when and where, and 'that'); '..., X said' or '..., said X'
(``inverted``: what was said precedes, and nothing follows the cue but when or where);
'According to X, ...' and '..., according to X'; and a participle after a comma, '...,
adding that ...', said by the subject of the verb of saying before it, else the sentence's.
Who is read by the quotation cue reader (``cues``), a little wider: 'police said', 'But the
school's defenders said', 'Smith, a lawyer, said', 'the director, Jeff Fraser, said', 'Smith,
who ..., said'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .appositives import described_person
from .cues import OF_WHOM, Cue, subject_after, subject_before, subject_of
from .lexicon import (
    ADVERBIAL_OPENERS, ARTICLES, AUXILIARIES, CLAUSE_VERBS, FINITE, FORMS_OF_BE, LEAD_INS, NEGATIONS, NOT_NAMES,
    OBJECT_PRONOUNS, OPEN_SUBJECTS, PERIOD_LEADS, PERIODS, PLACE_PREPOSITIONS, SAYING_VERBS, SPEAKER_PRONOUNS,
    SPEECH_VERBS, STATEMENT_ONLY_VERBS, SUBORDINATORS, TELLING_VERBS, WEEKDAYS, WHEN_WORDS,
)
from .people import cast_of, name_runs, tokens
from .quotes import QuoteSpan

Word = tuple[int, int, str]
STATEMENT_VERBS = SAYING_VERBS | CLAUSE_VERBS | STATEMENT_ONLY_VERBS
OPENERS = PLACE_PREPOSITIONS | ADVERBIAL_OPENERS
_MAX_SUBJECT_WORDS = 6  # '..., a spokesperson for the city said'
_QUOTATION_MARK = re.compile("[\"\u201c\u201d\u00ab\u00bb\u2018\u2019']")


@dataclass(frozen=True)
class Hit:
    """A cue. ``kind``: 'forward', 'participle', 'according first' (what was said follows it)
    or 'inverted' (what was said precedes it)."""

    kind: str
    edge: int  # where what was said before this cue ends (its comma, its 'and')
    cue_start: int  # the reporting words: 'said', 'told reporters', 'according to', 'adding'
    cue_end: int
    subject: Cue | None  # who; None: 'it', 'they' (open)
    content_start: int = -1  # where what was said begins, when it follows
    plain: bool = True  # 'that' was there, or a verb that takes a clause without it ('said')
    coordinated: bool = False  # 'and she said ...', '..., adding': ends what was said before it
    after: int = 0  # the index of the word after the cue
    that: bool = False


def hit_at(text: str, words: list[Word], i: int, start: int, quotes: list[QuoteSpan]) -> Hit | None:
    """The cue at ``words[i]`` in the sentence starting at ``start``, if it is one."""
    word = words[i][2]
    if word.lower() == "according" and i + 1 < len(words) and words[i + 1][2] == "to":
        return _according(text, words, i, start)
    hit = None
    if word in STATEMENT_VERBS and not _right_after_a_quotation(text, words, i, start, quotes):
        # not '"...," he said, his voice breaking': the quotation is what he said
        readers = (_forward, _inverted) if text[: words[i][0]].rstrip().endswith(",") else (_inverted, _forward)
        hit = readers[0](text, words, i, start) or readers[1](text, words, i, start)
    elif word.endswith("ing") and _saying_participle(word) and text[: words[i][0]].rstrip().endswith(","):
        hit = _participle(text, words, i, start)
    if hit is not None and hit.subject is not None:
        hit = replace(hit, subject=tidy_nominal(text, hit.subject))
    return hit


def _saying_participle(word: str) -> str | None:
    """'adding', 'saying', 'noting', 'denying': the form of a statement verb it is, if one."""
    stem = word[:-3]
    forms = [stem + "s", stem + "ed", stem + "es", stem + "d"]
    if stem.endswith("y"):
        forms += [stem[:-1] + "ied", stem[:-1] + "ies"]
    return next((f for f in forms if f in STATEMENT_VERBS), None)


def _right_after_a_quotation(text: str, words: list[Word], i: int, start: int, quotes: list[QuoteSpan]) -> bool:
    before = [q for q in quotes if start <= q.end <= words[i][0]]
    if not before:
        return False
    gap = text[before[-1].end : words[i][0]].lstrip("\"'\u201d\u2019\u00bb,.!? ")
    return "," not in gap and len(gap.split()) <= _MAX_SUBJECT_WORDS


def _according(text: str, words: list[Word], i: int, start: int) -> Hit | None:
    """'According to X, ...' (what was said follows the comma) or '..., according to X'."""
    source = _phrase(text, words, i + 2)
    cue = subject_of(text, source[:8], "according to") if source else None
    if cue is None:
        return None
    after = i + 2 + len(source)
    rest = text[source[-1][1] :]
    cue_span = (words[i][0], words[i + 1][1])
    if not text[start : words[i][0]].strip(" \"\u201c"):  # opens the sentence
        if not rest.startswith(","):
            return None
        return Hit("according first", words[i][0], *cue_span, cue, skip_space(text, source[-1][1]), after=after)
    relative = after < len(words) and words[after][2] in ("who", "which")
    if not text[: words[i][0]].rstrip().endswith(",") or (after < len(words) and "," not in rest[:3] and not relative):
        return None  # 'went according to plan'; 'X, according to Y, did Z'
    return Hit("inverted", text.rfind(",", 0, words[i][0]), *cue_span, cue, after=after)


def _phrase(text: str, words: list[Word], i: int) -> list[Word]:
    """The words from ``i`` up to a comma, or a relative pronoun ('a source who spoke ...')."""
    phrase: list[Word] = []
    for w in words[i:]:
        if phrase and ("," in text[phrase[-1][1] : w[0]] or w[2] in ("who", "which", "that")):
            break
        phrase.append(w)
    return phrase


def _inverted(text: str, words: list[Word], i: int, start: int) -> Hit | None:
    """'..., Smith said.', '..., said Mr. Smith on Tuesday.', '..., she told reporters': a cue
    after the comma that ends what was said, and nothing after it but when or where."""
    verb = words[i]
    if text[: verb[0]].rstrip().endswith(","):  # '..., said Mr. Smith'
        cue = subject_after(text, words[i + 1 : i + 9], verb[2])
        if cue is None or not _plausible_after(text, words, verb, cue):
            return None
        edge, rest = text.rfind(",", 0, verb[0]), cue.end
    else:  # '..., Smith said'
        edge = text.rfind(",", start, verb[0])
        cue = subject_before(text, words, i, wider=True) if edge >= 0 and not _negated_or_passive(words, i) else None
        if cue is None or cue.start < edge or len([w for w in words if edge < w[0] < verb[0]]) > _MAX_SUBJECT_WORDS:
            return None
        rest = verb[1]
    if edge <= start or len(tokens(text, start, edge)) < 3 or not _only_when_or_where(text, words, rest, verb[2]):
        return None  # 'Smith, 59, said ...': a subject, not what was said
    after = next((k for k, w in enumerate(words) if w[0] >= rest), len(words))
    return Hit("inverted", edge, verb[0], verb[1], cue, after=after)


def _plausible_after(text: str, words: list[Word], verb: Word, cue: Cue) -> bool:
    """'said Mr. Smith', 'said a spokesperson for X'; not '..., said the vote would be held in X'."""
    described = [w for w in words if verb[1] < w[0] < cue.start]
    if len(described) > 4 or any(w[2].lower() in FINITE for w in described):
        return False
    if _QUOTATION_MARK.search(text[verb[1] : cue.end]):
        return False
    return cue.kind != "nominal" or cue.words.split()[0].lower() in ARTICLES


def _only_when_or_where(text: str, words: list[Word], offset: int, verb: str) -> bool:
    """After the cue, up to a comma or the sentence's end: nothing, when or where ('on Tuesday',
    'in a statement'), after who was told ('told reporters')."""
    rest: list[Word] = []
    for w in [w for w in words if w[0] >= offset]:
        if "," in text[(rest[-1][1] if rest else offset) : w[0]]:
            break
        rest.append(w)
    end = rest[-1][1] if rest else offset
    if _QUOTATION_MARK.search(text[offset:end]):
        return False  # '..., he told her "bad things would happen"': what he said follows
    if verb in TELLING_VERBS:
        rest = rest[_after_told(rest, 0) :]
    return not rest or (len(rest) <= 10 and (rest[0][2].lower() in OPENERS or when_words(rest, 0) > 0)
                        and not any(w[2] in STATEMENT_VERBS for w in rest))


def _negated_or_passive(words: list[Word], i: int) -> bool:
    """'to say', 'did not say', "isn't mentioned", 'was told', "we're told": nothing reported as said."""
    k = i - 1
    while k >= 0 and (words[k][2].lower() in AUXILIARIES or words[k][2].lower() in WHEN_WORDS
                      or (words[k][2].endswith("ly") and words[k][2][:1].islower())):
        k -= 1
    for w in words[max(k, 0) : i]:
        low = w[2].lower().replace("\u2019", "'")
        if low in NEGATIONS or low in FORMS_OF_BE or low.endswith(("n't", "'re", "'m")) or low == "to":
            return True
    return False


def _forward(text: str, words: list[Word], i: int, start: int) -> Hit | None:
    """'Smith said (that) ...', 'she told reporters (that) ...', 'Police say ...', 'Smith, a
    lawyer, said ...', '..., who said ...', 'He left and said ...'."""
    if _negated_or_passive(words, i):
        return None
    elided = _elided(text, words, i)
    if elided is not None:  # 'He left early and said ...': the sentence's subject, or open
        cue, subject_start = opening_subject(text, words, start, words[i][2]), words[elided][0]
    else:
        cue = subject_before(text, words, i, wider=True) or _appositive(text, words, i, start)
        if cue is not None and cue.kind == "nominal" and _not_a_subject(cue):
            return None
        subject_start = cue.start if cue is not None else _open_subject(words, i)
        if cue is None and subject_start is not None and words[i - 1][2] == "who":
            cue = _named_before(text, words, words[i - 1][0], start, words[i][2])
    if subject_start is None:
        return None
    complement = _complement(text, words, i, words[i][2])
    if complement is None:
        return None
    k = next(n for n, w in enumerate(words) if w[0] >= subject_start)
    joined = k > 0 and words[k - 1][2] in ("and", "but")
    edge = words[k - 1][0] if joined else subject_start
    return Hit("forward", edge, words[i][0], subject=cue, coordinated=joined, **complement)


def _not_a_subject(cue: Cue) -> bool:
    """'a said agreement', 'For someone long noted for ...': no one who says anything."""
    first = cue.words.split()[0].lower()
    return (cue.words.lower() in ARTICLES or first in PLACE_PREPOSITIONS or first in ADVERBIAL_OPENERS
            or first in SUBORDINATORS)


def _open_subject(words: list[Word], i: int) -> int | None:
    """'it said', 'they say', 'who said': a speaker the text does not name here."""
    k = i - 1
    while k >= 0 and (words[k][2].lower() in AUXILIARIES or words[k][2].lower() in WHEN_WORDS):
        k -= 1
    return words[k][0] if k >= 0 and words[k][2].lower() in OPEN_SUBJECTS else None


def _appositive(text: str, words: list[Word], i: int, start: int) -> Cue | None:
    """'Smith, a lawyer, said', 'Smith, who was there, said', 'the director, Jeff Fraser, says'."""
    k = i
    while k > 0 and (words[k - 1][2].lower() in AUXILIARIES or words[k - 1][2].lower() in WHEN_WORDS):
        k -= 1  # 'Smith, a lawyer, has also said'
    if not text[: words[k][0]].rstrip().endswith(","):
        return None
    described = described_person(text, words, k, start)
    if described is not None:
        return Cue("name", described.name, described.start, described.end, words[i][2])
    described = text.rfind(",", start, words[k][0])
    named = text.rfind(",", start, described)
    if named < 0:
        return None
    between = [w for w in words if named < w[0] < described]
    relative = bool(between) and between[0][2] in ("who", "which")
    if not relative and any(w[2].lower() in FINITE or w[2] in SPEECH_VERBS for w in between):
        return None  # a clause, not a description
    head = _named_before(text, words, named + 1, start, words[i][2], nominal=True)
    if head is not None and head.kind == "name" or relative or not 0 < len(between) <= 5:
        return head
    name = subject_of(text, between, words[i][2])  # 'His lawyer, Zhang Dongshuo, said'
    return name if name is not None and name.kind == "name" else head


def _named_before(text: str, words: list[Word], offset: int, start: int, verb: str, nominal: bool = False) -> Cue | None:
    """The name (or with ``nominal``, the description) between the comma before ``offset`` and
    the one before that: 'Heather, who said ...' -> Heather."""
    comma = text.rfind(",", start, offset)
    if comma < 0 or text[comma + 1 : offset].strip():
        return None
    head = [w for w in words if text.rfind(",", start, comma) < w[0] < comma]
    while len(head) > 1 and (head[0][2] in NOT_NAMES or head[0][2].lower() in LEAD_INS):
        head = head[1:]
    cue = subject_of(text, head, verb) if 0 < len(head) <= 5 else None
    if cue is None or (cue.kind == "nominal" and (not nominal or _not_a_subject(cue))):
        return None
    return cue


def _elided(text: str, words: list[Word], i: int) -> int | None:
    """'He left early and said ...', '... and in a written response said ...': the index of
    the 'and' whose verb shares the sentence's subject, if so."""
    for k in range(i - 1, max(i - 8, -1), -1):
        if words[k][2] in ("and", "but"):
            between = words[k + 1 : i]
            if not between or ((between[0][2].lower() in OPENERS or when_words(between, 0))
                               and not any(w[2].lower() in FINITE or w[2][:1].isupper() for w in between)):
                return k
            return None
        if "," in text[words[k][1] : words[k + 1][0]]:
            return None
    return None


def opening_subject(text: str, words: list[Word], start: int, verb: str) -> Cue | None:
    """The person a sentence opens with as its subject ('Wojtaszek questioned ...', 'He
    shook his head ...'), if it does."""
    if words and words[0][2].lower() in SPEAKER_PRONOUNS:
        return Cue("pronoun", words[0][2], words[0][0], words[0][1], verb)
    for m in cast_of(text).mentions:
        lead = [w for w in words if start <= w[0] < m.start]  # 'But', 'On Tuesday,', 'U.S. Secretary of State'
        if start <= m.start and m.subject and all(w[2][:1].isupper() or w[2] == "of" for w in lead):
            return Cue("name", m.name, m.start, m.end, verb) if text[m.start : m.end] == m.name else None
    return None


def _participle(text: str, words: list[Word], i: int, start: int) -> Hit | None:
    """'..., adding that ...': said by the subject of the verb of saying before it."""
    cue = None
    for j in range(i - 1, 0, -1):
        if words[j][2] in SPEECH_VERBS or words[j][2] in STATEMENT_VERBS:
            cue = subject_before(text, words, j, wider=True) or _appositive(text, words, j, start)
            break
    cue = cue or opening_subject(text, words, start, words[i][2])
    form = _saying_participle(words[i][2]) or ""
    complement = _complement(text, words, i, form)
    if cue is None or complement is None:
        return None
    edge = text.rfind(",", 0, words[i][0])
    return Hit("participle", edge, words[i][0], subject=cue, coordinated=True, **complement)


def _complement(text: str, words: list[Word], i: int, verb: str) -> dict | None:
    """Where what was said starts after the verb ``words[i]`` (as the form ``verb``): after who
    was told ('told reporters'), when and where ('on Tuesday', 'in a statement,') and 'that';
    where the cue ends; whether the verb takes it plainly; the index of its first word."""
    j = _after_told(words, i + 1) if verb in TELLING_VERBS else i + 1
    cue_end = words[j - 1][1]
    that = next((k for k in range(j, min(j + 10, len(words))) if words[k][2] == "that"), None)
    if that is not None and _is_adverbial(words[j:that]):
        return {"content_start": skip_space(text, words[that][1]), "cue_end": cue_end, "plain": True,
                "after": that + 1, "that": True}
    k = j + when_words(words, j)
    if k < len(words) and words[k][2].lower() in OPENERS:  # 'said in a statement, the ...'
        k = next((n for n in range(k + 1, min(k + 9, len(words))) if "," in text[words[n - 1][1] : words[n][0]]), -1)
        if k < 0:
            return None
    if k >= len(words) and k == j:
        return None
    offset = words[k - 1][1] if k > i + 1 else words[i][1]
    if re.match(r"\s*[:\u2014\u2013]", text[offset:]):
        return None  # 'said: "..."', a quotation or a list follows
    return {"content_start": skip_space(text, offset), "cue_end": cue_end, "plain": verb in SAYING_VERBS,
            "after": k, "that": False}


def skip_space(text: str, offset: int) -> int:
    """The offset after spaces and commas from ``offset``."""
    return re.compile(r"[\s,]*").match(text, offset).end()


def _after_told(words: list[Word], j: int) -> int:
    """The index after who was told: 'him', 'reporters', 'CBC News', 'the Star', 'a news conference'."""
    if j >= len(words):
        return j
    if words[j][2].lower() in OBJECT_PRONOUNS:
        return j + 1
    if words[j][2].lower() in ARTICLES:
        j += 1
    k = j
    while k < len(words) and words[k][2][:1].isupper() and k - j < 5:
        k += 1
    return k if k > j else min(j + 1, len(words))


def when_words(words: list[Word], j: int) -> int:
    """How many words from ``j`` say when: 'Tuesday', 'Tuesday night', 'last week', 'earlier'."""
    k = j
    while k < len(words):
        word = words[k][2]
        if word in WEEKDAYS or word.lower() in WHEN_WORDS or word.lower() in PERIODS:
            k += 1
        elif word.lower() in PERIOD_LEADS and k + 1 < len(words) and words[k + 1][2].lower() in PERIODS:
            k += 2
        elif word.endswith("ly") and word[:1].islower() and word not in ("only", "early"):
            k += 1  # 'said repeatedly', 'said firmly'
        else:
            break
    return k - j


def _is_adverbial(between: list[Word]) -> bool:
    """Words between a verb and 'that' that say when, where, how or to whom: 'on Tuesday', 'in
    a statement', 'repeatedly', ', however,'."""
    if not between:
        return True
    first = between[0][2].lower()
    return (first in OPENERS or when_words(between, 0) > 0 or first == "however") and \
        not any(w[2] in SPEECH_VERBS or w[2].lower() in FINITE for w in between)


def tidy_nominal(text: str, cue: Cue) -> Cue:
    """A nominal cue that opens with a person the article names, then where they are from
    ('Tim Guest with the Nova Scotia Health Authority'): that person; one with a determiner
    after its first words ('In early November the company'): from the determiner on."""
    if cue.kind != "nominal":
        return cue
    words = tokens(text, cue.start, cue.end)
    runs = name_runs(text, words)
    if runs and runs[0][0] == 0 and runs[0][1] < len(words) and words[runs[0][1]][2].lower() in OF_WHOM:
        person = subject_of(text, words[: runs[0][1]], cue.verb)
        if person is not None and person.kind == "name" and cast_of(text).full_name(person.words) in cast_of(text).people:
            return person
    cut = next((k for k in range(len(words) - 1, 0, -1) if words[k][2].lower() in ("the", "a", "an")
                and words[k - 1][2].lower() not in OF_WHOM | PLACE_PREPOSITIONS), None)
    if cut is None:
        return cue
    return Cue("nominal", text[words[cut][0] : cue.end], words[cut][0], cue.end, cue.verb)
