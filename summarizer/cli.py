"""Command line: parse arguments, call the pipeline, print, map errors to exit codes.

All error handling lives here; everything below raises typed errors. ``main`` takes its
streams and backend factory as arguments so tests can run it in-process.
"""

from __future__ import annotations

import argparse
import logging
import math
import os
import signal
import sys
import threading
import traceback
from typing import Any, Callable
from urllib.parse import urlsplit


from . import __version__, config
from .errors import SummarizerError

from .commands import (  # noqa: F401 - Env is part of the CLI's interface for tests
    Env,
    cmd_batch,
    cmd_cache,
    cmd_eval,
    cmd_report,
    cmd_schema,
    cmd_summarize,
    one_line,
)


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
    one.add_argument("--format", choices=("pretty", "json", "markdown", "html"),
                     help="output format (default: pretty on a terminal, json otherwise; html: a review page)")
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
    many.add_argument("--workers", type=_int_in("--workers", 1, MAX_WORKERS), default=1,
                      help="processes that summarize, sharing --concurrency (a served model only; "
                           "one process tops out near 85 articles/s: give it one per core beside the first)")
    many.add_argument("--fail-fast", action="store_true", help="stop at the first failed article")
    _add_engine_options(many)
    _add_model_options(many)
    _add_cache_options(many)
    many.set_defaults(handler=cmd_batch)

    grade = _add_eval_command(commands)

    report = commands.add_parser("report", help="a review page (HTML) and tables (CSV, SQLite) of a batch's results")
    report.add_argument("results", help="batch output: the .jsonl file 'summarizer batch --out' wrote")
    report.add_argument("-o", "--output", metavar="FILE", help="write the review page (one self-contained HTML file)")
    report.add_argument("--articles", metavar="FOLDER",
                        help="where the articles are now, if not in the folder the batch ran on")
    report.add_argument("--csv", metavar="FOLDER", help="write quotes.csv, participants.csv, agreements.csv here")
    report.add_argument("--sqlite", metavar="FILE", help="write the same tables, and articles, to one SQLite file")
    report.set_defaults(handler=cmd_report)

    cache = commands.add_parser("cache", help="inspect or clear the result cache")
    cache.add_argument("action", choices=("info", "clear"))
    cache.set_defaults(handler=cmd_cache)

    schema = commands.add_parser("schema", help="print the JSON Schema of the output")
    schema.set_defaults(handler=cmd_schema)
    for sub in (one, many, grade, report, cache, schema):
        # also after the command, where the README and the error hints put it; SUPPRESS keeps
        # a --debug given before the command from being reset by the subcommand's default
        sub.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks on errors")
    return parser


MAX_CONCURRENCY = 256  # threads and sockets; a typo of 100000 should not open them
MAX_WORKERS = 64  # processes of about 100 MB each
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


def _seconds_for(flag: str) -> Callable[[str], float]:
    def parse(value: str) -> float:
        try:
            number = float(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{flag} takes seconds, not {value!r}") from None
        if not (math.isfinite(number) and number > 0):
            raise argparse.ArgumentTypeError(f"{flag} must be more than 0 seconds, not {value}")
        return number

    return parse


_seconds = _seconds_for("--timeout")


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


def _add_eval_command(commands) -> argparse.ArgumentParser:
    grade = commands.add_parser("eval", help="score predictions against gold fixtures, field by field")
    grade.add_argument("--gold", required=True, help="folder of gold ArticleSummary JSON files (<id>.json)")
    grade.add_argument("--pred", required=True, help="batch output: results.jsonl, an --out-dir folder, or one JSON")
    grade.add_argument("--articles", help="folder with the articles (<id>.txt), to check the summaries' names")
    grade.add_argument("--overlap", choices=("coverage", "iou"), default="coverage",
                       help="quote overlap: share of the gold quote covered (default) or intersection/union")
    grade.add_argument("--json", action="store_true", help="machine-readable scores")
    grade.add_argument("--details", action="store_true", help="list every miss and extra per article")
    grade.set_defaults(handler=cmd_eval)
    return grade


def _add_engine_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("batch engines (a corpus: every question at once, in rounds; needs --out and --model)")
    g.add_argument("--via", choices=("live", "batch-api"), default="live",
                   help="batch-api: OpenAI's Batch API (or --base-url's copy of it), half the price, 24-hour window")
    g.add_argument("--poll-interval", type=_seconds_for("--poll-interval"), default=30.0, metavar="S",
                   help="seconds between looks at the Batch API's jobs (default 30)")
    g.add_argument("--cancel", action="store_true", help="with --via batch-api: cancel the running jobs, keep what they did")
    g.add_argument("--export-requests", metavar="FILE",
                   help="write the next round's requests in the Batch file format, for any engine (vLLM's run_batch ...)")
    g.add_argument("--import-results", metavar="FILE", action="append",
                   help="read an engine's results for those requests (repeatable)")


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
    g.add_argument("--context-tokens", type=_int_in("--context-tokens", 512, 10_000_000),
                   help="a served model's context in tokens, when the server does not say (longer articles "
                        "are read in parts)")
    g.add_argument("--no-statements", action="store_true",
                   help="leave out statements (reported speech without quotation marks); part of the cache key")
    g.add_argument("--speakers", choices=("nearest", "model"), default=None,
                   help="who speaks a quotation no cue settles: the person the text last made its subject "
                        "('nearest', the embedded model's default: it picks worse than that) or the model's "
                        "answer ('model', a served model's default); part of the cache key")


def _add_cache_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group(f"cache (location moves with {config.HOME_ENV})")
    g.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    g.add_argument("--refresh", action="store_true", help="recompute and overwrite cached results")


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
