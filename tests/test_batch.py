"""Batch over folders, against a real loopback server with scripted faults."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from conftest import ROOT
from openai_server import LoopbackOpenAI
from summarizer import config
from summarizer.backends.openai_compat import OpenAIBackend
from summarizer.batch import BatchOptions, discover, run_batch
from summarizer.cache import Cache
from summarizer.cli import Env, main
from summarizer.pipeline import Options

FIRST = ["Anna", "Tom", "Maria", "Omar", "Li", "Sara", "Ivan", "Nora"]
LAST = ["Berg", "Lind", "Costa", "Haddad", "Wei", "Novak", "Petrov", "Kaya"]


def person(i: int) -> str:
    return f"{FIRST[i % 8]} {LAST[(i // 8) % 8]}"


def make_articles(folder: Path, n: int) -> dict[str, str]:
    """n small articles in nested folders; returns source -> expected speaker."""
    expected = {}
    for i in range(n):
        sub = folder / f"day{i % 3}"
        sub.mkdir(parents=True, exist_ok=True)
        name = person(i)
        text = (f"{name} met reporters in Oslo on day {i}.\n\n"
                f"\"We will publish report {i} soon,\" {name.split()[1]} said.")
        (sub / f"article-{i:04d}.txt").write_text(text, encoding="utf-8")
        expected[f"day{i % 3}/article-{i:04d}.txt"] = name
    return expected


def fast_backend(server: LoopbackOpenAI, **kw) -> OpenAIBackend:
    options = dict(transport_retries=4, backoff_initial=0.01, backoff_max=0.1, timeout=5.0)
    options.update(kw)
    return OpenAIBackend(model="fake", base_url=server.base_url, **options)


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_discover_is_recursive_sorted_and_skips_hidden(tmp_path):
    for rel in ["b.txt", "a/z.md", "a/y.html", ".hidden/x.txt", "a/.x.txt", "c.pdf"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in discover(tmp_path)]
    assert found == ["a/y.html", "a/z.md", "b.txt"]
    assert [p.name for p in discover(tmp_path, ("*.md",))] == ["z.md"]


def test_hundreds_of_articles_with_scripted_faults_all_correct(tmp_path):
    expected = make_articles(tmp_path / "in", 300)
    faults = {0: "429", 1: "500", 2: "badjson", 3: "invalid"}

    dealt: Counter = Counter()
    faulted: set[str] = set()
    lock = threading.Lock()

    def every_ninth(n: int, request: dict) -> str | None:
        """Every 9th request misbehaves, cycling through the fault kinds; but a question (its
        first messages) at most once: which retry of which article lands on a 9th request
        depends on the threads' order, and three in a row would spend a re-ask budget by chance."""
        question = json.dumps(request["messages"][:2], sort_keys=True)
        with lock:
            if n % 9 or question in faulted:
                return None
            faulted.add(question)
            dealt[faults[(n // 9) % 4]] += 1
            return faults[(n // 9) % 4]

    with LoopbackOpenAI() as server:
        server.fault_rule = every_ninth
        backend = fast_backend(server)
        out = tmp_path / "results.jsonl"
        report = run_batch(tmp_path / "in", backend, Cache(config.cache_dir()),
                           BatchOptions(out=out, concurrency=8))

    assert report.ok == 300 and report.errors == 0
    records = read_jsonl(out)
    assert [r["source"] for r in records] == sorted(expected)  # input order, one line each
    for r in records:
        (quote,) = r["summary"]["quotes"]
        assert quote["speaker"] == expected[r["source"]]
        assert r["sha256"] and r["usage"]["calls"] >= 2
    assert sum(dealt.values()) >= 60 and min(dealt.values()) >= 10, dealt  # hundreds of articles, every kind
    assert backend.retries == dealt["429"] + dealt["500"]  # each transport fault retried once, no more
    reasks = sum(r["usage"]["reasks"] for r in records)
    assert 0 < reasks <= dealt["badjson"] + dealt["invalid"]


def test_rate_limit_slows_but_does_not_fail_and_concurrency_is_bounded(tmp_path):
    make_articles(tmp_path / "in", 40)
    seen: set[str] = set()

    def first_time_rate_limited(_n, request):
        body = json.dumps(request["messages"], sort_keys=True)
        if body in seen:
            return None
        seen.add(body)
        return "429"  # every request is refused once, with Retry-After

    with LoopbackOpenAI(latency=0.02) as server:
        server.fault_rule = first_time_rate_limited
        backend = fast_backend(server)
        report = run_batch(tmp_path / "in", backend, None, BatchOptions(out=tmp_path / "o.jsonl", concurrency=4))
        assert report.errors == 0 and report.ok == 40
        assert backend.retries == server.requests // 2
        assert 1 < server.max_in_flight <= 4


def test_bad_files_become_error_records_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "in"
    make_articles(folder, 3)
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "latin1.txt").write_bytes("Caf\u00e9 news".encode("latin-1"))
    (folder / "huge.txt").write_bytes(b"words " * 2_000_000)
    (folder / "broken.html").write_text("<html><body><div><p>", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    with LoopbackOpenAI() as server:
        err = io.StringIO()
        code = main(["batch", str(folder), "--out", str(out), "--base-url", server.base_url, "--model", "fake"],
                    Env(stdout=io.StringIO(), stderr=err))
    assert code == 1
    records = {r["source"]: r for r in read_jsonl(out)}
    assert len(records) == 8
    bad = {s: r["error"]["message"] for s, r in records.items() if r["status"] == "error"}
    assert set(bad) == {"binary.txt", "empty.txt", "latin1.txt", "huge.txt", "broken.html"}
    assert "binary" in bad["binary.txt"] and "UTF-8" in bad["latin1.txt"] and "no article text" in bad["broken.html"]
    assert "articles 8 · ok 3 · errors 5" in err.getvalue()


def test_html_pages_are_reduced_to_text_with_title(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    body = " ".join(["Anna Berg met Tom Lind in Oslo to discuss the harbour plan."] * 4)
    page = (f"<html><head><title>Harbour talks</title></head><body><nav>Home | About</nav>"
            f"<article><h1>Harbour talks</h1><p>{body}</p><p>\"We agree,\" Berg said.</p></article>"
            f"<footer>Copyright</footer></body></html>")
    (folder / "page.html").write_text(page, encoding="utf-8")
    with LoopbackOpenAI() as server:
        report = run_batch(folder, fast_backend(server), None, BatchOptions(out=tmp_path / "o.jsonl"))
    (record,) = read_jsonl(tmp_path / "o.jsonl")
    assert report.ok == 1, record
    assert record["summary"]["quotes"][0]["speaker"] == "Anna Berg"
    assert "Copyright" not in record["summary"]["summary"]


def test_rerun_resumes_from_cache_and_fail_fast_stops(tmp_path):
    folder = tmp_path / "in"
    make_articles(folder, 12)
    out = tmp_path / "o.jsonl"
    with LoopbackOpenAI() as server:
        first = run_batch(folder, fast_backend(server), Cache(config.cache_dir()), BatchOptions(out=out))
        asked = server.requests
        second = run_batch(folder, fast_backend(server), Cache(config.cache_dir()), BatchOptions(out=out))
        assert server.requests == asked  # nothing recomputed
    assert first.ok == second.ok == second.cached == 12
    assert len(read_jsonl(out)) == 12

    (folder / "day0" / "0-bad.txt").write_bytes(b"")
    with LoopbackOpenAI() as server:
        report = run_batch(folder, fast_backend(server), Cache(config.cache_dir()),
                           BatchOptions(out=out, fail_fast=True, concurrency=1))
    assert report.errors == 1 and report.done < 13 and report.remaining > 0


def _batch_cmd(folder: Path, out: Path, url: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "summarizer", "batch", str(folder), "--out", str(out),
            "--base-url", url, "--model", "fake", *extra]


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "SUMMARIZER_HOME": str(home), "PYTHONPATH": str(ROOT)}


def wait_until(enough, seconds: float = 60.0) -> None:
    """Poll ``enough()`` until it is true or the time is up (the assertions that follow say which)."""
    deadline = time.time() + seconds
    while time.time() < deadline and not enough():
        time.sleep(0.05)


def recorded(tmp_path: Path) -> int:
    """Records the batch itself has written so far (its partial files), not merely cached."""
    return sum(len(p.read_text().splitlines()) for p in tmp_path.glob("o.jsonl.partial*"))


def test_sigkill_midway_loses_nothing_and_rerun_completes(tmp_path, isolated_home):
    folder = tmp_path / "in"
    expected = make_articles(folder, 80)
    out = tmp_path / "o.jsonl"
    with LoopbackOpenAI(latency=0.02) as server:
        proc = subprocess.Popen(_batch_cmd(folder, out, server.base_url, "--concurrency", "2"),
                                env=_env(isolated_home), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(lambda: len(Cache(isolated_home / "results").entries()) >= 20)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        done_before = len(Cache(isolated_home / "results").entries())
        assert 20 <= done_before < 80, "kill should land part-way"
        assert not out.exists()  # the output is only ever written whole

        rerun = subprocess.run(_batch_cmd(folder, out, server.base_url), env=_env(isolated_home),
                               capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    records = read_jsonl(out)
    assert sorted(r["source"] for r in records) == sorted(expected)  # exactly one each
    assert all(r["status"] == "ok" for r in records)
    assert sum(r["cached"] for r in records) >= done_before
    assert f"from cache {sum(r['cached'] for r in records)}" in rerun.stderr


def test_two_runs_at_once_do_not_corrupt_each_other(tmp_path, isolated_home):
    folder = tmp_path / "in"
    expected = make_articles(folder, 60)
    out = tmp_path / "o.jsonl"
    with LoopbackOpenAI(latency=0.01) as server:
        procs = [subprocess.Popen(_batch_cmd(folder, out, server.base_url, "--concurrency", "3"),
                                  env=_env(isolated_home), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  text=True) for _ in range(2)]
        results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    records = read_jsonl(out)
    assert sorted(r["source"] for r in records) == sorted(expected)
    assert len(Cache(isolated_home / "results").entries()) == 60
    assert not list(tmp_path.glob("o.jsonl.partial*"))


def test_ctrl_c_keeps_results_and_reports_remaining(tmp_path, isolated_home):
    folder = tmp_path / "in"
    make_articles(folder, 60)
    out = tmp_path / "o.jsonl"
    with LoopbackOpenAI(latency=0.05) as server:
        # a shell's background job starts its children with SIGINT ignored (nohup semantics, which
        # the CLI rightly keeps); a user's Ctrl-C reaches a foreground process, so give it one
        proc = subprocess.Popen(_batch_cmd(folder, out, server.base_url, "--concurrency", "1"),
                                env=_env(isolated_home), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        # wait until the batch itself has recorded 5 results (its partial file), not merely
        # until 5 are cached: a worker caches a result a moment before the batch records it
        wait_until(lambda: recorded(tmp_path) >= 5)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    records = read_jsonl(out)
    assert 5 <= len(records) < 60 and all(r["status"] == "ok" for r in records)
    assert len(Cache(isolated_home / "results").entries()) >= len(records)  # nothing recorded is lost
    assert f"{60 - len(records)} articles not done" in err


def test_batch_needs_an_output_and_a_folder(tmp_path):
    err = io.StringIO()
    assert main(["batch", str(tmp_path)], Env(stdout=io.StringIO(), stderr=err)) == 2
    assert "--out" in err.getvalue()
    err = io.StringIO()
    assert main(["batch", str(tmp_path / "nope"), "--out", "x.jsonl"], Env(stdout=io.StringIO(), stderr=err)) == 2
    assert "no such folder" in err.getvalue()


@pytest.mark.parametrize("concurrency", ["0", "-3"])
def test_bad_concurrency(tmp_path, concurrency):
    err = io.StringIO()
    code = main(["batch", str(tmp_path), "--out", "x.jsonl", "--concurrency", concurrency],
                Env(stdout=io.StringIO(), stderr=err))
    assert code == 2 and "--concurrency" in err.getvalue()


def test_an_unexpected_failure_in_one_article_is_isolated(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    make_articles(folder, 4)
    import summarizer.batch as batch_module

    real = batch_module.summarize

    def flaky(article, *args, **kwargs):
        if "day 2" in article.text:
            raise RuntimeError("bug in one article")
        return real(article, *args, **kwargs)

    monkeypatch.setattr(batch_module, "summarize", flaky)
    with LoopbackOpenAI() as server:
        report = run_batch(folder, fast_backend(server), None, BatchOptions(out=tmp_path / "o.jsonl"))
    assert report.ok == 3 and report.errors == 1
    (bad,) = [r for r in read_jsonl(tmp_path / "o.jsonl") if r["status"] == "error"]
    assert bad["error"]["message"] == "internal error: RuntimeError: bug in one article"


def test_a_run_that_stops_early_never_shortens_the_output(tmp_path):
    folder = tmp_path / "in"
    make_articles(folder, 12)
    out = tmp_path / "o.jsonl"
    with LoopbackOpenAI() as server:
        run_batch(folder, fast_backend(server), Cache(config.cache_dir()), BatchOptions(out=out))
        (folder / "day0" / "0-bad.txt").write_bytes(b"")
        report = run_batch(folder, fast_backend(server), Cache(config.cache_dir()),
                           BatchOptions(out=out, fail_fast=True, concurrency=1, pipeline=Options(refresh=True)))
    assert report.remaining > 0
    records = read_jsonl(out)
    assert len(records) == 13 and records[0]["source"] == "day0/0-bad.txt" and records[0]["status"] == "error"
    assert all(r["status"] == "ok" for r in records[1:])  # every finished result kept, in input order


def test_merge_keeps_a_finished_result_over_a_failure_on_the_same_text():
    from summarizer.batch_output import merge_records

    old = [{"source": "a", "status": "ok", "sha256": "1"}, {"source": "b", "status": "ok", "sha256": "2"},
           {"source": "gone", "status": "ok", "sha256": "3"}]
    new = [{"source": "b", "status": "error", "sha256": "2"}, {"source": "a", "status": "error", "sha256": "changed"},
           {"source": "c", "status": "ok", "sha256": "4"}]
    merged = merge_records(new, old, ["a", "b", "c"])
    assert [(r["source"], r["status"], r["sha256"]) for r in merged] == [
        ("a", "error", "changed"), ("b", "ok", "2"), ("c", "ok", "4"), ("gone", "ok", "3")]


def test_leftover_temp_files_in_out_dir_are_removed(tmp_path):
    folder = tmp_path / "in"
    make_articles(folder, 2)
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()  # a pid nobody uses now
    (tmp_path / "per").mkdir()
    orphan = tmp_path / "per" / f".x.json.{proc.pid}.abc123.tmp"
    orphan.write_text("{")
    with LoopbackOpenAI() as server:
        run_batch(folder, fast_backend(server), None, BatchOptions(out_dir=tmp_path / "per"))
    assert not orphan.exists()
    assert len(list((tmp_path / "per").rglob("*.json"))) == 2
