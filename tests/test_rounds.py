"""One article through rounds of a batch engine (summarizer/rounds.py) against the live path on
the same answers: the same requests, the same summary, warnings and usage, the same errors."""

from __future__ import annotations

import json
import re

import pytest

from conftest import SEED
from openai_server import LoopbackOpenAI, simple_model
from summarizer.article import from_text, read
from summarizer.backends.openai_compat import OpenAIBackend
from summarizer.errors import ModelOutputError
from summarizer.pipeline import Options, result_key, summarize
from summarizer.request_files import Reply, RequestId, reply_of, request_line
from summarizer.rounds import MAX_TRIES, ArticleRounds

USAGE = {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120}


def fields(request: dict) -> set[str]:
    return set(request["response_format"]["json_schema"]["schema"]["properties"])


def first_try(request: dict) -> bool:
    return not any(m["role"] == "assistant" for m in request["messages"])


def flaky(request: dict) -> str:
    """Invents a participant at first (re-asked), fences the summary (tidied, no re-ask)."""
    if "participants" in fields(request) and first_try(request):
        return json.dumps({"participants": [["Zed Nobody", "person", "", ""]]})
    if "summary" in fields(request):
        return "```json\n" + simple_model(request) + "\n```"
    return simple_model(request)


def stubborn(request: dict) -> str:
    """Always one invented participant beside a real one (kept after the budget: salvage), and
    never a usable speakers answer (the quotations are left out)."""
    if "participants" in fields(request):
        real = json.loads(simple_model(request))["participants"][:1]
        return json.dumps({"participants": real + [["Zed Nobody", "person", "", ""]]})
    if "speakers" in fields(request):
        return "no idea"
    return simple_model(request)


def no_summary(request: dict) -> str:
    return json.dumps({"summary": "too short"}) if "summary" in fields(request) else simple_model(request)


def live(article, responder, options: Options):
    seen: list[dict] = []

    def recording(request: dict) -> str:
        seen.append(request)
        return responder(request)

    with LoopbackOpenAI(responder=recording) as server:
        backend = OpenAIBackend(model="fake", base_url=server.base_url, timeout=10)
        try:
            result = summarize(article, backend, None, options)
        except ModelOutputError as e:
            return e, seen, server.base_url
    return result, seen, server.base_url


def in_rounds(article, responder, options: Options, base_url: str):
    """The article through ArticleRounds, each round's requests answered by ``responder``
    through the Batch file format (a request line in, a result line out)."""
    backend = OpenAIBackend(model="fake", base_url=base_url, timeout=10)  # the live one's key; never asked
    job = ArticleRounds(article, result_key(article, backend, options), backend, options)
    seen, rounds = [], 0
    while not (progress := job.progress()).done:
        rounds += 1
        for request in progress.requests:
            line = json.loads(request_line(request.id, {**request.build(), "model": "fake", "temperature": 0.0}))
            seen.append(line["body"])
            body = {"choices": [{"index": 0, "finish_reason": "stop",
                                 "message": {"role": "assistant", "content": responder(line["body"])}}], "usage": USAGE}
            job.add(*reply_of({"custom_id": line["custom_id"], "response": {"status_code": 200, "body": body}}))
    return job, progress, seen, rounds


def unsaved(warnings: list[str]) -> list[str]:
    """The warnings without where each failed output was saved (a file of its own each time)."""
    return [re.sub(r" \(last model output saved to [^)]*\)", "", w) for w in warnings]


def canonical(requests: list[dict]) -> list[str]:
    return sorted(json.dumps(r, sort_keys=True) for r in requests)


LONG = "\n\n".join(
    f"{name} spoke in Oslo on day {i} about the harbour plan and the new ferry line. "
    f"\"We will finish part {i} this year,\" {name.split()[1]} said. Officials listened."
    for i, name in enumerate(["Anna Berg", "Tom Lind", "Maria Costa", "Omar Haddad"] * 6))


@pytest.mark.parametrize("responder", [simple_model, flaky, stubborn], ids=["plain", "reasked", "salvaged"])
@pytest.mark.parametrize("which", ["seed", "open-quote", "long"])
def test_rounds_ask_what_the_live_path_asks_and_give_its_summary(responder, which):
    # 'open-quote': a seed whose first quotation no cue settles, so the speakers question is asked
    article = {"seed": lambda: read(SEED), "open-quote": lambda: read(SEED.parent / "ontario-court-tenancy-ruling.txt"),
               "long": lambda: from_text(LONG, "long.txt")}[which]()
    options = Options(use_cache=False, chunk_tokens=250 if which == "long" else None)
    result, live_requests, base_url = live(article, responder, options)
    job, progress, batch_requests, rounds = in_rounds(article, responder, options, base_url)
    assert canonical(batch_requests) == canonical(live_requests)
    assert progress.summary == result.summary
    assert unsaved(progress.warnings) == unsaved(result.meta["warnings"])
    assert progress.usage.as_dict() == result.meta["usage"]
    assert rounds <= 3
    if responder is stubborn:
        assert any("quotes left out" in w for w in progress.warnings) or which != "open-quote"
        assert any("not grounded" in w for w in progress.warnings)
    assert job.key == result.key  # cached under the live path's key
    meta = job.meta(progress)
    assert {k: meta[k] for k in ("model", "backend", "usage")} == {k: result.meta[k] for k in ("model", "backend", "usage")}


def test_a_failed_question_fails_the_article_as_live():
    article = read(SEED)
    error, _, base_url = live(article, no_summary, Options(use_cache=False))
    _, progress, _, _ = in_rounds(article, no_summary, Options(use_cache=False), base_url)
    assert isinstance(error, ModelOutputError) and isinstance(progress.error, ModelOutputError)
    assert unsaved([str(progress.error)]) == unsaved([str(error)])
    assert progress.error.saved_to


def test_engine_errors_are_sent_again_then_fail_the_article():
    article = read(SEED)
    backend = OpenAIBackend(model="fake", base_url="http://127.0.0.1:9/v1", context_tokens=100_000)
    options = Options(use_cache=False)
    job = ArticleRounds(article, result_key(article, backend, options), backend, options)
    first = job.progress().requests[0]
    for tries in range(MAX_TRIES):
        (request,) = [r for r in job.progress().requests if r.id.ask == first.id.ask]
        assert request.id == RequestId(first.id.key, first.id.ask, 0, tries)
        job.add(request.id, Reply(error="HTTP 500: boom"))
    progress = job.progress()
    assert progress.done and "failed this article's request 3 times (HTTP 500: boom)" in str(progress.error)


def test_result_lines_of_every_shape():
    rid = "0" * 32 + "-1-0-0"
    ok = {"custom_id": rid, "response": {"status_code": 200, "body": {
        "choices": [{"message": {"content": "{}"}, "finish_reason": "length"}], "usage": USAGE}}, "error": None}
    assert reply_of(ok)[1] == Reply(content="{}", finish_reason="length", usage=USAGE)
    assert reply_of({"custom_id": rid, "response": {"status_code": 500, "body": {"error": {"message": "boom"}}}})[1].error == "HTTP 500: boom"
    assert reply_of({"custom_id": rid, "response": None, "error": {"code": "batch_expired", "message": "late"}})[1].error == "batch_expired: late"
    assert reply_of({"custom_id": rid, "response": {"status_code": 200, "body": {"object": "list"}}})[1].error
    assert reply_of({"custom_id": "someone-else's"}) is None and reply_of([1]) is None
