"""Who summarizes a batch's articles: threads of this process (``ThreadPool``), and with
``summarizer batch --workers N`` worker processes too (``WorkerProcesses``).

Against a served model one Python process spends about 12 ms of CPU on each article (reading
it, planning its questions, HTTP, validation, the cache), and its threads share one core: it
tops out near 85 articles/s however fast the server answers. Worker processes, forked once at
the start, each run their share of the request threads; the parent keeps everything else (the
order of the output, the progress, the report, when to stop), so a batch with workers writes
the same output as one without.

One pipe per request thread: a parent thread sends an article's index down a free pipe and
waits for its record; the worker thread at the other end summarizes it (``batch._process``) and
sends the record back. Each worker has its own adaptive concurrency (its share of
--concurrency) and reports its changes up the same pipe. A worker ignores Ctrl-C (the parent
decides) and ends when its pipes close: when the parent is done, or killed.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import threading
import time
from multiprocessing.connection import Connection
from typing import Any, Callable, Iterator

from .errors import BackendError, ServerDownError

#: (record, error) for an article's index, as ``batch._process`` gives them
Task = Callable[[int], tuple[dict[str, Any], BaseException | None]]
#: a worker's adaptive concurrency changed: (worker, before, limit, reason)
OnLimit = Callable[[int, int, int, str], None]


def shares(total: int, workers: int) -> list[int]:
    """``total`` request threads split as evenly as they go over ``workers`` (each at least one)."""
    return [max(1, total // workers + (i < total % workers)) for i in range(workers)]


class ThreadPool:
    """Worker threads that never hold up the exit: daemon threads, so an interrupted batch
    ends at once instead of waiting for requests in flight (a ThreadPoolExecutor's threads are
    joined at interpreter exit: 22 s after Ctrl-C, and a second Ctrl-C printed a traceback).
    What an abandoned worker finishes still lands in the cache."""

    _SKIPPED = object()

    def __init__(self, workers: int, task: Callable[[int], Any]):
        self._task = task
        self._tasks: queue.Queue = queue.Queue()
        self._results: queue.Queue = queue.Queue()
        self._stop = threading.Event()
        self._abandoned = False
        self._threads = [threading.Thread(target=self._work, name="summarize", daemon=True) for _ in range(workers)]
        for thread in self._threads:
            thread.start()

    def _work(self) -> None:
        while (index := self._tasks.get()) is not None:
            if self._stop.is_set():
                self._results.put((index, self._SKIPPED))
                continue
            try:
                self._results.put((index, self._task(index)))
            except BaseException as e:  # noqa: BLE001 - handed to the main thread, raised there
                self._results.put((index, e))

    def run(self, indices, limit: int, window: int | None = None) -> Iterator[tuple[int, Any]]:
        """Results as they complete; at most ``limit`` articles queued or in flight, and none
        more than ``window`` places after the earliest unfinished one, so thousands of files
        (or their records, waiting to be written in order) never sit in memory."""
        todo = iter(indices)
        pending: set[int] = set()
        index = next(todo, None)
        while True:
            while (index is not None and len(pending) < limit and not self._stop.is_set()
                   and (window is None or not pending or index < min(pending) + window)):
                self._tasks.put(index)
                pending.add(index)
                index = next(todo, None)
            if not pending or self._abandoned:
                return
            done, result = self._results.get()  # a signal interrupts this wait
            pending.discard(done)
            if result is self._SKIPPED:
                continue
            if isinstance(result, BaseException):
                raise result
            yield done, result

    def drain(self) -> None:
        """Start nothing new; what is in flight still comes in."""
        self._stop.set()

    def abandon(self) -> None:
        """Start nothing new and stop waiting."""
        self._stop.set()
        self._abandoned = True

    def close(self) -> None:
        self._stop.set()
        for _ in self._threads:
            self._tasks.put(None)  # each worker ends after its current article


class WorkerProcesses:
    """``run(index)`` summarizes one article in a worker process; callable from many threads."""

    def __init__(self, workers: int, threads: int, task: Task, setup: Callable[[int, OnLimit], Any],
                 on_limit: OnLimit):
        """``setup(threads, on_limit)`` is called first in each worker (its own connections, its
        own adaptive concurrency); ``on_limit`` is called here when a worker's limit changes. Call before any thread is started in this process: a fork copies only the
        calling thread, and a lock another thread held would stay held in the worker."""
        self._on_limit = on_limit
        context = multiprocessing.get_context("fork")
        pipes = [[context.Pipe() for _ in range(n)] for n in shares(threads, workers)]
        self._processes = []
        for w, own in enumerate(pipes):
            others = [end for v, theirs in enumerate(pipes) for pair in theirs for end in pair
                      if v != w] + [mine for mine, _ in own]
            process = context.Process(target=_worker, name=f"summarizer-worker-{w + 1}", daemon=True,
                                      args=(w + 1, [theirs for _, theirs in own], others, task, setup))
            process.start()
            self._processes.append(process)
        self._free: queue.Queue[Connection] = queue.Queue()
        self._pipes = [mine for own in pipes for mine, _ in own]
        self._alive = sum(len(own) for own in pipes)
        self._lock = threading.Lock()
        for own in pipes:
            for mine, theirs in own:
                theirs.close()  # the worker's end lives in the worker only: its death is an EOF here
                self._free.put(mine)

    def run(self, index: int) -> tuple[dict[str, Any], BaseException | None]:
        """The article's (record, error). Raises BackendError when the worker died on it
        (killed, out of memory): its pipes are retired, the other workers go on."""
        pipe = self._pipe()
        try:
            pipe.send(index)
            while True:
                message = pipe.recv()
                if message[0] == "limit":
                    self._on_limit(*message[1:])
                    continue
                _, record, error = message
                self._free.put(pipe)
                return record, _error(error)
        except (EOFError, OSError):
            self._retire(pipe)
            raise BackendError("the worker process summarizing it ended unexpectedly") from None

    def _pipe(self) -> Connection:
        """A free pipe to a live worker. An idle pipe with something to read has lost its
        worker (end of file): retired before an article is sent down it."""
        while True:
            try:
                pipe = self._free.get(timeout=0.5)
            except queue.Empty:
                if self._alive == 0:
                    raise BackendError("every worker process has ended") from None
                continue
            try:
                if not pipe.poll():
                    return pipe
            except (OSError, ValueError):  # closed by close() (the batch is ending), now or before
                raise BackendError("the batch is ending") from None
            self._retire(pipe)

    def _retire(self, pipe: Connection) -> None:
        with self._lock:  # never two threads closing one pipe: the second close would be EBADF
            pipe.close()
            self._alive -= 1

    def close(self, wait: float = 10.0) -> None:
        """Close every pipe: a worker thread waiting for an article ends at once, one on an
        article when its record is sent; whatever is still alive after ``wait`` is ended."""
        with self._lock:
            for pipe in self._pipes:
                pipe.close()
        deadline = time.monotonic() + wait
        for process in self._processes:
            process.join(max(0.0, deadline - time.monotonic()))
        self.abandon()

    def abandon(self) -> None:
        """Stop at once (Ctrl-C, or what ``close`` leaves): what the workers cached stays cached."""
        for process in self._processes:
            if process.is_alive():
                process.terminate()
        for process in self._processes:
            process.join(1.0)


def _error(error: tuple[str, str] | None) -> BaseException | None:
    """The failure the parent acts on (a server that stopped answering stops the batch): the
    kind and message, rebuilt; any other failure is already in the record."""
    if error is None:
        return None
    kind, message = error
    if kind == "server-down":
        return ServerDownError(message)
    if kind == "unreachable":
        return BackendError(message)
    return RuntimeError(message)


def _kind(error: BaseException | None) -> tuple[str, str] | None:
    if error is None:
        return None
    if isinstance(error, ServerDownError):
        return "server-down", str(error)
    if isinstance(error, BackendError):
        return "unreachable", str(error)
    return "other", str(error)


def _worker(number: int, pipes: list[Connection], others: list[Connection], task: Task,
            setup: Callable[[int, OnLimit], Any]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent decides
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent's handler makes it an interrupt; here it ends the worker
    for end in others:
        end.close()
    current = threading.local()

    def on_limit(_worker: int, before: int, limit: int, reason: str) -> None:
        pipe = getattr(current, "pipe", None)  # the thread whose request saw the change
        if pipe is not None:
            pipe.send(("limit", number, before, limit, reason))

    setup(len(pipes), on_limit)

    def serve(pipe: Connection) -> None:
        current.pipe = pipe
        try:
            while True:
                index = pipe.recv()
                record, error = task(index)
                pipe.send(("record", record, _kind(error)))
        except (EOFError, OSError):
            return  # the parent is done, or gone
        except BaseException:  # noqa: BLE001 - this thread ends: its pipe closes, the parent sees why
            pipe.close()

    threads = [threading.Thread(target=serve, args=(pipe,), daemon=True) for pipe in pipes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    os._exit(0)  # the parent's exit handlers (its output's temporary files) are not ours to run
