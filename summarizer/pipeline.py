"""Article -> validated ArticleSummary. The one function the CLI, batch and evaluation call.

This module only orchestrates: look the article up in the cache; find the quotations and read
their cues (code); ask the model the questions code cannot answer; assemble and validate; cache.
The rules live in modules named for what they decide (quotes, attribution, names,
participants, agreements, questions, assembly); their word tables in the lexicon.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any

from . import fingerprint
from .agreements import agreement_sentences
from .article import Article
from .assembly import assemble
from .attribution import attribute, open_quotes, settle
from .backends.base import Backend, Usage
from .cache import Cache, CacheEntry, cache_key
from .errors import ModelOutputError
from .grounding import validation_context
from .llm import ask
from .participants import named_in_full
from .questions import SPEAKER_TOKENS_EACH, Question, check_length, prefix_messages, question, reask_budget, unmarked
from .quotes import QuoteSpan, find_quotes
from .schemas import (
    NOT_SPEECH,
    AgreementsAnswer,
    ArticleSummary,
    ListAnswer,
    ParticipantsAnswer,
    SummaryAnswer,
    speakers_answer,
)


@dataclass
class Result:
    article: Article
    summary: ArticleSummary
    meta: dict[str, Any]
    cached: bool
    key: str


@dataclass
class Options:
    use_cache: bool = True
    refresh: bool = False
    max_reasks: int = 2


def result_key(article: Article, backend: Backend, options: Options) -> str:
    """What a result depends on: the text, the code, prompts and schemas, the model and its
    parameters, and the re-ask budget (a smaller budget can give another answer)."""
    return cache_key(
        {"article": article.text, "title": article.title, **fingerprint.current(),
         "max_reasks": options.max_reasks, **backend.describe()}
    )


def summarize(
    article: Article, backend: Backend, cache: Cache | None = None, options: Options | None = None
) -> Result:
    options = options or Options()
    key = result_key(article, backend, options)
    if cache is None or not options.use_cache:
        return _compute(article, backend, None, options, key)
    with cache.lock(key):
        if not options.refresh:
            entry = cache.get(key, article.text)
            if entry is not None:
                return Result(article, entry.summary, entry.meta, cached=True, key=key)
        return _compute(article, backend, cache, options, key)


def _compute(article: Article, backend: Backend, cache: Cache | None, options: Options, key: str) -> Result:
    started = time.perf_counter()
    usage = Usage()
    warnings: list[str] = []
    summary = extract(article, backend, usage, options.max_reasks, warnings)
    versions = fingerprint.current()
    meta = {
        "source": article.source,
        "article_sha256": article.sha256,
        "backend": backend.name,
        "model": backend.model_id,
        "prompt_version": versions["prompt_version"],
        "schema_version": versions["schema_version"],
        "usage": usage.as_dict(),
        "warnings": warnings,
        "seconds": round(time.perf_counter() - started, 3),
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    if cache is not None:
        cache.put(key, CacheEntry(summary=summary, meta=meta))
    return Result(article, summary, meta, cached=False, key=key)


def extract(
    article: Article, backend: Backend, usage: Usage, max_reasks: int = 2,
    warnings: list[str] | None = None,
) -> ArticleSummary:
    """Find the quotations and read their cues, ask the model what the text leaves open
    (participants, the open speakers in one question, agreements if any sentence may state
    one, a summary), and assemble a grounded summary."""
    warnings = warnings if warnings is not None else []
    quotes = find_quotes(article.text)
    prefix = prefix_messages(article, quotes)
    check_length(article, prefix, backend.count_tokens, backend.context_tokens)
    context = validation_context(article.text)
    backend.start_document()

    def answer(q: Question, model: type):
        budget = reask_budget(max_reasks, backend.constrained, issubclass(model, ListAnswer))
        return ask(backend, q.messages, model, context, usage, budget, q.max_tokens, warnings, unmarked)

    participants = answer(question(prefix, "participants"), ParticipantsAnswer).participants
    participants = named_in_full(participants, article.text, warnings)
    decisions = attribute(article.text, quotes)
    decisions = settle(decisions, _ask_speakers(answer, prefix, quotes, decisions, warnings))
    sentences = agreement_sentences(article.text)
    agreements = answer(question(prefix, "agreements", sentences=sentences), AgreementsAnswer).agreements \
        if sentences else []
    summary = answer(question(prefix, "summary"), SummaryAnswer).summary
    return assemble(article, quotes, participants, decisions, agreements, summary, warnings)


def _ask_speakers(answer, prefix, quotes: list[QuoteSpan], decisions: list, warnings: list[str]) -> dict[int, str]:
    """One question for every quotation the text leaves open: {quotation index: answer}."""
    asked = open_quotes(decisions)
    if not asked:
        return {}
    items = [{"number": i + 1, "quote": quotes[i].text, "hint": decisions[i].hint,
              "candidates": decisions[i].candidates} for i in asked]
    q = question(prefix, "speakers", items=items, not_speech=NOT_SPEECH)
    q = replace(q, max_tokens=SPEAKER_TOKENS_EACH * len(asked) + 16)
    try:
        speakers = answer(q, speakers_answer(len(asked))).speakers
    except ModelOutputError as e:  # no grounded answer at all: leave these quotes out, say so
        warnings.append(f"{len(asked)} quotes left out: {e}")
        return {}
    return dict(zip(asked, speakers))
