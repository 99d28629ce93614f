"""Summarize every article under a folder: resumable, concurrent, nothing lost.

The cache is the source of truth: a rerun of the same command finds finished articles there
and only computes the rest. Records are appended to ``<out>.partial`` as they complete (so a
crash leaves at most one torn line there), and the output file itself is only ever replaced
whole, by an atomic rename, in input order. One bad file becomes an error record; the batch
goes on.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Protocol

from . import article as article_io
from .backends.base import Backend
from .cache import Cache
from .errors import SummarizerError, UsageError
from .files import atomic_write
from .pipeline import Options, summarize

DEFAULT_PATTERNS = ("*.txt", "*.md", "*.markdown", "*.html", "*.htm")


@dataclass
class BatchOptions:
    patterns: tuple[str, ...] = DEFAULT_PATTERNS
    out: Path | None = None
    out_dir: Path | None = None
    concurrency: int = 4
    fail_fast: bool = False
    pipeline: Options = field(default_factory=Options)


@dataclass
class BatchReport:
    articles: int = 0
    ok: int = 0
    errors: int = 0
    cached: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    wall_seconds: float = 0.0
    remaining: int = 0
    interrupted: bool = False

    @property
    def done(self) -> int:
        return self.ok + self.errors

    @property
    def per_minute(self) -> float:
        return self.done / self.wall_seconds * 60 if self.wall_seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles, "ok": self.ok, "errors": self.errors, "cached": self.cached,
            "prompt_tokens": self.prompt_tokens, "completion_tokens": self.completion_tokens,
            "wall_seconds": round(self.wall_seconds, 2), "articles_per_minute": round(self.per_minute, 1),
            "remaining": self.remaining, "interrupted": self.interrupted,
        }


class Progress(Protocol):
    def start(self, total: int) -> None: ...
    def advance(self, record: dict[str, Any], report: BatchReport) -> None: ...
    def stop(self) -> None: ...


def discover(folder: Path, patterns: tuple[str, ...] = DEFAULT_PATTERNS) -> list[Path]:
    """Matching files under ``folder``, recursively, in a stable (sorted) order; hidden
    files and folders are skipped."""
    if not folder.exists():
        raise UsageError(f"{folder}: no such folder")
    if not folder.is_dir():
        raise UsageError(f"{folder}: not a folder; to summarize one file use 'summarizer summarize {folder}'")
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if not name.startswith(".") and any(fnmatch.fnmatch(name, p) for p in patterns):
                found.append(Path(root) / name)
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def process_one(path: Path, folder: Path, backend: Backend, cache: Cache | None, options: Options) -> dict[str, Any]:
    """One article -> one record; every failure of this article becomes an error record."""
    source = path.relative_to(folder).as_posix()
    started = time.perf_counter()
    record: dict[str, Any] = {"source": source, "folder": str(folder.resolve()), "sha256": None}
    try:
        text = article_io.read(path)
        record["sha256"] = text.sha256
        result = summarize(text, backend, cache, options)
    except Exception as e:  # noqa: BLE001 - one article's failure, whatever it is, never stops the batch
        message = str(e) if isinstance(e, SummarizerError) else f"internal error: {type(e).__name__}: {e}"
        record.update(status="error", error={"type": type(e).__name__, "message": message.splitlines()[0]},
                      usage=None, seconds=round(time.perf_counter() - started, 3), cached=False)
        record["sha256"] = record["sha256"] or _file_hash(path)
        return record
    record.update(
        status="ok",
        summary=result.summary.model_dump(mode="json"),
        usage=result.meta.get("usage"),
        seconds=result.meta.get("seconds") if result.cached else round(time.perf_counter() - started, 3),
        cached=result.cached,
        model=result.meta.get("model"),
        warnings=result.meta.get("warnings", []),
    )
    return record


def _file_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def run_batch(
    folder: Path, backend: Backend, cache: Cache | None, options: BatchOptions,
    progress: Progress | None = None,
) -> BatchReport:
    paths = discover(folder, options.patterns)
    report = BatchReport(articles=len(paths))
    writer = _Output(options.out, options.out_dir)
    workers = max(1, options.concurrency if backend.concurrent else 1)
    started = time.perf_counter()
    if progress:
        progress.start(len(paths))
    records: dict[int, dict[str, Any]] = {}
    stop = threading.Event()

    def task(index: int) -> dict[str, Any]:
        if stop.is_set():
            raise _Skipped()
        return process_one(paths[index], folder, backend, cache, options.pipeline)

    executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="summarize")
    pending: dict[Future, int] = {}
    queue = iter(range(len(paths)))
    try:
        _fill(executor, pending, queue, task, workers * 2)
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                index = pending.pop(future)
                try:
                    record = future.result()
                except _Skipped:
                    continue
                records[index] = record
                _count(report, record)
                writer.append(record)
                if progress:
                    progress.advance(record, report)
                if options.fail_fast and record["status"] == "error":
                    stop.set()
            if not stop.is_set():
                _fill(executor, pending, queue, task, workers * 2)
    except KeyboardInterrupt:
        report.interrupted = True
        stop.set()
    finally:
        executor.shutdown(wait=not report.interrupted, cancel_futures=True)
        report.wall_seconds = time.perf_counter() - started
        report.remaining = report.articles - report.done
        writer.finish([records[i] for i in sorted(records)])
        if progress:
            progress.stop()
    return report


class _Skipped(Exception):
    pass


def _fill(executor: ThreadPoolExecutor, pending: dict, queue, task: Callable, limit: int) -> None:
    """Keep a bounded number of articles in flight: thousands of files never sit in memory."""
    while len(pending) < limit:
        index = next(queue, None)
        if index is None:
            return
        pending[executor.submit(task, index)] = index


def _count(report: BatchReport, record: dict[str, Any]) -> None:
    if record["status"] == "ok":
        report.ok += 1
        report.cached += bool(record.get("cached"))
        usage = record.get("usage") or {}
        if not record.get("cached"):
            report.prompt_tokens += usage.get("prompt_tokens", 0)
            report.completion_tokens += usage.get("completion_tokens", 0)
    else:
        report.errors += 1


class _Output:
    """JSONL (and optional per-article JSON files), never half-written.

    Lines go to ``<out>.partial.<pid>`` as they complete, for watching a long run; the final
    ``<out>`` is written whole, in input order, and renamed into place. Two runs writing the
    same output each use their own partial file; the last to finish wins, both complete."""

    def __init__(self, out: Path | None, out_dir: Path | None):
        self.out = out
        self.out_dir = out_dir
        self._partial = None
        self._lock = threading.Lock()
        if out is not None:
            if out.is_dir():
                raise UsageError(f"--out {out} is a folder; give a .jsonl file name")
            out.parent.mkdir(parents=True, exist_ok=True)
            self._partial_path = out.with_name(f"{out.name}.partial.{os.getpid()}")
            self._partial = open(self._partial_path, "w", encoding="utf-8")
        if out_dir is not None:
            out_dir.mkdir(parents=True, exist_ok=True)

    def append(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False) + "\n"
        with self._lock:
            if self._partial is not None:
                self._partial.write(line)
                self._partial.flush()
            if self.out_dir is not None and record["status"] == "ok":
                target = self.out_dir / (record["source"] + ".json")
                target.parent.mkdir(parents=True, exist_ok=True)
                atomic_write(target, json.dumps(record, ensure_ascii=False, indent=1) + "\n")

    def finish(self, records: list[dict[str, Any]]) -> None:
        if self.out is None or self._partial is None:
            return
        self._partial.close()
        body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        atomic_write(self.out, body)
        self._partial_path.unlink(missing_ok=True)
