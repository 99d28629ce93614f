"""Which questions an article needs, and how their answers become its summary.

Code reads the article first (quotations, cues, names, agreement sentences, the parts a long
article is read in); that fixes every question before any is asked, and no question depends
on another's answer. So the same plan serves a live run (ask them one by one) and a batch
engine (send them all at once, in rounds only for re-asks and a long article's final summary).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from . import prompts_loader
from .agreements import sentences_to_ask_about
from .article import Article
from .assembly import assemble
from .attribution import Decision, nearest_speakers, open_quotes, settle
from .chunks import Part, plan_parts
from .participants import named_in_full
from .questions import MAX_TOKENS, SPEAKER_QUOTE_CHARS, SPEAKER_TOKENS_EACH, Question, part_fits, prefix_messages, question
from .quotes import QuoteSpan, find_quotes
from .schemas import NOT_SPEECH, AgreementsAnswer, ArticleSummary, ParticipantsAnswer, SummaryAnswer, speakers_answer
from .sentences import whole_sentences
from .statements import Reported, find_statements, read_quotes_with_statements, settle_statements, statement_decisions


@dataclass(frozen=True)
class Ask:
    """One question, the answer model it is checked against, and what its answer is about."""

    part: int  # which part of the article it reads
    question: Question
    model: type
    quotes: tuple[int, ...] = ()  # speakers: the quotations asked about, in order

    @property
    def kind(self) -> str:
        return self.question.name


@dataclass
class Plan:
    article: Article
    quotes: list[QuoteSpan]
    parts: list[Part]
    decisions: list[Decision]
    asks: list[Ask] = field(default_factory=list)
    statements: list[Reported] = field(default_factory=list)  # reported speech, found by code
    statement_decisions: list[Decision] = field(default_factory=list)  # their speakers (None: open)


def plan(article: Article, count_tokens, context_tokens: int | None, chunk_tokens: int | None = None,
         statements: bool = True, open_speakers: str = "model") -> Plan:
    """Read the article by code and list the questions, part by part, in the order asked.
    Statements (reported speech) are read by code alone: they add no question. With
    ``open_speakers`` "nearest", quotations no cue settles take their first candidate and no
    speakers question is asked."""
    text = article.text
    quotes = find_quotes(text)
    parts = plan_parts(text, part_fits(count_tokens, context_tokens, chunk_tokens))
    # statements are read either way: a quotation inside one is its speaker's words (the same
    # quotes with or without statements in the output)
    found = find_statements(text, quotes)
    found_decisions = statement_decisions(text, found)
    decisions = read_quotes_with_statements(text, quotes, found, found_decisions)
    if open_speakers == "nearest":
        decisions = nearest_speakers(decisions)
    the_plan = Plan(article, quotes, parts, decisions)
    if statements:
        the_plan.statements, the_plan.statement_decisions = found, found_decisions
    open_ones = set(open_quotes(the_plan.decisions))
    for number, part in enumerate(parts):
        prefix = prefix_messages(article, quotes, part.start, part.end)
        the_plan.asks.append(Ask(number, question(prefix, "participants"), ParticipantsAnswer))
        asked = [i for i in part.quotes(quotes) if i in open_ones]
        if asked:
            the_plan.asks.append(_speakers_ask(number, prefix, quotes, the_plan.decisions, asked))
        sentences = sentences_to_ask_about(text[part.own_start : part.end])
        if sentences:
            the_plan.asks.append(Ask(number, question(prefix, "agreements", sentences=sentences), AgreementsAnswer))
        the_plan.asks.append(Ask(number, question(prefix, "summary"), SummaryAnswer))
    return the_plan


def _speakers_ask(part: int, prefix, quotes: list[QuoteSpan], decisions: list[Decision], asked: list[int]) -> Ask:
    items = [{"number": i + 1, "quote": quotes[i].text, "hint": decisions[i].hint,
              "candidates": decisions[i].candidates} for i in asked]
    q = question(prefix, "speakers", items=items, not_speech=NOT_SPEECH, quote_chars=SPEAKER_QUOTE_CHARS)
    q = replace(q, max_tokens=SPEAKER_TOKENS_EACH * len(asked) + 16)
    return Ask(part, q, speakers_answer(len(asked)), quotes=tuple(asked))


def summary_of_parts(notes: list[str]) -> Ask:
    """A long article's summary, from the summaries of its parts: asked once those are in."""
    messages = [{"role": "system", "content": prompts_loader.render("system")},
                {"role": "user", "content": prompts_loader.render("summary_of_parts", notes=notes)}]
    return Ask(-1, Question("summary", messages, MAX_TOKENS["summary"]), SummaryAnswer)


def part_summaries(the_plan: Plan, answers: dict[int, Any]) -> list[str]:
    return [answers[i].summary for i, a in enumerate(the_plan.asks) if a.kind == "summary" and i in answers]


def finish(the_plan: Plan, answers: dict[int, Any], summary: str, warnings: list[str]) -> ArticleSummary:
    """The summary from the answers (``answers[i]`` answers ``the_plan.asks[i]``; a missing one
    was given up on, and its quotations are left out)."""
    participants, speakers, agreements = [], {}, []
    for i, a in enumerate(the_plan.asks):
        answer = answers.get(i)
        if answer is None:
            continue
        if a.kind == "participants":
            participants += named_in_full(answer.participants, the_plan.article.text, warnings)
        elif a.kind == "speakers":
            speakers.update(zip(a.quotes, answer.speakers))
        elif a.kind == "agreements":
            agreements += answer.agreements
    decisions = settle(the_plan.decisions, speakers)
    # an open statement holding a quotation takes its speaker, the model's answer included
    said = settle_statements(the_plan.statements, the_plan.statement_decisions, the_plan.quotes, decisions)
    return assemble(the_plan.article, the_plan.quotes, participants, decisions, agreements, whole_sentences(summary), warnings,
                    list(zip(the_plan.statements, said)))
