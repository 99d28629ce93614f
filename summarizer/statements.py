"""Reported speech without quotation marks, found by code: 'The minister said the agreement
would take effect in March', 'Three people were hurt, police said', 'According to the police,
three people were hurt', '..., adding that the talks would go on'.

Sentence by sentence, outside quotations, the cues are read (``statement_cues``): a verb of
saying that takes what was said as a clause (``lexicon.SAYING_VERBS``, ``CLAUSE_VERBS``,
``STATEMENT_ONLY_VERBS``; not verbs of belief, which report a mind, not words), 'according
to', a participle ('adding that'). What was said runs from after the cue (and 'that') to the
end of the sentence or the next cue that ends it ('..., adding', 'and she said'), or, before an
inverted cue ('..., police said'), from the sentence's start. Words that are all a quotation
are a quote, not a statement; a quotation inside a statement (a mixed quote) stays a quote,
and the statement holds it. Who said it is decided as for quotes
(``attribution.speaker_from_cue``): names, pronouns and titles resolved by the text's own
evidence, nominals kept; 'it said', 'they say' leave the speaker open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .attribution import (
    IT_BEFORE_A_CUE, Decision, alone_in_paragraph, attribute, nearest_speakers, organizations_before, speaker_from_cue,
)
from .cues import Cue
from .lexicon import NOT_A_CLAUSE, SUBJECT_PRONOUNS, SUBORDINATORS
from .people import cast_of, tokens
from .quotes import QuoteSpan
from .schemas import NOT_SPEECH
from .sentences import is_insert, is_section_label, paragraphs, sentence_ends
from .statement_cues import FINITE, OPENERS, Hit, hit_at, skip_space

_CLOSING_MARKS = "\"'\u201d\u2019\u00bb\u203a"


@dataclass(frozen=True)
class Reported:
    """A statement code found: what was said, the reporting words, who (as the cue says)."""

    start: int  # what was said, in the article
    end: int
    cue_start: int  # 'said', 'told reporters', 'according to', 'adding'
    cue_end: int
    subject: Cue | None  # who, as the text names them there; None: 'it', 'they' (open)


def find_statements(text: str, quotes: list[QuoteSpan]) -> list[Reported]:
    """Every statement of the article, in order."""
    found: list[Reported] = []
    for start, end in paragraphs(text):
        line = text[start:end]
        if is_insert(line) or (is_section_label(line, start == 0) and not sentence_ends(line)):
            continue  # a label, unless sentences follow it ('MARKETS: The bank said ...')
        for s_start, s_end in _sentences(text, start, end, quotes):
            inside = [q for q in quotes if s_start - 1 <= q.start and q.end <= s_end + 1]
            found += _in_sentence(text, s_start, s_end, inside)
    return found


def statement_decisions(text: str, found: list[Reported]) -> list[Decision]:
    """Who said each statement, decided as a quotation's speaker is (open: speaker None)."""
    cast = cast_of(text)
    sexes = dict(cast.sex)
    decisions = []
    for f in found:
        decided = speaker_from_cue(text, cast, sexes, f.subject, f.start) if f.subject is not None else None
        if decided is not None and decided.speaker is None and f.subject.kind == "pronoun":
            decided = nearest_speakers([decided])[0]  # the first candidate: the last subject, of the pronoun's sex
        if decided is None and IT_BEFORE_A_CUE.search(text[max(0, f.cue_start - 20) : f.cue_start]):
            decided = nearest_speakers([Decision(None, candidates=organizations_before(text, cast, f.start))])[0]  # 'it said'
        decisions.append(decided or Decision(None, source="model"))
    return decisions


def settle_statements(found: list[Reported], decisions: list[Decision], quotes: list[QuoteSpan],
                      quote_decisions: list[Decision]) -> list[Decision]:
    """An open statement that holds a quotation takes the quotation's speaker, however that
    was decided (a mixed quote is one person's words); the others stay open."""
    settled = []
    for found_one, decision in zip(found, decisions):
        if decision.speaker is None:
            held = [d for q, d in zip(quotes, quote_decisions)
                    if found_one.start <= q.start and q.end <= found_one.end and d.speaker not in (None, NOT_SPEECH)]
            if held:
                decision = replace(held[0], follows=None, start=None, candidates=(), hint="")
        settled.append(decision)
    return settled


def read_quotes_with_statements(text: str, quotes: list[QuoteSpan], found: list[Reported],
                                decisions: list[Decision]) -> list[Decision]:
    """Each quotation's speaker as code reads it: by its cues (``attribute``), then by the
    statements around it (``decisions``: theirs). Open ones (speaker None) await the model."""
    quote_decisions = quotes_held_by_statements(found, decisions, quotes, attribute(text, quotes))
    return quotes_after_statements(text, found, decisions, quotes, quote_decisions)


def quotes_held_by_statements(found: list[Reported], decisions: list[Decision], quotes: list[QuoteSpan],
                              quote_decisions: list[Decision]) -> list[Decision]:
    """An open quotation inside a statement whose speaker the text names is that person's
    words (a mixed quote: 'Sarah Buckley, who ..., said Covington Catholic has "a culture of
    entitlement"'); the model is not asked about it. A nominal speaker ('a speech Mrs. Clinton
    delivered') settles nothing: the model still is."""
    settled = list(quote_decisions)
    for index, (quote, decision) in enumerate(zip(quotes, quote_decisions)):
        if decision.speaker is not None or decision.follows is not None:
            continue
        holder = next((d for f, d in zip(found, decisions) if f.start <= quote.start and quote.end <= f.end + 1
                       and d.speaker not in (None, NOT_SPEECH) and not d.nominal), None)
        if holder is not None:
            settled[index] = replace(holder, start=decision.start)
    return settled


def quotes_after_statements(text: str, found: list[Reported], decisions: list[Decision], quotes: list[QuoteSpan],
                            quote_decisions: list[Decision]) -> list[Decision]:
    """An open quotation that is a paragraph on its own, right after a paragraph that ends by
    reporting what a named person said, is that person's words: 'Tim Guest with the Nova Scotia
    Health Authority says there are many reasons for offload delays.' / '"The emergency
    department cares for the sickest individual first ..."'. News lets the quotation carry on
    the statement without repeating the cue. So does a quotation whose cue is the same pronoun
    as that statement's ('He said as officers entered, one person ... .' / '"The situation was
    challenging," he said.'): one voice, paragraph after paragraph."""
    settled = list(quote_decisions)
    spans = paragraphs(text)
    for index, (quote, decision) in enumerate(zip(quotes, quote_decisions)):
        pronoun = decision.hint.split()[0].lower() if decision.hint else ""
        if decision.speaker is not None or decision.follows is not None or not (
                alone_in_paragraph(text, quote) or pronoun in ("he", "she")):
            continue
        here = next((k for k, (s, e) in enumerate(spans) if s <= quote.start < e), 0)
        if here == 0:
            continue
        before_start, before_end = spans[here - 1]
        last = _last_statement(text, found, decisions, before_start, before_end) or \
            _pronouns_paragraph(text, found, decisions, before_start, before_end, pronoun)
        if last is None or any(before_start <= q.start and q.end > last[0].start for q in quotes[:index]):
            continue
        cue = last[0].subject
        if alone_in_paragraph(text, quote) or (cue is not None and cue.kind == "pronoun" and cue.words.lower() == pronoun):
            settled[index] = replace(last[1], start=decision.start)  # 'He said ... .' / '"...," he said.'
    return settled


def _pronouns_paragraph(text: str, found: list[Reported], decisions: list[Decision], start: int, end: int,
                        pronoun: str) -> tuple[Reported, Decision] | None:
    """A paragraph that reports 'he said ...' and names no one ('He said he was committed to
    improving ... . The 31-year-old was 115th in putts per round.'): its statement, when the
    quotation after it is cued by the same pronoun."""
    inside = _statements_in(found, decisions, start, end)
    if not inside or pronoun not in ("he", "she") or any(start <= m.start < end for m in cast_of(text).mentions):
        return None
    f, d = inside[0]
    same = f.subject is not None and f.subject.kind == "pronoun" and f.subject.words.lower() == pronoun
    return (f, d) if _named(d) and same else None


def _statements_in(found: list[Reported], decisions: list[Decision], start: int, end: int) -> list[tuple[Reported, Decision]]:
    return [(f, d) for f, d in zip(found, decisions) if start <= f.start and f.end <= end]


def _named(decision: Decision) -> bool:
    """Someone the text names said it (not open, not nobody, not 'the company')."""
    return decision.speaker not in (None, NOT_SPEECH) and not decision.nominal


def _last_statement(text: str, found: list[Reported], decisions: list[Decision], start: int,
                    end: int) -> tuple[Reported, Decision] | None:
    """The statement that ends the paragraph start:end, when a named person made it."""
    inside = _statements_in(found, decisions, start, end)
    if not inside:
        return None
    last, decision = inside[-1]
    rest = text[max(last.end, last.cue_end) : end].strip(" .!?" + _CLOSING_MARKS)
    # nothing after it, or a clause that names no one ('..., he said, though he did not name anyone.')
    ends_it = not rest or (rest.startswith(",") and not re.search(r"[A-Z\"\u201c\u201d]", rest) and not sentence_ends(rest))
    return (last, decision) if ends_it and _named(decision) else None


def _sentences(text: str, start: int, end: int, quotes: list[QuoteSpan]) -> list[tuple[int, int]]:
    """The paragraph's sentences; a sentence end inside a quotation ends none."""
    spans, last = [], start
    for m in sentence_ends(text[start:end]):
        cut = start + m.end()
        if not any(q.start < cut < q.end for q in quotes):
            spans.append((last, cut))
            last = cut
    spans.append((last, end))
    return [s for s in spans if text[s[0] : s[1]].strip()]


def _quoted(offset: int, quotes: list[QuoteSpan]) -> bool:
    """Inside a quotation, its marks included."""
    return any(q.start - 1 <= offset < q.end + 1 for q in quotes)


def _unquoted(text: str, start: int, end: int, quotes: list[QuoteSpan]) -> str:
    return "".join(c for k, c in enumerate(text[start:end], start) if not _quoted(k, quotes))


def _in_sentence(text: str, start: int, end: int, quotes: list[QuoteSpan]) -> list[Reported]:
    if _unquoted(text, start, end, quotes).rstrip(" \n\"'\u201d\u2019").endswith("?"):
        return []  # a question asks; it reports nothing
    end = _body_end(text, start, end, quotes)
    words = [w for w in tokens(text, start, end) if not _quoted(w[0], quotes)]
    hits, i = [], 0
    while i < len(words):
        hit = hit_at(text, words, i, start, quotes)
        hits += [hit] if hit else []
        i = max(hit.after, i + 1) if hit else i + 1
    return _contents(text, start, end, hits, quotes)


def _body_end(text: str, start: int, end: int, quotes: list[QuoteSpan]) -> int:
    """The sentence without its trailing space and final mark (a mark inside a quotation stays)."""
    end = start + len(text[start:end].rstrip())
    if end > start and text[end - 1] in ".!?;:" and not _quoted(end - 1, quotes):
        end -= 1
    return end


def _contents(text: str, start: int, end: int, hits: list[Hit], quotes: list[QuoteSpan]) -> list[Reported]:
    """What each cue reports: what follows a cue runs to the next cue that ends it (a
    participle, an inverted cue, 'and she said'); what precedes an inverted cue, from the
    sentence's start (or the cue before it)."""
    found: list[Reported] = []
    pending: Hit | None = None
    clause_start = start
    for hit in hits:
        if hit.kind == "inverted":
            if pending is None:
                found += _reported(text, clause_start, hit.edge, hit, quotes)
            else:  # 'Smith said the plan failed, police said': one statement, the first cue's
                found += _reported(text, pending.content_start, hit.edge, pending, quotes)
                pending = None
            clause_start = hit.cue_end
            continue
        if pending is not None:
            if hit.kind == "forward" and not hit.coordinated:
                continue  # 'he said Smith said ...': part of what he said
            found += _reported(text, pending.content_start, hit.edge, pending, quotes)
        pending = hit
    if pending is not None:
        found += _reported(text, pending.content_start, end, pending, quotes)
    return found


def _reported(text: str, start: int, end: int, hit: Hit, quotes: list[QuoteSpan]) -> list[Reported]:
    """The statement over ``start:end`` (trimmed; a quotation it cuts is taken whole), if those
    words are a clause someone said and not all of them a quotation."""
    start = skip_space(text, start)
    while True:
        trimmed = re.sub(r"(?:[\s,;:\u2014\u2013-]|\band|\bbut)+$", "", text[start:end])
        if len(trimmed) == end - start:
            break
        end = start + len(trimmed)
    cut = [q for q in quotes if q.start < end <= q.end and q.start >= start]
    if cut:
        end = max(q.end for q in cut)
        while end < len(text) and text[end] in _CLOSING_MARKS and end - max(q.end for q in cut) < 2:
            end += 1
    if end <= start or not _is_a_clause(text, start, end, hit, quotes):
        return []
    return [Reported(start, end, hit.cue_start, hit.cue_end, hit.subject)]


def _is_a_clause(text: str, start: int, end: int, hit: Hit, quotes: list[QuoteSpan]) -> bool:
    """Three words or more, not all of them quoted, that may be what someone said: after
    'that', anything but 'to ...'; after a plain verb of saying, a clause's first word; after
    the others ('denied', 'added', 'announced'), signs of a clause too (a subject pronoun, an
    auxiliary, 'is', 'would'): not 'denied the allegations', 'added a goal'."""
    words = tokens(text, start, end)
    if len(words) < 3 or not re.search(r"\w", _unquoted(text, start, end, quotes)):
        return False  # too short to be a clause, or all of it a quotation (a quote)
    first = words[0][2].lower() if words[0][0] == start else ""
    if first == "to" or (not hit.that and (first in FINITE or first in NOT_A_CLAUSE)):
        return False
    if hit.that:
        return True
    if hit.kind == "inverted":  # 'In the past year, crime rose, police said'; not 'In a statement'
        return not (first in OPENERS and len(words) <= 6)
    if first in OPENERS:
        return False
    if hit.plain:
        return True
    signs = []
    for w in words[:12]:
        if w[2].lower() in SUBORDINATORS:
            break
        signs.append(w)
        if text[w[1] : w[1] + 1] == ",":
            break
    named_did = any(w[2].endswith("ed") and w[2][:1].islower() and (v[2][:1].isupper() or v[2].lower() in SUBJECT_PRONOUNS)
                    for v, w in zip(signs, signs[1:]))  # 'Meng deceived', 'it ended'; not 'the 12 months ended'
    return named_did or first.split("'")[0].split("\u2019")[0] in SUBJECT_PRONOUNS or any(
        w[2].lower() in FINITE or w[2].lower().endswith(("n't", "n\u2019t")) for w in signs)
