"""Recorded responses: a backend that replays model answers, and a wrapper that records them.

Tests run the real pipeline on answers recorded from the real embedded model, so they are fast
and deterministic yet exercise parsing, validation, re-asks, grounding and caching for real.
"""

from __future__ import annotations

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

    @classmethod
    def from_file(cls, path: str | Path) -> ReplayBackend:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(data["responses"], model_id=data.get("model", "replay"))

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
        if isinstance(item, str):
            return completion(item)
        return completion(
            item["content"],
            item.get("prompt_tokens", 0),
            item.get("completion_tokens", 0),
            item.get("finish_reason", "stop"),
        )


class RecordingBackend(Backend):
    """Wraps a real backend and keeps what it answered, to save as a recording."""

    def __init__(self, inner: Backend):
        self.inner = inner
        self.name = inner.name
        self.concurrent = inner.concurrent
        self.constrained = inner.constrained  # the re-ask budget depends on it
        self.responses: list[dict[str, Any]] = []

    def start_document(self) -> None:
        self.inner.start_document()

    @property
    def model_id(self) -> str:
        return self.inner.model_id

    def generation_params(self) -> dict[str, Any]:
        return self.inner.generation_params()

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    @property
    def context_tokens(self) -> int | None:
        return self.inner.context_tokens

    def create(self, **kwargs: Any) -> ChatCompletion:
        response = self.inner.create(**kwargs)
        usage = response.usage
        self.responses.append(
            {
                "content": response.choices[0].message.content or "",
                "finish_reason": response.choices[0].finish_reason,
                "prompt_tokens": usage.prompt_tokens if usage else 0,
                "completion_tokens": usage.completion_tokens if usage else 0,
            }
        )
        return response

    def save(self, path: str | Path) -> None:
        data = {"model": self.model_id, "responses": self.responses}
        Path(path).write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
