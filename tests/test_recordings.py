"""Recordings of the real model prove they fit: each replays exactly the requests it holds."""

from __future__ import annotations

import pytest

from conftest import RECORDINGS, ROOT, recorded
from summarizer.article import from_text, read
from summarizer.backends.replay import RecordedBackend, RecordingMismatch
from summarizer.grounding import validation_context
from summarizer.pipeline import Options, summarize
from summarizer.schemas import ArticleSummary

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def test_every_seed_has_a_recording_and_there_are_at_least_five():
    assert len(SEEDS) >= 5
    assert {p.stem for p in SEEDS} == {p.name.removesuffix(".embedded.json") for p in RECORDINGS.glob("*.json")}


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_each_recording_replays_every_request_it_holds_and_nothing_else(seed):
    backend = recorded(f"{seed.stem}.embedded")
    article = read(seed)
    result = summarize(article, backend, None, Options(use_cache=False))
    assert backend.remaining == 0, "the pipeline asked fewer questions than were recorded"
    ArticleSummary.model_validate(result.summary.model_dump(), context=validation_context(article.text))


def test_a_recording_presents_the_backend_it_was_made_with():
    backend = recorded()
    assert backend.name == "embedded" and backend.constrained and not backend.concurrent
    assert backend.context_tokens == 16384
    assert backend.model_id.startswith("qwen2.5-coder-1.5b-instruct")
    assert backend.generation_params()["temperature"] == 0.0


def test_a_changed_request_fails_and_says_to_re_record(seed_article):
    changed = from_text(seed_article.text.replace("Seoul", "Busan", 1), source=seed_article.source)
    with pytest.raises(RecordingMismatch, match="re-record"):
        summarize(changed, recorded(), None, Options(use_cache=False))


def test_an_old_positional_recording_is_refused(tmp_path):
    old = tmp_path / "old.json"
    old.write_text('{"model": "x", "responses": []}', encoding="utf-8")
    with pytest.raises(RecordingMismatch, match="re-record"):
        RecordedBackend(old)
