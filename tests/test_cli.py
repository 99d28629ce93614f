"""The CLI in-process, with its streams and backend injected (no model, no network)."""

from __future__ import annotations

import io
import json

import pytest

from conftest import SEED, SEED_RECORDING, recorded, recorded_responses
from summarizer import config
from summarizer.backends.replay import ReplayBackend
from summarizer.cache import Cache
from summarizer.cli import Env, main



class Run:
    def __init__(self, code: int, out: str, err: str, backend: ReplayBackend | None):
        self.code, self.out, self.err, self.backend = code, out, err, backend


def run(argv: list[str], responses=None, stdin: bytes = b"") -> Run:
    backend = ReplayBackend(responses) if responses is not None else recorded()
    out, err = io.StringIO(), io.StringIO()
    env = Env(stdin=io.BytesIO(stdin), stdout=out, stderr=err, backend_factory=lambda _args: backend)
    code = main(argv, env)
    return Run(code, out.getvalue(), err.getvalue(), backend)


def test_summarize_json_is_the_validated_summary():
    r = run(["summarize", str(SEED), "--format", "json"])
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert data["schema_version"] == "2"
    assert all(q["speaker_source"] in ("cue", "model") for q in data["quotes"])
    for q in data["quotes"]:  # the mention that decided the speaker holds their name
        assert q["speaker_start"] is not None and "Çavuşoğlu" in SEED.read_text()[q["speaker_start"]:q["speaker_end"]]
    assert {q["speaker"] for q in data["quotes"]} == {"Mevlüt Çavuşoğlu"}
    assert r.err == ""


def test_summarize_from_stdin_matches_file_and_uses_cache():
    first = run(["summarize", str(SEED), "--format", "json"])
    second = run(["summarize", "-", "--format", "json"], stdin=SEED.read_bytes())
    assert second.code == 0, second.err
    assert second.backend.requests == []  # from the cache
    assert json.loads(second.out) == json.loads(first.out)


def test_markdown_to_file_written_whole(tmp_path):
    (tmp_path / "outdir").mkdir()
    target = tmp_path / "outdir" / "out.md"
    r = run(["summarize", str(SEED), "-o", str(target)])
    assert r.code == 0 and r.out == ""
    body = target.read_text(encoding="utf-8")
    assert body.startswith("# Summary") and "## Quotes" in body and "Mevlüt Çavuşoğlu" in body
    assert [p.name for p in target.parent.iterdir()] == ["out.md"]  # no temp file left behind


def test_pretty_output_shows_tables():
    r = run(["summarize", str(SEED), "--format", "pretty"])
    assert r.code == 0
    assert "Participants" in r.out and "Quotes" in r.out and "Çavuşoğlu" in r.out


def test_no_cache_and_refresh():
    run(["summarize", str(SEED), "--format", "json", "--no-cache"])
    assert Cache(config.cache_dir()).info()["entries"] == 0
    run(["summarize", str(SEED), "--format", "json"])
    refreshed = run(["summarize", str(SEED), "--format", "json", "--refresh"])
    assert refreshed.code == 0 and refreshed.backend.remaining == 0  # asked the model again


@pytest.mark.parametrize(
    "make_input, expected",
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: d, "is a directory"),
        (lambda d: _write(d / "empty.txt", b""), "empty"),
        (lambda d: _write(d / "blank.txt", b"  \n\t \n"), "empty"),
        (lambda d: _write(d / "img.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10), "binary"),
        (lambda d: _write(d / "latin1.txt", "Caf\u00e9 society met.".encode("latin-1")), "not valid UTF-8"),
        (lambda d: _write(d / "huge.txt", b"word " * 60_000), "more than"),
        (lambda d: _write(d / "digits.txt", b"12 34 56"), "no words"),
    ],
    ids=["missing", "directory", "empty", "whitespace", "binary", "invalid-utf8", "too-long", "no-words"],
)
def test_bad_input_one_line_error_nonzero_exit_nothing_cached(tmp_path, make_input, expected):
    path = make_input(tmp_path)
    r = run(["summarize", str(path), "--format", "json"], responses=[])
    assert r.code == 2
    assert r.out == ""
    lines = r.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("summarizer: error:") and expected in lines[0], r.err
    assert "Traceback" not in r.err
    assert Cache(config.cache_dir()).info()["entries"] == 0


def test_article_longer_than_context_is_refused_before_any_model_call(tmp_path):
    class SmallContext(ReplayBackend):
        @property
        def context_tokens(self):
            return 1000

    backend = SmallContext([])
    out, err = io.StringIO(), io.StringIO()
    code = main(["summarize", str(SEED)], Env(stdout=out, stderr=err, backend_factory=lambda _a: backend))
    assert code == 2 and "context" in err.getvalue() and backend.requests == []


def test_model_output_error_exit_code_and_saved_output():
    bad = json.dumps({"summary": "x"})
    r = run(["summarize", str(SEED), "--format", "json", "--max-reasks", "0"],
            responses=recorded_responses(SEED_RECORDING)[:2] + [bad])
    assert r.code == 4
    assert "saved to" in r.err and len(r.err.strip().splitlines()) == 1


def test_cache_info_and_clear():
    run(["summarize", str(SEED), "--format", "json"])
    info = run(["cache", "info"], responses=[])
    assert "entries: 1" in info.out
    cleared = run(["cache", "clear"], responses=[])
    assert "removed 1" in cleared.out
    assert "entries: 0" in run(["cache", "info"], responses=[]).out


def test_schema_command_prints_the_output_schema():
    r = run(["schema"], responses=[])
    schema = json.loads(r.out)
    assert schema["title"] == "ArticleSummary"
    assert {"participants", "agreements", "quotes", "summary"} <= set(schema["properties"])


def test_output_to_missing_directory_is_a_usage_error(tmp_path):
    r = run(["summarize", str(SEED), "-o", str(tmp_path / "nope" / "x.json")])
    assert r.code == 2 and "no such directory" in r.err


def test_openai_model_without_key_is_a_clear_error(monkeypatch):
    out, err = io.StringIO(), io.StringIO()
    code = main(["summarize", str(SEED), "--model", "gpt-4.1-mini"], Env(stdout=out, stderr=err))
    assert code == 2 and "OPENAI_API_KEY" in err.getvalue()


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


def test_pretty_output_prints_article_text_as_written_never_as_markup_or_escapes(tmp_path):
    """An article (or a model's answer) can carry terminal escape sequences and rich markup;
    on a terminal they cleared the screen or set the window title, and '[bold]' vanished."""
    path = tmp_path / "esc.txt"
    path.write_text("Anna Berg met Tom Lind in Oslo on Monday. Reporters waited outside for hours.\n\n"
                    '"We made [bold]real[/bold] progress \x1b]0;owned\x07\x1b[2J today," Berg said.\n', encoding="utf-8")
    participants = json.dumps({"participants": [["Anna Berg", "person", "[red]Minister[/red]\x1b[2J", "\x1b]0;x\x07Oslo"],
                                                ["Tom Lind", "person", "", ""]]})
    summary = json.dumps({"summary": "Anna Berg met Tom Lind in Oslo.\x1b[2J"})
    r = run(["summarize", str(path), "--format", "pretty"], responses=[participants, summary])
    assert r.code == 0, r.err
    assert "\x1b" not in r.out and "\x07" not in r.out
    assert "[red]Minister[/red]" in r.out and "[bold]real[/bold]" in r.out


def test_debug_after_the_command_shows_the_traceback(tmp_path):
    r = run(["summarize", str(tmp_path / "missing.txt"), "--debug"], responses=[])
    assert r.code == 2 and "Traceback" in r.err and "no such file" in r.err


def test_output_paths_are_checked_before_the_model_runs(tmp_path):
    for argv in (["summarize", str(SEED), "-o", "/sys/summary.json"],
                 ["batch", str(SEED.parent), "--out", "/sys/o.jsonl"],
                 ["batch", str(SEED.parent), "--out", str(tmp_path / "o.jsonl"), "--out-dir", "/sys/kernel/x"]):
        made = []
        err = io.StringIO()
        code = main(argv, Env(stdout=io.StringIO(), stderr=err, backend_factory=lambda a: made.append(a)))
        assert code == 2 and "cannot write in /sys" in err.getvalue(), err.getvalue()
        assert made == []  # no backend made, no model loaded or asked
    assert Cache(config.cache_dir()).info()["entries"] == 0


def test_speakers_flag_decides_who_names_open_quotations(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text('Mayor Anna Berg and Councillor Tom Lind met the residents on Monday.\n\n'
                       '"We will rebuild the bridge before the floods," Lind said.\n\n'
                       'Lind listened. Berg spoke next.\n\n'
                       '"We have the money," she said, looking at him.\n', encoding="utf-8")
    participants = '{"participants": [["Anna Berg", "person", "mayor", ""]]}'
    summary = '{"summary": "The mayor said the city has the money for the bridge."}'
    asked = run(["summarize", str(article), "--format", "json", "--no-cache", "--speakers", "model"],
                [participants, '{"speakers": ["Anna Berg"]}', summary])
    nearest = run(["summarize", str(article), "--format", "json", "--no-cache", "--speakers", "nearest"],
                  [participants, summary])
    assert asked.code == 0 and nearest.code == 0, asked.err + nearest.err
    assert [q["speaker_source"] for q in json.loads(asked.out)["quotes"]] == ["cue", "model"]
    assert [q["speaker_source"] for q in json.loads(nearest.out)["quotes"]] == ["cue", "nearest"]
    assert len(asked.backend.requests) == 3 and len(nearest.backend.requests) == 2
    bad = run(["summarize", str(article), "--speakers", "guess"], [])
    assert bad.code != 0 and "--speakers" in bad.err and "Traceback" not in bad.err
