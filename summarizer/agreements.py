"""Agreements: which sentences may state one (the question is asked only then), the dates the
text writes for them, joint titles, and what is not an agreement's title."""

from __future__ import annotations

import re
from typing import Any

from rapidfuzz import fuzz

from .folding import plain
from .countries import country_name
from .lexicon import (
    AGREEMENT_NOUNS, CONCLUDING_VERBS, GATHERING_PLACES, GATHERING_WORDS, LEGAL_DOCUMENTS, LOCATIVE_PREPOSITIONS,
    MONTHS, NUMBER_WORDS, PARTY_VERBS, PLURAL_PARTIES, PROTOCOL_DETERMINERS,
)
from .names import as_written, is_mentioned, same_entity
from .participants import canonical_name
from .people import cast_of, name_runs, tokens
from .quotes import find_quotes
from .sentences import sentences

_NOUNS = "|".join(sorted({*AGREEMENT_NOUNS, *AGREEMENT_NOUNS.values()}))  # 'agreement', 'agreements', 'mou' ...
_AGREEMENT_NOUN = re.compile(r"\b(%s)\b" % _NOUNS, re.IGNORECASE)
_CONCLUDING = re.compile(r"\b(%s)\b" % "|".join(sorted(CONCLUDING_VERBS)), re.IGNORECASE)
_LEGAL_DOCUMENT = re.compile(r"\b(%s)s?\b" % "|".join(sorted(LEGAL_DOCUMENTS)), re.IGNORECASE)
_SINGULAR = {plural: singular for singular, plural in AGREEMENT_NOUNS.items()}
_JOINT_TITLE = re.compile(
    r"^(?P<first>.+?)\s+and\s+(?P<second>.+?)\s+(?P<noun>%s)$" % "|".join(sorted(_SINGULAR)),
    re.IGNORECASE,
)


_PARTY_VERB = re.compile(r"\b(%s)\b" % "|".join(sorted(PARTY_VERBS)))
_PASSIVE_AGENT = re.compile(
    r"\b(?:was|were|been|being|is|are)\s+(?:\w+ly\s+)?(?:%s)\s+(?:[^,;]{0,40}?\s)?by\s+(?P<agent>[^,;]+)"
    % "|".join(sorted(PARTY_VERBS))
)
_REPORTED = re.compile(r"^.*\b(?:said|says|added|told\s+\S+|reported|announced)\s+(?:that\s+)?", re.IGNORECASE)
_ADVERBS = re.compile(r"\s+(?:also|jointly|formally|officially|finally|recently|later|then|have|has|had|will|would)$",
                      re.IGNORECASE)
_PARTNER = re.compile(r"\bwith\s+(?P<partner>[^,;.]+)")
_PLURAL = re.compile(r"(?:the|both|all)(?:\s+of\s+the)?\s+(?:(?P<number>\w+)\s+)?(?P<noun>\w+)", re.IGNORECASE)


def _month_pattern() -> str:
    """'Jan', 'Jan.', 'January', 'Sept' ...: the full name, its first three letters, or the
    abbreviation news copy uses."""
    forms = {form for name, short in MONTHS.items() for form in (name, name[:3], short) if form}
    return r"(?:%s)\.?" % "|".join(sorted(forms, key=len, reverse=True))


_MONTH = _month_pattern()
_DATE = re.compile(
    rf"\b(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?"
    rf"|{_MONTH}\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\b"
)


def _words(words) -> str:
    return "|".join(sorted(map(re.escape, words)))


# Agreement nouns in another sense, each seen on real news where the question was asked for
# nothing: a party's convention, to deal with, a futures contract, a concussion protocol; and,
# unless the sentence concludes something ('signed a huge deal'), 'a big deal', 'a good deal
# of'. Blanked out before a sentence is read for an agreement. Not 'from the ... Convention':
# a country withdraws from a treaty.
_OTHER_SENSES = [
    re.compile(r"(?i)\b(?:%s)(?:\s+national)?\s+conventions?\b" % _words(GATHERING_WORDS)),
    re.compile(r"(?i)\bconventions?\s+(?:%s)\b" % _words(GATHERING_PLACES)),
    re.compile(r"(?i)\b(?:at|during)\s+(?:the|this|that|its|their|his|her)\s+(?:[\w'’-]+\s+){0,4}?conventions?\b"),
    re.compile(r"(?i)\b(?:to|will|would|can|could|must|should|cannot|we|they|you|i)\s+(?:\w+ly\s+)?deal\s+with\b"),
    re.compile(r"(?i)\bfutures?\s+contracts?\b"),
    re.compile(r"\b(?!(?:%s)\b)[\w'’-]+\s+protocols?\b" % "|".join(
        sorted(PROTOCOL_DETERMINERS | {w.capitalize() for w in PROTOCOL_DETERMINERS}))),
]
_IDIOMS = [
    re.compile(r"(?i)\b(?:a|no|any)\s+(?:\w+\s+)?(?:big|bigger|huge)\s+deal\b"),
    re.compile(r"(?i)\b(?:great|good)\s+deal\s+(?:of|more|less)\b"),
]


def not_an_agreement(sentence: str) -> str:
    """The sentence with its agreement nouns in another sense blanked out."""
    for pattern in _OTHER_SENSES + ([] if _PARTY_VERB.search(sentence) else _IDIOMS):
        sentence = pattern.sub(lambda m: " " * len(m.group(0)), sentence)
    return sentence


def states_an_agreement(sentence: str) -> bool:
    """The sentence names an agreement ('a partnership agreement', 'the accord', 'an MoU'), or
    concludes a legal document ('signed the bill into law'); 'a TV signed by both guests' is
    an autograph, not an agreement, and 'the Democratic convention' a gathering."""
    sentence = not_an_agreement(sentence)
    return bool(_AGREEMENT_NOUN.search(sentence) or (_CONCLUDING.search(sentence) and _LEGAL_DOCUMENT.search(sentence)))


def agreement_sentences(text: str, limit: int = 12) -> list[str]:
    """Sentences that may state an agreement; none means the question is not asked."""
    return [s for s in sentences(text) if states_an_agreement(s)][:limit]


_BARE_MENTION = re.compile(r"\b(?:the|this|that)\s+(%s)\b" % _NOUNS, re.IGNORECASE)


def _without_quotations(sentence: str) -> str:
    """The sentence with what it quotes blanked out, read as the quote reader reads marks."""
    for q in reversed(find_quotes(sentence)):
        sentence = sentence[: q.start] + " " * (q.end - q.start) + sentence[q.end :]
    return sentence


def sentences_to_ask_about(text: str, limit: int = 12) -> list[str]:
    """The agreement sentences worth a question: not one whose agreement is only in someone's
    words ('"... with which we have a free trade agreement," he added'), nor one that only
    points back at an agreement ('..., he said, referring to the agreement') without a verb of
    concluding. Each of those made the model offer a quotation as an agreement's title."""
    asked = []
    for sentence in agreement_sentences(text, limit=50):
        narrative = not_an_agreement(_without_quotations(sentence))
        if not states_an_agreement(narrative):
            continue
        if _PARTY_VERB.search(narrative) is None and not _AGREEMENT_NOUN.search(_BARE_MENTION.sub(" ", narrative)):
            continue
        asked.append(sentence)
    return asked[:limit]


def stated_date(text: str, title: str) -> str | None:
    """A date written in a sentence that names the agreement, else None (never guessed)."""
    for sentence in sentences(text):
        m = _DATE.search(sentence) if _names_it(sentence, title) else None
        if m:
            return m.group(0)
    return None


def split_joint_titles(rows: list) -> list:
    """'Double Taxation and Science Agreements' names two agreements: list each one."""
    out = []
    for row in rows:
        m = _JOINT_TITLE.match(row[0].strip())
        if m:
            plural = m.group("noun")
            singular = _SINGULAR[plural.lower()]
            noun = singular.title() if plural[0].isupper() else singular
            noun = "MoU" if singular == "mou" else noun
            out += [(f"{m.group('first')} {noun}", *row[1:]), (f"{m.group('second')} {noun}", *row[1:])]
        else:
            out.append(row)
    return out


def stating_sentences(text: str, title: str) -> tuple[list[str], list[str]]:
    """The sentences that state this agreement (sharing most of its title's words; every
    agreement sentence when none names it so), and the sentence after each ('... signed by the
    library's chair and the college's president')."""
    found = sentences(text)
    stating = [k for k, sentence in enumerate(found) if _names_it(sentence, title)]
    if not stating:
        return [s for s in found if states_an_agreement(s)], []
    return [found[k] for k in stating], [found[k + 1] for k in stating if k + 1 < len(found)]


def _names_it(sentence: str, title: str) -> bool:
    title_words = set(plain(title).split())
    words = set(plain(sentence).split())
    return states_an_agreement(sentence) and bool(title_words) and len(title_words & words) >= len(title_words) / 2


def is_an_agreement_title(text: str, title: str) -> bool:
    """The title names an agreement: it has an agreement's noun ('Double Taxation Agreement',
    'the accord'), or a sentence that states an agreement shares most of its words ('Approving
    the sale of Altay Tank's power pack'). A section heading the model offered ('STRATEGIC
    PARTNERSHIP DEEPENING') is neither."""
    return states_an_agreement(title) or any(_names_it(s, title) for s in sentences(text))


def parties_stated(text: str, title: str, offered: list[str], names: list[str]) -> list[str]:
    """Who the text says concluded the agreement, sentence by sentence of those stating it: as
    the sentence names them (its subject, or the agent of a passive), else the model's parties
    it names other than as a place ('in Geneva'); only then the sentence after each ('The
    agreement was signed by ...')."""
    stating, after = stating_sentences(text, title)
    for sentence in [*stating, *after]:
        found = concluded_by(text, sentence, [*names, *offered]) or [p for p in offered if _names_party(sentence, p)]
        if found:
            return found
    return []


def _names_party(sentence: str, party: str) -> bool:
    places = "|".join(sorted(LOCATIVE_PREPOSITIONS))
    return is_mentioned(party, sentence) and not re.search(rf"\b(?:{places})\s+(?:the\s+)?{re.escape(party)}\b",
                                                          sentence, re.IGNORECASE)


def concluded_by(text: str, sentence: str, known: list[str]) -> list[str]:
    """Who this sentence of the text says concluded the agreement it states: the subject of its
    verb ('Turkey and South Korea signed ...', 'he said Kang Eun-ho, the minister ..., signed
    ...'), or a passive's agent ('... was signed by Helen Marsh'), with the partner of 'an
    agreement with X'. A plural description ('The two diplomats') stands for the people (or
    countries) the text named last before the sentence. Names are the cast's people, the
    ``known`` names (participants, the model's parties) and countries; [] when the sentence
    names none (then the model's parties stand)."""
    start = text.find(sentence)
    passive = _PASSIVE_AGENT.search(sentence)
    verb = _PARTY_VERB.search(sentence)
    if passive:
        subject, after = passive.group("agent"), ""
    elif verb:
        subject, after = _subject(sentence[: verb.start()]), sentence[verb.end():]
    else:
        return []
    described = _PLURAL.fullmatch(subject.strip())
    noun = described.group("noun").lower() if described else ""
    if noun in set().union(*PLURAL_PARTIES.values()):
        return _named_before(text, max(start, 0), noun, described.group("number"))
    titled = cast_of(text).titles.get(noun, set()) if described and not described.group("number") else set()
    if len(titled) == 1:  # 'The governor signed ...', the one person the text gave that title
        return [cast_of(text).full_name(next(iter(titled)))]
    found = _names_in(subject, text, known)
    partner = _PARTNER.search(after)
    if found and partner and _AGREEMENT_NOUN.search(after[: partner.start()]):
        found += [n for n in _names_in(partner.group("partner"), text, known) if n not in found]
    return found


def _subject(before_verb: str) -> str:
    """The subject before a verb: the clause it opens, past a reporting verb ('he said ...'),
    without an appositive ('Kang Eun-ho, the South Korean minister ...,') or an adverb."""
    clause = before_verb.rstrip()
    if clause.endswith(","):
        clause = clause[:-1]
        clause = clause[: clause.rfind(",")] if "," in clause else clause
    clause = _REPORTED.sub("", clause[clause.rfind(",") + 1 :]).strip()
    while _ADVERBS.search(" " + clause):
        clause = _ADVERBS.sub("", " " + clause).strip()
    return clause


def _names_in(span: str, text: str, known: list[str]) -> list[str]:
    """The people, known names and countries this span names, in its order, each once in its
    fullest form."""
    cast = cast_of(text)
    words = tokens(span, 0, len(span))
    runs = [span[words[i][0] : words[j - 1][1]] for i, j in name_runs(span, words)]
    found: list[str] = []
    for run in runs:
        candidates = [n for n in [*cast.people, *known] if is_mentioned(n, run) and same_entity(n, run)]
        name = max(candidates, key=len) if candidates else (run if country_name(run, text) else None)
        if name and not any(same_entity(name, f) for f in found):
            found.append(name)
    return found


def _named_before(text: str, offset: int, noun: str, number: str | None) -> list[str]:
    """The last ``number`` (two by default) different people, or countries, named before
    ``offset``: what 'the two diplomats' or 'the two countries' stand for (fewer when the text
    named fewer)."""
    wanted = NUMBER_WORDS.get((number or "two").lower(), 2)
    cast = cast_of(text)
    if noun in PLURAL_PARTIES["person"]:
        named = [(m.start, cast.full_name(m.name)) for m in cast.mentions if m.start < offset]
    else:
        words = tokens(text, 0, offset)
        named = [(words[i][0], text[words[i][0] : words[j - 1][1]]) for i, j in name_runs(text, words)]
        named = [(at, run) for at, run in named if country_name(run, text)]  # as written: 'U.S.', not 'United States'
    chosen: list[str] = []
    for _, name in sorted(named, reverse=True):
        if not any(same_entity(name, c) for c in chosen):
            chosen.append(name)
    if not chosen:
        return []
    first = {name: min(at for at, n in named if n == name) for name in chosen[:wanted]}
    return sorted(chosen[:wanted], key=first.get)  # in the order the text introduced them


def is_quoted_speech(title: str, quoted: list[str]) -> bool:
    """A small model sometimes offers a quoted sentence as an agreement's title, even with a
    word changed ('... with which we have a free trade deal')."""
    words = plain(title)
    return len(words.split()) > 8 and any(fuzz.partial_ratio(words, q) >= 90 for q in quoted)


def agreements_from_rows(
    rows: list[tuple[str, list[str], str]], quoted: list[str], names: list[str], text: str,
    warnings: list[str] | None = None,
) -> list[dict[str, Any]]:
    """Agreements from the model's rows: joint titles split, each title once, no quoted
    sentence as a title, parties as the article writes them and as the participants are named,
    dates only as the text states them."""
    agreements, seen_titles = [], set()
    quoted = [plain(q) for q in quoted]
    rows = [(title, [party for party in parties if party.strip()], status) for title, parties, status in rows]
    for title, parties, status in split_joint_titles(rows):
        if not plain(title) or plain(title) in seen_titles or is_quoted_speech(title, quoted):
            continue
        if not is_an_agreement_title(text, title):
            if warnings is not None:
                warnings.append(f"agreement {title!r} dropped: the article does not state it as an agreement")
            continue
        seen_titles.add(plain(title))
        stated = parties_stated(text, title, parties, names)
        dropped = [p for p in parties if not any(same_entity(p, s) for s in stated)]
        parties = stated
        if warnings is not None:
            warnings += [f"party {p!r} of {title!r} dropped: the sentences stating it do not name it" for p in dropped]
        agreements.append(
            {
                "title": title,
                "parties": _unique([canonical_name(as_written(p, text), names) for p in parties]),
                "status": status,
                "date": stated_date(text, title),
            }
        )
    return agreements


def _unique(values: list[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        if v not in out:
            out.append(v)
    return out
