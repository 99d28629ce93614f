"""Command line: parse arguments, call the pipeline, print, map errors to exit codes.

All error handling lives here; everything below raises typed errors. ``main`` takes its
streams and backend factory as arguments so tests can run it in-process.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, TextIO

from rich.console import Console

from . import __version__, article, batch, config, evaluate, progress, render
from .backends import Backend, make_backend
from .cache import Cache
from .errors import SummarizerError, UsageError
from .files import atomic_write
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
        print(f"summarizer: warning: {message}", file=self.stderr)


def _api_key(variable: str | None) -> str | None:
    """The key named by --api-key-env; none means the backend's default for its host."""
    if not variable:
        return None
    value = os.environ.get(variable)
    if not value:
        raise UsageError(f"--api-key-env {variable}: that environment variable is not set")
    return value


# ------------------------------------------------------------------------------ parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="summarizer",
        description="Structured, grounded summaries of news articles (participants, agreements, quotes).",
    )
    parser.add_argument("--version", action="version", version=f"summarizer {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

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
    many.add_argument("--concurrency", type=int, default=4,
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
    return parser


def _add_model_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("model (default: the embedded offline model)")
    g.add_argument("--model", help="model name on an OpenAI-compatible server (or OpenAI itself)")
    g.add_argument("--base-url", help="OpenAI-compatible server, e.g. http://127.0.0.1:8080/v1")
    g.add_argument("--api-key-env", metavar="NAME",
                   help="environment variable holding the key for --base-url (default SUMMARIZER_API_KEY; "
                        "OPENAI_API_KEY goes only to OpenAI's own API)")
    g.add_argument("--model-path", help=f"a GGUF file to run in-process (or set {config.MODEL_ENV})")
    g.add_argument("--timeout", type=float, default=120.0, help="seconds per request (served models)")
    g.add_argument("--max-reasks", type=int, default=2,
                   help="times the model is asked again after an invalid answer (default 2)")


def _add_cache_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group(f"cache (location moves with {config.HOME_ENV})")
    g.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    g.add_argument("--refresh", action="store_true", help="recompute and overwrite cached results")


# ------------------------------------------------------------------------------ commands


def cmd_summarize(args: argparse.Namespace, env: Env) -> int:
    text = article.read(args.path, stdin=env.stdin)
    if args.max_reasks < 0:
        raise UsageError("--max-reasks must be 0 or more")
    backend = env.make_backend(args)
    cache = Cache(config.cache_dir(), warn=env.warn)
    result = summarize(
        text, backend, cache,
        Options(use_cache=not args.no_cache, refresh=args.refresh, max_reasks=args.max_reasks),
    )
    fmt = args.format or _default_format(args.output, env.stdout)
    if fmt == "pretty":
        if args.output:
            raise UsageError("--format pretty is for terminals; use json or markdown with -o")
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
    if args.concurrency < 1:
        raise UsageError("--concurrency must be 1 or more")
    folder = Path(args.folder)
    batch.discover(folder)  # a wrong folder fails before any model is loaded
    backend = env.make_backend(args)
    options = batch.BatchOptions(
        patterns=tuple(args.patterns) if args.patterns else batch.DEFAULT_PATTERNS,
        out=Path(args.out) if args.out else None,
        out_dir=Path(args.out_dir) if args.out_dir else None,
        concurrency=args.concurrency,
        fail_fast=args.fail_fast,
        pipeline=Options(use_cache=not args.no_cache, refresh=args.refresh, max_reasks=args.max_reasks),
    )
    cache = Cache(config.cache_dir(), warn=env.warn)
    report = batch.run_batch(folder, backend, cache, options, progress.for_stream(env.stderr))
    _print_report(report, env.stderr)
    if report.interrupted:
        return 130
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


def cmd_eval(args: argparse.Namespace, env: Env) -> int:
    report, extra = evaluate.evaluate_files(
        Path(args.gold), Path(args.pred), Path(args.articles) if args.articles else None, args.overlap
    )
    scores = report.as_dict()
    if args.json:
        env.stdout.write(json.dumps({**scores, **extra, "overlap": args.overlap, "notes": report.notes},
                                    indent=2, ensure_ascii=False) + "\n")
    else:
        render.print_evaluation(scores, extra, Console(file=env.stdout), report.notes if args.details else {})
    return 0


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
    atomic_write(path, body)


# ------------------------------------------------------------------------------ entry point


def main(argv: list[str] | None = None, env: Env | None = None) -> int:
    env = env or Env()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help(env.stderr)
        return 2
    # instructor logs every failed attempt at ERROR level; the CLI reports outcomes itself
    logging.getLogger("instructor").setLevel(logging.DEBUG if args.debug else logging.CRITICAL)
    try:
        return args.handler(args, env)
    except SummarizerError as e:
        if args.debug:
            traceback.print_exc(file=env.stderr)
        print(f"summarizer: error: {e}", file=env.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("summarizer: interrupted", file=env.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as e:  # a bug: still one line unless --debug
        if args.debug:
            traceback.print_exc(file=env.stderr)
        else:
            print(
                f"summarizer: internal error: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
                " (run with --debug for the traceback)",
                file=env.stderr,
            )
        return 70


if __name__ == "__main__":
    sys.exit(main())
