"""The one small interface every model backend implements.

A backend turns OpenAI-style chat-completion keyword arguments (as instructor sends them) into
an ``openai.types.chat.ChatCompletion``. That is the only method the pipeline needs; everything
else here describes the backend for the cache key and the length check.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

from openai.types.chat import ChatCompletion


@dataclass
class Usage:
    """Tokens and calls, summed over every attempt (failed validation attempts included), and
    each call on its own: which question, prompt tokens evaluated and reused from the prefix
    the model had already read, output tokens, seconds (where the seconds go)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0
    reasks: int = 0
    cached_tokens: int = 0
    detail: list[dict[str, Any]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add_response(self, response: ChatCompletion, question: str = "", seconds: float = 0.0) -> None:
        with self._lock:
            self.calls += 1
            usage = response.usage
            prompt = (usage.prompt_tokens or 0) if usage else 0
            output = (usage.completion_tokens or 0) if usage else 0
            details = getattr(usage, "prompt_tokens_details", None) if usage else None
            cached = (getattr(details, "cached_tokens", None) or 0) if details else 0
            self.prompt_tokens += prompt
            self.completion_tokens += output
            self.cached_tokens += cached
            self.detail.append({"question": question, "prompt_tokens": prompt, "reused_tokens": cached,
                                "evaluated_tokens": prompt - cached, "output_tokens": output,
                                "seconds": round(seconds, 2)})

    def as_dict(self) -> dict[str, int]:
        return {
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "calls": self.calls,
            "reasks": self.reasks,
            "cached_tokens": self.cached_tokens,
        }


class Backend(ABC):
    #: short name recorded in results and cache keys ("embedded", "openai", ...)
    name: str = "backend"
    #: whether several requests may be in flight at once (a served model) or not (in-process)
    concurrent: bool = False
    #: whether every answer parses as the requested JSON schema (grammar-constrained decoding):
    #: then an answer fails only on content the article does not support, never on its form
    constrained: bool = False
    #: who speaks a quotation no cue settles: "model" (the model is asked, with the candidates
    #: the text allows) or "nearest" (the first of those candidates: the person the text last
    #: made its subject). Measured on both dev sets, the embedded 1.5B model picks worse than
    #: that; a larger model is asked.
    open_speakers: str = "model"

    @property
    @abstractmethod
    def model_id(self) -> str:
        """What identifies the weights: a file hash for local files, a name for served ones."""

    @abstractmethod
    def create(self, **kwargs: Any) -> ChatCompletion:
        """One chat completion. Receives instructor's kwargs (messages, response_format, ...)."""

    def start_document(self) -> None:
        """A new article begins. A backend that carries state from one request to the next
        (the embedded model's evaluated prefix) drops it here, so an article's answers never
        depend on what was read before it."""

    def reconnect(self) -> None:
        """In a new process forked from this one (a batch's worker): open connections of its
        own instead of sharing the parent's sockets."""

    def generation_params(self) -> dict[str, Any]:
        """Parameters that change the output; part of the cache key."""
        return {"temperature": 0.0}

    def count_tokens(self, text: str) -> int:
        """Tokens in ``text``; a conservative estimate unless the backend knows its tokenizer."""
        return len(text) // 3 + 1

    @property
    def context_tokens(self) -> int | None:
        """Prompt + output budget of the model, if known."""
        return None

    def describe(self) -> dict[str, Any]:
        return {"backend": self.name, "model": self.model_id, "params": self.generation_params()}
