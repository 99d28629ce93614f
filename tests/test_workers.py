"""A batch in worker processes (--workers N, summarizer/workers.py): the same output as one
process, in input order; Ctrl-C, a killed parent and a killed worker lose nothing and leave no
process behind."""

from __future__ import annotations

import io
import multiprocessing
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from openai_server import LoopbackOpenAI, simple_model
from summarizer import config
from summarizer.batch import BatchOptions, run_batch
from summarizer.cache import Cache
from summarizer.cli import Env, main
from test_batch import _batch_cmd, _env, fast_backend, make_articles, read_jsonl, recorded, wait_until


def comparable(records: list[dict]) -> list[tuple]:
    return [(r["source"], r["status"], r["summary"], r["usage"], r["warnings"]) for r in records]


def test_workers_write_what_one_process_writes_in_input_order(tmp_path):
    expected = make_articles(tmp_path / "in", 120)
    with LoopbackOpenAI() as server:
        one = run_batch(tmp_path / "in", fast_backend(server), None,
                        BatchOptions(out=tmp_path / "one.jsonl", concurrency=6))
        many = run_batch(tmp_path / "in", fast_backend(server), Cache(config.cache_dir()),
                         BatchOptions(out=tmp_path / "many.jsonl", concurrency=6, workers=3))
    assert one.ok == many.ok == 120 and many.errors == 0
    records = read_jsonl(tmp_path / "many.jsonl")
    assert [r["source"] for r in records] == sorted(expected)
    assert comparable(records) == comparable(read_jsonl(tmp_path / "one.jsonl"))
    assert {r["summary"]["quotes"][0]["speaker"] for r in records} == set(expected.values())
    assert many.prompt_tokens == one.prompt_tokens
    assert len(Cache(config.cache_dir()).entries()) == 120  # the workers cached every article
    assert multiprocessing.active_children() == []  # every worker ended with the batch


def test_a_killed_worker_fails_only_what_it_held_and_the_others_go_on(tmp_path):
    make_articles(tmp_path / "in", 80)
    killed: list[int] = []

    def responder(request: dict) -> str:
        if len(killed) == 0 and server.requests >= 40:
            victim = multiprocessing.active_children()[0]
            killed.append(victim.pid)
            os.kill(victim.pid, signal.SIGKILL)
        return simple_model(request)

    with LoopbackOpenAI(responder=responder, latency=0.01) as server:
        report = run_batch(tmp_path / "in", fast_backend(server), Cache(config.cache_dir()),
                           BatchOptions(out=tmp_path / "o.jsonl", concurrency=4, workers=2))
    records = read_jsonl(tmp_path / "o.jsonl")
    assert killed and len(records) == 80 and report.remaining == 0
    failed = [r for r in records if r["status"] == "error"]
    assert 1 <= len(failed) <= 2  # the articles the dead worker was on (it ran 2 of the 4 threads)
    assert all("worker process" in r["error"]["message"] for r in failed)
    assert report.stopped is None and multiprocessing.active_children() == []


def _worker_processes(marker: Path) -> list[int]:
    """Processes still running whose command line names this test's folder."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if str(marker).encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def _wait_gone(marker: Path, seconds: float = 10.0) -> list[int]:
    deadline = time.time() + seconds
    while (left := _worker_processes(marker)) and time.time() < deadline:
        time.sleep(0.1)
    return left


def _start_with_workers(folder: Path, out: Path, url: str, home: Path, **popen) -> subprocess.Popen:
    return subprocess.Popen(_batch_cmd(folder, out, url, "--concurrency", "4", "--workers", "2"), env=_env(home),
                            stdout=subprocess.DEVNULL, **popen)


def test_ctrl_c_with_workers_keeps_results_and_ends_every_worker(tmp_path, isolated_home):
    folder = tmp_path / "in"
    make_articles(folder, 80)
    out = tmp_path / "o.jsonl"
    with LoopbackOpenAI(latency=0.05) as server:
        proc = _start_with_workers(folder, out, server.base_url, isolated_home, stderr=subprocess.PIPE, text=True,
                                   preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        wait_until(lambda: recorded(tmp_path) >= 8)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 130, err
        assert "Traceback" not in err
        assert _wait_gone(folder) == []
        records = read_jsonl(out)
        assert 8 <= len(records) < 80 and all(r["status"] == "ok" for r in records)
        rerun = subprocess.run(_batch_cmd(folder, out, server.base_url, "--workers", "2"), env=_env(isolated_home),
                               capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert len(read_jsonl(out)) == 80


def test_a_killed_parent_takes_its_workers_with_it(tmp_path, isolated_home):
    folder = tmp_path / "in"
    make_articles(folder, 200)
    out = tmp_path / "o.jsonl"
    with LoopbackOpenAI(latency=0.05) as server:
        proc = _start_with_workers(folder, out, server.base_url, isolated_home, stderr=subprocess.DEVNULL)
        wait_until(lambda: len(Cache(isolated_home / "results").entries()) >= 10)
        assert len(_worker_processes(folder)) == 3  # the parent and two workers
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert _wait_gone(folder) == []  # each worker saw its pipes close and ended
        done = len(Cache(isolated_home / "results").entries())
        assert 10 <= done < 200 and not out.exists()
        rerun = subprocess.run(_batch_cmd(folder, out, server.base_url, "--workers", "2"), env=_env(isolated_home),
                               capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    records = read_jsonl(out)
    assert len(records) == 200 and sum(r["cached"] for r in records) >= done


@pytest.mark.parametrize("args, message", [
    (["--workers", "2"], "--workers needs a served model (--base-url)"),
    (["--workers", "0"], "--workers must be from 1 to 64, not 0"),
    (["--workers", "two"], "--workers takes a whole number, not 'two'"),
    (["--workers", "2", "--export-requests", "r.jsonl", "--model", "m"], "--workers is for a live batch"),
])
def test_bad_workers_give_one_line(tmp_path, args, message):
    make_articles(tmp_path / "in", 2)
    err = io.StringIO()
    code = main(["batch", str(tmp_path / "in"), "--out", str(tmp_path / "o.jsonl"), *args],
                Env(stdout=io.StringIO(), stderr=err))
    assert code == 2 and message in err.getvalue() and len(err.getvalue().strip().splitlines()) <= 2


def test_a_server_that_stops_answering_stops_the_batch_and_its_workers(tmp_path):
    make_articles(tmp_path / "in", 60)
    with LoopbackOpenAI() as server:
        server.fault_rule = lambda _n, _req: "500"
        started = time.monotonic()
        report = run_batch(tmp_path / "in", fast_backend(server, transport_retries=1), None,
                           BatchOptions(out=tmp_path / "o.jsonl", concurrency=4, workers=2))
    assert report.stopped and report.ok == 0 and report.remaining > 0
    assert multiprocessing.active_children() == []
    assert time.monotonic() - started < 60  # no worker left waiting for an article that never comes


def test_an_article_asked_for_after_close_is_told_the_batch_is_ending():
    """A request thread that takes a pipe while the batch closes them gets the batch's own
    error, never an OSError from a closed pipe (that was an 'internal error' on Ctrl-C)."""
    from summarizer.errors import BackendError
    from summarizer.workers import WorkerProcesses

    processes = WorkerProcesses(1, 2, lambda index: ({"index": index}, None), lambda threads, on_limit: None,
                                lambda *args: None)
    assert processes.run(7) == ({"index": 7}, None)

    class ClosedUnderneath:  # the race: close() ran between the closed check and poll()
        closed = False

        def poll(self):
            raise OSError(9, "Bad file descriptor")

    while not processes._free.empty():  # only the raced pipe is left to take
        processes._free.get()
    processes._free.put(ClosedUnderneath())
    processes.close()
    with pytest.raises(BackendError, match="ending"):
        processes.run(8)
