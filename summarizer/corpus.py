"""A folder of articles through a batch engine, in rounds: which articles are done, which
requests each still needs, what came back, and the output.

The engines are the OpenAI Batch API (batch_api.py) and any engine that reads the Batch file
format (``--export-requests`` writes a round's requests, ``--import-results`` reads what the
engine wrote: vLLM's batch runner, on one GPU or a Ray cluster). What an article needs next is
worked out by replaying the replies it has (rounds.py), so the replies are the whole state:
they are kept in files beside the output until every article is done. The cache is the source
of truth for finished articles, under the key a live run uses (``pipeline.result_key``), so a
later live run, a rerun, or the other engine finds them; articles with the same text share
one set of requests. The output is written at the end, whole and in input order, from the
cache, as a live batch writes it.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from . import article as article_io
from .backends.base import Backend
from .batch import BatchOptions, BatchReport, count_record, discover, error_record, new_record, ok_record
from .batch_output import Output
from .cache import Cache, CacheEntry, cache_key
from .errors import UsageError
from .pipeline import result_key, settings
from .request_files import KEY_DIGITS, Reply, RequestId, read_results, request_line, results_usage, work_dir
from .rounds import ArticleRounds, Progress


class Corpus:
    """The articles of one batch and where each stands. ``on_record`` hears of each article
    as it is finished (for progress)."""

    def __init__(self, folder: Path, backend: Backend, cache: Cache, options: BatchOptions, report: BatchReport,
                 on_record: Callable[[dict[str, Any]], None] | None = None):
        if cache is None or not options.pipeline.use_cache:
            raise UsageError("a batch engine keeps its finished articles in the cache: drop --no-cache")
        self.folder, self.backend, self.cache, self.options, self.report = folder, backend, cache, options, report
        self.on_record = on_record or (lambda _record: None)
        self.paths = discover(folder, options.patterns, report.skipped)
        self.settings = cache_key(settings(backend, options.pipeline))  # what every key here depends on but the text
        report.articles = len(self.paths)
        self.keys: list[str | None] = [None] * len(self.paths)
        self.open: dict[str, list[int]] = {}  # key digits -> the articles (path indices) still to finish
        self.errors: dict[int, dict[str, Any]] = {}  # path index -> its error record
        self.cached: set[int] = set()  # found in the cache before this run asked anything
        self.kept: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}  # finished but not cached (cache not writable)
        self._replies: dict[str, dict[RequestId, Reply]] = {}
        self._waiting: dict[str, tuple[ArticleRounds, Progress]] = {}  # replayed, still waiting: their requests
        self.finished = 0  # articles finished this run
        self._scan()

    def _scan(self) -> None:
        for i, path in enumerate(self.paths):
            try:
                text = article_io.read(path)
            except Exception as e:  # noqa: BLE001 - an unreadable file is its own error record
                self._error(i, e, None)
                continue
            key = self.keys[i] = result_key(text, self.backend, self.options.pipeline)
            if not self.options.pipeline.refresh and self.cache.get(key, text.text) is not None:
                self.cached.add(i)
            else:
                self.open.setdefault(key[:KEY_DIGITS], []).append(i)

    # ------------------------------------------------------------------ replies in, requests out

    def take(self, replies: Iterable[tuple[RequestId, Reply]]) -> set[str]:
        """Replies from an engine's results; those of articles not open here are ignored.
        Returns the articles that got one."""
        touched = set()
        for request_id, reply in replies:
            if request_id.key in self.open:
                self._replies.setdefault(request_id.key, {})[request_id] = reply
                touched.add(request_id.key)
        return touched

    def lost(self, request_ids: Iterable[RequestId], why: str) -> set[str]:
        """Requests an engine took and never answered (a job that expired or failed): each
        counts as a failed try, and is sent again under a new id."""
        return self.take((r, Reply(error=why)) for r in request_ids
                         if r not in self._replies.get(r.key, {}))

    def advance(self, keys: Iterable[str] | None = None) -> None:
        """Replay these articles (every open one by default): finish those whose last answer is in."""
        for key in list(self.open if keys is None else keys):
            if key in self.open:
                job, progress = self._replay(key)
                if job is not None and not progress.done:
                    self._waiting[key] = (job, progress)

    def requests(self, skip: set[str] | frozenset[str] = frozenset()) -> Iterator[tuple[str, list[str]]]:
        """Each open article's requests for the next round, as Batch file lines, but those
        whose id is in ``skip`` (already with an engine); articles whose replies are all in
        are finished on the way."""
        for key in list(self.open):
            job, progress = self._waiting.pop(key, None) or self._replay(key)
            if job is not None and not progress.done:
                lines = [request_line(r.id, self.body(r.build())) for r in progress.requests if str(r.id) not in skip]
                if lines:
                    yield key, lines

    def body(self, request: dict[str, Any]) -> dict[str, Any]:
        model = getattr(self.backend, "model", self.backend.model_id)
        return {"model": model, **request, "temperature": self.backend.generation_params()["temperature"]}

    def _replay(self, key: str) -> tuple[ArticleRounds | None, Progress | None]:
        """The article rebuilt (read, planned) and its replies replayed; finished if it is done."""
        indices = self.open[key]
        try:
            text = article_io.read(self.paths[indices[0]])
            job = ArticleRounds(text, self.keys[indices[0]], self.backend, self.options.pipeline)
            for request_id, reply in self._replies.get(key, {}).items():
                job.add(request_id, reply)
            progress = job.progress()
        except Exception as e:  # noqa: BLE001 - read or planned differently now, a bug: its own error
            self._close(key)
            for i in indices:
                self._error(i, e, None)
            return None, None
        if progress.done:
            self._finish(key, job, progress)
        return job, progress

    # ------------------------------------------------------------------ finished articles

    def _finish(self, key: str, job: ArticleRounds, progress: Progress) -> None:
        indices = self._close(key)
        if progress.error is not None:
            for i in indices:
                self._error(i, progress.error, progress)
            return
        meta = job.meta(progress)
        summary = progress.summary.model_dump(mode="json")
        if self.cache.put(job.key, CacheEntry(summary=progress.summary, meta=meta)) is None:
            self.kept[key] = (summary, meta)
        for i in indices:
            self.finished += 1
            record = ok_record(self._new_record(i, job.article.sha256), summary, meta, False, meta["seconds"])
            count_record(self.report, record)
            self.on_record(record)

    def _close(self, key: str) -> list[int]:
        self._replies.pop(key, None)
        self._waiting.pop(key, None)
        return self.open.pop(key, [])

    def _error(self, i: int, e: BaseException, progress: Progress | None) -> None:
        record = error_record(self._new_record(i, None), e, progress.usage if progress else None, 0.0, self.paths[i])
        self.errors[i] = record
        self.finished += 1
        count_record(self.report, record)
        self.on_record(record)

    def _new_record(self, i: int, sha256: str | None) -> dict[str, Any]:
        record = new_record(self.paths[i], self.folder)
        record["sha256"] = sha256
        return record

    # ------------------------------------------------------------------ the output

    def records(self) -> Iterator[dict[str, Any]]:
        """Every finished article's record, in input order (the finished ones from the cache)."""
        for i, path in enumerate(self.paths):
            key = self.keys[i]
            if i in self.errors:
                yield self.errors[i]
            elif key is not None and key[:KEY_DIGITS] not in self.open:
                record = self._from_cache(i, path, key)
                if record is not None:
                    yield record

    def _from_cache(self, i: int, path: Path, key: str) -> dict[str, Any] | None:
        try:
            text = article_io.read(path)
        except Exception:  # noqa: BLE001 - changed under us since the scan: left for the next run
            return None
        entry = self.cache.get(key, text.text)
        summary, meta = (entry.summary.model_dump(mode="json"), entry.meta) if entry else self.kept.get(key[:KEY_DIGITS], (None, None))
        if summary is None:
            return None
        record = ok_record(self._new_record(i, text.sha256), summary, meta, i in self.cached, meta.get("seconds"))
        if i in self.cached:
            count_record(self.report, record)
        return record

    def write(self, writer: Output) -> None:
        """The output, whole, in input order; a run that did not finish everything merges its
        records into the existing output."""
        written = 0
        for record in self.records():
            writer.append(record)
            written += 1
        self.report.remaining = self.report.articles - written
        writer.finish(complete=self.report.remaining == 0,
                      order=[p.relative_to(self.folder).as_posix() for p in self.paths])


def run_files(corpus: Corpus, out: Path, imports: list[Path], export: Path | None,
              say: Callable[[str], None]) -> int:
    """Import an engine's results (kept beside the output for the rounds to come), finish what
    they finish, and export the next round's requests. Returns the requests exported."""
    folder = work_dir(out)
    folder.mkdir(parents=True, exist_ok=True)
    earlier = sorted(folder.glob("imported-*.jsonl"), key=lambda p: int(p.stem.split("-")[1]))
    for n, path in enumerate(earlier, 1):
        corpus.report.rounds.append(_round(n, path))
        corpus.take(read_results(path))
    for n, source in enumerate(imports, len(earlier) + 1):
        kept = folder / f"imported-{n}.jsonl"
        try:
            shutil.copyfile(source, folder / f".{kept.name}.tmp")
        except OSError as e:
            raise UsageError(f"--import-results {source}: cannot read it ({e.strerror or e})") from None
        (folder / f".{kept.name}.tmp").replace(kept)
        corpus.report.rounds.append(_round(n, kept))
        corpus.take(read_results(kept))
    corpus.advance()
    exported = _export(corpus, export, len(earlier) + len(imports) + 1, say) if export else 0
    if not corpus.open:
        shutil.rmtree(folder, ignore_errors=True)
    return exported


def _round(n: int, results: Path) -> dict[str, Any]:
    """An imported round's requests (the lines answered or failed), articles and tokens."""
    totals = results_usage(read_results(results))
    articles = len({r.key for r, _ in read_results(results)})
    return {"round": n, "requests": totals["answered"] + totals["failed"], "articles": articles, **totals}


def _export(corpus: Corpus, path: Path, round_number: int, say: Callable[[str], None]) -> int:
    requests = articles = 0
    tmp = path.with_name(f".{path.name}.{time.time_ns()}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        for _key, lines in corpus.requests():
            f.write("".join(line + "\n" for line in lines))
            requests += len(lines)
            articles += 1
    tmp.replace(path)
    say(f"round {round_number}: {requests:,} requests for {articles:,} articles written to {path}"
        + ("; run them, then import the results with --import-results" if requests else "; nothing left to ask"))
    return requests
