"""Who said each quotation, decided the way an editor reads it; the model only where the text
leaves it open, and then with the candidates the text allows.

In order: a transcript turn's label names its speaker unless a cue says otherwise; a stage
direction is nobody's words; a cue that names someone settles it; 'he'/'she' goes to the
person the text last made its subject, if the text's own evidence of sex fits (Mr./Ms., 'his
wife', 'Smith said he ...') and nobody else could be meant; 'the mayor said' goes to the one
person the article calls mayor; a nominal ('a spokesperson for X') is kept as the speaker; a
quotation that continues the one before (same paragraph, or a paragraph the last one ran
into) has its speaker; a short quoted phrase with no reporting word near it is a title. The
rest is open: the model is asked, with the people in scope as candidates, most recent first.
A pronoun never reaches back across a section label ('WATCH: ...', a subheading).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .countries import country_name
from .cues import Cue, find_cue
from .descriptions import (
    may_be_organization,
    named_next,
    organization_described,
    previous_paragraph_start,
    published_by,
    speaker_described,
    titled_person,
)
from .folding import plain
from .headlines import HEADLINE_LABEL, headline_speaker, in_a_link, is_headline
from .lexicon import PARTY_AFFILIATIONS, REPORTING_WORDS, SECTION_WORDS, SPEECH_VERBS, WEEKDAYS
from .names import is_organization
from .nominals import holds_a_verb
from .people import POSSESSIVE, Cast, cast_of, name_runs, tokens
from .quotes import QuoteSpan
from .schemas import NOT_SPEECH
from .titles import a_subheading, a_title_in_a_sentence, alone_in_paragraph, looks_like_a_title, paragraph_span
from .sentences import sentence_after_end, sentence_before, sentence_before_start, sentence_ends

_STAGE_DIRECTION = re.compile(r"^[(\[][^()\[\]]*[)\]]\.?$")
# '"...," it said': an organization's words, never a person's (the nearest person was given them)
_IT = r"\bit\s+(?:\w+ly\s+|also\s+)?"  # 'it said', 'it also said', 'it previously said'
_IT_SAID = re.compile(r"^[\"'\u201d\u2019]?\s*,?\s*%s(?:%s)\b" % (_IT, "|".join(sorted(SPEECH_VERBS))))
# 'It urged Chinese citizens to ... "...', 'However, it also said these factors "...', 'what it called "...'
_IT_SAYS = re.compile(r"(?i)^\W*(?:\w+,\s+)?{it}(?:{v})\b|\b{it}(?:{v})\W*$".format(
    it=_IT, v="|".join(sorted(SPEECH_VERBS))))
IT_BEFORE_A_CUE = re.compile(r"(?i)%s$" % _IT)  # a statement's 'It said the line ...'
_PRONOUN_SEX = {"he": "m", "she": "f", "his": "m", "her": "f"}
MAX_CANDIDATES = 5


@dataclass(frozen=True)
class Decision:
    speaker: str | None  # a name as the article writes it, NOT_SPEECH, or None: open
    source: str = "cue"  # "cue": the text says so; "model": the model was asked
    mention: tuple[int, int] | None = None  # the article's words naming the speaker
    candidates: tuple[str, ...] = ()  # for an open quotation: who the text allows, likeliest first
    hint: str = ""  # the cue as written ('she said'), for the model
    follows: int | None = None  # continues the speaker of this earlier quotation (an open one)
    start: int | None = None  # where the quoted words start, when a label turned out to be words
    nominal: bool = False  # the speaker is a description ('A spokesperson for X'), not a name


def attribute(text: str, quotes: list[QuoteSpan]) -> list[Decision]:
    """A decision for each quotation, in order; open ones (speaker None) await the model."""
    cast = cast_of(text)
    sexes = dict(cast.sex)
    decisions: list[Decision] = []
    for index in range(len(quotes)):
        previous = _previous_speech(quotes, index)
        running = previous is not None and decisions[previous].speaker != NOT_SPEECH
        decided = _decide(text, cast, sexes, quotes, index, previous if running else None)
        if decided.hint == "it said":
            decided = _it_is_the_last_organization(text, cast, quotes, decisions, index, decided)
        decisions.append(decided)
    return decisions


def _it_is_the_last_organization(text: str, cast: Cast, quotes: list[QuoteSpan], decisions: list[Decision],
                                 index: int, decided: Decision) -> Decision:
    """'The foreign ministry's consular-affairs office also published a notice ... "...". It urged
    Chinese citizens to ... "...": 'it' is the organization that last spoke, in this paragraph or
    the one before: a description is that speaker as written (it is no name a candidate could
    be), a name comes first among the candidates; never a person."""
    window = previous_paragraph_start(text, quotes[index].start)
    for k in range(index - 1, -1, -1):
        if quotes[k].start < window:
            break
        before = decisions[k]
        if before.nominal and before.speaker != NOT_SPEECH:
            return replace(before, follows=None, candidates=(), hint="", start=decided.start)
        if before.speaker and before.speaker != NOT_SPEECH and may_be_organization(cast, before.speaker):
            return replace(decided, candidates=tuple(dict.fromkeys((before.speaker, *decided.candidates))))
    return decided


def _previous_speech(quotes: list[QuoteSpan], index: int) -> int | None:
    """The quotation before this one, passing over stage directions ('(CROSSTALK.)')."""
    k = index - 1
    while k >= 0 and _STAGE_DIRECTION.match(quotes[k].text):
        k -= 1
    return k if k >= 0 else None


def _decide(text: str, cast: Cast, sexes: dict, quotes: list[QuoteSpan], index: int, previous: int | None) -> Decision:
    """``previous``: the quotation before, when it is someone's words (this one may continue it)."""
    quote = quotes[index]
    if _STAGE_DIRECTION.match(quote.text) or in_a_link(text, quote.start):
        return Decision(NOT_SPEECH)
    cue = find_cue(text, quote)
    label = _label_start(text, quote)
    if label is not None and cue is None and _is_speaker_label(quote.label, text):
        return Decision(quote.label.title(), mention=(label, label + len(quote.label)))
    start = label if label is not None else None
    if cue is None and (_IT_SAID.match(text[quote.end : quote.end + 40])  # '"...," it said'
                        or _IT_SAYS.search(sentence_before(text, quote.start))):  # 'It urged ... "...
        return Decision(None, source="model", candidates=organizations_before(text, cast, quote.start), hint="it said",
                        start=start)
    if cue is None:
        if previous is not None and _continues(text, quotes[index - 1], quote):  # (a stage direction between)
            return _new_subject(text, cast, quotes[index - 1], quote, start) or _following(previous, start)
        opening = text[: paragraph_span(text, 0)[1]]  # a headline's quoted words are someone's ('Pence: ...')
        in_body = quote.paragraph > 0 or not (is_headline(opening) or HEADLINE_LABEL.search(opening))
        if looks_like_a_title(text, quote) and in_body or a_subheading(text, quote) or a_title_in_a_sentence(text, quote):
            return Decision(NOT_SPEECH)
        if previous is not None and _speaks_on(text, cast, quotes[previous], quote):
            return _following(previous, start)
        headline = headline_speaker(text, cast, quote)
        return Decision(headline[0], mention=headline[1]) if headline else _open(cast, quote.start, "", start)
    if a_title_in_a_sentence(text, quote) or cue.kind == "nominal" and len(quote.text.split()) <= 4 and holds_a_verb(cue.words):
        return Decision(NOT_SPEECH)  # 'rated 32% of Republican claims as "false"': no one says the word
    decided = speaker_from_cue(text, cast, sexes, cue, quote.start)
    return replace(decided, start=start)


def _new_subject(text: str, cast: Cast, before: QuoteSpan, quote: QuoteSpan, start: int | None) -> Decision | None:
    """'"...," says House. Durning did not need much coaxing. "I'm thankful ..."': a sentence
    between the two quotations whose subject is a person of the cast hands the next words to
    that person."""
    since = sentence_after_end(text, before.end)
    between = [m for m in cast.mentions if since <= m.start < quote.start and m.subject]
    ends = sentence_ends(text[between[-1].end : quote.start]) if between else []
    if not ends or text[between[-1].end + ends[-1].end() : quote.start].strip(" \"'\u201c\u2018\u00ab"):
        return None  # the quotation opens its own sentence: not 'X led Y to fear a "..."'
    m = between[-1]
    return Decision(cast.full_name(m.name), mention=(m.start, m.end), start=start)


def _following(previous: int, start: int | None) -> Decision:
    return Decision(None, follows=previous, start=start)


def _speaks_on(text: str, cast: Cast, before: QuoteSpan, quote: QuoteSpan) -> bool:
    """A paragraph that is one quotation and nothing else, right after a paragraph that ended
    with someone's quotation, naming nobody new in between: the same voice goes on. Sentences of
    background after that quotation's own ('"...," said Hadwin. Silverman and Svensson have also
    won.') do not stop it; one that reports speech, or names someone the article had not, does."""
    if quote.paragraph != before.paragraph + 1:
        return False
    prev_start, prev_end = paragraph_span(text, before.start)
    ends = sentence_ends(text[before.end : prev_end])  # its last sentence ('Harry J. Kazianis said')
    ended_with_it = not ends or _background(text, cast, before.end + ends[0].end(), prev_end)
    return alone_in_paragraph(text, quote) and ended_with_it


def _background(text: str, cast: Cast, start: int, end: int) -> bool:
    """Sentences that report no one's words and name only people named before them."""
    reports = any(w.lower() in REPORTING_WORDS for w in re.findall(r"[^\W\d_]+", text[start:end]))
    here = [m for m in cast.mentions if start <= m.start < end]
    known = {cast.full_name(m.name) for m in cast.mentions if m.start < start}
    return not reports and all(cast.full_name(m.name) in known for m in here)


def _label_start(text: str, quote: QuoteSpan) -> int | None:
    if not quote.label:
        return None
    found = text.rfind(quote.label, 0, quote.start)
    return found if found >= 0 else None


def _is_speaker_label(label: str, text: str) -> bool:
    """'PENCE: ...' names a speaker; 'BREAKING: ...', 'WATCH: ...' or 'USA: ...' do not."""
    return plain(label) not in SECTION_WORDS and country_name(label, text) is None


def _continues(text: str, before: QuoteSpan, quote: QuoteSpan) -> bool:
    """Same paragraph, or the previous quotation ran to its paragraph's end unclosed and this
    one opens the next paragraph."""
    if quote.paragraph == before.paragraph:
        return True
    return not before.closed and quote.paragraph == before.paragraph + 1 and \
        not text[text.rfind("\n", 0, quote.start) + 1 : quote.start].strip(" \"\u201c\u00ab\u2018'")


def speaker_from_cue(text: str, cast: Cast, sexes: dict, cue: Cue, at: int) -> Decision:
    """Who the cue names, for words said at offset ``at`` (a quotation's or a statement's): a
    name as the article gives it in full; 'he'/'she' resolved by the text's evidence; 'the
    mayor' to the one person so titled; another nominal kept as written. Open when a pronoun
    could mean more than one person. ``sexes`` learns who the text has called 'he' or 'she'."""
    hint = f"{cue.words} {cue.verb}"
    if cue.kind == "name":
        the = re.search(r"\b[Tt]he\s+$", text[max(0, cue.start - 5) : cue.start])
        head = plain(cue.words).split()[-1]
        party = head in PARTY_AFFILIATIONS and head not in ("gop", "ndp") and not head.endswith("s")  # not 'the IMF', 'the GOP'
        described = the and party and speaker_described(text, cast, replace(cue, words=f"the {cue.words}", start=cue.start - len(the.group())))
        if described:  # 'the Kentucky Republican'
            return Decision(described[0], mention=described[1])
        return Decision(cast.full_name(cue.words), mention=(cue.start, cue.end))
    if cue.kind == "pronoun":
        return _pronoun(text, cast, sexes, at, cue) or _open(cast, at, hint, sex=_PRONOUN_SEX[cue.words.split()[0].lower()])
    titled = titled_person(text, cast, at, cue) or speaker_described(text, cast, cue) or \
        organization_described(text, cast, cue) or named_next(text, cast, cue) or published_by(text, cue)
    if titled is not None:
        return Decision(titled[0], mention=titled[1])
    return Decision(cue.words[:1].upper() + cue.words[1:], mention=(cue.start, cue.end), nominal=True)


def _pronoun(text: str, cast: Cast, sexes: dict, at: int, cue: Cue) -> Decision | None:
    """The person the text last made its subject, when the text's evidence of sex fits and no
    one else in the paragraph or the one before could be meant; further back only when the
    text has stated that person's sex and nobody nearer fits. None: ask."""
    sex = _PRONOUN_SEX[cue.words.split()[0].lower()]
    offset = min(cue.start, at)
    window = max(cast.scope_start(at), previous_paragraph_start(text, at))
    fitting = [m for m in cast.before(offset, cast.scope_start(at)) if _fits(cast, sexes, m.name, sex)
               and text[m.end : cue.start].strip() != ","]  # 'Schumer, he said, "knows ..."': the topic, not 'he'
    subjects = [m for m in fitting if m.subject]
    if not subjects:
        return None
    chosen = subjects[0]
    name = cast.full_name(chosen.name)
    known = sexes.get(name) == sex
    # who else could be meant: a subject nearby, one named with another ('Sarah Buckley and Karen
    # Wu met ...'), or anyone nearby the text has called 'he'/'she'; not 'Victor Rask' in 'traded
    # him for Victor Rask': a name in passing is rarely the next 'he'
    nearby = {cast.full_name(m.name) for m in fitting if m.start >= window and (
        m.subject or _with_a_subject(text, cast, m) or sexes.get(cast.full_name(m.name)) == sex)} - {name}
    if chosen.start < window and not (known and not nearby):
        return None
    if not known and nearby and not (_opens_paragraph(text, chosen.start, at) or _sentence_just_before(text, chosen.start, at)):
        return None
    sexes.setdefault(name, sex)  # the text has now called this person 'he' or 'she'
    return Decision(name, mention=(chosen.start, chosen.end))


def _with_a_subject(text: str, cast: Cast, mention) -> bool:
    """A subject too, by the words around it: named together with a subject ('Sarah Buckley and
    Karen Wu met ...', not 'loyalists to Joe Biden and Bernie Sanders'), or after 'then' ('Mallory
    spoke first, then Okafor')."""
    if re.search(r"\bthen,? $", text[max(0, mention.start - 8) : mention.start]):
        return True
    return any(other.subject and re.fullmatch(r",? (?:and|or|&) ", text[other.end : mention.start])
               for other in cast.mentions if 0 < mention.start - other.end <= 6)


def _sentence_just_before(text: str, offset: int, quote_start: int) -> bool:
    """The mention is the subject of the sentence just before the quotation, in its paragraph,
    a sentence about that person, not another quotation's cue: 'Klisch said a beer might help.
    "I think if they all got a beer ...," he said.' (Not '"...," Tom Lind said. "...," she added.')"""
    sentence_start = sentence_before_start(text, offset)
    between = text[sentence_start : quote_start - 1]
    return "\n" not in between and len(sentence_ends(text[offset:quote_start])) <= 1 and \
        not re.search(r"[\"\u201c\u201d]", between)


def _opens_paragraph(text: str, offset: int, quote_start: int) -> bool:
    """The mention is the subject that opens the quotation's own paragraph ('Sen. Anna Berg
    scolded him: "...," she said')."""
    paragraph_start = text.rfind("\n", 0, quote_start) + 1
    lead = text[paragraph_start:offset]
    return paragraph_start <= offset and not sentence_ends(lead + "x") and not re.search(r"[\"\u201c\u201d]", lead)


def _fits(cast: Cast, sexes: dict, name: str, sex: str) -> bool:
    return sexes.get(cast.full_name(name), sex) == sex


def organizations_before(text: str, cast: Cast, at: int) -> tuple[str, ...]:
    """The organizations named in this paragraph and the one before, the most recent first:
    who 'it' may be ('the Eastbrook Transit Authority said ... "...," it said'); a name with an
    organization's head word, or an acronym ('EDC'), in full where the text gives it. With none
    there, those named earlier in the article ('it' is never a person)."""
    window = previous_paragraph_start(text, at)
    return _organizations_in(text, cast, window, at) or _organizations_in(text, cast, 0, window)


# what a name run holds that is no part of an organization's name: 'By The Associated Press',
# 'The Eastbrook Transit Authority's', 'The ... Security Council on Friday made'
_AROUND_A_NAME = re.compile(r"^(?:By\s+)?(?:(?:The|A|An)\s+)?|%s| on (?:%s)$" % (POSSESSIVE, "|".join(WEEKDAYS)))


def _organizations_in(text: str, cast: Cast, start: int, end: int) -> tuple[str, ...]:
    words = tokens(text, start, end)
    names = [_AROUND_A_NAME.sub("", text[words[i][0] : words[j - 1][1]]) for i, j in reversed(name_runs(text, words))]
    names = [cast.full_name(n) for n in names if is_organization(n) or (n.isupper() and 2 <= len(n) <= 6)]
    return tuple(dict.fromkeys(names))[:MAX_CANDIDATES]


def _open(cast: Cast, at: int, hint: str, start: int | None = None, sex: str | None = None) -> Decision:
    """Open: the model is asked, with the candidates the text allows; for 'he' or 'she'
    (``sex``), no one the text has called the other."""
    scope = cast.scope_start(at)
    names: list[str] = []
    before = cast.before(at, scope)  # who the text made its subject first, most recent first
    # subjects first, then people introduced with 'who', then names in passing; each most recent first
    for m in sorted(before, key=lambda m: 0 if m.subject else 1 if _introduced_with_who(cast.text, m) else 2):
        name = cast.full_name(m.name)
        if name not in names:
            names.append(name)
    for m in cast.mentions:  # then who speaks later in the article
        name = cast.full_name(m.name)
        if m.start > at and m.subject and name not in names:
            names.append(name)
    if sex is not None:
        names = [n for n in names if cast.sex.get(n, sex) == sex]
    return Decision(None, source="model", candidates=tuple(names[:MAX_CANDIDATES]), hint=hint, start=start)


def _introduced_with_who(text: str, mention) -> bool:
    """A person the sentence is about though not its subject: 'I asked barber Robert McMillen,
    who works with L’Oréal Paris ...' ('who' is said of people, and of the one being introduced)."""
    return bool(re.match(r",\s+who\b", text[mention.end : mention.end + 8]))


def settle(decisions: list[Decision], answers: dict[int, str]) -> list[Decision]:
    """Open decisions filled with the model's answers (``answers[index]``); a quotation that
    continues another takes its speaker, source and mention."""
    settled: list[Decision] = []
    for index, decision in enumerate(decisions):
        if decision.follows is not None:
            followed = settled[decision.follows]
            decision = replace(followed, follows=None, start=decision.start, candidates=(), hint="")
        elif decision.speaker is None:
            decision = replace(decision, speaker=answers.get(index, NOT_SPEECH), source="model")
        settled.append(decision)
    return settled


def nearest_speakers(decisions: list[Decision]) -> list[Decision]:
    """Open quotations given the first of their candidates, the person the text last made its
    subject before them (or, with none before, the first to speak after), marked as such; one
    with no candidate stays open."""
    return [replace(d, speaker=d.candidates[0], source="nearest") if d.speaker is None and d.follows is None
            and d.candidates else d for d in decisions]


def open_quotes(decisions: list[Decision]) -> list[int]:
    """The quotations the model is asked about."""
    return [i for i, d in enumerate(decisions) if d.speaker is None and d.follows is None]


def mention_of(text: str, name: str, start: int, end: int) -> tuple[int, int] | None:
    """The article's mention of this speaker nearest before the words said at ``start:end`` (a
    quotation, a statement), else nearest after, in their paragraph: the full name as written,
    else its last word (the surname)."""
    paragraph_end = text.find("\n", end)
    paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
    for form in dict.fromkeys([name, name.split()[-1] if name.split() else name]):
        if len(form) < 2:
            continue
        found = [m.span() for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text)
                 if not (start <= m.start() < end)]
        before = [s for s in found if s[1] <= start]
        after = [s for s in found if end <= s[0] < paragraph_end]
        if before or after:
            return before[-1] if before else after[0]
    return None
