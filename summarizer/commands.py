"""The commands behind the command line: each reads its options, calls the pipeline (or the
batch, evaluation, report), and writes what it produced. Errors are raised as typed errors and
turned into one line and an exit code by ``cli.main``; the environment (streams, backend
factory) is injected, so tests run them in-process.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, TextIO

from rich.console import Console

from . import article, batch, batch_api, batch_output, config, corpus, gold, pricing, progress, render, results, review, tables
from .backends import Backend, make_backend
from .backends.offline import FileEngine
from .cache import Cache
from .errors import BackendError, SummarizerError, UsageError
from .files import atomic_write
from .render import printable
from .pipeline import Options, summarize
from .schemas import ArticleSummary



BackendFactory = Callable[[argparse.Namespace], Backend]


@dataclass
class Env:
    """What the CLI touches outside itself; tests pass their own."""

    stdin: Any = None
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    backend_factory: BackendFactory | None = None

    def make_backend(self, args: argparse.Namespace) -> Backend:
        if self.backend_factory is not None:
            return self.backend_factory(args)
        return make_backend(
            model=args.model, base_url=args.base_url, model_path=args.model_path, timeout=args.timeout,
            api_key=_api_key(args.api_key_env), context_tokens=getattr(args, "context_tokens", None),
        )

    def warn(self, message: str) -> None:
        print(f"summarizer: warning: {one_line(message)}", file=self.stderr)


def one_line(message: str) -> str:
    """What the user sees of a message: one line, no terminal control sequences (a file name
    or a server's text may carry them)."""
    return printable(" ".join(str(message).split("\n")))


def _api_key(variable: str | None) -> str | None:
    """The key named by --api-key-env; none means the backend's default for its host."""
    if not variable:
        return None
    value = os.environ.get(variable)
    if not value:
        raise UsageError(f"--api-key-env {variable}: that environment variable is not set")
    return value


# ------------------------------------------------------------------------------ commands


def cmd_summarize(args: argparse.Namespace, env: Env) -> int:
    text = article.read(args.path, stdin=env.stdin)
    fmt = args.format or _default_format(args.output, env.stdout)
    if fmt == "html" and not args.output and _isatty(env.stdout):
        raise UsageError("--format html writes a page, not terminal text: add -o page.html (or pipe it to a file)")
    if args.output:
        if fmt == "pretty":
            raise UsageError("--format pretty is for terminals; use json or markdown with -o")
        check_output_file(Path(args.output), "-o", article=None if args.path == "-" else Path(args.path))
    backend = env.make_backend(args)
    cache = Cache(config.cache_dir(), warn=env.warn)
    options = Options(use_cache=not args.no_cache, refresh=args.refresh, max_reasks=args.max_reasks,
                      statements=not args.no_statements, open_speakers=args.speakers)
    result = in_background(summarize, text, backend, cache, options)
    if getattr(args, "debug", False):
        print_calls(result.meta, env.stderr)
    if fmt == "pretty":
        console = Console(file=env.stdout)
        render.print_pretty(result.summary, console, result.meta, result.cached)
        return 0
    if fmt == "html":
        body = review.article_page(result.article, result.summary, result.meta, result.cached)
    else:
        body = render.to_json(result.summary) if fmt == "json" else render.to_markdown(
            result.summary, result.article.source
        )
    if args.output:
        write_atomically(Path(args.output), body)
    else:
        env.stdout.write(body)
    return 0


def print_calls(meta: dict[str, Any], stream: TextIO) -> None:
    """Where the seconds went: each model call of the article, as --debug shows it."""
    print(f"{'question':14}{'prompt':>8}{'reused':>8}{'evaluated':>10}{'output':>8}{'seconds':>9}", file=stream)
    for call in meta.get("calls") or []:
        print(f"{call['question']:14}{call['prompt_tokens']:>8}{call['reused_tokens']:>8}"
              f"{call['evaluated_tokens']:>10}{call['output_tokens']:>8}{call['seconds']:>9.1f}", file=stream)
    print(f"total {meta.get('seconds', 0):.1f} s{' (from the cache)' if meta.get('cached') else ''}", file=stream)


def in_background(work: Callable[..., Any], *args: Any) -> Any:
    """Run ``work`` in a daemon thread and wait for it: the wait is interrupted by a signal at
    once, where the embedded model's evaluation in the main thread would hold Ctrl-C back
    until it returned."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = work(*args)
        except BaseException as e:  # noqa: BLE001 - raised again in the caller's thread
            outcome["error"] = e

    thread = threading.Thread(target=run, name="summarize", daemon=True)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _default_format(output: str | None, stdout: TextIO) -> str:
    if output:
        if output.lower().endswith((".html", ".htm")):
            return "html"
        return "markdown" if output.lower().endswith((".md", ".markdown")) else "json"
    return "pretty" if _isatty(stdout) else "json"


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def cmd_batch(args: argparse.Namespace, env: Env) -> int:
    if not args.out and not args.out_dir:
        raise UsageError("give --out FILE.jsonl and/or --out-dir FOLDER for the results")
    folder = Path(args.folder)
    patterns = tuple(args.patterns) if args.patterns else batch.DEFAULT_PATTERNS
    # a wrong folder or an output that cannot be written fails before any model is loaded
    if not batch.discover(folder, patterns):
        raise UsageError(f"{folder}: no articles found (looked for {' '.join(patterns)}); try --pattern")
    if args.out:
        check_output_file(Path(args.out), "--out")
    if args.out_dir:
        check_output_dir(Path(args.out_dir), "--out-dir")
    if args.via != "live" or args.export_requests or args.import_results:
        if args.workers > 1:
            raise UsageError("--workers is for a live batch; a batch engine's rounds are one process's bookkeeping")
        return _batch_engine(args, env, folder, patterns)
    backend = env.make_backend(args)
    if args.workers > 1 and not backend.concurrent:
        raise UsageError("--workers needs a served model (--base-url): the embedded model answers one question "
                         "at a time, in this process")
    options = batch.BatchOptions(
        patterns=patterns,
        out=Path(args.out) if args.out else None,
        out_dir=Path(args.out_dir) if args.out_dir else None,
        concurrency=args.concurrency,
        workers=args.workers,
        fail_fast=args.fail_fast,
        pipeline=Options(use_cache=not args.no_cache, refresh=args.refresh, max_reasks=args.max_reasks,
                         statements=not args.no_statements, open_speakers=args.speakers),
    )
    cache = Cache(config.cache_dir(), warn=env.warn)
    report = batch.run_batch(folder, backend, cache, options, progress.for_stream(env.stderr))
    for note in report.skipped:
        env.warn(note)
    _print_report(report, env.stderr)
    if report.interrupted:
        raise KeyboardInterrupt  # the exit code says which signal; the report is printed
    if report.stopped:
        print(f"summarizer: error: stopped: {one_line(report.stopped)}; {report.ok} of {report.articles} "
              "articles summarized, run the same command again to finish", file=env.stderr)
        return BackendError.exit_code
    return 1 if report.errors else 0


def _batch_engine(args: argparse.Namespace, env: Env, folder: Path, patterns: tuple[str, ...]) -> int:
    """--via batch-api, --export-requests, --import-results: every question of every article
    at once, in rounds, through an engine built for a corpus (corpus.py, batch_api.py)."""
    files = bool(args.export_requests or args.import_results)
    if not args.out:
        raise UsageError("batch engines keep their state beside the output: give --out FILE.jsonl")
    if not args.model:
        raise UsageError("batch engines need --model NAME: the model the engine runs, as it names it")
    if args.via == "batch-api" and files:
        raise UsageError("--via batch-api sends the requests itself; --export-requests and --import-results "
                         "are for other engines")
    if args.cancel and args.via != "batch-api":
        raise UsageError("--cancel is for --via batch-api")
    if args.export_requests:
        check_output_file(Path(args.export_requests), "--export-requests")
    for name in args.import_results or []:
        if not Path(name).is_file():
            raise UsageError(f"--import-results {name}: no such file")
    out = Path(args.out)
    backend = FileEngine(args.model, args.base_url, args.context_tokens) if files else env.make_backend(args)
    api = None if files else batch_api.BatchAPI(args.base_url, _api_key(args.api_key_env), args.timeout)
    options = batch.BatchOptions(patterns=patterns, out=out, out_dir=Path(args.out_dir) if args.out_dir else None,
                                 pipeline=Options(use_cache=not args.no_cache, refresh=args.refresh,
                                                  max_reasks=args.max_reasks, statements=not args.no_statements,
                                                  open_speakers=args.speakers))
    report, started = batch.BatchReport(), time.perf_counter()
    writer = batch_output.Output(out, options.out_dir)
    articles = corpus.Corpus(folder, backend, Cache(config.cache_dir(), warn=env.warn), options, report)
    say = lambda message: print(f"summarizer: {one_line(message)}", file=env.stderr, flush=True)  # noqa: E731
    try:
        if files:
            corpus.run_files(articles, out, [Path(f) for f in args.import_results or []],
                             Path(args.export_requests) if args.export_requests else None, say)
        else:
            state = batch_api.State(out, backend.model_id)
            try:
                batch_api.run(articles, api, state, args.poll_interval, say, cancel=args.cancel)
            finally:
                report.rounds = state.rounds()
    except KeyboardInterrupt:
        report.interrupted = True
    except BackendError as e:
        report.stopped = str(e)
    finally:
        articles.write(writer)
        report.wall_seconds = time.perf_counter() - started
    return _engine_report(report, args, env, files)


def _engine_report(report: batch.BatchReport, args: argparse.Namespace, env: Env, files: bool) -> int:
    for note in report.skipped:
        env.warn(note)
    _print_report(report, env.stderr)
    for line in pricing.round_lines(report.rounds, args.model):
        print(line, file=env.stderr)
    requests = sum(r["requests"] for r in report.rounds)
    first = report.rounds[0].get("articles", 0) if report.rounds else 0  # every article the rounds asked about
    if first and requests:
        print(f"{requests / first:.2f} requests per article ({requests:,} requests for the {first:,} articles "
              f"of round {report.rounds[0]['round']}, over every run of these rounds)", file=env.stderr)
    if report.interrupted:
        if not files:
            print("the jobs keep running at the provider; run the same command again to collect them", file=env.stderr)
        raise KeyboardInterrupt
    if report.stopped:
        print(f"summarizer: error: stopped: {one_line(report.stopped)}; {report.ok} of {report.articles} "
              "articles summarized, run the same command again to go on", file=env.stderr)
        return BackendError.exit_code
    return 1 if report.errors else 0


def _print_report(report: batch.BatchReport, stream: TextIO) -> None:
    print(
        f"articles {report.articles} · ok {report.ok} · errors {report.errors} · from cache {report.cached} · "
        f"tokens in {report.prompt_tokens:,} out {report.completion_tokens:,} · "
        f"{report.wall_seconds:.1f}s · {report.per_minute:.1f} articles/min",
        file=stream,
    )
    if report.remaining:
        print(f"{report.remaining} articles not done; run the same command again to finish them", file=stream)


def check_output_file(path: Path, flag: str, article: Path | None = None) -> None:
    """An output file that cannot be written is found out now, not after the model has run."""
    if path.is_dir():
        raise UsageError(f"{flag} {path} is a directory; give a file name")
    if article is not None and _same_file(path, article):
        raise UsageError(f"{flag} {path} is the article itself; it would be overwritten")
    parent = path.parent if str(path.parent) else Path(".")
    if flag == "-o" and not parent.is_dir():
        raise UsageError(f"{parent}: no such directory for the output file")
    check_output_dir(parent, flag)


def check_output_dir(directory: Path, flag: str) -> None:
    """The folder, or the nearest existing folder above it (it is created), must take a file."""
    existing = directory
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise UsageError(f"{flag}: {existing} is not a folder")
    try:  # os.access is no proof (root, read-only mounts): try it
        with tempfile.TemporaryFile(dir=existing, prefix=".summarizer-probe-"):
            pass
    except OSError as e:
        raise UsageError(f"{flag}: cannot write in {existing} ({e.strerror or e})") from None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def cmd_eval(args: argparse.Namespace, env: Env) -> int:
    try:
        report, extra = gold.evaluate_files(
            Path(args.gold), Path(args.pred), Path(args.articles) if args.articles else None, args.overlap
        )
    except (ValueError, TypeError, AttributeError, KeyError, OSError, RecursionError):
        _check_predictions(Path(args.pred))  # a usage error when --pred is what is wrong
        raise
    scores = report.as_dict()
    if args.json:
        env.stdout.write(json.dumps({**scores, **extra, "overlap": args.overlap, "notes": report.notes},
                                    indent=2, ensure_ascii=False) + "\n")
    else:
        render.print_evaluation(scores, extra, Console(file=env.stdout), report.notes if args.details else {})
    return 0


def cmd_report(args: argparse.Namespace, env: Env) -> int:
    csv_folder, sqlite_file = (Path(p) if p else None for p in (args.csv, args.sqlite))
    if not (args.output or csv_folder or sqlite_file):
        raise UsageError("say what to write: -o report.html, --csv FOLDER and/or --sqlite FILE")
    tables.check_targets(csv_folder, sqlite_file)
    records = results.read_records(Path(args.results))
    if args.output:  # built whole before anything is written: a changed article stops it all
        page = review.report_page(records, Path(args.articles) if args.articles else None,
                                  f"Report: {Path(args.results).name} ({len(records):,} articles)")
        write_atomically(Path(args.output), page)
        print(f"{args.output}: {len(records):,} articles, {len(page.encode()) / 1024:,.0f} KiB", file=env.stderr)
    rows = tables.rows(records)
    if csv_folder:
        tables.write_csv(csv_folder, rows)
    if sqlite_file:
        tables.write_sqlite(sqlite_file, rows)
    counts = ", ".join(f"{len(rows[t]):,} {t}" for t in tables.CSV_TABLES)
    print(f"{len(records):,} articles: {counts}", file=env.stderr)
    return 0


def _check_predictions(path: Path) -> None:
    """A --pred that is not batch output is a usage error, whatever is wrong with it (not
    JSON, not UTF-8, JSON of another shape), not an internal one."""
    try:
        gold.load_predictions(path)
    except SummarizerError:
        raise
    except (ValueError, TypeError, AttributeError, KeyError, OSError, RecursionError) as e:
        reason = str(e).splitlines()[0][:120] if str(e) else type(e).__name__
        raise UsageError(f"--pred {path}: not a batch output or ArticleSummary JSON ({reason})") from None


def cmd_cache(args: argparse.Namespace, env: Env) -> int:
    cache = Cache(config.cache_dir(), warn=env.warn)
    if args.action == "info":
        info = cache.info()
        env.stdout.write(
            f"path: {info['path']}\nentries: {info['entries']}\nsize: {info['bytes'] / 1024:.1f} KiB\n"
        )
    else:
        removed = cache.clear()
        env.stdout.write(f"removed {removed} cached results from {cache.directory}\n")
    return 0


def cmd_schema(args: argparse.Namespace, env: Env) -> int:
    env.stdout.write(json.dumps(ArticleSummary.model_json_schema(), indent=2, ensure_ascii=False) + "\n")
    return 0


def write_atomically(path: Path, body: str) -> None:
    """Never leave a half-written output file: write beside it, then rename."""
    if path.is_dir():
        raise UsageError(f"{path} is a directory; give a file name for -o")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise UsageError(f"{parent}: no such directory for the output file")
    try:
        atomic_write(path, body)
    except OSError as e:  # the disk filled up, the folder went away ...
        raise UsageError(f"cannot write {path} ({e.strerror or e})") from None
