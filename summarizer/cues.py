"""Reading the attribution cue of one quotation, with the offsets of the words that name who.

News writes attribution in a few fixed shapes: '"...," Smith said.', '"...," he added.',
'Smith said that "..."', 'said Mr. Smith', 'said oil and gas worker Jim Bob', '"...," the
mayor said', 'a spokesperson for X said', and in roundups a signature line '"..." ― Smith'.
A cue says who in one of three ways: a name, a pronoun (he/she), or a nominal ('the mayor',
'a spokesperson for Eastbrook'). Whether that settles the speaker is attribution's business.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .appositives import described_person
from .clauses import coordinated_subject, described_subject, main_clause_subject
from .cue_words import (
    Cue, after_a_preposition, before_a_parenthesis, before_a_tag, is_reporting_participle, reporting_participle, response_of,
    when_or_how,
)
from .lexicon import (
    AUXILIARIES,
    FORMS_OF_BE,
    LEAD_INS,
    LEADING_TITLES,
    NAME_PARTICLES,
    NOT_NAMES,
    PLACE_PREPOSITIONS,
    PUBLISHED_NOUNS,
    PUBLISHING_VERBS,
    SPEAKER_PRONOUNS,
    SPEECH_VERBS,
    STATEMENT_NOUNS,
    SUBORDINATORS,
    TAG_VERBS,
    TELLING_VERBS,
)
from .folding import plain
from .names import honorific_sex, is_particle_surname
from .nominals import CONJUNCTIONS, nominal, plain_nouns
from .people import capitalized, cast_of, name_runs, person_part, tokens
from .quotes import QuoteSpan
from .sentences import sentence_after_end, sentence_before_start

Word = tuple[int, int, str]
_DETERMINERS = {"a", "an", "the", "one", "another", "his", "her", "their", "its", "our", "two", "three", "several"}
OF_WHOM = {"for", "of", "with", "at", "from"}  # 'a spokesperson for Eastbrook': the name is not the speaker
_POSSESSIVES = {"his": "he", "her": "she"}
_SUBORDINATORS = {"when", "whenever", "where", "because", "if", "unless", "until", "after", "before", "although"}  # '"...," when X blasted him'
# Subordinators that are never a preposition ('after the meeting the mayor said'): a clause opens after them
_CLAUSE_OPENERS = SUBORDINATORS - PLACE_PREPOSITIONS - {"as", "until", "after", "before"} | {"whenever"}
_OPENING_MARKS = " \"'\u201c\u2018\u201e\u00ab\u00bb"
_MAX_TITLED_NAME = 8  # words before the verb: 'Rally Canada volunteer media coordinator Tom Hinderks said'


def find_cue(text: str, quote: QuoteSpan) -> Cue | None:
    """The cue in the quotation's sentence, nearest first: after the closing mark ('..." Smith
    said'), in a later clause ('"..." in the field, he said'), a signature line, then before
    the opening mark ('Smith said "...')."""
    after_end = sentence_after_end(text, quote.end)
    after = tokens(text, quote.end, after_end)
    return (
        cue_after(text, quote.end, after)
        or _cue_in_later_clause(text, after)
        or _signature(text, quote.end)
        or _cue_before(text, tokens(text, sentence_before_start(text, quote.start), quote.start))
        or _introduced_above(text, quote.start)
    )


def _introduced_above(text: str, start: int) -> Cue | None:
    """'The New York Times reports:' ending the paragraph before one the quotation opens: the
    cue of a block quotation."""
    line_start = text.rfind("\n", 0, start) + 1
    above = text[:line_start].rstrip()
    if not above.endswith(":") or text[line_start:start].strip(_OPENING_MARKS):
        return None
    return _cue_before(text, tokens(text, sentence_before_start(text, len(above) - 1), len(above)))


def _is_verb(word: str) -> bool:
    return word in SPEECH_VERBS


def cue_after(text: str, end: int, words: list[Word]) -> Cue | None:
    """The cue right after ``end`` (the words after it): '"...," Smith said', '..., said Mr.
    Smith', '..., Smith, 59, said'."""
    if not words or re.search(r"[A-Za-z0-9]", text[end : words[0][0]]):
        return None
    k = 1 if _is_verb(words[0][2]) else response_of(words)  # '"...!" was the response of one jolly viewer'
    if k:  # '"...," said Mr. Smith' / 'said oil and gas worker Jim Bob'
        return subject_after(text, words[k : k + 8], words[0][2] if k == 1 else "said")
    if words[0][2].lower() in PLACE_PREPOSITIONS | _SUBORDINATORS:  # '"..." in the field, he said': a later clause
        return None
    # a name's particles and a party tag do not count ('Gov. Omar bin Rashid al-Zahra (R-IN) said')
    uncounted = sum(w[2] in NAME_PARTICLES or bool(re.search(r"\([^()]*$", text[end : w[0]]))
                    for w in words[: _MAX_TITLED_NAME + 4])
    for n in range(1, min(_MAX_TITLED_NAME + uncounted + 1, len(words))):  # '"...," Smith said' / '"...," Smith, 59, said'
        verb = words[n][2]
        read = verb in ("read", "reads") and words[n - 1][2] in STATEMENT_NOUNS  # '"...," her statement read'
        read = read or verb in TAG_VERBS  # '"...," he remarks': after the quotation only ('Mr. Obama's remarks')
        if not (_is_verb(verb) or read) and not (verb.endswith("ly") and n + 1 < len(words) and _is_verb(words[n + 1][2])):
            continue
        if words[n - 1][2] == "and":  # '"..." often in his campaign, and criticized': the sentence's subject's
            return None
        cut = before_a_parenthesis(text, words, n)  # 'Gwen Moore (D-Wis.) said'
        subject = before_a_tag(text, whole := _before_appositive(text, words[:cut]))  # 'Anna Berg (Green), 41, said'
        if n > 5 and len(whole) < cut:  # 'Donna Rawlings, 59, of Ashton, Md., said'
            return _cue_after_appositive(text, words)
        cue = subject_of(text, subject, verb if _is_verb(verb) or read else words[n + 1][2])
        # past five words only a name next to the verb: 'Barron County District Attorney Brian Wright said'
        return cue if n <= 5 or (cue is not None and cue.kind == "name") else None
    return _cue_after_appositive(text, words)


def _cue_after_appositive(text: str, words: list[Word]) -> Cue | None:
    """'"...," Harry J. Kazianis, director of defence studies at the Centre, said': a name, a
    description between commas, then the verb."""
    whole = _before_appositive(text, words[:6])
    head = before_a_tag(text, whole)  # 'Rep. Jim Jordan (R-Ohio), a panel member, said'
    if not head or len(whole) == len(words) or not (head[0][2][:1].isupper() or head[0][2] in NAME_PARTICLES):
        return None  # 'Smith, ...' and 'van Dijk, a top Trump surrogate, said'
    rest = words[len(whole) : len(whole) + 25]
    for k in range(1, len(rest)):
        if "," in text[rest[k - 1][1] : rest[k][0]]:
            if _is_verb(rest[k][2]):
                return subject_of(text, head, rest[k][2])
            break
    # more than one description: '"...," Sen. Debbie Stabenow, D-Mich., a member of the team, said'
    verb = next((k for k in range(1, min(30, len(words))) if _is_verb(words[k][2])
                 and "," in text[words[k - 1][1] : words[k][0]]), None)
    person = described_person(text, words, verb, words[0][0]) if verb is not None else None
    return Cue("name", person.name, person.start, person.end, words[verb][2]) if person else None


def _before_appositive(text: str, words: list[Word]) -> list[Word]:
    """'Smith, a lawyer, said': the words before the first comma."""
    for k in range(1, len(words)):
        if "," in text[words[k - 1][1] : words[k][0]]:
            return words[:k]
    return words


def subject_after(text: str, words: list[Word], verb: str) -> Cue | None:
    """After 'said': a name ('Mr. Smith'), a description then a name ('oil and gas worker Jim
    Bob'), or a nominal ('a spokesperson for Eastbrook', 'the mayor')."""
    words = _before_appositive(text, words)
    titled = next((k for k, w in enumerate(words) if w[2] in ("titled", "entitled")), None)
    words = words[:titled]  # 'says a document titled White Paper: ...': the document, not its title
    if not words:
        return None
    if len(words) == 1 and words[0][2].lower() in SPEAKER_PRONOUNS:
        return subject_of(text, words, verb)
    if words[0][2][:1].isupper() or is_particle_surname(words[0][2]):  # 'says al-Hashimi'
        runs = name_runs(text, words)
        k = 0  # 'said Suncor spokesperson Pierre Gignac': the run after the description
        while k + 1 < len(runs) and runs[k + 1][0] - runs[k][1] <= 3 and all(
            w[2][:1].islower() and w[2].lower() not in OF_WHOM | PLACE_PREPOSITIONS | CONJUNCTIONS
            for w in words[runs[k][1] : runs[k + 1][0]]
        ) and runs[k + 1][0] > runs[k][1]:
            k += 1
        return _name(text, words[runs[k][0]:] if runs else words, verb)
    first_capital = next((k for k, w in enumerate(words) if w[2][:1].isupper()), None)
    if first_capital is not None and words[first_capital - 1][2].lower() not in OF_WHOM | _DETERMINERS | PLACE_PREPOSITIONS:
        return subject_of(text, words[first_capital:], verb)  # the name after the description
    return nominal(text, words, verb)


def _trim_before_verb(words: list[Word]) -> list[Word] | None:
    """The subject without the adverbs and auxiliaries before the verb ('Gibson also', 'Mr.
    Scheer has'); None when the verb is passive ('he was described as')."""
    words = list(words)
    while words and words[-1][2][:1].islower() and (  # capitalized, 'May' is a name, not 'may'
            words[-1][2] in AUXILIARIES or words[-1][2] in LEAD_INS or words[-1][2].endswith("ly")):
        words.pop()
    if words and words[-1][2].lower() in FORMS_OF_BE:
        return None
    return words


def subject_of(text: str, words: list[Word], verb: str) -> Cue | None:
    """The subject these words are, right before a verb of saying: a pronoun; a person's
    statement ('her statement said': her words); a name, the run of capitals next to the verb, with
    what describes it before dropped ('Crown prosecutor Michael Pilon', 'Kelowna Rockets general
    manager Bruce Hamilton'); or a nominal ('the company', 'a spokesperson for Eastbrook')."""
    words = _trim_before_verb(words)
    if not words:
        return None
    first = words[0][2].lower()
    if len(words) == 1 and first in SPEAKER_PRONOUNS:
        return Cue("pronoun", words[0][2], words[0][0], words[0][1], verb)
    if len(words) == 2 and first in _POSSESSIVES and words[1][2].lower() in STATEMENT_NOUNS:
        return Cue("pronoun", _POSSESSIVES[first], words[0][0], words[1][1], verb)
    if _authored_statement(text, words):
        words = words[:-1]  # 'The RCMP statement said': the RCMP's words ('the book said' stays a nominal)
    runs = name_runs(text, words)
    if runs and runs[-1][1] == len(words):
        start = runs[-1][0]
        of = start - 2 if start > 1 and words[start - 1][2].lower() in ("the", "a", "an") else start - 1
        if of < 0 or words[of][2].lower() not in OF_WHOM:
            return _name(text, words[start:], verb)
        person = person_part(words, 0, runs[0][1], text) if runs[0][0] == 0 and words[runs[0][1]][2] == "of" else None
        if person and (person[1] - person[0] >= 2 or person[2]):  # not 'Friends of the Earth said'
            return _name(text, words, verb)  # 'Mr. Morgan of the Sierra Club said': the person
    return nominal(text, words, verb)


def _authored_statement(text: str, words: list[Word]) -> bool:
    """A name right before a statement noun: 'The RCMP statement', 'the Kremlin's statement';
    not a paper ('The New York Post') nor a clause ('the Council issued a statement')."""
    if len(words) < 2 or words[-1][2] not in STATEMENT_NOUNS:  # lower case: 'Post' is a paper
        return False
    runs = name_runs(text, words[:-1])
    return bool(runs) and runs[-1][1] == len(words) - 1 and any(
        w[2] not in NOT_NAMES for w in words[runs[-1][0] : runs[-1][1]])


def _name(text: str, words: list[Word], verb: str) -> Cue | None:
    """The name run the words open with ('Trần Thị Mai of the GreenHub network' -> 'Trần Thị
    Mai'), without titles or a possessive before it, nor what follows 'of' after a person's
    name ('Jingyi Pan of IG')."""
    runs = name_runs(text, words)
    if not runs or runs[0][0] != 0:
        return None
    words = words[: runs[0][1]]
    of = next((k for k, w in enumerate(words) if w[2] == "of"), None)
    if of is not None and of >= 2 and person_part(words, 0, of, text) is not None:
        words = words[:of]
    part = person_part(words, 0, len(words), text)
    if part is None:  # an organization or a country speaks too ('the Halden Transit Commission said')
        run = [w for w in words if w[2] not in NOT_NAMES]
        if not run or run[0][2] in NOT_NAMES:
            return None
        return Cue("name", text[run[0][0] : run[-1][1]], run[0][0], run[-1][1], verb)
    i, j, _titles = part
    if i > 0 and honorific_sex(words[i - 1][2]):  # 'Mr. Obama' keeps what tells him from Mrs. Obama
        i -= 1
    return Cue("name", text[words[i][0] : words[j - 1][1]], words[i][0], words[j - 1][1], verb)


def _cue_in_later_clause(text: str, words: list[Word]) -> Cue | None:
    """'Describing X as an "important partner" in the field, he said ...'"""
    for k in range(1, min(len(words), 14)):
        if "," in text[words[k - 1][1] : words[k][0]]:
            clause = words[k : k + 6]
            for n in range(1, len(clause)):
                if _is_verb(clause[n][2]):
                    cue = subject_of(text, clause[:n], clause[n][2])
                    return cue if cue is not None and cue.kind != "nominal" else None
            return None
    return None


def _signature(text: str, end: int) -> Cue | None:
    """'"..." ― Sonya Herridge' ending the line: a signature, as in reader roundups and epigraphs."""
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    m = re.compile(r"\W{0,2}\s*[\u2015\u2014\u2013]\s*(.{2,60}?)[.,]?\s*").fullmatch(text, end, line_end)
    if not m:
        return None
    words = tokens(text, m.start(1), m.end(1))
    names_only = words and all(capitalized(w[2]) or w[2] in NAME_PARTICLES for w in words)  # 'Joris de Jong'
    return _name(text, words, "\u2015") if names_only else None


def _cue_before(text: str, words: list[Word]) -> Cue | None:
    """'Smith said: "..."', 'The mayor told reporters "..."', 'she added, "..."': the nearest
    verb of saying before the quotation, and who stands before it. After a participle that
    reports ('Freeland says Canada has asked China to ..., calling it "inhumane"'), the
    subject of the sentence's first verb of saying: the participle goes with the main clause."""
    inverted = _verb_then_subject(text, words)
    if inverted is not None:
        return inverted
    participle = reporting_participle(text, words)
    if participle is not None:
        for i in range(1, participle):
            if _is_verb(words[i][2]):
                cue = subject_before(text, words, i)
                if cue is not None:
                    return cue
        cue = main_clause_subject(text, words, participle)
        if cue is not None:
            return cue
    for i in range(len(words) - 1, 0, -1):
        publisher = _publisher(text, words, i) if is_reporting_participle(words[i][2]) else None
        if publisher is not None:
            return publisher
        if is_reporting_participle(words[i][2]) and i > 0 and words[i - 1][2][:1].isupper() and \
                not text[words[i - 1][1] : words[i][0]].strip():  # not 'attacked Trump, saying
            cue = _name_before(text, words, i)  # 'footage of Hillary Clinton asking, "..."'
            if cue is not None:
                return cue
        with_ = next((j for j in range(max(0, i - 7), i - 1) if words[j][2] == "with"), None) \
            if is_reporting_participle(words[i][2]) else None
        cue = subject_of(text, words[with_ + 1 : i], words[i][2]) if with_ is not None else None
        if cue and (cue.kind != "nominal" or any(plain(w) in LEADING_TITLES for w in cue.words.split())):
            return cue  # 'with a spokesperson for the camp describing the scene as', not 'with softer language calling for'
        if _is_verb(words[i][2]) and (not words[i][2].endswith("ing") or words[i - 1][2] in FORMS_OF_BE):
            cue = subject_before(text, words, i) or described_subject(text, words, i) or coordinated_subject(text, words, i)
            if cue is not None:
                return cue
    return None


def _publisher(text: str, words: list[Word], participle: int) -> Cue | None:
    """'The foreign ministry's consular-affairs office also published a notice Tuesday saying that
    ... "arbitrarily detained"': a document's words are its publisher's, the subject before
    the verb that published it."""
    verb = next((k for k in range(participle - 1, max(0, participle - 6), -1) if words[k][2] in PUBLISHING_VERBS), None)
    if verb is None or not any(plain(w[2]) in PUBLISHED_NOUNS for w in words[verb + 1 : participle]):
        return None
    first = next((k for k in range(verb - 1, 0, -1) if "," in text[words[k - 1][1] : words[k][0]]), 0)
    subject = words[first:verb]  # 'Following a swiftly called, late-afternoon meeting, the Security Council issued'
    while subject and subject[-1][2] in AUXILIARIES | LEAD_INS:
        subject = subject[:-1]  # 'also', 'has'
    person = main_clause_subject(text, words, verb)
    return replace(person, verb=words[participle][2]) if person else nominal(text, subject, words[participle][2])


def _verb_then_subject(text: str, words: list[Word]) -> Cue | None:
    """'According to Limbaugh, "..."', 'Said Ellis: "..."', 'Rather than rows of desks, asks
    Policy Options editor Jennifer Ditchburn, "..."': who, named right before the quotation,
    after the verb."""
    if not words or text[words[-1][1] : words[-1][1] + 1] not in (",", ":"):
        return None
    starts = [k + 2 for k in range(len(words) - 2) if [w[2].lower() for w in words[k : k + 2]] == ["according", "to"]]
    if starts and len(words) - starts[-1] <= 8:
        return subject_of(text, words[starts[-1]:], "according to")
    verb = next((k for k in range(len(words) - 2, max(-1, len(words) - 10), -1)
                 if _is_verb(words[k][2]) or (k == 0 and words[k][2] == "Said")), None)
    if verb is None or words[verb][2] in TELLING_VERBS or not (
            verb == 0 or text[words[verb - 1][1] : words[verb][0]].strip() == ","):
        return None  # 'Said Ellis:' opens its sentence; ', asks X,' follows a clause; not ', told reporters:'
    cue = subject_after(text, words[verb + 1 :], words[verb][2].lower())
    colon = text[words[-1][1] : words[-1][1] + 1] == ":"
    return None if cue is not None and cue.kind == "nominal" and colon else cue  # ', added a line: "...


def _name_before(text: str, words: list[Word], i: int) -> Cue | None:
    """The person named right before a participle: 'footage of Hillary Clinton asking, "..."';
    "He's calling it ..." (a progressive, 'Clinton is describing as "unhinged"', has its subject
    read as any verb's; 'by calling out' has none; 'in Libya calling' is a place)."""
    before = words[i - 1]
    pronoun = re.match(r"(he|she)['\u2019]s$", before[2], re.IGNORECASE)
    if pronoun:
        return Cue("pronoun", pronoun.group(1), before[0], before[0] + len(pronoun.group(1)), words[i][2].lower())
    person = next((m for m in cast_of(text).mentions if m.end == before[1]), None)
    return Cue("name", person.name, person.start, person.end, words[i][2].lower()) if person else None


def subject_before(text: str, words: list[Word], i: int, wider: bool = False) -> Cue | None:
    """Who stands before the verb of saying ``words[i]`` in its clause ('Smith said', 'the
    mayor told', 'In Seoul, Mr. Kim also said'); None when nobody does, or only a place or a
    date ('on the Mall said'). ``wider`` (statements): also a noun without a determiner
    ('police said', 'local residents say') and a subject after a sentence's opening word ('But
    the school's defenders said')."""
    verb, i = i, before_a_parenthesis(text, words, i)  # 'Rep. Gwen Moore (D-Wis.) said'
    progressive = words[verb][2].endswith("ing")
    while i > 1 and (when_or_how(words[i - 1][2]) or (progressive and words[i - 1][2] in FORMS_OF_BE)) \
            and not text[words[i - 1][1] : words[i][0]].strip():
        i -= 1  # 'Sanders on Tuesday said', 'Cruz has long said', 'Officials last week said' (not '..., said')
    k = i
    while k > 0 and i - k < 8 and "," not in text[words[k - 1][1] : words[k][0]] and not _is_verb(words[k - 1][2]) \
            and words[k - 1][2] not in _CLAUSE_OPENERS:
        k -= 1  # 'I was at a barbecue when a friend wondered loudly, "...': the clause's subject
    subject = words[k:i]
    while wider and len(subject) > 1 and subject[0][2].lower() not in _DETERMINERS and (
            subject[0][2] in NOT_NAMES or subject[0][2].lower() in LEAD_INS):
        subject = subject[1:]
    if subject and subject[-1][2].lower() in SPEAKER_PRONOUNS:
        subject = subject[-1:]
    elif subject and not capitalized(subject[0][2]) and subject[0][2].lower() not in _DETERMINERS:
        capital = next((n for n, w in enumerate(subject) if capitalized(w[2])), None)  # 'al-Shabaab' too
        while capital and subject[capital - 1][2] in NAME_PARTICLES:
            capital -= 1  # '... but de Vries says'
        subject = subject[capital:] if capital is not None else plain_nouns(subject) if wider else []
    after_comma = k > 0 and "," in text[words[k - 1][1] : words[k][0]]
    if subject and not after_comma and after_a_preposition(words, k):
        return None
    if not subject or subject[-1][2].lower() in ("and", "but"):  # '..., and added:', 'bemoaned the unrest in X and said'
        return None
    cue = subject_of(text, subject, words[verb][2].lower())
    return cue if cue is not None and cue.words not in NOT_NAMES else None
