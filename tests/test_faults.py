"""Fault injection against the real loopback HTTP server (tests/openai_server.py): what bad,
overloaded, misconfigured and dead servers send, and what the user is told about it."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest

from conftest import SEED
from openai_server import LoopbackOpenAI
from summarizer import config
from summarizer.article import from_text
from summarizer.backends.openai_compat import OpenAIBackend
from summarizer.batch import BatchOptions, run_batch
from summarizer.cache import Cache
from summarizer.cli import Env, main
from summarizer.errors import BackendError, ContextLengthError, ModelOutputError
from summarizer.pipeline import Options, summarize
from test_batch import make_articles, read_jsonl

ARTICLE = from_text('Anna Berg met Tom Lind in Oslo.\n\n"We made progress," Anna Berg said on Monday.')


def backend(server, **kw) -> OpenAIBackend:
    options = {"transport_retries": 2, "backoff_initial": 0.01, "backoff_max": 0.05, "timeout": 5.0}
    options.update(kw)
    return OpenAIBackend(model="fake", base_url=server.base_url, **options)


def always(server, fault: str) -> None:
    server.fault_rule = lambda _n, _r: fault


# ------------------------------------------------------------------------------ diagnosis


@pytest.mark.parametrize("fault, sent", [("html200", "an HTML page"), ("notchat", "JSON that is not a chat completion")])
def test_a_200_that_is_not_a_chat_completion_is_a_backend_error_that_says_so(server, fault, sent):
    always(server, fault)
    with pytest.raises(BackendError) as caught:
        summarize(ARTICLE, backend(server), None, Options(use_cache=False))
    assert f"the server at {server.base_url} did not answer with a chat completion (it sent {sent})" in str(caught.value)
    assert server.requests == 1  # a wrong address is not mended by asking again


def test_an_html_error_page_is_named_not_pasted(server):
    always(server, "502html")
    with pytest.raises(BackendError) as caught:
        summarize(ARTICLE, backend(server), None, Options(use_cache=False))
    message = str(caught.value)
    assert "HTTP 502 (HTML error page)" in message and "<" not in message and "\n" not in message


def test_context_length_400_is_an_input_error_not_model_unreachable(server):
    always(server, "ctx400")
    with pytest.raises(ContextLengthError, match="too long for the model's context .server said: This model's maximum"):
        summarize(ARTICLE, backend(server), None, Options(use_cache=False))
    assert server.requests == 1
    err = io.StringIO()
    code = main(["summarize", str(SEED), "--base-url", server.base_url, "--model", "m"],
                Env(stdout=io.StringIO(), stderr=err))
    assert code == 2 and "too long for the model's context" in err.getvalue()


def test_an_answer_in_a_json_code_fence_costs_no_reask(server):
    always(server, "fence")
    result = summarize(ARTICLE, backend(server), None, Options(use_cache=False))
    assert {p.name for p in result.summary.participants} == {"Anna Berg", "Tom Lind"}
    assert result.meta["usage"]["reasks"] == 0


def test_the_validation_reason_is_the_error_not_a_documentation_link(server):
    always(server, "invalid")
    with pytest.raises(ModelOutputError) as caught:
        summarize(ARTICLE, backend(server), None, Options(use_cache=False, max_reasks=0))
    message = str(caught.value)
    assert "errors.pydantic.dev" not in message and "For further information" not in message
    assert "failed validation 1 times: participants: Field required" in message


def test_two_failures_in_one_second_keep_two_saved_outputs(server):
    always(server, "invalid")
    saved = []
    for text in ("Anna Berg met Tom Lind in Oslo.", "Maria Costa met Omar Haddad in Rome."):
        with pytest.raises(ModelOutputError) as caught:
            summarize(from_text(text), backend(server), None, Options(use_cache=False, max_reasks=0))
        saved.append(caught.value.saved_to)
    assert saved[0] != saved[1]
    for path, name in zip(saved, ("Anna Berg", "Maria Costa")):
        assert name in Path(path).read_text(encoding="utf-8")


def test_each_failure_keeps_its_own_saved_output(tmp_path, server):
    """Saved outputs were named by second, pid and question: 200 failures made 8 files, and
    error records pointed at another article's output."""
    folder = tmp_path / "in"
    make_articles(folder, 8)
    always(server, "invalid")
    out = tmp_path / "o.jsonl"
    run_batch(folder, backend(server), None, BatchOptions(out=out, concurrency=4,
                                                          pipeline=Options(use_cache=False, max_reasks=0)))
    records = read_jsonl(out)
    saved = [r["error"]["saved_to"] for r in records]
    assert len(records) == 8 and len(set(saved)) == 8
    for record in records:
        kept = json.loads(Path(record["error"]["saved_to"]).read_text(encoding="utf-8"))
        article = (folder / record["source"]).read_text(encoding="utf-8")
        assert article.splitlines()[0] in json.dumps(kept["messages"], ensure_ascii=False)


def test_failed_articles_report_the_tokens_they_spent(tmp_path, server):
    folder = tmp_path / "in"
    make_articles(folder, 6)
    always(server, "invalid")
    err = io.StringIO()
    code = main(["batch", str(folder), "--out", str(tmp_path / "o.jsonl"), "--base-url", server.base_url,
                 "--model", "m", "--max-reasks", "1"], Env(stdout=io.StringIO(), stderr=err))
    assert code == 1
    records = read_jsonl(tmp_path / "o.jsonl")
    assert all(r["status"] == "error" and r["usage"]["calls"] == 2 for r in records)
    assert all(r["usage"]["prompt_tokens"] == 200 and r["usage"]["completion_tokens"] == 40 for r in records)
    assert "tokens in 1,200 out 240" in err.getvalue()  # 6 articles x 2 attempts x 100 + 20


# ------------------------------------------------------------------------------ dead servers


def test_a_dead_server_stops_retrying_once_nothing_has_answered_for_a_while(server):
    always(server, "500")
    b = backend(server, transport_retries=200, dead_after=0.3)
    started = time.perf_counter()
    with pytest.raises(BackendError, match="is not answering"):
        summarize(ARTICLE, b, None, Options(use_cache=False))
    assert server.requests < 200
    assert time.perf_counter() - started < 10  # about 0.3 s; 200 retries would be much more


def test_one_answer_keeps_the_server_alive(server):
    server.fault_rule = lambda n, _r: "500" if n % 2 else None  # every other request fails
    b = backend(server, transport_retries=5, dead_after=0.0)
    result = summarize(ARTICLE, b, None, Options(use_cache=False))
    assert result.summary.participants and not b.health.down()


def test_a_batch_against_a_dead_server_stops_with_exit_3_and_says_so(tmp_path):
    """With the CLI's own defaults (1 s backoff, 5 retries): before, every article spent its
    whole retry budget (216 s for 200 articles at 100% HTTP 500), then exit 1."""
    folder = tmp_path / "in"
    make_articles(folder, 200)
    with LoopbackOpenAI() as dead:
        url = dead.base_url  # nothing listens here once the server is closed
    out = tmp_path / "o.jsonl"
    err = io.StringIO()
    started = time.perf_counter()
    code = main(["batch", str(folder), "--out", str(out), "--base-url", url, "--model", "m"],
                Env(stdout=io.StringIO(), stderr=err))
    seconds = time.perf_counter() - started
    assert code == 3, err.getvalue()
    assert seconds < 30, seconds  # the target; about 10-15 s here
    last = err.getvalue().strip().splitlines()[-1]
    assert last.startswith(f"summarizer: error: stopped: the model server at {url} is not answering")
    assert "articles summarized, run the same command again to finish" in last
    assert len(read_jsonl(out)) < 200  # what was done is recorded; the rest is left for the rerun


def test_a_batch_with_100_percent_http_500_stops_early(tmp_path, server):
    folder = tmp_path / "in"
    make_articles(folder, 60)
    always(server, "500")
    report = run_batch(folder, backend(server, dead_after=0.2), None, BatchOptions(out=tmp_path / "o.jsonl"))
    assert "is not answering" in report.stopped or "5 articles in a row could not reach the model" in report.stopped
    assert report.errors >= 5 and report.remaining > 0
    assert server.requests < 60 * 3


def test_input_errors_do_not_count_as_a_dead_server(tmp_path, server):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(8):
        (folder / f"empty{i}.txt").write_bytes(b"")
    make_articles(folder, 2)
    report = run_batch(folder, backend(server), None, BatchOptions(out=tmp_path / "o.jsonl", concurrency=1))
    assert report.stopped is None and report.errors == 8 and report.ok == 2


# ------------------------------------------------------------------------------ the key


def test_openai_key_is_not_sent_to_another_host_unless_the_user_says_so(server, monkeypatch, tmp_path):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-real-secret")

    def run(*extra: str) -> int:
        args = ["summarize", str(SEED), "--base-url", server.base_url, "--model", "m", "--no-cache", *extra]
        return main(args, Env(stdout=io.StringIO(), stderr=io.StringIO()))

    assert run() == 0
    assert server.authorizations and not any("sk-real-secret" in (a or "") for a in server.authorizations)

    server.authorizations.clear()
    monkeypatch.setenv("SUMMARIZER_API_KEY", "local-key")
    assert run() == 0
    assert set(server.authorizations) == {"Bearer local-key"}

    server.authorizations.clear()
    assert run("--api-key-env", "OPENAI_API_KEY") == 0  # the user's explicit choice
    assert set(server.authorizations) == {"Bearer sk-real-secret"}


def test_openai_base_url_from_the_environment_does_not_redirect_the_openai_key(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-real-secret")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    b = OpenAIBackend(model="gpt-4.1-mini")
    assert str(b.client.base_url).startswith("https://api.openai.com/")  # no request is made


def test_cache_entries_never_hold_the_key(server, monkeypatch):
    monkeypatch.setenv("SUMMARIZER_API_KEY", "local-key-123")
    assert main(["summarize", str(SEED), "--base-url", server.base_url, "--model", "m"],
                Env(stdout=io.StringIO(), stderr=io.StringIO())) == 0
    (entry,) = Cache(config.cache_dir()).entries()
    assert "local-key-123" not in entry.read_text(encoding="utf-8")
