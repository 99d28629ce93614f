"""Fault injection against the real loopback HTTP server (tests/openai_server.py): what bad,
overloaded, misconfigured and dead servers send, and what the user is told about it."""

from __future__ import annotations

from pathlib import Path

import pytest

from openai_server import LoopbackOpenAI
from summarizer.article import from_text
from summarizer.backends.openai_compat import OpenAIBackend
from summarizer.errors import ModelOutputError
from summarizer.pipeline import Options, summarize

ARTICLE = from_text('Anna Berg met Tom Lind in Oslo.\n\n"We made progress," Anna Berg said on Monday.')


@pytest.fixture
def server():
    with LoopbackOpenAI() as s:
        yield s


def backend(server, **kw) -> OpenAIBackend:
    options = {"transport_retries": 2, "backoff_initial": 0.01, "backoff_max": 0.05, "timeout": 5.0}
    options.update(kw)
    return OpenAIBackend(model="fake", base_url=server.base_url, **options)


def always(server, fault: str) -> None:
    server.fault_rule = lambda _n, _r: fault


# ------------------------------------------------------------------------------ answers


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
