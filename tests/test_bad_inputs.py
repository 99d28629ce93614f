"""The bad-input corpus: what a tired or hostile user tries, through the CLI, each with the
exit code and the one line it must get. Over the whole corpus: no traceback, no exit 70 (an
internal error), no hang, nothing cached from a failure, no half-written or temp file left.

Cases run in-process (``main(argv, Env(...))``) against the real loopback HTTP server where
a model is needed; FIFOs and devices run as real processes, so a hang fails instead of
blocking the suite."""

from __future__ import annotations

import gzip
import io
import os
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

from conftest import ROOT, SEED
from openai_server import LoopbackOpenAI
from summarizer import config
from summarizer.backends.openai_compat import OpenAIBackend
from summarizer.cache import Cache
from summarizer.cli import Env, main
from summarizer.commands import _api_key

ARTICLE = 'Anna Berg met Tom Lind in Oslo on Monday.\n\n"We made progress," Berg said.\n'
UNWRITABLE = "/sys"  # refuses new files even to root (chmod does not, for root)


@dataclass
class Case:
    argv: Callable[[Path, str], list[str]]  # (scratch folder, server URL) -> arguments
    code: int
    fragment: str  # in the error line (or, for exit 0, in stdout)
    fault: str | None = None  # what the loopback server answers to every request; "dead": nothing listens
    stdin: bytes = b""
    env: dict[str, str] = field(default_factory=dict)


def put(d: Path, name: str, data: bytes | str) -> str:
    path = d / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return str(path)


def link(d: Path, name: str, target: str) -> str:
    (d / name).symlink_to(target)
    return str(d / name)


def sparse(d: Path, name: str, size: int) -> str:
    with open(d / name, "wb") as f:
        f.truncate(size)
    return str(d / name)


def folder_with_articles(d: Path, *extra: tuple[str, bytes]) -> str:
    for i in range(3):
        put(d / "in", f"a{i}.txt", ARTICLE.replace("Monday", f"day {i}"))
    for name, data in extra:
        put(d / "in", name, data)
    return str(d / "in")


def seed(d: Path) -> str:
    return str(SEED)


def s(*args: str) -> list[str]:
    return ["summarize", *args]


def served(*args: str) -> Callable[[Path, str], list[str]]:
    """A summarize of the seed against the loopback server, with extra arguments."""
    return lambda d, url: s(str(SEED), "--base-url", url, "--model", "m", "--format", "json", *args)


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(200)
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 44 >>\nstream\n" + bytes(range(256)) * 4
# an escape sequence inside a quotation, which every output format shows
ESCAPES = ("Anna Berg met Tom Lind in Oslo on Monday. Reporters waited outside for hours.\n\n"
           '"We made progress \x1b]0;owned\x07\x1b[2J today," Berg said.\n')


def gz() -> bytes:
    return gzip.compress(ARTICLE.encode() * 10)


def zipped() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("article.txt", ARTICLE * 10)
    return buffer.getvalue()


CASES: dict[str, Case] = {
    # ---- the article file
    "missing-file": Case(lambda d, u: s(str(d / "nope.txt")), 2, "no such file"),
    "directory": Case(lambda d, u: s(str(d)), 2, "is a directory"),
    "empty": Case(lambda d, u: s(put(d, "e.txt", b"")), 2, "empty"),
    "whitespace-only": Case(lambda d, u: s(put(d, "w.txt", b" \n\t\r\n ")), 2, "empty"),
    "bom-only": Case(lambda d, u: s(put(d, "bom.txt", b"\xef\xbb\xbf")), 2, "empty"),
    "png-named-txt": Case(lambda d, u: s(put(d, "img.txt", PNG)), 2, "binary"),
    "pdf": Case(lambda d, u: s(put(d, "doc.txt", PDF)), 2, "binary"),
    "gzip": Case(lambda d, u: s(put(d, "a.txt.gz", gz())), 2, "binary"),
    "zip": Case(lambda d, u: s(put(d, "a.zip", zipped())), 2, "binary"),
    "nul-bytes-in-text": Case(lambda d, u: s(put(d, "nul.txt", ARTICLE.encode() + b"\x00\x00x\x00")), 2, "binary"),
    "latin1": Case(lambda d, u: s(put(d, "l.txt", "Café society met.".encode("latin-1"))), 2, "not valid UTF-8"),
    "invalid-utf8-midway": Case(lambda d, u: s(put(d, "u.txt", ARTICLE.encode() + b"\xc3\x28 end")), 2, "not valid UTF-8"),
    "too-many-characters": Case(lambda d, u: s(put(d, "long.txt", b"word " * 60_000)), 2, "more than 200,000"),
    "larger-than-10-mb": Case(lambda d, u: s(sparse(d, "big.txt", 11 * 2**20)), 2, "more than 10 MB"),
    "digits-only": Case(lambda d, u: s(put(d, "n.txt", b"12 34 56 78")), 2, "no words"),
    "punctuation-only": Case(lambda d, u: s(put(d, "p.txt", b"!!! ??? ... --- ***")), 2, "no words"),
    "html-without-text": Case(lambda d, u: s(put(d, "x.html", b"<html><body><div><p>")), 2, "no article text"),
    "html-of-scripts-only": Case(lambda d, u: s(put(d, "js.html", b"<html><script>var a=1;</script></html>")), 2,
                                 "no article text"),
    "broken-symlink": Case(lambda d, u: s(link(d, "dangling.txt", "/nonexistent/x.txt")), 2, "no such file"),
    "symlink-loop": Case(lambda d, u: s(link(d, "loop.txt", "loop.txt")), 2, "cannot read"),
    "name-too-long": Case(lambda d, u: s(str(d / ("x" * 300 + ".txt"))), 2, "cannot read (File name too long)"),
    "output-is-the-article": Case(lambda d, u: s(put(d, "self.txt", ARTICLE), "-o", str(d / "self.txt")), 2,
                                  "is the article itself"),
    # ---- stdin
    "stdin-empty": Case(lambda d, u: s("-"), 2, "empty"),
    "stdin-binary": Case(lambda d, u: s("-"), 2, "binary", stdin=PNG),
    "stdin-too-large": Case(lambda d, u: s("-"), 2, "more than 10 MB", stdin=b"word " * (2 * 2**20 + 10)),
    # ---- options of summarize
    "timeout-zero": Case(served("--timeout", "0"), 2, "--timeout must be more than 0"),
    "timeout-negative": Case(served("--timeout", "-5"), 2, "--timeout must be more than 0"),
    "timeout-nan": Case(served("--timeout", "nan"), 2, "--timeout must be more than 0"),
    "timeout-inf": Case(served("--timeout", "inf"), 2, "--timeout must be more than 0"),
    "timeout-not-a-number": Case(served("--timeout", "soon"), 2, "--timeout takes seconds"),
    "base-url-not-a-url": Case(lambda d, u: s(seed(d), "--base-url", "not a url", "--model", "m"), 2,
                               "--base-url must be an http:// or https:// address"),
    "base-url-ftp": Case(lambda d, u: s(seed(d), "--base-url", "ftp://example.org/v1", "--model", "m"), 2,
                         "--base-url must be"),
    "base-url-no-host": Case(lambda d, u: s(seed(d), "--base-url", "http://", "--model", "m"), 2, "--base-url must be"),
    "base-url-no-scheme": Case(lambda d, u: s(seed(d), "--base-url", "127.0.0.1:8080/v1", "--model", "m"), 2,
                               "--base-url must be"),
    "base-url-bad-port": Case(lambda d, u: s(seed(d), "--base-url", "http://127.0.0.1:99999/v1", "--model", "m"), 2,
                              "--base-url must be"),
    "base-url-without-model": Case(lambda d, u: s(seed(d), "--base-url", u), 2, "--model is required"),
    "max-reasks-negative": Case(served("--max-reasks", "-1"), 2, "--max-reasks must be from 0 to 20"),
    "max-reasks-huge": Case(served("--max-reasks", "1000000"), 2, "--max-reasks must be from 0 to 20"),
    "max-reasks-not-a-number": Case(served("--max-reasks", "two"), 2, "--max-reasks takes a whole number"),
    "format-unknown": Case(served("--format", "yaml"), 2, "invalid choice: 'yaml'"),
    "pretty-to-a-file": Case(lambda d, u: s(seed(d), "--format", "pretty", "-o", str(d / "x.txt")), 2,
                             "pretty is for terminals"),
    "output-in-missing-folder": Case(served("-o", "/nonexistent-folder/x.json"), 2, "no such directory"),
    "output-is-a-folder": Case(lambda d, u: served("-o", str(d))(d, u), 2, "is a directory"),
    "output-unwritable": Case(served("-o", f"{UNWRITABLE}/x.json"), 2, "-o: cannot write in /sys"),
    "unknown-option": Case(served("--frobnicate"), 2, "unrecognized arguments: --frobnicate"),
    "missing-article-argument": Case(lambda d, u: ["summarize"], 2, "the following arguments are required: path"),
    "unknown-command": Case(lambda d, u: ["summarise", "x.txt"], 2, "invalid choice: 'summarise'"),
    "no-command": Case(lambda d, u: [], 2, "give a command"),
    "openai-without-key": Case(lambda d, u: s(seed(d), "--model", "gpt-4.1-mini"), 2, "set OPENAI_API_KEY"),
    "api-key-env-unset": Case(served("--api-key-env", "NO_SUCH_VARIABLE_SET"), 2,
                              "--api-key-env NO_SUCH_VARIABLE_SET: that environment variable is not set"),
    "model-path-missing": Case(lambda d, u: s(seed(d), "--model-path", str(d / "m.gguf")), 5, "model file not found"),
    "model-path-a-folder": Case(lambda d, u: s(seed(d), "--model-path", str(d)), 5, "model file not found"),
    "model-path-a-device": Case(lambda d, u: s(seed(d), "--model-path", "/dev/zero"), 5, "model file not found"),
    "model-path-not-gguf": Case(lambda d, u: s(seed(d), "--model-path", put(d, "notes.gguf", ARTICLE * 50)), 5,
                                "cannot load"),
    # ---- batch
    "batch-without-output": Case(lambda d, u: ["batch", folder_with_articles(d)], 2, "give --out"),
    "batch-missing-folder": Case(lambda d, u: ["batch", str(d / "nope"), "--out", str(d / "o.jsonl")], 2,
                                 "no such folder"),
    "batch-folder-is-a-file": Case(lambda d, u: ["batch", str(SEED), "--out", str(d / "o.jsonl")], 2, "not a folder"),
    "batch-empty-folder": Case(lambda d, u: ["batch", str(d), "--out", str(d / "o.jsonl")], 2, "no articles found"),
    "batch-pattern-matches-nothing": Case(lambda d, u: ["batch", folder_with_articles(d), "--pattern", "*.pdf",
                                                        "--out", str(d / "o.jsonl")], 2, "no articles found"),
    "batch-concurrency-zero": Case(lambda d, u: ["batch", str(d), "--out", "o.jsonl", "--concurrency", "0"], 2,
                                   "--concurrency must be from 1 to 256"),
    "batch-concurrency-negative": Case(lambda d, u: ["batch", str(d), "--out", "o.jsonl", "--concurrency", "-3"], 2,
                                       "--concurrency must be from 1"),
    "batch-concurrency-huge": Case(lambda d, u: ["batch", str(d), "--out", "o.jsonl", "--concurrency", "100000"], 2,
                                   "--concurrency must be from 1 to 256"),
    "batch-concurrency-word": Case(lambda d, u: ["batch", str(d), "--out", "o.jsonl", "--concurrency", "many"], 2,
                                   "--concurrency takes a whole number"),
    "batch-out-is-a-folder": Case(lambda d, u: ["batch", folder_with_articles(d), "--out", str(d),
                                                "--base-url", u, "--model", "m"], 2, "is a directory"),
    "batch-out-unwritable": Case(lambda d, u: ["batch", folder_with_articles(d), "--out", f"{UNWRITABLE}/o.jsonl",
                                               "--base-url", u, "--model", "m"], 2, "--out: cannot write in /sys"),
    "batch-out-dir-is-a-file": Case(lambda d, u: ["batch", folder_with_articles(d), "--out-dir", str(SEED),
                                                  "--base-url", u, "--model", "m"], 2, "is not a folder"),
    "batch-out-dir-unwritable": Case(lambda d, u: ["batch", folder_with_articles(d), "--out-dir",
                                                   f"{UNWRITABLE}/kernel/new/dir", "--base-url", u, "--model", "m"], 2,
                                     "--out-dir: cannot write in /sys/kernel"),
    "batch-dead-server": Case(lambda d, u: ["batch", folder_with_articles(d, *[(f"b{i}.txt", ARTICLE.encode())
                                                                                for i in range(6)]),
                                            "--out", str(d / "o.jsonl"), "--base-url", u, "--model", "m"], 3,
                              "articles summarized, run the same command again to finish", fault="dead"),
    # ---- eval and cache
    "eval-missing-gold": Case(lambda d, u: ["eval", "--gold", str(d / "nope"), "--pred", str(d)], 2, "not a folder"),
    "eval-missing-pred": Case(lambda d, u: ["eval", "--gold", str(ROOT / "tests" / "gold"), "--pred", str(d / "x")], 2,
                              "no such file or folder"),
    "eval-pred-not-json": Case(lambda d, u: ["eval", "--gold", str(ROOT / "tests" / "gold"),
                                             "--pred", put(d, "p.jsonl", "this is not json")], 2, "not a batch output"),
    "eval-pred-json-of-numbers": Case(lambda d, u: ["eval", "--gold", str(ROOT / "tests" / "gold"),
                                                    "--pred", put(d, "p.jsonl", "1\n2\n3\n")], 2, "not a batch output"),
    "eval-pred-binary": Case(lambda d, u: ["eval", "--gold", str(ROOT / "tests" / "gold"),
                                           "--pred", put(d, "p.jsonl", PNG)], 2, "not a batch output"),
    "cache-unknown-action": Case(lambda d, u: ["cache", "purge"], 2, "invalid choice: 'purge'"),
    # ---- servers that answer badly
    "server-html-with-200": Case(served(), 3, "did not answer with a chat completion (it sent an HTML page)",
                                 fault="html200"),
    "server-json-not-a-completion": Case(served(), 3, "did not answer with a chat completion (it sent JSON",
                                         fault="notchat"),
    "server-502-html-page": Case(served(), 3, "HTTP 502 (HTML error page)", fault="502html"),
    "server-context-length-400": Case(served(), 2, "the article is too long for the model's context", fault="ctx400"),
    "server-hangs-up": Case(served(), 3, "connection failed", fault="drop"),
    "server-dead": Case(served(), 3, "connection failed", fault="dead"),
    "server-wrong-key": Case(served(), 3, "authentication failed; check SUMMARIZER_API_KEY",
                             env={"SUMMARIZER_API_KEY": "wrong-key"}),
    "server-always-invalid": Case(served("--max-reasks", "1"), 4, "failed validation 2 times: participants: Field required",
                                  fault="invalid"),
    # ---- inputs that used to fail and must now work
    "utf16-with-bom": Case(lambda d, u: served()(d, u)[:1] + [put(d, "w.txt", ARTICLE.encode("utf-16"))]
                           + served()(d, u)[2:], 0, "Anna Berg"),
    "utf16le-without-bom": Case(lambda d, u: served()(d, u)[:1] + [put(d, "w.txt", ARTICLE.encode("utf-16-le"))]
                                + served()(d, u)[2:], 0, "Anna Berg"),
    "answer-in-a-code-fence": Case(served(), 0, "Çavuşoğlu", fault="fence"),
    "debug-after-the-command": Case(served("--debug"), 0, "Çavuşoğlu"),
    "terminal-escapes-in-article": Case(lambda d, u: s(put(d, "esc.txt", ESCAPES), "--base-url", u, "--model", "m",
                                                       "--format", "pretty"), 0, "We made progress"),
    "terminal-escapes-in-markdown": Case(lambda d, u: s(put(d, "esc.txt", ESCAPES), "--base-url", u, "--model", "m",
                                                        "--format", "markdown"), 0, "We made progress"),
}


def fast_backend(args):
    """The CLI's own backend choice, with retries short enough for a test."""
    if args.base_url:
        return OpenAIBackend(model=args.model or "", base_url=args.base_url, timeout=args.timeout,
                             api_key=_api_key(args.api_key_env), transport_retries=2, backoff_initial=0.01,
                             backoff_max=0.05, dead_after=0.3)
    return Env().make_backend(args)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("name", list(CASES))
def test_bad_input(name, tmp_path, monkeypatch):
    case = CASES[name]
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    for key, value in case.env.items():
        monkeypatch.setenv(key, value)
    with LoopbackOpenAI() as server:
        server.fault_rule = (lambda _n, _r: case.fault) if case.fault not in (None, "dead") else None
        url = server.base_url
        if case.fault == "dead":
            server.__exit__()
        out, err = io.StringIO(), io.StringIO()
        argv = case.argv(scratch, url)
        code = main(argv, Env(stdin=io.BytesIO(case.stdin), stdout=out, stderr=err,
                                                 backend_factory=fast_backend))
    err_text = err.getvalue()
    assert "Traceback" not in err_text and code != 70, err_text
    assert code == case.code, err_text
    if code == 0:
        assert case.fragment in out.getvalue()
        assert "\x1b" not in out.getvalue()
        return
    error_lines = [line for line in err_text.splitlines() if line.startswith("summarizer: error:")]
    assert len(error_lines) == 1 and case.fragment in error_lines[0], err_text
    if argv[:1] != ["batch"]:
        assert err_text.strip() == error_lines[0]  # one line, nothing else
    assert out.getvalue() == ""
    assert Cache(config.cache_dir()).info()["entries"] == 0  # nothing cached from a failure
    leftovers = [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp") or ".partial." in p.name
                 or p.name.startswith(".summarizer-probe")]
    assert leftovers == []


def test_the_corpus_is_large_enough():
    assert len(CASES) + len(SPECIAL_FILES) >= 60


# ---- FIFOs and devices: in a real process with a timeout, since the failure was a hang

def _fifo(d: Path) -> str:
    os.mkfifo(d / "pipe.txt")
    return str(d / "pipe.txt")


SPECIAL_FILES = {
    "fifo": (lambda d: ["summarize", _fifo(d)], 2, "a named pipe (FIFO), not a regular file"),
    "dev-zero": (lambda d: ["summarize", "/dev/zero"], 2, "a device, not a regular file"),
    "dev-null": (lambda d: ["summarize", "/dev/null"], 2, "a device, not a regular file"),
    "dev-urandom-as-article": (lambda d: ["summarize", "/dev/urandom"], 2, "a device, not a regular file"),
    "stdin-from-dev-zero": (lambda d: ["summarize", "-"], 2, "more than 10 MB"),
    "fifo-in-a-batch-folder": (lambda d: ["batch", _fifo(d) and str(d), "--out", str(d / "o.jsonl")], 2,
                               "no articles found"),
}


@pytest.mark.parametrize("name", list(SPECIAL_FILES))
def test_fifos_and_devices_are_refused_without_hanging(name, tmp_path, isolated_home):
    argv, expected, fragment = SPECIAL_FILES[name]
    stdin = open("/dev/zero", "rb") if name == "stdin-from-dev-zero" else subprocess.DEVNULL
    try:
        proc = subprocess.run([sys.executable, "-m", "summarizer", *argv(tmp_path)], stdin=stdin,
                              capture_output=True, text=True, timeout=60,
                              env={**os.environ, "SUMMARIZER_HOME": str(isolated_home), "PYTHONPATH": str(ROOT)})
    finally:
        if stdin is not subprocess.DEVNULL:
            stdin.close()
    assert proc.returncode == expected and fragment in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_a_fifo_among_articles_is_skipped_with_a_note(tmp_path):
    folder = folder_with_articles(tmp_path)
    os.mkfifo(Path(folder) / "x.txt")
    with LoopbackOpenAI() as server:
        err = io.StringIO()
        code = main(["batch", folder, "--out", str(tmp_path / "o.jsonl"), "--base-url", server.base_url,
                     "--model", "m"], Env(stdout=io.StringIO(), stderr=err, backend_factory=fast_backend))
    assert code == 0, err.getvalue()
    assert "summarizer: warning: x.txt: a named pipe (FIFO), skipped" in err.getvalue()
    assert len((tmp_path / "o.jsonl").read_text().splitlines()) == 3
