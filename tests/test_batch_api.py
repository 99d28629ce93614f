"""--via batch-api against a loopback server with the Files and Batches endpoints and scripted
job states: rounds, re-asks, failed and expired jobs, error lines, cancel, split files, a
thousand articles, and a process killed twice mid-run that pays for nothing twice."""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from batch_server import LoopbackBatches
from conftest import ROOT
from openai_server import simple_model
from test_batch import make_articles, read_jsonl
from test_rounds import fields, first_try
from summarizer import batch_api, config, fingerprint
from summarizer.backends.openai_compat import OpenAIBackend
from summarizer.batch import BatchOptions, BatchReport
from summarizer.cache import Cache
from summarizer.cli import Env, main
from summarizer.corpus import Corpus
from summarizer.request_files import RequestId, work_dir


def every_fifth_invents(request: dict) -> str:
    """Every fifth article's participants answer names someone the article does not, at first."""
    shown = request["messages"][1]["content"]
    day = int(shown.split(" on day ")[1].split(".")[0]) if " on day " in shown else 1
    if "participants" in fields(request) and first_try(request) and day % 5 == 0:
        return json.dumps({"participants": [["Zed Nobody", "person", "", ""]]})
    return simple_model(request)


def run(folder: Path, out: Path, server: LoopbackBatches, *extra: str) -> tuple[int, str]:
    err = io.StringIO()
    code = main(["batch", str(folder), "--out", str(out), "--via", "batch-api", "--base-url", server.base_url,
                 "--model", "fake", "--poll-interval", "0.01", *extra], Env(stdout=io.StringIO(), stderr=err))
    return code, err.getvalue()


def assert_paid_once(server: LoopbackBatches) -> None:
    twice = [cid for cid, n in server.submitted.items() if n > 1]
    assert not twice, f"{len(twice)} requests submitted twice, e.g. {twice[:3]}"


def test_rounds_through_the_batch_api(tmp_path):
    folder = tmp_path / "in"
    expected = make_articles(folder, 30)
    out = tmp_path / "o.jsonl"
    with LoopbackBatches(responder=every_fifth_invents) as server:
        code, err = run(folder, out, server)
        jobs = dict(server.jobs)
        again, err_again = run(folder, out, server)  # all cached now: nothing is asked
    assert again == 0 and "from cache 30" in err_again and server.jobs == jobs
    assert code == 0, err
    records = read_jsonl(out)
    assert [r["source"] for r in records] == sorted(expected) and {r["status"] for r in records} == {"ok"}
    assert all(r["summary"]["quotes"][0]["speaker"] == expected[r["source"]] for r in records)
    assert "round 1: 60 requests, 60 answered, 0 failed" in err and "round 2: 6 requests" in err
    assert "total: 2 rounds, 66 requests" in err and "2.20 requests per article" in err
    assert "jobs: 1 validating" in err and "1 in_progress · requests 30/60 done" in err
    assert len(server.jobs) == 2 and {j["metadata"]["summarizer"][:3] for j in server.jobs.values()} == {"r1-", "r2-"}
    assert_paid_once(server)
    assert not (tmp_path / "o.jsonl.batch-state.json").exists() and not work_dir(out).exists()
    assert len(Cache(config.cache_dir()).entries()) == 30


@pytest.mark.parametrize("ending", ["failed", "expired", "expired-silently", "error-lines"])
def test_a_job_that_fails_or_expires_keeps_what_it_did_and_sends_the_rest_again(tmp_path, ending):
    folder = tmp_path / "in"
    make_articles(folder, 20)
    out = tmp_path / "o.jsonl"
    with LoopbackBatches() as server:
        if ending == "error-lines":  # one line in four an error, first time only
            server.line_fault = lambda cid, body: "500" if RequestId.parse(cid).tries == 0 and zlib.crc32(cid.encode()) % 4 == 0 else None
        else:
            server.scripts.append(["validating", "in_progress", ending.split("-")[0]])
            server.expired_lines = ending != "expired-silently"
        code, err = run(folder, out, server)
        first = next(iter(server.jobs.values()))
    assert code == 0, err
    assert [r["status"] for r in read_jsonl(out)] == ["ok"] * 20
    resent = [RequestId.parse(cid) for cid, n in server.submitted.items() if RequestId.parse(cid).tries == 1]
    if ending == "failed":
        assert first["status"] == "failed" and len(resent) == 40  # nothing done: all again, as try 1
    elif ending.startswith("expired"):
        assert first["status"] == "expired" and len(resent) == 20  # the half it did is kept
    else:
        assert 0 < len(resent) < 40
    assert_paid_once(server)  # each custom_id once: a request sent again is a new try


def test_cancel_keeps_what_the_jobs_did_and_a_rerun_finishes(tmp_path):
    folder = tmp_path / "in"
    make_articles(folder, 10)
    out = tmp_path / "o.jsonl"
    with LoopbackBatches() as server:
        server.script = ["validating"] + ["in_progress"] * 1000 + ["completed"]
        server.scripts.append(list(server.script))
        proc_report = BatchReport()
        backend = OpenAIBackend(model="fake", base_url=server.base_url)
        corpus = Corpus(folder, backend, Cache(config.cache_dir()), BatchOptions(out=out), proc_report)
        state = batch_api.State(out, backend.model_id)
        polls = iter(range(3))

        def stop_after_three(_seconds):
            if next(polls, None) is None:
                raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            batch_api.run(corpus, batch_api.BatchAPI(server.base_url), state, 0.01, lambda _m: None, sleep=stop_after_three)
        assert len(server.jobs) == 1 and json.loads((tmp_path / "o.jsonl.batch-state.json").read_text())["jobs"]
        server.partial = 0.5
        code, err = run(folder, out, server, "--cancel")
        assert code == 0 and "articles 10 · ok 5" in err and "5 articles not done" in err
        assert next(iter(server.jobs.values()))["status"] == "cancelled" and len(server.jobs) == 1
        code, err = run(folder, out, server)
    assert code == 0 and "ok 10" in err and "from cache 5" in err
    assert_paid_once(server)


@pytest.mark.parametrize("change", ["--max-reasks", "code"])
def test_jobs_made_under_other_settings_are_not_paid_for_again(tmp_path, monkeypatch, change):
    """Killed while round 1's job is being created, then resumed with another key for every
    article (an edit to the code, or another --max-reasks): the resume would send the whole
    round again, under new ids, beside the job already made. It stops and says so instead."""
    folder = tmp_path / "in"
    make_articles(folder, 10)
    out = tmp_path / "o.jsonl"

    class KilledWhileCreating(batch_api.BatchAPI):
        def create(self, file_id, name):
            super().create(file_id, name)  # made at the provider, its id never written down
            raise KeyboardInterrupt

    with LoopbackBatches() as server:
        backend = OpenAIBackend(model="fake", base_url=server.base_url)
        corpus = Corpus(folder, backend, Cache(config.cache_dir()), BatchOptions(out=out), BatchReport())
        with pytest.raises(KeyboardInterrupt):
            batch_api.run(corpus, KilledWhileCreating(server.base_url), batch_api.State(out, backend.model_id), 0.0,
                          lambda _m: None)
        assert len(server.jobs) == 1
        with monkeypatch.context() as m:
            if change == "code":
                current = fingerprint.current()
                m.setattr(fingerprint, "current", lambda: {**current, "code": "0" * 64})
            code, err = run(folder, out, server, *(["--max-reasks", "1"] if change == "--max-reasks" else []))
        assert code != 0 and "made with other code, prompts or options" in err, err
        assert len(server.jobs) == 1  # nothing sent again
        code, err = run(folder, out, server)  # as the jobs were made: finishes them
    assert code == 0 and "ok 10" in err and "total: 1 round, 20 requests" in err, err
    assert len(server.jobs) == 1
    assert_paid_once(server)


def test_files_over_the_limits_are_split(tmp_path):
    folder = tmp_path / "in"
    make_articles(folder, 25)
    out = tmp_path / "o.jsonl"
    with LoopbackBatches() as server:
        backend = OpenAIBackend(model="fake", base_url=server.base_url)
        report = BatchReport()
        corpus = Corpus(folder, backend, Cache(config.cache_dir()), BatchOptions(out=out), report)
        state = batch_api.State(out, backend.model_id, max_lines=10)
        batch_api.run(corpus, batch_api.BatchAPI(server.base_url), state, 0.0, lambda _m: None)
        assert len(server.jobs) == 5 and all(len(j["lines"]) == 10 for j in server.jobs.values())
    assert report.ok == 25 and state.rounds()[0]["requests"] == 50


def test_a_thousand_articles_in_at_most_three_rounds(tmp_path):
    folder = tmp_path / "in"
    make_articles(folder, 1000)
    out = tmp_path / "o.jsonl"
    with LoopbackBatches(responder=every_fifth_invents) as server:
        server.line_fault = lambda cid, body: "error" if RequestId.parse(cid).tries == 0 and zlib.crc32(cid.encode()) % 50 == 0 else None
        started = time.perf_counter()
        code, err = run(folder, out, server)
        seconds = time.perf_counter() - started
    assert code == 0, err
    records = read_jsonl(out)
    assert len(records) == 1000 and {r["status"] for r in records} == {"ok"}
    rounds = [line for line in err.splitlines() if line.startswith("round ")]
    assert 2 <= len(rounds) <= 3, err
    assert_paid_once(server)
    print(f"\n1,000 articles via the loopback Batch API: {seconds:.1f} s; " + "; ".join(rounds)
          + "; " + [line for line in err.splitlines() if "per article" in line][0])


def _batch_cmd(folder: Path, out: Path, url: str) -> list[str]:
    return [sys.executable, "-m", "summarizer", "batch", str(folder), "--out", str(out), "--via", "batch-api",
            "--base-url", url, "--model", "fake", "--poll-interval", "0.02"]


def test_killed_twice_and_resumed_pays_for_nothing_twice(tmp_path, isolated_home):
    """The first kill lands while a job is being created (made at the provider, its id not yet
    back), the second at a random moment while round 2 is polled (or, on a machine too busy to
    reach round 2 within two minutes, while round 1 is collected); the third run finishes."""
    folder = tmp_path / "in"
    expected = make_articles(folder, 1000)
    out = tmp_path / "o.jsonl"
    # the three runs import one copy of the package: an edit to the tree during the test (the code is
    # in every request's id) would make the runs' requests differ, and a run refuse the jobs of another
    package = tmp_path / "package"
    shutil.copytree(ROOT / "summarizer", package / "summarizer", ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "SUMMARIZER_HOME": str(isolated_home), "PYTHONPATH": str(package)}
    rng = random.Random(14)
    with LoopbackBatches(responder=every_fifth_invents) as server:
        server.script = ["validating"] + ["in_progress"] * 5 + ["finalizing", "completed"]
        server.create_delay = 0.5

        def killed_when(ready) -> tuple:
            proc = subprocess.Popen(_batch_cmd(folder, out, server.base_url), env=env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.time() + 120
            while time.time() < deadline and not ready() and proc.poll() is None:
                time.sleep(0.002)
            time.sleep(rng.uniform(0, 0.2))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return len(server.jobs), sum(server.submitted.values()), server.calls["GET /batches"]

        server.create_delay = 60  # the first create is not answered before the kill, however loaded the machine
        first = killed_when(server.creating.is_set)
        server.create_delay = 0.5
        second = killed_when(lambda: len(server.jobs) >= 2)
        final = subprocess.run(_batch_cmd(folder, out, server.base_url), env=env, capture_output=True, text=True,
                               timeout=600)
    assert final.returncode == 0, final.stderr
    records = read_jsonl(out)
    assert sorted(r["source"] for r in records) == sorted(expected)  # every article, once
    assert {r["status"] for r in records} == {"ok"}
    assert_paid_once(server)
    assert "total: 2 rounds, 2,200 requests" in final.stderr and "2.20 requests per article" in final.stderr  # all runs
    assert server.calls["GET /batches"] >= 1  # the job made before the first kill was found, not made again
    assert len(server.jobs) == 2
    print(f"\nkilled with (jobs, requests submitted, job lists): {first}, then {second}; in the end "
          f"{len(server.jobs)} jobs, {sum(server.submitted.values())} requests, none twice; {len(records)} records; "
          + "; ".join(line for line in final.stderr.splitlines() if line.startswith(("round ", "total", "articles "))
                      or "per article" in line))
