"""The result cache under every kind of damage: an entry that is not what the cache wrote is
moved aside and recomputed, never a crash, and never a crash on every run after."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time

import pytest

from conftest import SEED, recorded_responses
from summarizer import config
from summarizer.backends.replay import ReplayBackend
from summarizer.cache import Cache
from summarizer.cli import Env, main

SEED_RECORDING = "turkey-south-korea-seoul-talks.embedded"


def summarize_seed() -> tuple[int, str, ReplayBackend]:
    backend = ReplayBackend(recorded_responses(SEED_RECORDING))
    err = io.StringIO()
    code = main(["summarize", str(SEED), "--format", "json"],
                Env(stdout=io.StringIO(), stderr=err, backend_factory=lambda _a: backend))
    return code, err.getvalue(), backend


def _entry():
    (path,) = Cache(config.cache_dir()).entries()
    return path


def _rewrite(path, change):
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def _make_fifo(path):
    path.unlink()
    os.mkfifo(path)


def _make_dir(path):
    path.unlink()
    path.mkdir()
    (path / "inside").write_text("x")


def _quote_moved(data):
    data["summary"]["quotes"][0]["start"] += 3


# Every kind of damage seen, or that a disk, an editor or a hostile user can do to an entry.
CORRUPTIONS = {
    "empty": lambda p: p.write_bytes(b""),
    "whitespace": lambda p: p.write_bytes(b" \n\t\n"),
    "truncated": lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),
    "null": lambda p: p.write_text("null"),
    "list": lambda p: p.write_text("[]"),
    "number": lambda p: p.write_text("42"),
    "string": lambda p: p.write_text('"a JSON string"'),
    "invalid-utf8": lambda p: p.write_bytes(b'{"key": "\xff\xfe\xfa"}'),
    "binary": lambda p: p.write_bytes(os.urandom(512)),
    "deeply-nested": lambda p: p.write_text("[" * 100_000 + "]" * 100_000),
    "meta-null": lambda p: _rewrite(p, lambda d: d.update(meta=None)),
    "meta-list": lambda p: _rewrite(p, lambda d: d.update(meta=[1, 2])),
    "meta-missing": lambda p: _rewrite(p, lambda d: d.pop("meta")),
    "usage-string": lambda p: _rewrite(p, lambda d: d["meta"].update(usage="lots")),
    "seconds-string": lambda p: _rewrite(p, lambda d: d["meta"].update(seconds="fast")),
    "warnings-number": lambda p: _rewrite(p, lambda d: d["meta"].update(warnings=3)),
    "other-key": lambda p: _rewrite(p, lambda d: d.update(key="0" * 64)),
    "no-summary": lambda p: _rewrite(p, lambda d: d.pop("summary")),
    "summary-number": lambda p: _rewrite(p, lambda d: d.update(summary=7)),
    "summary-ungrounded": lambda p: _rewrite(p, _quote_moved),
    "fifo": _make_fifo,
    "directory": _make_dir,
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("kind", list(CORRUPTIONS))
def test_a_corrupt_entry_is_moved_aside_and_recomputed(kind):
    code, _, _ = summarize_seed()
    assert code == 0
    path = _entry()
    CORRUPTIONS[kind](path)

    code, err, backend = summarize_seed()
    assert code == 0, err
    assert backend.remaining == 0  # recomputed: the model was asked again
    assert "corrupt" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert path.with_suffix(".corrupt").exists()  # moved aside, kept for inspection
    entry = json.loads(path.read_text(encoding="utf-8"))  # and replaced by a whole, valid one
    assert entry["summary"]["quotes"] and isinstance(entry["meta"]["usage"], dict)

    code, err, backend = summarize_seed()  # and the next run is a plain cache hit
    assert code == 0 and err == "" and backend.remaining == len(recorded_responses(SEED_RECORDING))


def test_a_corrupt_entry_in_a_batch_is_recomputed_not_an_error_record(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "seed.txt").write_bytes(SEED.read_bytes())
    out = tmp_path / "o.jsonl"

    def batch():
        backend = ReplayBackend(recorded_responses(SEED_RECORDING))
        err = io.StringIO()
        code = main(["batch", str(folder), "--out", str(out)],
                    Env(stdout=io.StringIO(), stderr=err, backend_factory=lambda _a: backend))
        return code, err.getvalue()

    assert batch()[0] == 0
    _rewrite(_entry(), lambda d: d.update(meta=None))  # exit 70 for the whole batch, every run, before
    code, err = batch()
    assert code == 0, err
    (record,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert record["status"] == "ok" and not record["cached"]


def test_a_cache_that_cannot_be_written_costs_the_caching_not_the_result(isolated_home):
    isolated_home.mkdir(parents=True)
    (isolated_home / "results").write_text("a file where the cache folder should be")
    code, err, _ = summarize_seed()
    assert code == 0, err
    assert "not cached" in err and "Traceback" not in err


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_leftover_temp_files_of_killed_writers_are_removed_and_live_ones_kept():
    summarize_seed()
    shard = _entry().parent
    dead = shard / f".{'a' * 64}.json.{_dead_pid()}.x1y2z3.tmp"
    live = shard / f".{'b' * 64}.json.{os.getpid()}.x1y2z3.tmp"
    old_style = shard / f".{'c' * 64}.json.q1w2e3.tmp"  # no pid: removed once stale
    for f in (dead, live, old_style):
        f.write_text("{")
    stale = time.time() - 3600
    os.utime(old_style, (stale, stale))

    removed = run_cache_clear_and_count(shard)
    assert removed == 1  # the one entry
    assert not dead.exists() and not old_style.exists()
    assert live.exists()  # a running writer's file is its own


def run_cache_clear_and_count(_shard) -> int:
    out = io.StringIO()
    assert main(["cache", "clear"], Env(stdout=out, stderr=io.StringIO())) == 0
    return int(out.getvalue().split()[1])
