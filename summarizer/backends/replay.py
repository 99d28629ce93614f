"""Model answers without a model: scripted queues, and recordings of a real model keyed by request.

``ReplayBackend`` answers from a queue, in order: for tests that script a conversation by hand.
``RecordingBackend`` wraps a real backend and keeps each request's answer under a hash of the
request (messages, response schema, output bound), with every property of the backend it was
made with; ``RecordedBackend`` plays such a file back. A replayed request that the recording
does not hold (a prompt, a schema or the order of questions changed) fails loudly and says to
re-record, instead of answering with another question's answer.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import deque
from pathlib import Path
from typing import Any, Iterable

from openai.types.chat import ChatCompletion

from .base import Backend


def completion(content: str, prompt_tokens: int = 0, completion_tokens: int = 0,
               finish_reason: str = "stop", model: str = "replay") -> ChatCompletion:
    return ChatCompletion.model_validate(
        {
            "id": f"replay-{time.monotonic_ns()}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": finish_reason,
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }
    )


class ReplayBackend(Backend):
    """Answers each request with the next queued response (a string, or a dict with content
    and usage as recorded). Keeps every request it was sent, for assertions."""

    name = "replay"
    concurrent = True

    def __init__(self, responses: Iterable[str | dict[str, Any]], model_id: str = "replay", constrained: bool = False):
        self._queue: deque[str | dict[str, Any]] = deque(responses)
        self.constrained = constrained  # True to replay as the grammar-constrained embedded model
        self._model_id = model_id
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        return self._model_id

    @property
    def remaining(self) -> int:
        return len(self._queue)

    def create(self, **kwargs: Any) -> ChatCompletion:
        with self._lock:
            self.requests.append(kwargs)
            if not self._queue:
                raise AssertionError("ReplayBackend: no recorded response left for this request")
            item = self._queue.popleft()
        return _as_completion(item)


def _as_completion(item: str | dict[str, Any]) -> ChatCompletion:
    if isinstance(item, str):
        return completion(item)
    return completion(
        item["content"], item.get("prompt_tokens", 0), item.get("completion_tokens", 0),
        item.get("finish_reason", "stop"),
    )


def request_key(kwargs: dict[str, Any]) -> str:
    """What identifies a request: the messages, the response schema and the output bound."""
    blob = json.dumps(
        {k: kwargs.get(k) for k in ("messages", "response_format", "max_tokens")},
        sort_keys=True, ensure_ascii=False,
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _question_of(kwargs: dict[str, Any]) -> str:
    """A readable line for the recording's reader: the question's first words."""
    content = str(kwargs.get("messages", [{}])[-1].get("content", ""))
    tail = content.rsplit("QUESTION:", 1)[-1].strip()
    return " ".join(tail.split())[:100]


class RecordingMismatch(AssertionError):
    """A replayed request is not in the recording: re-record it."""


class RecordingBackend(Backend):
    """Wraps a real backend and keeps what it answered, keyed by request, to save as a recording."""

    def __init__(self, inner: Backend):
        self.inner = inner
        self.name = inner.name
        self.concurrent = inner.concurrent
        self.constrained = inner.constrained  # the re-ask budget depends on it
        self.exchanges: list[dict[str, Any]] = []
        self.token_counts: dict[str, int] = {}

    def start_document(self) -> None:
        self.inner.start_document()

    @property
    def model_id(self) -> str:
        return self.inner.model_id

    def generation_params(self) -> dict[str, Any]:
        return self.inner.generation_params()

    def count_tokens(self, text: str) -> int:
        count = self.inner.count_tokens(text)
        self.token_counts[_text_key(text)] = count
        return count

    @property
    def context_tokens(self) -> int | None:
        return self.inner.context_tokens

    def create(self, **kwargs: Any) -> ChatCompletion:
        response = self.inner.create(**kwargs)
        usage = response.usage
        self.exchanges.append({
            "request": request_key(kwargs),
            "question": _question_of(kwargs),
            "response": {
                "content": response.choices[0].message.content or "",
                "finish_reason": response.choices[0].finish_reason,
                "prompt_tokens": usage.prompt_tokens if usage else 0,
                "completion_tokens": usage.completion_tokens if usage else 0,
            },
        })
        return response

    def save(self, path: str | Path) -> None:
        data = {
            "format": 2,
            "backend": {
                "name": self.name, "model": self.model_id, "constrained": self.constrained,
                "concurrent": self.concurrent, "context_tokens": self.context_tokens,
                "params": self.generation_params(),
            },
            "token_counts": self.token_counts,
            "exchanges": self.exchanges,
        }
        Path(path).write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class RecordedBackend(Backend):
    """Plays a recording back: each request gets the answer recorded for that same request,
    and the backend presents itself as the one recorded (name, model, constrained, context,
    parameters, token counts), so the pipeline takes the same paths it took then."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        data = json.loads(self.path.read_text(encoding="utf-8"))
        if data.get("format") != 2:
            raise RecordingMismatch(f"{self.path.name}: an old recording format; re-record it")
        described = data["backend"]
        self.name = described["name"]
        self._model_id = described["model"]
        self.constrained = described["constrained"]
        self.concurrent = described["concurrent"]
        self._context_tokens = described["context_tokens"]
        self._params = described["params"]
        self._token_counts = data.get("token_counts", {})
        self._answers: dict[str, deque[dict[str, Any]]] = {}
        for exchange in data["exchanges"]:
            self._answers.setdefault(exchange["request"], deque()).append(exchange["response"])
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        return self._model_id

    def generation_params(self) -> dict[str, Any]:
        return dict(self._params)

    @property
    def context_tokens(self) -> int | None:
        return self._context_tokens

    def count_tokens(self, text: str) -> int:
        return self._token_counts.get(_text_key(text), super().count_tokens(text))

    @property
    def remaining(self) -> int:
        return sum(len(q) for q in self._answers.values())

    def create(self, **kwargs: Any) -> ChatCompletion:
        with self._lock:
            self.requests.append(kwargs)
            queue = self._answers.get(request_key(kwargs))
            if not queue:
                raise RecordingMismatch(
                    f"{self.path.name}: request {len(self.requests)} ({_question_of(kwargs)[:60]!r}) "
                    "is not in the recording: a prompt, a schema or the questions changed; "
                    "re-record with: python tests/make_recordings.py"
                )
            return _as_completion(queue.popleft())


