"""Shared fixtures. Every test gets its own SUMMARIZER_HOME, so nothing touches the user's cache."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "turkey-south-korea-seoul-talks.txt"
GOLD_DIR = Path(__file__).resolve().parent / "gold"
RECORDINGS = Path(__file__).resolve().parent / "recordings"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    home = tmp_path / "summarizer-home"
    monkeypatch.setenv("SUMMARIZER_HOME", str(home))
    monkeypatch.delenv("SUMMARIZER_MODEL_PATH", raising=False)
    for variable in ("OPENAI_API_KEY", "SUMMARIZER_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(variable, raising=False)
    return home


@pytest.fixture
def seed_article():
    from summarizer.article import read

    return read(SEED)


@pytest.fixture
def seed_gold():
    from summarizer.schemas import ArticleSummary

    return ArticleSummary.model_validate_json((GOLD_DIR / f"{SEED.stem}.json").read_text(encoding="utf-8"))


SEED_RECORDING = f"{SEED.stem}.embedded"


def recorded(name: str = SEED_RECORDING):
    """The real model's answers to this article's questions, keyed by request."""
    from summarizer.backends.replay import RecordedBackend

    return RecordedBackend(RECORDINGS / f"{name}.json")


def recorded_responses(name: str = SEED_RECORDING) -> list[dict]:
    """The same answers as a queue, in the order they were given: for tests that change one."""
    data = json.loads((RECORDINGS / f"{name}.json").read_text(encoding="utf-8"))
    return [exchange["response"] for exchange in data["exchanges"]]


@pytest.fixture
def server():
    """A real OpenAI-compatible HTTP server on 127.0.0.1 (tests/openai_server.py)."""
    from openai_server import LoopbackOpenAI

    with LoopbackOpenAI() as s:
        yield s
