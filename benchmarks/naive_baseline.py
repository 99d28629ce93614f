"""The naive baseline the pipeline is measured against: one prompt asking for everything at
once, with the JSON grammar applied (as a first version of this tool would do it).

Quotes the model types are located in the article afterwards; the ones that are not there
are dropped (so the baseline is not penalized for grounding, only for what it misses).
"""

from __future__ import annotations

import json
import time
from typing import Literal

from pydantic import BaseModel, Field

from summarizer.article import Article
from summarizer.backends.base import Backend, Usage
from summarizer.folding import locate
from summarizer.names import is_mentioned
from summarizer.schemas import ArticleSummary


class _NaiveQuote(BaseModel):
    text: str = Field(max_length=400)
    speaker: str = Field(max_length=80)


class _NaiveParticipant(BaseModel):
    name: str = Field(max_length=80)
    kind: Literal["person", "organization", "country"]
    role: str = Field(max_length=120)


class _NaiveAgreement(BaseModel):
    title: str = Field(max_length=120)
    parties: list[str] = Field(max_length=6)
    status: Literal["signed", "approved", "announced", "proposed", "other"]


class NaiveAnswer(BaseModel):
    summary: str = Field(max_length=700)
    participants: list[_NaiveParticipant] = Field(max_length=20)
    agreements: list[_NaiveAgreement] = Field(max_length=8)
    quotes: list[_NaiveQuote] = Field(max_length=30)


PROMPT = (
    "Read the news article and extract, as JSON: a 2-4 sentence neutral summary; every participant "
    "(person, organization or country, with role); every agreement signed, approved or announced, "
    "with its parties and status; and every direct quote (the exact words inside quotation marks) "
    "with the full name of its speaker.\n\nARTICLE:\n{text}"
)


def naive_summary(article: Article, backend: Backend) -> tuple[ArticleSummary, dict]:
    usage = Usage()
    started = time.perf_counter()
    backend.start_document()  # like the pipeline: nothing reused from the article before
    response = backend.create(
        messages=[{"role": "user", "content": PROMPT.format(text=article.text)}],
        response_format={"type": "json_schema",
                         "json_schema": {"name": "NaiveAnswer", "schema": NaiveAnswer.model_json_schema()}},
        max_tokens=2000,
    )
    usage.add_response(response)
    content = response.choices[0].message.content or "{}"
    try:
        answer = NaiveAnswer.model_validate_json(content)
    except ValueError:  # cut off at max tokens, or malformed: count what is there as nothing
        answer = NaiveAnswer(summary="(invalid)", participants=[], agreements=[], quotes=[])
    quotes, last = [], 0
    for q in answer.quotes:
        span = locate(article.text, q.text, last)
        if span and is_mentioned(q.speaker, article.text):
            quotes.append({"text": article.text[span[0]:span[1]], "speaker": q.speaker,
                           "start": span[0], "end": span[1], "speaker_source": "model"})
            last = span[0]
    summary = ArticleSummary.model_validate({
        "summary": answer.summary or "(empty)",
        "participants": [{"name": p.name, "kind": p.kind, "role": p.role or None}
                         for p in answer.participants if is_mentioned(p.name, article.text)],
        "agreements": [{"title": a.title, "parties": [x for x in a.parties if is_mentioned(x, article.text)],
                        "status": a.status} for a in answer.agreements],
        "quotes": quotes,
    })
    meta = {"seconds": round(time.perf_counter() - started, 3), "usage": usage.as_dict(),
            "finish_reason": response.choices[0].finish_reason, "raw_chars": len(json.dumps(content))}
    return summary, meta
