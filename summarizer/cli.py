"""Command line: parse arguments, call the pipeline, print, map errors to exit codes.

All error handling lives here; everything below raises typed errors. ``main`` takes its
streams and backend factory as arguments so tests can run it in-process.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import signal
import sys
import tempfile
import threading
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, TextIO
from urllib.parse import urlsplit

from rich.console import Console

from . import __version__, article, batch, config, evaluate, progress, render
from .backends import Backend, make_backend
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
            api_key=_api_key(args.api_key_env),
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


# ------------------------------------------------------------------------------ parser


class _ParseError(Exception):
    """argparse's complaint, turned into the CLI's one-line error (exit 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # type: ignore[override]
        raise _ParseError(f"{message} (see '{self.prog} --help')")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="summarizer",
        description="Structured, grounded summaries of news articles (participants, agreements, quotes).",
    )
    parser.add_argument("--version", action="version", version=f"summarizer {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    one = commands.add_parser("summarize", help="summarize one article (a file, or - for stdin)")
    one.add_argument("path", help="article file (.txt, .md, .html) or - to read stdin")
    one.add_argument("--format", choices=("pretty", "json", "markdown"),
                     help="output format (default: pretty on a terminal, json otherwise)")
    one.add_argument("-o", "--output", help="write the result to this file instead of stdout")
    _add_model_options(one)
    _add_cache_options(one)
    one.set_defaults(handler=cmd_summarize)

    many = commands.add_parser("batch", help="summarize every article under a folder (resumable)")
    many.add_argument("folder", help="folder of articles, searched recursively")
    many.add_argument("--out", help="JSON Lines file: one record per article")
    many.add_argument("--out-dir", help="also write one JSON file per article here")
    many.add_argument("--pattern", action="append", dest="patterns", metavar="GLOB",
                      help="file name pattern, repeatable (default: *.txt *.md *.markdown *.html *.htm)")
    many.add_argument("--concurrency", type=_int_in("--concurrency", 1, MAX_CONCURRENCY), default=4,
                      help="requests in flight for served models (the embedded model runs one at a time)")
    many.add_argument("--fail-fast", action="store_true", help="stop at the first failed article")
    _add_model_options(many)
    _add_cache_options(many)
    many.set_defaults(handler=cmd_batch)

    grade = commands.add_parser("eval", help="score predictions against gold fixtures, field by field")
    grade.add_argument("--gold", required=True, help="folder of gold ArticleSummary JSON files (<id>.json)")
    grade.add_argument("--pred", required=True, help="batch output: results.jsonl, an --out-dir folder, or one JSON")
    grade.add_argument("--articles", help="folder with the articles (<id>.txt), to check the summaries' names")
    grade.add_argument("--overlap", choices=("coverage", "iou"), default="coverage",
                       help="quote overlap: share of the gold quote covered (default) or intersection/union")
    grade.add_argument("--json", action="store_true", help="machine-readable scores")
    grade.add_argument("--details", action="store_true", help="list every miss and extra per article")
    grade.set_defaults(handler=cmd_eval)

    cache = commands.add_parser("cache", help="inspect or clear the result cache")
    cache.add_argument("action", choices=("info", "clear"))
    cache.set_defaults(handler=cmd_cache)

    schema = commands.add_parser("schema", help="print the JSON Schema of the output")
    schema.set_defaults(handler=cmd_schema)
    for sub in (one, many, grade, cache, schema):
        # also after the command, where the README and the error hints put it; SUPPRESS keeps
        # a --debug given before the command from being reset by the subcommand's default
        sub.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks on errors")
    return parser


MAX_CONCURRENCY = 256  # threads and sockets; a typo of 100000 should not open them
MAX_REASKS = 20


def _int_in(flag: str, low: int, high: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{flag} takes a whole number, not {value!r}") from None
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(f"{flag} must be from {low} to {high}, not {number}")
        return number

    return parse


def _seconds(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--timeout takes seconds, not {value!r}") from None
    if not (math.isfinite(number) and number > 0):
        raise argparse.ArgumentTypeError(f"--timeout must be more than 0 seconds, not {value}")
    return number


def _http_url(value: str) -> str:
    """An http(s) address with a host, checked now rather than found out as a connection
    error after the retries."""
    try:
        parts = urlsplit(value)
        port_ok = parts.port is None or 0 < parts.port < 65536
    except ValueError:
        parts, port_ok = None, False
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or not port_ok:
        raise argparse.ArgumentTypeError(
            f"--base-url must be an http:// or https:// address with a host, e.g. http://127.0.0.1:8080/v1; "
            f"not {value!r}"
        )
    return value


def _add_model_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("model (default: the embedded offline model)")
    g.add_argument("--model", help="model name on an OpenAI-compatible server (or OpenAI itself)")
    g.add_argument("--base-url", type=_http_url, help="OpenAI-compatible server, e.g. http://127.0.0.1:8080/v1")
    g.add_argument("--api-key-env", metavar="NAME",
                   help="environment variable holding the key for --base-url (default SUMMARIZER_API_KEY; "
                        "OPENAI_API_KEY goes only to OpenAI's own API)")
    g.add_argument("--model-path", help=f"a GGUF file to run in-process (or set {config.MODEL_ENV})")
    g.add_argument("--timeout", type=_seconds, default=120.0, help="seconds per request (served models)")
    g.add_argument("--max-reasks", type=_int_in("--max-reasks", 0, MAX_REASKS), default=2,
                   help="times the model is asked again after an invalid answer (default 2)")


def _add_cache_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group(f"cache (location moves with {config.HOME_ENV})")
    g.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    g.add_argument("--refresh", action="store_true", help="recompute and overwrite cached results")


# ------------------------------------------------------------------------------ commands


def cmd_summarize(args: argparse.Namespace, env: Env) -> int:
    text = article.read(args.path, stdin=env.stdin)
    fmt = args.format or _default_format(args.output, env.stdout)
    if args.output:
        if fmt == "pretty":
            raise UsageError("--format pretty is for terminals; use json or markdown with -o")
        check_output_file(Path(args.output), "-o", article=None if args.path == "-" else Path(args.path))
    backend = env.make_backend(args)
    cache = Cache(config.cache_dir(), warn=env.warn)
    options = Options(use_cache=not args.no_cache, refresh=args.refresh, max_reasks=args.max_reasks)
    result = in_background(summarize, text, backend, cache, options)
    if fmt == "pretty":
        console = Console(file=env.stdout)
        render.print_pretty(result.summary, console, result.meta, result.cached)
        return 0
    body = render.to_json(result.summary) if fmt == "json" else render.to_markdown(
        result.summary, result.article.source
    )
    if args.output:
        write_atomically(Path(args.output), body)
    else:
        env.stdout.write(body)
    return 0


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
    backend = env.make_backend(args)
    options = batch.BatchOptions(
        patterns=patterns,
        out=Path(args.out) if args.out else None,
        out_dir=Path(args.out_dir) if args.out_dir else None,
        concurrency=args.concurrency,
        fail_fast=args.fail_fast,
        pipeline=Options(use_cache=not args.no_cache, refresh=args.refresh, max_reasks=args.max_reasks),
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
        report, extra = evaluate.evaluate_files(
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


def _check_predictions(path: Path) -> None:
    """A --pred that is not batch output is a usage error, whatever is wrong with it (not
    JSON, not UTF-8, JSON of another shape), not an internal one."""
    try:
        evaluate.load_predictions(path)
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


# ------------------------------------------------------------------------------ signals


class Interrupted(KeyboardInterrupt):
    """SIGTERM, raised where Ctrl-C would raise KeyboardInterrupt, so both stop the same way."""


class _Signals:
    """Ctrl-C and SIGTERM: the first stops the work (a batch writes what it has and prints
    its report); a second exits at once, without a traceback. A signal the parent set to be
    ignored (nohup, a shell's background job) stays ignored."""

    HANDLED = (signal.SIGINT, signal.SIGTERM)

    def __init__(self) -> None:
        self.received: int | None = None
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> _Signals:
        if threading.current_thread() is threading.main_thread():
            for number in self.HANDLED:
                current = signal.getsignal(number)
                if current != signal.SIG_IGN:
                    self._previous[number] = signal.signal(number, self._handle)
        return self

    def _handle(self, number: int, _frame: Any) -> None:
        if self.received is not None:
            os.write(2, b"summarizer: interrupted again; exiting now\n")
            os._exit(128 + number)
        self.received = number
        raise KeyboardInterrupt if number == signal.SIGINT else Interrupted

    def exit_code(self) -> int:
        return 128 + (self.received or signal.SIGINT)

    def __exit__(self, *exc: object) -> None:
        # after a signal the process is on its way out: a second one must still end it
        if self.received is None:
            for number, handler in self._previous.items():
                signal.signal(number, handler)


# ------------------------------------------------------------------------------ entry point


def main(argv: list[str] | None = None, env: Env | None = None) -> int:
    env = env or Env()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except _ParseError as e:
        print(f"summarizer: error: {one_line(str(e))}", file=env.stderr)
        return 2
    except SystemExit as e:  # --help, --version
        return e.code if isinstance(e.code, int) else 0
    if not getattr(args, "handler", None):
        print("summarizer: error: give a command: summarize, batch, eval, cache or schema "
              "(see 'summarizer --help')", file=env.stderr)
        return 2
    # instructor logs every failed attempt at ERROR level; the CLI reports outcomes itself
    logging.getLogger("instructor").setLevel(logging.DEBUG if args.debug else logging.CRITICAL)
    with _Signals() as signals:
        try:
            return args.handler(args, env)
        except SummarizerError as e:
            if args.debug:
                traceback.print_exc(file=env.stderr)
            print(f"summarizer: error: {one_line(str(e))}", file=env.stderr)
            return e.exit_code
        except KeyboardInterrupt:
            what = "terminated" if signals.received == signal.SIGTERM else "interrupted"
            print(f"summarizer: {what}", file=env.stderr)
            return signals.exit_code()
        except BrokenPipeError:
            return 0
        except Exception as e:  # a bug: still one line unless --debug
            if args.debug:
                traceback.print_exc(file=env.stderr)
            else:
                print(
                    f"summarizer: internal error: {type(e).__name__}: {one_line(str(e)) if str(e) else ''}"
                    " (run with --debug for the traceback)",
                    file=env.stderr,
                )
            return 70


def entry() -> None:
    """The console script. After a signal, exit without waiting for anything still running
    (a model call in a worker thread, atexit clean-ups that would free the model under it):
    the output and the report are written by then, and the cache only ever holds whole files."""
    code = main()
    if code in (128 + signal.SIGINT, 128 + signal.SIGTERM):
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    entry()
