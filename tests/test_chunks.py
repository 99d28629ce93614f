"""Articles of any length: parts on paragraph boundaries, the same answer whether or not an
article that fits is cut, and a 100,000-character article end to end (a stand-in model)."""

from __future__ import annotations

import json
import re

from conftest import SEED
from summarizer.article import from_text, read
from summarizer.backends.base import Backend
from summarizer.backends.replay import completion
from summarizer.chunks import plan_parts
from summarizer.errors import ContextLengthError
from summarizer.pipeline import Options, summarize
from summarizer.quotes import find_quotes


class TextModel(Backend):
    """Answers every question from the question itself, the same way each time: every two-word
    name shown takes part, each open quotation goes to its first candidate, each agreement sentence
    names one agreement, the summary is the first sentence shown. Counts tokens as words."""

    name = "text-model"

    def __init__(self, context_tokens: int | None = None, refuses_over: int | None = None):
        self._context = context_tokens
        self.refuses_over = refuses_over  # like a server that never said its context: refuses longer prompts
        self.prompts: list[str] = []
        self.sizes: list[int] = []  # each prompt's tokens with its answer's budget

    @property
    def model_id(self) -> str:
        return "text-model"

    @property
    def context_tokens(self) -> int | None:
        return self._context

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def create(self, **kwargs):
        content = kwargs["messages"][-1]["content"]
        if self.refuses_over and len(content.split()) > self.refuses_over:
            raise ContextLengthError("the article is too long for the model's context (server said: too many tokens)")
        self.prompts.append(content)
        self.sizes.append(sum(self.count_tokens(m["content"]) for m in kwargs["messages"]) + kwargs.get("max_tokens", 0))
        question = content.rsplit("QUESTION:", 1)[-1]
        fields = set(kwargs["response_format"]["json_schema"]["schema"]["properties"])
        if "participants" in fields:  # the two-word capitalized names of the part shown
            shown = content.split("ARTICLE:\n", 1)[-1].split("\n\nQUESTION:")[0]
            names = list(dict.fromkeys(re.findall(r"\b([A-Z][a-z]+ [A-Z][a-z]+)\b", shown)))
            return completion(json.dumps({"participants": [[n, "person", "", ""] for n in names[:12]]}))
        if "speakers" in fields:
            items = re.findall(r"^\[Q\d+\].*$", question, re.M)
            names = [(re.search(r"perhaps (.+?)(?: or |$)", item) or [None, "-"])[1] for item in items]
            return completion(json.dumps({"speakers": names}))
        if "agreements" in fields:
            return completion(json.dumps({"agreements": []}))
        shown = re.sub(r"\[Q\d+\] ", "", content.split("ARTICLE:\n", 1)[-1]).strip()
        return completion(json.dumps({"summary": "The article says: " + shown[:120]}))


def test_parts_are_whole_paragraphs_that_fit_and_overlap_by_one():
    text = "\n\n".join(f"Paragraph {n} has exactly seven words here." for n in range(10))
    parts = plan_parts(text, lambda piece: len(piece.split()) <= 21)
    assert len(parts) > 1
    assert parts[0].start == parts[0].own_start == 0 and parts[-1].end == len(text)
    for before, after in zip(parts, parts[1:]):
        assert after.own_start == before.end  # every offset belongs to exactly one part
        assert after.start < after.own_start  # the paragraph before is read again
        assert text[after.start : after.own_start].strip().startswith("Paragraph")
    assert all(len(text[p.start : p.end].split()) <= 21 for p in parts)


def test_an_article_that_fits_gives_the_same_answer_when_cut_into_parts():
    article = read(SEED)
    whole = summarize(article, TextModel(), None, Options(use_cache=False)).summary
    cut_model = TextModel()
    cut = summarize(article, cut_model, None, Options(use_cache=False, chunk_tokens=120)).summary
    assert len([p for p in cut_model.prompts if "ARTICLE:" in p and "QUESTION: Summarize" in p]) > 1
    assert [(q.text, q.start, q.end, q.speaker) for q in cut.quotes] == \
        [(q.text, q.start, q.end, q.speaker) for q in whole.quotes]
    # each part names its first twelve; together they hold the whole article's first twelve
    assert {p.name for p in whole.participants} <= {p.name for p in cut.participants}


def test_a_pronoun_resolves_to_a_speaker_named_in_an_earlier_part():
    text = ('"We will win," Anna Berg said on Monday.\n\n' + "The campaign went on for weeks.\n\n" * 30
            + '"It was hard," she said.')
    result = summarize(from_text(text), TextModel(), None, Options(use_cache=False, chunk_tokens=60))
    assert [q.speaker for q in result.summary.quotes] == ["Anna Berg", "Anna Berg"]


def test_a_hundred_thousand_characters_end_to_end_with_offsets_into_the_whole_text():
    paragraphs = []
    n = 0
    while sum(len(p) + 2 for p in paragraphs) < 100_000:
        paragraphs.append(f'"Point number {n} stands," Minister Ana Lopez said in session {n}.')
        paragraphs.append(f"The council of Oslo met Tom Lind for round {n} of the long talks on the harbour.")
        n += 1
    article = from_text("\n\n".join(paragraphs))
    assert len(article.text) >= 100_000
    model = TextModel(context_tokens=4096)
    result = summarize(article, model, None, Options(use_cache=False))
    quotes = find_quotes(article.text)
    assert len(result.summary.quotes) == len(quotes) == n
    for quote in result.summary.quotes:
        assert article.text[quote.start : quote.end] == quote.text and quote.speaker == "Ana Lopez"
    assert [p.name for p in result.summary.participants if p.kind == "person"].count("Ana Lopez") == 1


def test_a_served_models_context_refusal_reads_the_article_in_smaller_parts():
    text = "\n\n".join(f'"Point {n} stands," Minister Ana Lopez said in session {n}.' for n in range(200))
    model = TextModel(refuses_over=700)  # its context was never said: it refuses the whole article
    result = summarize(from_text(text), model, None, Options(use_cache=False))
    assert len(result.summary.quotes) == 200
    assert any("read in parts" in w for w in result.meta["warnings"])


def test_every_prompt_and_its_answer_fit_the_context_when_the_quotations_are_asked_about():
    """The speakers question repeats each open quotation: a part full of uncued quotations must
    leave room for it (a 100,000-character run overran the context by 331 tokens)."""
    paragraphs = [f'Anna Berg and Tom Lind spoke in round {n}.\n\n"Point {n} stands and the harbour plan '
                  f'must go ahead with every berth and every crane it was promised."' for n in range(150)]
    model = TextModel(context_tokens=2048)
    result = summarize(from_text("\n\n".join(paragraphs)), model, None, Options(use_cache=False))
    assert any("QUESTION: Who said" in p for p in model.prompts)
    assert max(model.sizes) <= 2048
    assert len(result.summary.quotes) + sum("quotes left out" in w for w in result.meta["warnings"]) >= 1
