"""Summarize every article under a folder: resumable, concurrent, nothing lost.

The cache is the source of truth: a rerun of the same command finds finished articles there
and only computes the rest. Records are appended to ``<out>.partial.<pid>`` as they complete
(so a crash leaves at most one torn line there, and the next run removes the file), and the
output file itself is only ever replaced whole, by an atomic rename, in input order. A run
that stops early (Ctrl-C, --fail-fast, a dead server) merges what it did into the existing
output instead of replacing it, so a complete output is never replaced by a shorter one. One
bad file becomes an error record; the batch goes on, unless the model server stops answering.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import stat
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Protocol

from . import article as article_io
from .adaptive import START, AdaptiveLimit
from .backends.base import Backend, Usage
from .cache import Cache
from .errors import BackendError, ModelOutputError, ServerDownError, SummarizerError, UsageError
from .batch_output import Output
from .pipeline import Options, summarize
from .workers import ThreadPool, WorkerProcesses, shares

DEFAULT_PATTERNS = ("*.txt", "*.md", "*.markdown", "*.html", "*.htm")
# Articles in a row that failed because the model could not be reached, with no success in
# between, before the batch stops: each would otherwise spend its whole retry budget on a
# server that is gone. A few, so one bad moment does not stop a healthy run.
DEAD_SERVER_ARTICLES = 5


@dataclass
class BatchOptions:
    patterns: tuple[str, ...] = DEFAULT_PATTERNS
    out: Path | None = None
    out_dir: Path | None = None
    concurrency: int = 4
    #: processes that summarize (a served model only); 1: this process does (workers.py)
    workers: int = 1
    fail_fast: bool = False
    pipeline: Options = field(default_factory=Options)
    dead_server_articles: int = DEAD_SERVER_ARTICLES


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
    #: why the batch stopped before the end on its own (the model server stopped answering)
    stopped: str | None = None
    #: files left out of the batch, and why (a FIFO, a broken link ...)
    skipped: list[str] = field(default_factory=list)
    #: a served model's adaptive concurrency: the limit now, and (seconds, limit) at each change
    concurrency: int | None = None
    concurrency_history: Any = None
    #: a batch engine's rounds (summarizer.corpus): requests, answers, tokens, price of each
    rounds: list[dict[str, Any]] = field(default_factory=list)

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
            "remaining": self.remaining, "interrupted": self.interrupted, "stopped": self.stopped,
        }


class Progress(Protocol):
    def start(self, total: int) -> None: ...
    def advance(self, record: dict[str, Any], report: BatchReport) -> None: ...
    def stop(self) -> None: ...


def discover(folder: Path, patterns: tuple[str, ...] = DEFAULT_PATTERNS, skipped: list[str] | None = None) -> list[Path]:
    """Matching regular files under ``folder``, recursively, in a stable (sorted) order;
    hidden files and folders are skipped. A matching name that is not a regular file (a FIFO
    would hang the batch, a device never end) is left out and noted in ``skipped``."""
    if not folder.exists():
        raise UsageError(f"{folder}: no such folder")
    if not folder.is_dir():
        raise UsageError(f"{folder}: not a folder; to summarize one file use 'summarizer summarize {folder}'")
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if not name.startswith(".") and any(fnmatch.fnmatch(name, p) for p in patterns):
                path = Path(root) / name
                problem = _not_regular(path)
                if problem is None:
                    found.append(path)
                elif skipped is not None:
                    skipped.append(f"{path.relative_to(folder).as_posix()}: {problem}, skipped")
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def _not_regular(path: Path) -> str | None:
    try:
        mode = os.stat(path).st_mode  # follows links: a link to a regular file is fine
    except OSError as e:
        return f"cannot read ({e.strerror})" if e.errno is not None else "cannot read"
    if stat.S_ISREG(mode):
        return None
    return "a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "not a regular file"


def process_one(path: Path, folder: Path, backend: Backend, cache: Cache | None, options: Options) -> dict[str, Any]:
    """One article -> one record; every failure of this article becomes an error record."""
    return _process(path, folder, backend, cache, options)[0]


def _process(
    path: Path, folder: Path, backend: Backend, cache: Cache | None, options: Options
) -> tuple[dict[str, Any], BaseException | None]:
    started = time.perf_counter()
    record = new_record(path, folder)
    metered = Metered(backend)
    try:
        text = article_io.read(path)
        record["sha256"] = text.sha256
        result = summarize(text, metered, cache, options)
    except Exception as e:  # noqa: BLE001 - one article's failure, whatever it is, never stops the batch
        # what the failed attempts cost is spent all the same
        return error_record(record, e, metered.usage, time.perf_counter() - started, path), e
    seconds = result.meta.get("seconds") if result.cached else round(time.perf_counter() - started, 3)
    return ok_record(record, result.summary.model_dump(mode="json"), result.meta, result.cached, seconds), None


def new_record(path: Path, folder: Path) -> dict[str, Any]:
    return {"source": path.relative_to(folder).as_posix(), "folder": str(folder.resolve()), "sha256": None}


def error_record(record: dict[str, Any], e: BaseException, usage: Usage | None, seconds: float,
                 path: Path) -> dict[str, Any]:
    """The article's record when it failed, whatever failed: the message, what its attempts
    spent, where its last model output was saved."""
    message = str(e) if isinstance(e, SummarizerError) else f"internal error: {type(e).__name__}: {e}"
    error: dict[str, Any] = {"type": type(e).__name__, "message": (message.splitlines() or [""])[0]}
    if isinstance(e, ModelOutputError) and e.saved_to:
        error["saved_to"] = e.saved_to
    record.update(status="error", error=error, usage=usage.as_dict() if usage is not None and usage.calls else None,
                  seconds=round(seconds, 3), cached=False)
    record["sha256"] = record["sha256"] or _file_hash(path)
    return record


def ok_record(record: dict[str, Any], summary: dict[str, Any], meta: dict[str, Any], cached: bool,
              seconds: float | None) -> dict[str, Any]:
    record.update(status="ok", summary=summary, usage=meta.get("usage"), seconds=seconds, cached=cached,
                  model=meta.get("model"), warnings=meta.get("warnings", []))
    return record


class Metered(Backend):
    """A backend as it is, counting what its answers cost: a failed article reports the
    tokens it spent although the pipeline never returns its usage. Everything that shapes
    the cache key is the wrapped backend's own."""

    def __init__(self, inner: Backend):
        self.inner = inner
        self.name = inner.name
        self.concurrent = inner.concurrent
        self.constrained = inner.constrained
        self.usage = Usage()

    @property
    def model_id(self) -> str:
        return self.inner.model_id

    def create(self, **kwargs: Any):
        response = self.inner.create(**kwargs)
        self.usage.add_response(response)
        return response

    def start_document(self) -> None:
        self.inner.start_document()

    def generation_params(self) -> dict[str, Any]:
        return self.inner.generation_params()

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    @property
    def context_tokens(self) -> int | None:
        return self.inner.context_tokens

    def describe(self) -> dict[str, Any]:
        return self.inner.describe()


def _file_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(article_io.read_regular_file(path, article_io.MAX_FILE_BYTES)).hexdigest()
    except (OSError, SummarizerError):
        return None


def run_batch(
    folder: Path, backend: Backend, cache: Cache | None, options: BatchOptions,
    progress: Progress | None = None,
) -> BatchReport:
    report = BatchReport()
    paths = discover(folder, options.patterns, report.skipped)
    report.articles = len(paths)
    writer = Output(options.out, options.out_dir)
    if cache is not None:
        cache.remove_leftovers()
    workers = max(1, options.concurrency if backend.concurrent else 1)

    def task(i: int) -> tuple[dict[str, Any], BaseException | None]:
        return _process(paths[i], folder, backend, cache, options.pipeline)

    processes = None
    if options.workers > 1 and backend.concurrent and len(paths) > 1:
        processes = _processes(backend, task, workers, options.workers, report, progress)
        task = _in(processes, paths, folder)
        gated = False
    else:
        gated = _adapt(backend, workers, report, progress)
    started = time.perf_counter()
    if progress:
        progress.start(len(paths))
    in_order = _InOrder(writer)
    pool = ThreadPool(workers, task)
    watch = _Watch(options, report)
    try:
        for index, (record, error) in pool.run(range(len(paths)), limit=workers * 2, window=max(64, workers * 8)):
            in_order.add(index, record)
            count_record(report, record)
            if progress:
                progress.advance(record, report)
            watch.see(record, error, pool)
    except KeyboardInterrupt:  # Ctrl-C, or SIGTERM through the CLI's handler
        report.interrupted = True
        pool.abandon()  # requests in flight are not waited for: the cache keeps what they finish
        if processes is not None:
            processes.abandon()
    finally:
        pool.close()
        if processes is not None:
            processes.close()
        if gated:
            backend.gate = None  # type: ignore[attr-defined]
        report.wall_seconds = time.perf_counter() - started
        report.remaining = report.articles - report.done
        in_order.flush()  # a run that stopped early: what waited for an earlier article, too
        writer.finish(complete=report.remaining == 0, order=[p.relative_to(folder).as_posix() for p in paths])
        if progress:
            progress.stop()
    return report


class _InOrder:
    """Records to the output in input order, as soon as every earlier one is there; the pool
    runs at most its window ahead of the earliest unfinished article, so few ever wait here."""

    def __init__(self, writer: Output):
        self.writer = writer
        self.waiting: dict[int, dict[str, Any]] = {}
        self.next = 0

    def add(self, index: int, record: dict[str, Any]) -> None:
        self.waiting[index] = record
        while self.next in self.waiting:
            self.writer.append(self.waiting.pop(self.next))
            self.next += 1

    def flush(self) -> None:
        for index in sorted(self.waiting):
            self.writer.append(self.waiting.pop(index))


@dataclass
class _Watch:
    """When to stop early: the model server stopped answering (``dead_server_articles`` in a
    row could not reach it, no success between), or --fail-fast saw a failure."""

    options: BatchOptions
    report: BatchReport
    unreachable: int = 0

    def see(self, record: dict[str, Any], error: BaseException | None, pool: ThreadPool) -> None:
        if isinstance(error, BackendError):
            self.unreachable += 1
            if self.unreachable >= self.options.dead_server_articles:
                self.report.stopped = str(error) if isinstance(error, ServerDownError) else (
                    f"{self.unreachable} articles in a row could not reach the model ({error})")
                pool.abandon()
        elif record["status"] == "ok":
            self.unreachable = 0
        if self.options.fail_fast and record["status"] == "error":
            pool.drain()  # what is already in flight is still recorded


def _adapt(backend: Backend, workers: int, report: BatchReport, progress: Progress | None) -> bool:
    """A served model gets requests through an adaptive limit (AIMD, ``adaptive.py``) under
    --concurrency: it backs off on 429s and slow answers and climbs back when they stop."""
    if workers < 2 or not hasattr(backend, "gate"):
        return False
    limiter = AdaptiveLimit(workers, on_change=_concurrency_notes(report, progress, workers))
    report.concurrency, report.concurrency_history = limiter.limit, limiter.history
    backend.gate = limiter  # type: ignore[attr-defined]
    return True


def _concurrency_notes(report: BatchReport, progress: Progress | None, ceiling: int) -> Callable[[int, int, str], None]:
    """What a change of the adaptive concurrency does: the report keeps the limit, the progress
    shows each back-off and each doubling on the way up."""
    note = getattr(progress, "note", None)
    shown = [0]

    def changed(before: int, limit: int, reason: str) -> None:
        report.concurrency = limit
        if note is not None and (reason or limit >= 2 * shown[0] or limit == ceiling):
            shown[0] = limit
            note(f"concurrency {before} -> {limit}" + (f": {reason}" if reason else ""))

    return changed


def _in(processes: WorkerProcesses, paths: list[Path], folder: Path) -> Callable[[int], Any]:
    """An article summarized by a worker process; a worker that died (killed, out of memory)
    fails the articles it held and would be sent, as a server that stopped answering does,
    so the batch stops after a few of them and a rerun finishes the rest."""

    def task(i: int) -> tuple[dict[str, Any], BaseException | None]:
        try:
            return processes.run(i)
        except BackendError as e:
            return error_record(new_record(paths[i], folder), e, None, 0.0, paths[i]), e

    return task


def _processes(backend: Backend, task: Callable[[int], Any], threads: int, workers: int, report: BatchReport,
               progress: Progress | None) -> WorkerProcesses:
    """Worker processes, each with its share of the request threads and an adaptive limit of
    its own; the report and the progress see the sum of their limits."""
    backend.context_tokens  # asked of the server once, here, not once by each worker  # noqa: B018
    changed = _concurrency_notes(report, progress, threads)
    limits = {w + 1: min(START, n) for w, n in enumerate(shares(threads, workers))}
    lock = threading.Lock()
    report.concurrency = sum(limits.values())

    def on_limit(worker: int, _before: int, limit: int, reason: str) -> None:
        with lock:
            before = sum(limits.values())
            limits[worker] = limit
            changed(before, sum(limits.values()), f"{reason} (worker {worker})" if reason else "")

    def setup(ceiling: int, on_limit: Callable[[int, int, int, str], None]) -> None:
        backend.reconnect()  # the parent's connections are not this process's to share
        if ceiling > 1 and hasattr(backend, "gate"):
            backend.gate = AdaptiveLimit(ceiling, on_change=lambda before, limit, reason: on_limit(0, before, limit, reason))  # type: ignore[attr-defined]

    return WorkerProcesses(workers, threads, task, setup, on_limit)


def count_record(report: BatchReport, record: dict[str, Any]) -> None:
    if record["status"] == "ok":
        report.ok += 1
        report.cached += bool(record.get("cached"))
    else:
        report.errors += 1
    if not record.get("cached"):  # failed attempts cost tokens too
        usage = record.get("usage") or {}
        report.prompt_tokens += usage.get("prompt_tokens", 0)
        report.completion_tokens += usage.get("completion_tokens", 0)
