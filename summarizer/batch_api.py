"""OpenAI's Batch API, and providers that copy it: a round's requests go up as files (split at
50,000 requests or 200 MB), each becomes a job with a 24-hour window, the jobs are polled until
they end, and their output and error files come back down.

Nothing is paid for twice. Every step is written to ``<out>.batch-state.json`` (atomically)
before the next: the request file and its ids, the uploaded file's id, that a job is being
created, the job's id, its end. A process that is killed or closed resumes with the same jobs:
it polls them, finishes uploading or creating what it had begun (a job created but not yet
recorded is found by its input file), and sends nothing that is with a job already. A job that
fails or expires keeps what it finished; the rest is sent again in the next round.
A request's id follows its article's key, so a run with other code, prompts or options than
the jobs' could use none of their answers and would send everything again: it stops instead.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable

import openai

from .backends.openai_compat import OPENAI_KEY_ENV, OPENAI_URL, is_openai, resolve_api_key
from .errors import BackendError, UsageError
from .files import atomic_write, remove_leftover_tmps
from .request_files import (ENDPOINT, MAX_BYTES, MAX_LINES, SplitWriter, read_results, request_ids, results_usage,
                            work_dir)

ENDED = ("completed", "failed", "expired", "cancelled")


class BatchAPI:
    """The Files and Batches endpoints, through the openai client (its own retries, with
    backoff, for these few calls); errors become one-line BackendErrors."""

    def __init__(self, base_url: str | None = None, api_key: str | None = None, timeout: float = 120.0):
        key, self._key_source = resolve_api_key(base_url, api_key)
        if not key:
            if is_openai(base_url):
                raise UsageError(f"set {OPENAI_KEY_ENV} to use OpenAI's Batch API, or pass --base-url")
            key = "not-needed"
        self.where = base_url or "OpenAI"
        self.client = openai.OpenAI(base_url=base_url or OPENAI_URL, api_key=key, timeout=timeout, max_retries=5)

    def upload(self, path: Path) -> str:
        with open(path, "rb") as f:
            return self._call("upload a request file", self.client.files.create, file=f, purpose="batch").id

    def create(self, file_id: str, name: str) -> Any:
        return self._call("create a batch job", self.client.batches.create, input_file_id=file_id, endpoint=ENDPOINT,
                          completion_window="24h", metadata={"summarizer": name})

    def retrieve(self, batch_id: str) -> Any:
        return self._call("read a batch job", self.client.batches.retrieve, batch_id)

    def cancel(self, batch_id: str) -> Any:
        return self._call("cancel a batch job", self.client.batches.cancel, batch_id)

    def find(self, file_id: str) -> Any | None:
        """The job made from this input file, if one was created (before a kill kept us from
        writing its id down)."""
        for batch in self._call("list batch jobs", self.client.batches.list, limit=100):
            if batch.input_file_id == file_id:
                return batch
        return None

    def download(self, file_id: str, path: Path) -> None:
        tmp = path.with_name(f".{path.name}.{os.getpid()}.dl.tmp")
        with self._call("download results", self.client.files.with_streaming_response.content, file_id) as response:
            response.stream_to_file(tmp)
        tmp.replace(path)

    def _call(self, what: str, method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except openai.AuthenticationError:
            raise BackendError(f"{self.where}: authentication failed; check {self._key_source}") from None
        except openai.NotFoundError:
            raise BackendError(f"{self.where}: could not {what}: not found (HTTP 404; does it offer the Batch API?)") from None
        except openai.APIStatusError as e:
            raise BackendError(f"{self.where}: could not {what}: HTTP {e.status_code} ({e.message})") from None
        except (openai.APIConnectionError, openai.APITimeoutError) as e:
            raise BackendError(f"the Batch API at {self.where} is not answering ({type(e).__name__}); "
                               "run the same command again to go on") from None


@dataclass
class Job:
    name: str  # its request file, <name>.jsonl, and ids file, <name>.ids
    round: int
    requests: int
    articles: int = 0  # articles its requests are for (a file never splits an article)
    file_id: str | None = None
    batch_id: str | None = None
    creating: bool = False  # a create was sent: after a kill, look for the job before creating another
    status: str = "written"
    counts: dict[str, int] = field(default_factory=dict)
    ended: bool = False
    answered: int = 0
    failed: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0


class State:
    """The jobs of a batch, beside its output, written atomically at every step."""

    def __init__(self, out: Path, model_id: str, max_lines: int = MAX_LINES, max_bytes: int = MAX_BYTES):
        self.path = out.with_name(f"{out.name}.batch-state.json")
        self.dir = work_dir(out)
        self.model_id, self.max_lines, self.max_bytes = model_id, max_lines, max_bytes
        self.jobs: list[Job] = []
        self.submitting: int | None = None  # a round whose files were not all turned into jobs
        self.settings: str | None = None  # the corpus's settings (code, prompts, options): its requests' ids follow

    def load(self, settings: str | None = None) -> None:
        self.settings = settings
        self.dir.mkdir(parents=True, exist_ok=True)
        remove_leftover_tmps(self.dir.glob(".*.tmp"))
        if self.path.exists():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                jobs = [Job(**j) for j in data["jobs"]]
            except (ValueError, KeyError, TypeError) as e:
                raise UsageError(f"{self.path} is damaged ({e}); remove it to start the jobs over "
                                 "(jobs it named keep running at the provider)") from None
            if data.get("model") != self.model_id:
                raise UsageError(f"{self.path} holds jobs for {data.get('model')}, not {self.model_id}: finish them "
                                 "with that model, or remove the file (and its .batch-files folder)")
            if settings is not None and data.get("settings") != settings:  # every request id new: all paid again
                raise UsageError(f"{self.path} holds jobs made with other code, prompts or options (--max-reasks, "
                                 "--no-statements, --speakers) than this run's, whose answers it could "
                                 "not use: finish them as they were made, or remove the file (and its .batch-files "
                                 "folder; jobs it named keep running at the provider)")
            self.jobs, self.submitting = jobs, data.get("submitting")
        names = {j.name for j in self.jobs}
        for orphan in self.dir.glob("r*.jsonl"):  # written by a run killed before it recorded them
            if orphan.stem not in names and not orphan.name.endswith((".out.jsonl", ".err.jsonl")):
                orphan.unlink(missing_ok=True)

    def save(self) -> None:
        data = {"model": self.model_id, "settings": self.settings, "submitting": self.submitting,
                "jobs": [asdict(j) for j in self.jobs]}
        atomic_write(self.path, json.dumps(data, indent=1))

    def live(self) -> list[Job]:
        return [j for j in self.jobs if not j.ended]

    def file(self, job: Job, kind: str) -> Path:
        return self.dir / f"{job.name}.{kind}"

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)
        shutil.rmtree(self.dir, ignore_errors=True)

    def rounds(self) -> list[dict[str, Any]]:
        totals: dict[int, dict[str, Any]] = {}
        for j in self.jobs:
            r = totals.setdefault(j.round, {"round": j.round, "requests": 0, "articles": 0, "answered": 0, "failed": 0,
                                            "prompt_tokens": 0, "completion_tokens": 0})
            for name in ("requests", "articles", "answered", "failed", "prompt_tokens", "completion_tokens"):
                r[name] += getattr(j, name)
        return [totals[n] for n in sorted(totals)]


def run(corpus: Any, api: BatchAPI, state: State, poll_interval: float, say: Callable[[str], None],
        cancel: bool = False, sleep: Callable[[float], None] = time.sleep) -> None:
    """Until every article is done (or, with ``cancel``, until the running jobs are cancelled
    and what they finished is in): submit a round when no job is running, poll, collect."""
    state.load(corpus.settings)
    for job in state.jobs:
        if job.ended:
            _feed(corpus, state, job)
    corpus.advance()
    if state.submitting is not None:
        _submit_round(corpus, api, state, say, state.submitting)  # a round a kill cut short
    for job in state.live():
        _create(api, state, job)
        if cancel:
            api.cancel(job.batch_id)
    watch = _Watch(say, corpus)
    while True:
        if not state.live():
            if cancel or not _submit_round(corpus, api, state, say, 1 + max((j.round for j in state.jobs), default=0)):
                break
        for job in state.live():
            _poll(corpus, api, state, job)
        watch.show(state)
        if state.live():
            sleep(poll_interval)
    if not corpus.open:
        state.remove()


def _submit_round(corpus: Any, api: BatchAPI, state: State, say: Callable[[str], None], round_number: int) -> bool:
    state.submitting = round_number
    state.save()
    with_jobs = {str(r) for j in state.live() for r in request_ids(state.file(j, "ids"))}
    writer = SplitWriter(state.dir, f"r{round_number}-{time.time_ns()}", state.max_lines, state.max_bytes)
    articles = 0
    for _key, lines in corpus.requests(skip=with_jobs):
        writer.add(lines)
        articles += 1
    new = []
    for path, count in writer.close():
        job = Job(name=path.stem, round=round_number, requests=count, articles=len({r.key for r in request_ids(path)}))
        atomic_write(state.file(job, "ids"), "".join(f"{r}\n" for r in request_ids(path)))
        state.jobs.append(job)
        state.save()
        new.append(job)
    for job in new:
        _create(api, state, job)
    state.submitting = None
    state.save()
    if new:
        say(f"round {round_number}: {sum(j.requests for j in new):,} requests for {articles:,} articles "
            f"submitted in {len(new)} job{'s' if len(new) > 1 else ''}")
    return bool(new)


def _create(api: BatchAPI, state: State, job: Job) -> None:
    """Upload the job's file and create the job, each step written down before the next."""
    if job.batch_id is not None:
        return
    request_file = state.file(job, "jsonl")
    if job.file_id is None:
        job.file_id = api.upload(request_file)
        job.status = "uploaded"
        state.save()
    batch = api.find(job.file_id) if job.creating else None
    if batch is None:
        job.creating = True
        state.save()
        batch = api.create(job.file_id, job.name)
    job.batch_id, job.status = batch.id, batch.status
    state.save()
    request_file.unlink(missing_ok=True)


def _poll(corpus: Any, api: BatchAPI, state: State, job: Job) -> None:
    batch = api.retrieve(job.batch_id)
    counts = batch.request_counts
    job.status = batch.status
    job.counts = {"total": counts.total, "completed": counts.completed, "failed": counts.failed} if counts else {}
    if batch.status not in ENDED:
        return
    for file_id, kind in ((batch.output_file_id, "out.jsonl"), (batch.error_file_id, "err.jsonl")):
        if file_id:
            api.download(file_id, state.file(job, kind))
    for kind in ("out.jsonl", "err.jsonl"):
        if state.file(job, kind).exists():
            totals = results_usage(read_results(state.file(job, kind)))
            for name, value in totals.items():
                setattr(job, name, getattr(job, name) + value)
    job.ended = True
    state.save()
    _feed(corpus, state, job)


def _feed(corpus: Any, state: State, job: Job) -> None:
    """The job's results to the articles; what it took and never answered counts as failed."""
    answered, touched = set(), set()
    for kind in ("out.jsonl", "err.jsonl"):
        if state.file(job, kind).exists():
            replies = list(read_results(state.file(job, kind)))
            answered.update(r for r, _ in replies)
            touched |= corpus.take(replies)
    unanswered = [r for r in request_ids(state.file(job, "ids")) if r not in answered]
    touched |= corpus.lost(unanswered, f"the batch job {job.batch_id} ended {job.status} before answering it")
    corpus.advance(touched)


class _Watch:
    """A line whenever the jobs' own counts or the articles done change."""

    def __init__(self, say: Callable[[str], None], corpus: Any):
        self.say, self.corpus, self.last = say, corpus, ""

    def show(self, state: State) -> None:
        live = state.live()
        statuses: dict[str, int] = {}
        for job in live:
            statuses[job.status] = statuses.get(job.status, 0) + 1
        done = sum(j.counts.get("completed", 0) for j in live)
        failed = sum(j.counts.get("failed", 0) for j in live)
        total = sum(j.counts.get("total", 0) or j.requests for j in live)
        report = self.corpus.report
        jobs = ", ".join(f"{n} {s}" for s, n in sorted(statuses.items())) or "none running"
        line = (f"jobs: {jobs} · requests {done:,}/{total:,} done, {failed:,} failed · "
                f"articles {report.done:,}/{report.articles:,} done")
        if line != self.last:
            self.say(line)
            self.last = line
