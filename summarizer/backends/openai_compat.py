"""Any OpenAI-compatible chat-completions server (OpenAI itself, vLLM, llama.cpp server ...).

Transport retries live here and only here: connection errors, timeouts, 429 (honouring
Retry-After) and 5xx are retried with exponential backoff and jitter, a bounded number of times.
Validation re-asks are a separate budget, spent by instructor in the pipeline.
"""

from __future__ import annotations

import os
import threading
from typing import Any

import openai
from openai.types.chat import ChatCompletion
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    wait_random_exponential,
)

from ..errors import BackendError, UsageError
from .base import Backend

RETRYABLE = (openai.APIConnectionError, openai.APITimeoutError, openai.RateLimitError,
             openai.InternalServerError)


def _is_transient(error: BaseException) -> bool:
    return isinstance(error, RETRYABLE)  # the openai client maps every 5xx to InternalServerError


def _retry_after_seconds(error: BaseException | None) -> float | None:
    response = getattr(error, "response", None)
    if response is None:
        return None
    value = response.headers.get("retry-after")
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None  # an HTTP date; fall back to our own backoff


class OpenAIBackend(Backend):
    name = "openai"
    concurrent = True

    def __init__(
        self,
        model: str,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout: float = 120.0,
        transport_retries: int = 5,
        backoff_initial: float = 1.0,
        backoff_max: float = 60.0,
        max_output_tokens: int = 1024,
    ):
        if not model:
            raise UsageError("--model is required with --base-url")
        api_key = api_key or os.environ.get("OPENAI_API_KEY")
        if not api_key:
            if base_url is None:
                raise UsageError("set OPENAI_API_KEY to use OpenAI models, or pass --base-url")
            api_key = "not-needed"  # local servers usually ignore the key
        self.model = model
        self.base_url = base_url
        self.transport_retries = transport_retries
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max
        self.max_output_tokens = max_output_tokens
        self.retries = 0  # transport retries made, for reports and tests
        self._retries_lock = threading.Lock()
        # the client's own retries are off: tenacity below is the one bounded policy
        self.client = openai.OpenAI(
            base_url=base_url, api_key=api_key, timeout=timeout, max_retries=0
        )

    @property
    def model_id(self) -> str:
        return f"{self.base_url or 'openai'}#{self.model}"

    def _wait(self, state: RetryCallState) -> float:
        backoff = wait_random_exponential(multiplier=self.backoff_initial, max=self.backoff_max)(state)
        error = state.outcome.exception() if state.outcome else None
        retry_after = _retry_after_seconds(error)
        if retry_after is not None:
            return min(retry_after, self.backoff_max)
        return backoff

    def _count_retry(self, _state: RetryCallState) -> None:
        with self._retries_lock:
            self.retries += 1

    def create(self, **kwargs: Any) -> ChatCompletion:
        kwargs["model"] = self.model
        kwargs.setdefault("max_tokens", self.max_output_tokens)
        kwargs.setdefault("temperature", self.generation_params()["temperature"])
        retrying = Retrying(
            stop=stop_after_attempt(self.transport_retries + 1),
            wait=self._wait,
            retry=retry_if_exception(_is_transient),
            before_sleep=self._count_retry,
            reraise=True,
        )
        try:
            return retrying(self.client.chat.completions.create, **kwargs)
        except openai.AuthenticationError:
            raise BackendError(f"{self._where()}: authentication failed; check OPENAI_API_KEY") from None
        except openai.NotFoundError:
            raise BackendError(f"{self._where()}: model {self.model!r} not found") from None
        except RETRYABLE as e:
            raise BackendError(
                f"{self._where()}: {_describe(e)} (gave up after {self.transport_retries + 1} attempts)"
            ) from None
        except openai.APIStatusError as e:
            raise BackendError(f"{self._where()}: HTTP {e.status_code}: {_describe(e)}") from None

    def _where(self) -> str:
        return self.base_url or "OpenAI"


def _describe(error: BaseException) -> str:
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return text[:200]
