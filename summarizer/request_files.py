"""The Batch file format: one chat-completion request per line, and one result per line.

OpenAI's Batch API reads and writes it, providers that copy the API do, and so does vLLM's
offline batch runner (``python -m vllm.entrypoints.openai.run_batch``), on one GPU or a Ray
cluster. A request line::

    {"custom_id": "...", "method": "POST", "url": "/v1/chat/completions", "body": {...}}

A result line::

    {"id": "...", "custom_id": "...", "response": {"status_code": 200, "body": {chat completion}},
     "error": null}

A ``custom_id`` names the request: the article's result key (its first 32 hex digits: the
text, the code, prompts, schemas, model and parameters), the question's number in the
article's plan, the attempt (0, then re-asks) and the try (a request sent again because the
engine failed it). Results map back to their question after any restart, and two files with
the same text share one set of requests.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from openai.types.chat import ChatCompletion

ENDPOINT = "/v1/chat/completions"
# OpenAI's limits for one batch input file (2025): 50,000 requests, 200 MB.
MAX_LINES = 50_000
MAX_BYTES = 200 * 1000 * 1000
KEY_DIGITS = 32
_ID = re.compile(rf"^([0-9a-f]{{{KEY_DIGITS}}})-(\d+)-(\d+)-(\d+)$")


@dataclass(frozen=True)
class RequestId:
    key: str  # the article's result key, its first KEY_DIGITS digits
    ask: int
    attempt: int
    tries: int

    def __str__(self) -> str:
        return f"{self.key[:KEY_DIGITS]}-{self.ask}-{self.attempt}-{self.tries}"

    @classmethod
    def parse(cls, text: Any) -> RequestId | None:
        match = _ID.match(text) if isinstance(text, str) else None
        return cls(match[1], int(match[2]), int(match[3]), int(match[4])) if match else None


@dataclass(frozen=True)
class Reply:
    """What an engine sent back for one request: an answer, or why there is none."""

    content: str | None = None
    finish_reason: str | None = None
    usage: dict[str, Any] | None = None
    error: str | None = None  # the engine did not answer this request (an HTTP error, a failed line)

    def completion(self, content: str | None = None) -> ChatCompletion:
        """The answer as the chat completion a live request would have returned."""
        return ChatCompletion.construct(**{
            "id": "batch", "object": "chat.completion", "created": 0, "model": "",
            "choices": [{"index": 0, "finish_reason": self.finish_reason or "stop",
                         "message": {"role": "assistant", "content": self.content if content is None else content}}],
            "usage": self.usage,
        })


def request_line(request_id: RequestId, body: dict[str, Any]) -> str:
    return json.dumps({"custom_id": str(request_id), "method": "POST", "url": ENDPOINT, "body": body},
                      ensure_ascii=False)


def reply_of(record: Any) -> tuple[RequestId, Reply] | None:
    """One result line as (request, reply); None for a line that is not one of ours."""
    if not isinstance(record, dict):
        return None
    request_id = RequestId.parse(record.get("custom_id"))
    if request_id is None:
        return None
    response = record.get("response") if isinstance(record.get("response"), dict) else {}
    body = response.get("body") if isinstance(response.get("body"), dict) else {}
    status = response.get("status_code")
    error = record.get("error")
    if error or (status is not None and status != 200) or not response:
        return request_id, Reply(error=_error_text(error, status, body))
    try:
        choice = body["choices"][0]
        content = choice["message"].get("content")
        assert content is None or isinstance(content, str)
    except (KeyError, IndexError, TypeError, AttributeError, AssertionError):
        return request_id, Reply(error="the result is not a chat completion")
    usage = body.get("usage") if isinstance(body.get("usage"), dict) else None
    return request_id, Reply(content=content, finish_reason=choice.get("finish_reason"), usage=usage)


def _error_text(error: Any, status: Any, body: dict[str, Any]) -> str:
    if isinstance(error, dict):
        return f"{error.get('code') or 'error'}: {error.get('message') or ''}".strip()
    inner = body.get("error")
    message = inner.get("message") if isinstance(inner, dict) else inner
    return f"HTTP {status}" + (f": {message}" if message else "") if status is not None else "no response"


def read_results(path: Path) -> Iterator[tuple[RequestId, Reply]]:
    """The replies in a results file; a line that is not JSON (a torn last line) is skipped."""
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            try:
                parsed = reply_of(json.loads(line))
            except ValueError:
                continue
            if parsed is not None:
                yield parsed


def request_ids(path: Path) -> Iterator[RequestId]:
    """The requests in a request file (or a file of ids, one a line)."""
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                try:
                    line = json.loads(line).get("custom_id", "")
                except (ValueError, AttributeError):
                    continue
            request_id = RequestId.parse(line)
            if request_id is not None:
                yield request_id


class SplitWriter:
    """Request files of at most ``max_lines`` lines and ``max_bytes`` bytes each (an article's
    requests are never split between two files), named ``<stem>-<n>.jsonl``. Each file is
    written under a temporary name and renamed whole by ``close``."""

    def __init__(self, directory: Path, stem: str, max_lines: int = MAX_LINES, max_bytes: int = MAX_BYTES):
        self.directory, self.stem = directory, stem
        self.max_lines, self.max_bytes = max_lines, max_bytes
        self.files: list[tuple[Path, int]] = []  # (path, requests) of each finished file
        self._file = None
        self._lines = self._bytes = 0

    def add(self, lines: list[str]) -> None:
        """One article's request lines."""
        size = sum(len(line.encode("utf-8")) + 1 for line in lines)
        if self._file is not None and (self._lines + len(lines) > self.max_lines or self._bytes + size > self.max_bytes):
            self._finish_file()
        if self._file is None:
            self._path = self.directory / f"{self.stem}-{len(self.files) + 1}.jsonl"
            self._file = open(self._tmp(self._path), "w", encoding="utf-8")
        self._file.write("".join(line + "\n" for line in lines))
        self._lines += len(lines)
        self._bytes += size

    def close(self) -> list[tuple[Path, int]]:
        if self._file is not None:
            self._finish_file()
        return self.files

    def _finish_file(self) -> None:
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        os.replace(self._tmp(self._path), self._path)
        self.files.append((self._path, self._lines))
        self._file, self._lines, self._bytes = None, 0, 0

    @staticmethod
    def _tmp(path: Path) -> Path:
        return path.with_name(f".{path.name}.{os.getpid()}.part.tmp")


def results_usage(replies: Iterator[tuple[RequestId, Reply]]) -> dict[str, int]:
    """Answered and failed lines in results, and their tokens."""
    totals = {"answered": 0, "failed": 0, "prompt_tokens": 0, "completion_tokens": 0}
    for _, reply in replies:
        totals["failed" if reply.error else "answered"] += 1
        for field in ("prompt_tokens", "completion_tokens"):
            value = (reply.usage or {}).get(field)
            totals[field] += value if isinstance(value, int) else 0
    return totals


def work_dir(out: Path) -> Path:
    """Where a batch engine keeps its files until every article is done: beside the output."""
    return out.with_name(f"{out.name}.batch-files")
