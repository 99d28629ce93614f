"""The OpenAI-compatible path against a real HTTP server on 127.0.0.1 (no mocks)."""

from __future__ import annotations

import io
import json
import time

import pytest

from conftest import SEED
from openai_server import LoopbackOpenAI
from summarizer.article import from_text
from summarizer.backends.openai_compat import OpenAIBackend
from summarizer.cli import Env, main
from summarizer.errors import BackendError
from summarizer.pipeline import Options, summarize

ARTICLE = from_text('Anna Berg met Tom Lind in Oslo.\n\n"We made progress," Anna Berg said on Monday.')


def backend(server, **kw) -> OpenAIBackend:
    options = {"transport_retries": 3, "backoff_initial": 0.01, "backoff_max": 0.2, "timeout": 5.0}
    options.update(kw)
    return OpenAIBackend(model="fake-model", base_url=server.base_url, **options)


def test_pipeline_over_http(server):
    result = summarize(ARTICLE, backend(server), None, Options(use_cache=False))
    assert [(q.text, q.speaker) for q in result.summary.quotes] == [("We made progress,", "Anna Berg")]
    assert {p.name for p in result.summary.participants} == {"Anna Berg", "Tom Lind"}
    assert result.meta["usage"]["calls"] == server.served == 2  # participants + summary
    assert result.meta["model"] == f"{server.base_url}#fake-model"


def test_sends_json_schema_response_format(server):
    seen = []
    server.responder = lambda request: (seen.append(request), '{"participants": []}')[1] \
        if "participants" in json.dumps(request["response_format"]) else '{"summary": "Anna Berg met Tom Lind in Oslo."}'
    summarize(ARTICLE, backend(server), None, Options(use_cache=False))
    fmt = seen[0]["response_format"]
    assert fmt["type"] == "json_schema"
    assert "participants" in fmt["json_schema"]["schema"]["properties"]


def test_429_and_500_are_retried_within_bounds(server):
    server.faults.extend(["429", "500", "429"])
    b = backend(server)
    result = summarize(ARTICLE, b, None, Options(use_cache=False))
    assert result.summary.participants
    assert b.retries == 3
    assert result.meta["usage"]["reasks"] == 0  # transport retries never spend the re-ask budget


def test_retry_after_header_is_honoured(server):
    server.retry_after = "0.4"
    server.faults.append("429")
    b = backend(server, backoff_initial=0.001, backoff_max=5)
    started = time.perf_counter()
    summarize(ARTICLE, b, None, Options(use_cache=False))
    assert time.perf_counter() - started >= 0.4  # our own backoff alone would wait ~1 ms
    assert b.retries == 1


def test_transport_failure_after_bounded_retries_is_a_clear_error(server):
    server.faults.extend(["500"] * 10)
    b = backend(server, transport_retries=2)
    with pytest.raises(BackendError, match="gave up after 3 attempts"):
        summarize(ARTICLE, b, None, Options(use_cache=False))
    assert server.requests == 3


def test_slow_answer_times_out_and_is_retried(server):
    server.slow_seconds = 2.0
    server.faults.append("slow")
    b = backend(server, timeout=0.5)
    result = summarize(ARTICLE, b, None, Options(use_cache=False))
    assert result.summary.participants and b.retries == 1


def test_invalid_json_and_schema_violations_are_reasked_not_retried(server):
    server.faults.extend(["badjson", "invalid"])
    b = backend(server)
    result = summarize(ARTICLE, b, None, Options(use_cache=False))
    assert result.meta["usage"]["reasks"] == 2 and b.retries == 0
    assert result.meta["usage"]["calls"] == 4


def test_connection_refused_is_a_backend_error():
    with LoopbackOpenAI() as s:
        url = s.base_url
    b = OpenAIBackend(model="m", base_url=url, transport_retries=1, backoff_initial=0.01, timeout=1)
    with pytest.raises(BackendError, match="gave up after 2 attempts"):
        summarize(ARTICLE, b, None, Options(use_cache=False))


def test_authentication_error_is_not_retried(server, monkeypatch):
    monkeypatch.setenv("SUMMARIZER_API_KEY", "wrong-key")  # the key for a server that is not OpenAI
    b = OpenAIBackend(model="m", base_url=server.base_url, transport_retries=3)
    with pytest.raises(BackendError, match="authentication failed; check SUMMARIZER_API_KEY"):
        summarize(ARTICLE, b, None, Options(use_cache=False))
    assert server.requests == 1


def test_cli_with_base_url(server):
    out, err = io.StringIO(), io.StringIO()
    code = main(["summarize", str(SEED), "--base-url", server.base_url, "--model", "fake", "--format", "json"],
                Env(stdout=out, stderr=err))
    assert code == 0, err.getvalue()
    data = json.loads(out.getvalue())
    assert data["participants"] and data["summary"].startswith("The article reports")
    # --base-url without --model
    code = main(["summarize", str(SEED), "--base-url", server.base_url], Env(stdout=io.StringIO(), stderr=err))
    assert code == 2 and "--model is required" in err.getvalue()


def test_a_served_models_context_is_read_from_the_server_or_given_and_long_articles_are_read_in_parts(server):
    assert fast_backend_for(server).context_tokens is None  # the server does not say
    server.max_model_len = 8192
    assert fast_backend_for(server).context_tokens == 8192
    assert OpenAIBackend(model="fake", base_url=server.base_url, context_tokens=900).context_tokens == 900
    text = "\n\n".join(f'"Point {n} stands," Minister Ana Lopez said in session {n} of the talks.' for n in range(60))
    before = server.requests
    result = summarize(from_text(text), OpenAIBackend(model="fake", base_url=server.base_url, context_tokens=2000),
                       None, Options(use_cache=False))
    assert len(result.summary.quotes) == 60 and all(q.speaker == "Ana Lopez" for q in result.summary.quotes)
    summaries = [c for c in result.meta["calls"] if c["question"] == "summary"]
    assert len(summaries) > 2  # one per part, and one of the parts
    assert server.requests - before == result.meta["usage"]["calls"]


def fast_backend_for(server):
    return OpenAIBackend(model="fake", base_url=server.base_url)
