"""Any OpenAI-compatible chat-completions server (OpenAI itself, vLLM, llama.cpp server ...).

Transport retries live here and only here: connection errors, timeouts, 429 (honouring
Retry-After) and 5xx are retried with exponential backoff and jitter, a bounded number of times.
Validation re-asks are a separate budget, spent by instructor in the pipeline.

Retries are also bounded by the server's health, shared by every request to it: once nothing
has answered for ``dead_after`` seconds (and several attempts in a row failed), a request
stops retrying, so a dead server does not cost every article its whole retry budget.

The API key goes only where it belongs: ``OPENAI_API_KEY`` only to OpenAI's API; another
server gets ``SUMMARIZER_API_KEY`` or the key the caller passes (the CLI's ``--api-key-env``).
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from typing import Any
from urllib.parse import urlsplit

import openai
from openai.types.chat import ChatCompletion
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    wait_random_exponential,
)

try:
    import httpx2 as httpx  # the HTTP client this openai release is built on
except ImportError:  # pragma: no cover - openai releases built on httpx
    import httpx  # type: ignore[no-redef]

from ..errors import BackendError, ContextLengthError, ServerDownError, UsageError
from .base import Backend

RETRYABLE = (openai.APIConnectionError, openai.APITimeoutError, openai.RateLimitError,
             openai.InternalServerError)
# failures that say nothing answers (a 429 is an answer: the server is there, and busy)
UNANSWERED = (openai.APIConnectionError, openai.InternalServerError)

# A request refused with 429 is tried this many times longer than one that failed otherwise.
RATE_LIMIT_PATIENCE = 3

OPENAI_URL = "https://api.openai.com/v1"
OPENAI_KEY_ENV = "OPENAI_API_KEY"
KEY_ENV = "SUMMARIZER_API_KEY"  # the key for a server that is not OpenAI's

# How servers say an input is longer than the model's context (OpenAI, vLLM, llama.cpp server,
# TGI, Ollama): a 400 that no retry and no other server address will mend.
_CONTEXT = re.compile(
    r"context[ _-]?(length|window|size)|maximum context|too many tokens|prompt is too long|"
    r"exceeds? the (available |maximum )?context|input (is )?too long|reduce the length",
    re.IGNORECASE,
)


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


def is_openai(base_url: str | None) -> bool:
    """Whether requests go to OpenAI's own API (the only host OPENAI_API_KEY is for)."""
    if base_url is None:
        return True
    parts = urlsplit(base_url)
    return parts.scheme == "https" and parts.hostname == "api.openai.com"


def resolve_api_key(base_url: str | None, api_key: str | None = None) -> tuple[str | None, str]:
    """The key to send to ``base_url``, and where it came from (for error messages)."""
    if api_key:
        return api_key, "the key given"
    if is_openai(base_url):
        return os.environ.get(OPENAI_KEY_ENV) or None, OPENAI_KEY_ENV
    return os.environ.get(KEY_ENV) or None, KEY_ENV


class ServerHealth:
    """Whether a server still answers, from every request made to it (all threads): it is
    taken for dead once ``min_failures`` attempts in a row found nothing answering and the
    first of them is ``window`` seconds old. Any answer resets it."""

    def __init__(self, window: float = 10.0, min_failures: int = 5, clock=time.monotonic):
        self.window = window
        self.min_failures = min_failures
        self._clock = clock
        self._failures = 0
        self._since: float | None = None
        self._lock = threading.Lock()

    def answered(self) -> None:
        with self._lock:
            self._failures, self._since = 0, None

    def failed(self) -> None:
        with self._lock:
            self._failures += 1
            if self._since is None:
                self._since = self._clock()

    def silent_for(self) -> float:
        with self._lock:
            return 0.0 if self._since is None else self._clock() - self._since

    def until_down(self) -> float:
        """Seconds until a server failing like now would be taken for dead (inf: it is not failing)."""
        with self._lock:
            if self._failures < self.min_failures or self._since is None:
                return float("inf")
            return max(0.0, self.window - (self._clock() - self._since))

    def down(self, _state: RetryCallState | None = None) -> bool:
        with self._lock:
            failures, since = self._failures, self._since
        return failures >= self.min_failures and since is not None and self._clock() - since >= self.window


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
        dead_after: float = 10.0,
        context_tokens: int | None = None,
    ):
        if not model:
            raise UsageError("--model is required with --base-url")
        api_key, self._key_source = resolve_api_key(base_url, api_key)
        if not api_key:
            if is_openai(base_url):
                raise UsageError(f"set {OPENAI_KEY_ENV} to use OpenAI models, or pass --base-url")
            api_key = "not-needed"  # local servers usually ignore the key
        self.model = model
        self.base_url = base_url
        self.transport_retries = transport_retries
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max
        self.max_output_tokens = max_output_tokens
        self.health = ServerHealth(window=dead_after)
        self._context_tokens = context_tokens  # given by the user, else asked of the server once
        self._context_asked = context_tokens is not None
        self.retries = 0  # transport retries made, for reports and tests
        self.gate = None  # set by a batch: adaptive concurrency (summarizer.adaptive.AdaptiveLimit)
        self._retries_lock = threading.Lock()
        # the client's own retries are off: tenacity below is the one bounded policy. OpenAI's
        # address is given, not left to the client, which would take OPENAI_BASE_URL from the
        # environment and send OPENAI_API_KEY there.
        self._client_options = {"base_url": base_url or OPENAI_URL, "api_key": api_key, "timeout": timeout,
                                "max_retries": 0}
        self.client = openai.OpenAI(**self._client_options)

    def reconnect(self) -> None:
        self.client = openai.OpenAI(**self._client_options)
        self._retries_lock = threading.Lock()

    @property
    def model_id(self) -> str:
        return f"{self.base_url or 'openai'}#{self.model}"

    @property
    def context_tokens(self) -> int | None:
        """The model's context: what the user said (--context-tokens), else what the server
        reports (vLLM's max_model_len, OpenRouter's context_length, llama.cpp server's n_ctx),
        else unknown (a server's context-length refusal then makes the article be read in parts)."""
        if not self._context_asked:
            self._context_asked = True
            self._context_tokens = self._reported_context()
        return self._context_tokens

    def _reported_context(self) -> int | None:
        try:
            for model in self.client.with_options(timeout=5.0).models.list().data:
                extra = model.model_extra or {}
                if model.id == self.model:
                    value = extra.get("max_model_len") or extra.get("context_length") or (extra.get("meta") or {}).get("n_ctx")
                    return int(value) if value else None
        except (openai.OpenAIError, ValueError, TypeError, AttributeError):
            return None
        return None

    def _wait(self, state: RetryCallState) -> float:
        backoff = wait_random_exponential(multiplier=self.backoff_initial, max=self.backoff_max)(state)
        error = state.outcome.exception() if state.outcome else None
        retry_after = _retry_after_seconds(error)
        if retry_after is not None:
            return min(retry_after, self.backoff_max)
        # when the server looks dead, wake up when it would be declared so: one more try
        # then, rather than a 16 s sleep past the point where retrying stops anyway
        return min(backoff, self.health.until_down() + 0.05)

    def _stop(self, state: RetryCallState) -> bool:
        """The transport budget; a 429 is the server asking to slow down, not failing (and a
        batch does slow down: adaptive.py), so a request refused for rate gets a longer one."""
        error = state.outcome.exception() if state.outcome else None
        budget = (self.transport_retries + 1) * (RATE_LIMIT_PATIENCE if isinstance(error, openai.RateLimitError) else 1)
        return state.attempt_number >= budget or self.health.down()

    def _count_retry(self, _state: RetryCallState) -> None:
        with self._retries_lock:
            self.retries += 1

    def create(self, **kwargs: Any) -> ChatCompletion:
        kwargs["model"] = self.model
        kwargs.setdefault("max_tokens", self.max_output_tokens)
        kwargs.setdefault("temperature", self.generation_params()["temperature"])
        retrying = Retrying(
            stop=self._stop,
            wait=self._wait,
            retry=retry_if_exception(_is_transient),
            before_sleep=self._count_retry,
            reraise=True,
        )
        try:
            return retrying(self._attempt, kwargs)
        except openai.AuthenticationError:
            raise BackendError(f"{self._where()}: authentication failed; check {self._key_source}") from None
        except openai.NotFoundError:
            raise BackendError(f"{self._where()}: model {self.model!r} not found (HTTP 404)") from None
        except RETRYABLE as e:
            if self.health.down():
                raise ServerDownError(
                    f"the model server at {self._where()} is not answering ({_describe(e)}; "
                    f"nothing answered for {self.health.silent_for():.0f} s)"
                ) from None
            raise BackendError(
                f"{self._where()}: {_describe(e)} (gave up after {retrying.statistics.get('attempt_number', 1)} attempts)"
            ) from None
        except openai.APIStatusError as e:
            if e.status_code == 413 or (e.status_code == 400 and _CONTEXT.search(_server_said(e))):
                raise ContextLengthError(
                    f"the article is too long for the model's context (server said: {_server_said(e)})"
                ) from None
            raise BackendError(f"{self._where()}: {_describe(e)}") from None

    def _attempt(self, kwargs: dict[str, Any]) -> ChatCompletion:
        """One try, through the gate when there is one (a batch's adaptive concurrency:
        it hears of every 429 and every answer's time)."""
        gate = self.gate
        started = gate.acquire() if gate is not None else 0.0
        outcome = "error"
        try:
            response = self._send(kwargs)
            outcome = "ok"
            return response
        except openai.RateLimitError:
            outcome = "busy"
            raise
        finally:
            if gate is not None:
                gate.release(started, outcome)

    def _send(self, kwargs: dict[str, Any]) -> ChatCompletion:
        try:
            # the body as it is, JSON: instructor's arguments are plain dicts already, and the
            # client's typed create spent 1.6 ms a request walking them against its TypedDicts
            raw = self.client.post("/chat/completions", body=kwargs, cast_to=httpx.Response)
        except UNANSWERED:
            self.health.failed()
            raise
        except openai.APIStatusError:
            self.health.answered()
            raise
        self.health.answered()
        return chat_completion(raw.content, raw.headers.get("content-type", ""), self._where())

    def _where(self) -> str:
        return self.base_url or "OpenAI"


def chat_completion(body: bytes, content_type: str, where: str) -> ChatCompletion:
    """The answer as a ChatCompletion, or a BackendError that says what came instead.

    The openai client hands back whatever a 200 carried (an HTML page as a str, a JSON object
    of any shape), which later failed as an AttributeError. Checked here, leniently in the
    details a served model may leave out (``created``, an unknown ``finish_reason``)."""
    try:
        data = json.loads(body)
    except ValueError:
        data = None
    choices = data.get("choices") if isinstance(data, dict) else None
    message = choices[0].get("message") if isinstance(choices, list) and choices and isinstance(choices[0], dict) else None
    if not isinstance(message, dict) or not isinstance(message.get("content"), (str, type(None))):
        if data is None:
            sent = "an HTML page" if _is_html(body, content_type) else "a body that is not JSON"
        else:
            sent = "JSON that is not a chat completion"
        raise BackendError(
            f"the server at {where} did not answer with a chat completion (it sent {sent}); "
            "is the address the API's, usually ending in /v1?"
        )
    if not _usage_ok(data.get("usage")):
        data["usage"] = None  # tokens unknown rather than a crash when they are counted
    return ChatCompletion.construct(**data)


def _usage_ok(usage: Any) -> bool:
    if usage is None:
        return True
    return isinstance(usage, dict) and all(
        isinstance(usage.get(k, 0), int) or usage.get(k) is None for k in ("prompt_tokens", "completion_tokens")
    )


def _is_html(body: bytes | str, content_type: str) -> bool:
    head = body[:200].lstrip().lower() if isinstance(body, bytes) else body[:200].lstrip().lower().encode()
    return "html" in content_type.lower() or head.startswith((b"<!doctype", b"<html", b"<head", b"<body", b"<"))


def _server_said(error: openai.APIStatusError) -> str:
    """The server's own message, short and on one line; an HTML error page is named, not pasted."""
    body = error.body
    if isinstance(body, dict):
        message = body.get("message") or body.get("detail") or body.get("error")
        if message:
            return _one_line(str(message))
    response = error.response
    text = response.text if response is not None else str(body or "")
    if _is_html(text, response.headers.get("content-type", "") if response is not None else ""):
        return "HTML error page"
    return _one_line(text) or "no details"


def _describe(error: BaseException) -> str:
    if isinstance(error, openai.APIStatusError):
        return f"HTTP {error.status_code} ({_server_said(error)})"
    if isinstance(error, openai.APITimeoutError):
        return "timed out"
    if isinstance(error, openai.APIConnectionError):
        cause = error.__cause__
        return f"connection failed ({_one_line(str(cause))})" if cause is not None and str(cause) else "connection failed"
    return _one_line(str(error)) or type(error).__name__


def _one_line(text: str, limit: int = 200) -> str:
    """Control characters and line breaks out, so a server's text cannot break the one line
    the user sees (or drive their terminal)."""
    text = re.sub(r"[\x00-\x1f\x7f-\x9f]+", " ", text).strip()
    return text[:limit] + ("..." if len(text) > limit else "")
