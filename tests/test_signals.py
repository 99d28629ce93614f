"""Signals to a running batch (real processes, the real loopback server): Ctrl-C, a second
Ctrl-C, SIGTERM, SIGKILL. A finished output is never lost or shortened, the exit is prompt and
without a traceback, and nothing is left behind once the next run finishes.

Time bounds here are generous (a shared, noisy machine): each is several times what the
process needs (measured by benchmarks/faults.py) and below what the old behaviour took."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from openai_server import LoopbackOpenAI
from summarizer import config
from summarizer.backends.openai_compat import OpenAIBackend
from summarizer.batch import BatchOptions, run_batch
from summarizer.cache import Cache
from test_batch import _batch_cmd, _env, make_articles, read_jsonl


def start(folder: Path, out: Path, url: str, home: Path, *extra: str) -> subprocess.Popen:
    # a background job's children start with SIGINT ignored (nohup semantics, which the CLI
    # keeps); a user's Ctrl-C reaches a foreground process, so give the child the default
    return subprocess.Popen(_batch_cmd(folder, out, url, *extra), env=_env(home), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def wait_for(condition, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while not condition():
        assert time.time() < deadline, "the batch did not get going"
        time.sleep(0.02)


def partial_lines(out: Path) -> int:
    return sum(len(p.read_text().splitlines()) for p in out.parent.glob(out.name + ".partial.*"))


def complete_output(folder: Path, out: Path, server: LoopbackOpenAI) -> list[dict]:
    backend = OpenAIBackend(model="fake", base_url=server.base_url, timeout=30)
    run_batch(folder, backend, Cache(config.cache_dir()), BatchOptions(out=out, concurrency=8))
    return read_jsonl(out)


@pytest.mark.parametrize(
    "sig, code, says",
    [(signal.SIGINT, 130, "articles not done"), (signal.SIGTERM, 143, "summarizer: terminated")],  # 128 + signal, as shells report it
)
def test_a_signal_on_a_rerun_never_shortens_a_complete_output(tmp_path, isolated_home, sig, code, says):
    folder, out = tmp_path / "in", tmp_path / "o.jsonl"
    make_articles(folder, 40)
    with LoopbackOpenAI() as server:
        before = complete_output(folder, out, server)
        server.latency = 0.1
        proc = start(folder, out, server.base_url, isolated_home, "--refresh", "--concurrency", "2")
        wait_for(lambda: partial_lines(out) >= 3)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    assert says in err and "articles not done" in err and "Traceback" not in err
    after = read_jsonl(out)
    assert [r["source"] for r in after] == [r["source"] for r in before]  # was 0 to 31 of 200
    assert all(r["status"] == "ok" for r in after)
    assert not list(tmp_path.glob("o.jsonl.partial.*"))


def test_ctrl_c_does_not_wait_for_requests_in_flight(tmp_path, isolated_home):
    folder, out = tmp_path / "in", tmp_path / "o.jsonl"
    make_articles(folder, 20)
    with LoopbackOpenAI(latency=15) as server:  # every answer takes 15 s
        proc = start(folder, out, server.base_url, isolated_home, "--concurrency", "4", "--timeout", "60")
        wait_for(lambda: server.in_flight >= 4)
        sent = time.perf_counter()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        seconds = time.perf_counter() - sent
    assert proc.returncode == 130 and "Traceback" not in err, err
    assert seconds < 6, seconds  # about 0.3 s; it waited for the 15 s requests before
    assert "20 articles not done" in err


def test_a_second_ctrl_c_exits_at_once_without_a_traceback(tmp_path, isolated_home):
    folder, out = tmp_path / "in", tmp_path / "o.jsonl"
    make_articles(folder, 20)
    with LoopbackOpenAI(latency=15) as server:
        proc = start(folder, out, server.base_url, isolated_home, "--concurrency", "4", "--timeout", "60")
        wait_for(lambda: server.in_flight >= 4)
        proc.send_signal(signal.SIGINT)
        time.sleep(0.5)
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err


def test_the_next_run_removes_what_a_killed_run_left(tmp_path, isolated_home):
    folder, out = tmp_path / "in", tmp_path / "o.jsonl"
    make_articles(folder, 40)
    with LoopbackOpenAI(latency=0.05) as server:
        proc = start(folder, out, server.base_url, isolated_home, "--concurrency", "2")
        wait_for(lambda: partial_lines(out) >= 3)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert list(tmp_path.glob("o.jsonl.partial.*"))  # what the kill left
        rerun = subprocess.run(_batch_cmd(folder, out, server.base_url), env=_env(isolated_home),
                               capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert len(read_jsonl(out)) == 40
    assert not list(tmp_path.glob("o.jsonl.partial.*")) and not list(tmp_path.glob(".o.jsonl.*.tmp"))
    assert not list((isolated_home / "results").glob("??/.*.tmp"))


def test_ctrl_c_during_start_up_is_quiet(tmp_path, isolated_home):
    """Importing the CLI takes seconds; a Ctrl-C then printed a traceback from some import."""
    folder, out = tmp_path / "in", tmp_path / "o.jsonl"
    make_articles(folder, 3)
    with LoopbackOpenAI() as server:
        proc = start(folder, out, server.base_url, isolated_home)
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "Traceback" not in err, err


def test_a_second_signal_during_the_clean_up_exits_at_once(isolated_home):
    """The first signal's clean-up (writing the output) is short; a second Ctrl-C inside it
    must still end the process at once, with one line and no traceback."""
    script = (
        "import os, signal, sys, time\n"
        "from summarizer.cli import _Signals\n"
        "with _Signals():\n"
        "    try:\n"
        "        os.kill(os.getpid(), signal.SIGINT); time.sleep(30)\n"
        "    except KeyboardInterrupt:\n"
        "        os.kill(os.getpid(), signal.SIGTERM); time.sleep(30)\n"
        "print('not reached')\n"
    )
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                          env=_env(isolated_home), preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    assert proc.returncode == 143 and proc.stdout == "", proc.stderr  # 128 + the second signal
    assert proc.stderr == "summarizer: interrupted again; exiting now\n"
    assert time.perf_counter() - started < 20  # not the 30 s sleep
