"""Article -> validated ArticleSummary. The one function the CLI, batch and evaluation call.

This module only orchestrates: look the article up in the cache; plan its questions (code reads
the quotations, cues, names and parts first: plan.py); ask them; assemble and validate; cache.
The rules live in modules named for what they decide (quotes, cues, attribution, names, people,
participants, agreements, questions, assembly); their word tables in the lexicon.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from . import fingerprint
from .article import Article
from .backends.base import Backend, Usage
from .cache import Cache, CacheEntry, cache_key
from .errors import ContextLengthError, ModelOutputError
from .grounding import validation_context
from .llm import ask
from .plan import Ask, finish, part_summaries, plan, summary_of_parts
from .questions import reask_budget, unmarked
from .schemas import ArticleSummary, ListAnswer


MIN_PART_TOKENS = 300  # below this a part holds too little of an article to be worth asking about


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
    chunk_tokens: int | None = None  # read articles in parts of at most this many tokens
    statements: bool = True  # reported speech without quotation marks (--no-statements: off)
    open_speakers: str | None = None  # "model" or "nearest" (--speakers); None: the backend's own


def result_key(article: Article, backend: Backend, options: Options) -> str:
    """What a result depends on: the text, and the settings (``settings``)."""
    return cache_key({"article": article.text, "title": article.title, **settings(backend, options)})


def settings(backend: Backend, options: Options) -> dict[str, Any]:
    """What every article's result depends on besides its text: the code, prompts and schemas,
    the model and its parameters, the re-ask budget (a smaller budget can give another answer),
    and whether statements are read."""
    return {**fingerprint.current(), "max_reasks": options.max_reasks, "chunk_tokens": options.chunk_tokens,
            "statements": options.statements, "open_speakers": open_speakers(backend, options), **backend.describe()}


def open_speakers(backend: Backend, options: Options) -> str:
    return options.open_speakers or backend.open_speakers


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
    summary = _extract_fitting(article, backend, usage, options, warnings)
    meta = result_meta(article, backend, usage, warnings, time.perf_counter() - started)
    if cache is not None:
        cache.put(key, CacheEntry(summary=summary, meta=meta))
    return Result(article, summary, meta, cached=False, key=key)


def result_meta(article: Article, backend: Backend, usage: Usage, warnings: list[str], seconds: float) -> dict[str, Any]:
    """What a cached result keeps beside the summary (the batch engines' results too)."""
    versions = fingerprint.current()
    return {
        "source": article.source,
        "article_sha256": article.sha256,
        "backend": backend.name,
        "model": backend.model_id,
        "prompt_version": versions["prompt_version"],
        "schema_version": versions["schema_version"],
        "usage": usage.as_dict(),
        "calls": usage.detail,
        "warnings": warnings,
        "seconds": round(seconds, 3),
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


def quotes_left_out(a: Ask, error: ModelOutputError) -> str:
    """The warning when a speakers question got no grounded answer at all."""
    return f"{len(a.quotes)} quotes left out: {error}"


def _extract_fitting(article: Article, backend: Backend, usage: Usage, options: Options,
                     warnings: list[str]) -> ArticleSummary:
    """The summary; when the model refuses a prompt as longer than its context (a served model
    whose context nobody said), the article is read again in parts of half the size."""
    chunk_tokens = options.chunk_tokens
    while True:
        try:
            return extract(article, backend, usage, options.max_reasks, warnings, chunk_tokens, options.statements,
                           open_speakers(backend, options))
        except ContextLengthError:
            smaller = (chunk_tokens or backend.count_tokens(article.text)) // 2
            if smaller < MIN_PART_TOKENS:
                raise
            warnings.append(f"the model refused a prompt as too long for its context: read in parts of {smaller} tokens")
            chunk_tokens = smaller


def extract(
    article: Article, backend: Backend, usage: Usage, max_reasks: int = 2,
    warnings: list[str] | None = None, chunk_tokens: int | None = None, statements: bool = True,
    open_speakers: str = "model",
) -> ArticleSummary:
    """Read the article by code (quotations, cues, names, parts), then ask the questions that
    leaves open, part by part: the participants among its names, the open speakers in one
    question, agreements if a sentence may state one, a summary; assemble a grounded summary
    (with the reported speech code found, unless ``statements`` is off)."""
    warnings = warnings if warnings is not None else []
    the_plan = plan(article, backend.count_tokens, backend.context_tokens, chunk_tokens, statements, open_speakers)
    context = validation_context(article.text)

    def answer(a: Ask):
        budget = reask_budget(max_reasks, backend.constrained, issubclass(a.model, ListAnswer))
        q = a.question
        return ask(backend, q.messages, a.model, context, usage, budget, q.max_tokens, warnings, unmarked, q.name)

    answers: dict[int, Any] = {}
    for i, a in enumerate(the_plan.asks):
        if i == 0 or a.part != the_plan.asks[i - 1].part:
            backend.start_document()  # each part (each article) read from a fresh evaluation
        try:
            answers[i] = answer(a)
        except ModelOutputError as e:
            if a.kind != "speakers":
                raise
            warnings.append(quotes_left_out(a, e))  # no grounded speaker at all
    notes = part_summaries(the_plan, answers)
    summary = notes[0] if len(notes) == 1 else answer(summary_of_parts(notes)).summary
    return finish(the_plan, answers, summary, warnings)
