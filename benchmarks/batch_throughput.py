"""Batch throughput against the loopback OpenAI-compatible server (tests/openai_server.py).

    python benchmarks/batch_throughput.py [--latency 0.2] [--corpus 10000] [--only corpus|small|batch-api|files]

Small (in-process): articles per second at concurrency 1, 4 and 16 with a fixed latency per
request, as a ratio to concurrency 1 measured in the same run; seconds for a fully cached rerun
of 1,000 articles; peak memory (max RSS) of a `summarizer batch` process over 1,000 articles.

Corpus (issue 14): `summarizer batch` over --corpus articles (10,000), a process of its own,
against the loopback server in another process on the same machine: articles per second with
no latency (concurrency 16), one process and --workers 2 in the same run; with 50 ms per request
at concurrency 64, the wall time against the ideal (articles x requests per article x latency /
concurrency); peak memory of each run (RSS and PSS summed over the batch and its workers);
20% of requests refused with 429 in the middle third of the run: every article completes, and
the adaptive concurrency's changes (the progress notes) show it backing off and climbing back.

Batch API: 1,000 articles through --via batch-api against the loopback Files and Batches
server (tests/batch_server.py): rounds, requests per article, seconds.

Files: 1,000 articles through --export-requests, a fake engine that answers the file
(tests/test_request_files.py) and --import-results, round after round until nothing is left to
ask, every fifth article's participants answer invalid at first; then the live path against
the loopback server with the same answers: rounds, seconds, and whether the records are the
same (source, status, summary, warnings, usage).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from openai_server import LoopbackOpenAI  # noqa: E402

from summarizer.backends.openai_compat import OpenAIBackend  # noqa: E402
from summarizer.batch import BatchOptions, run_batch  # noqa: E402
from summarizer.cache import Cache  # noqa: E402

NAMES = ["Anna Berg", "Tom Lind", "Maria Costa", "Omar Haddad", "Li Wei", "Sara Novak"]


def make_articles(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        name = NAMES[i % len(NAMES)]
        (folder / f"a{i:05d}.txt").write_text(
            f"{name} met reporters in Oslo on day {i}.\n\n\"We will publish report {i} soon,\" "
            f"{name.split()[1]} said.", encoding="utf-8")


def throughput(server: LoopbackOpenAI, folder: Path, concurrency: int) -> tuple[float, int]:
    backend = OpenAIBackend(model="fake", base_url=server.base_url, timeout=30)
    started = time.perf_counter()
    report = run_batch(folder, backend, None, BatchOptions(out=folder.parent / f"c{concurrency}.jsonl",
                                                           concurrency=concurrency))
    assert report.errors == 0
    return report.articles / (time.perf_counter() - started), report.articles


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--corpus", type=int, default=10_000)
    parser.add_argument("--only", choices=("small", "corpus", "batch-api", "files"))
    args = parser.parse_args()
    if args.only in (None, "corpus"):
        corpus(args.corpus)
    if args.only in (None, "batch-api"):
        batch_api(1000)
    if args.only in (None, "files"):
        files(1000)
    if args.only in (None, "small"):
        small(args.latency)
    return 0


def small(latency: float) -> None:
    args = argparse.Namespace(latency=latency)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        with LoopbackOpenAI(latency=args.latency) as server:
            rates = {}
            for concurrency, n in ((1, 24), (4, 96), (16, 320)):
                folder = tmp / f"in{concurrency}"
                make_articles(folder, n)
                rates[concurrency], count = throughput(server, folder, concurrency)
                print(f"concurrency {concurrency:>2}: {rates[concurrency]:.2f} articles/s over {count} articles "
                      f"({args.latency * 1000:.0f} ms per request, 2 requests per article)")
            for c in (4, 16):
                print(f"speed-up at {c}: {rates[c] / rates[1]:.1f}x")

        big = tmp / "big"
        make_articles(big, 1000)
        home = tmp / "home"
        env = {**os.environ, "SUMMARIZER_HOME": str(home), "PYTHONPATH": str(ROOT)}
        with LoopbackOpenAI() as server:
            command = [sys.executable, "-m", "summarizer", "batch", str(big), "--out", str(tmp / "big.jsonl"),
                       "--base-url", server.base_url, "--model", "fake", "--concurrency", "16"]
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            started = time.perf_counter()
            subprocess.run(command, env=env, check=True, capture_output=True)
            first = time.perf_counter() - started
            peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            started = time.perf_counter()
            subprocess.run(command, env=env, check=True, capture_output=True)
            cached = time.perf_counter() - started
        entries = Cache(home / "results").info()["entries"]
        print(f"1,000 articles, first run (no latency, concurrency 16): {first:.1f}s")
        print(f"1,000 articles, fully cached rerun: {cached:.1f}s (whole command, process start included; "
              f"{entries} cache entries)")
        print(f"peak memory of the batch process over 1,000 articles: {max(peak_kib, before) / 1024:.0f} MiB (max RSS)")


def serve(*options: str) -> tuple[subprocess.Popen, str]:
    """The loopback server in a process of its own, as a served model would be."""
    proc = subprocess.Popen([sys.executable, str(ROOT / "tests" / "openai_server.py"), *options],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    return proc, proc.stdout.readline().strip()


def tree_memory(pid: int) -> tuple[float, float]:
    """(RSS, PSS) in MiB summed over a process and its descendants: PSS shares the pages a fork
    still shares among the processes that share them, so it does not count them twice."""
    rss = pss = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
            todo += [int(c) for c in Path(f"/proc/{p}/task/{p}/children").read_text().split()]
        except (OSError, ValueError):
            continue
    return rss / 1024, pss / 1024


def batch_run(folder: Path, out: Path, home: Path, url: str, concurrency: int, workers: int = 1) -> dict:
    """One `summarizer batch` process (and its workers): exit, wall seconds, peak memory of the
    whole tree (sampled), CPU of the tree, stderr."""
    command = [sys.executable, "-m", "summarizer", "batch", str(folder), "--out", str(out), "--base-url", url,
               "--model", "fake", "--concurrency", str(concurrency), "--workers", str(workers)]
    env = {**os.environ, "SUMMARIZER_HOME": str(home), "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    peak = [0.0, 0.0]
    with tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=err, text=True)

        def sample() -> None:
            while proc.returncode is None:
                rss, pss = tree_memory(proc.pid)
                peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
                time.sleep(0.25)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)  # the CPU of the workers too: the batch waits for them
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        sampler.join()
        err.seek(0)
        stderr = err.read()
    report = [line for line in stderr.splitlines() if line.startswith("articles ")]
    return {"exit": proc.returncode, "seconds": seconds, "rss_mib": peak[0], "pss_mib": peak[1],
            "cpu": usage.ru_utime + usage.ru_stime, "report": report[-1] if report else stderr[-500:], "stderr": stderr}


WORKERS = 2  # one per core of this machine


def corpus(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        make_articles(tmp / "in", n)
        make_articles(tmp / "one", 1)
        server, url = serve()
        try:  # the CPU of a process that starts, reads one article and ends: left out of the per-article CPU
            start_cpu = batch_run(tmp / "one", tmp / "one.jsonl", tmp / "home-one", url, 1)["cpu"]
        finally:
            server.terminate()
            server.wait()
        runs = [("no latency, concurrency 16, one process (--workers 1)", (), 16, 1),
                (f"no latency, concurrency 16, --workers {WORKERS}", (), 16, WORKERS),
                (f"50 ms, concurrency 64, --workers {WORKERS}", ("--latency", "0.05"), 64, WORKERS),
                (f"20% 429s in the middle third, 10 ms, concurrency 16, --workers {WORKERS}",
                 ("--latency", "0.01", "--rate-limit", "0.2", "--from", str(2 * n // 3), "--to", str(4 * n // 3)),
                 16, WORKERS)]
        results = {}
        for name, options, concurrency, workers in runs:
            server, url = serve(*options)
            try:
                results[name] = r = batch_run(tmp / "in", tmp / f"{len(results)}.jsonl", tmp / f"home{len(results)}",
                                              url, concurrency, workers)
            finally:
                server.terminate()
                _, _, usage = os.wait4(server.pid, 0)
                server.returncode = 0
            client, served = max(0.0, r["cpu"] - start_cpu) / n * 1000, (usage.ru_utime + usage.ru_stime) / n * 1000
            print(f"{n:,} articles, {name}: exit {r['exit']}, {r['seconds']:.1f} s, {n / r['seconds']:.1f} articles/s, "
                  f"peak memory {r['rss_mib']:.0f} MiB RSS / {r['pss_mib']:.0f} MiB PSS (all processes); {r['report']}",
                  flush=True)
            print(f"  CPU per article: batch {client:.1f} ms (its workers included; after {start_cpu:.1f} s to start), "
                  f"server {served:.1f} ms", flush=True)
        one, many = (results[runs[i][0]]["seconds"] for i in (0, 1))
        print(f"--workers {WORKERS} against one process, same run: {one / many:.2f}x the articles per second")
        ideal = n * 2 * 0.05 / 64
        wall = results[runs[2][0]]["seconds"]
        print(f"50 ms at 64: {wall:.1f} s against the ideal {ideal:.1f} s ({wall / ideal:.1f}x); "
              f"the same run with no latency took {many:.1f} s ({wall / many:.2f}x of it)")
        notes = [line for line in results[runs[3][0]]["stderr"].splitlines() if line.startswith("concurrency ")]
        limits = [int(re.match(r"concurrency \d+ -> (\d+)", line).group(1)) for line in notes]
        backoffs = [line for line in notes if ":" in line]
        print(f"429s: {len(backoffs)} back-offs noted (e.g. {backoffs[:1]}); limits noted {limits[:8]} ... "
              f"{limits[-8:]}; lowest {min(limits, default=None)}, last {limits[-1] if limits else None}")


def batch_api(n: int) -> None:
    from batch_server import LoopbackBatches

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        make_articles(tmp / "in", n)
        env = {**os.environ, "SUMMARIZER_HOME": str(tmp / "home"), "PYTHONPATH": str(ROOT)}
        with LoopbackBatches() as server:
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "summarizer", "batch", str(tmp / "in"), "--out",
                                   str(tmp / "o.jsonl"), "--via", "batch-api", "--base-url", server.base_url,
                                   "--model", "fake", "--poll-interval", "0.05"], env=env, capture_output=True, text=True)
            seconds = time.perf_counter() - started
        lines = [line for line in done.stderr.splitlines() if line.startswith(("articles ", "round ", "total", "1", "2", "3"))]
        print(f"{n:,} articles via the loopback Batch API: exit {done.returncode}, {seconds:.1f} s (whole command)")
        for line in lines:
            print("  " + line)



def files(n: int) -> None:
    """Export, a fake engine, import, round after round; then live on the same answers."""
    import io

    from test_batch import read_jsonl
    from test_batch_api import every_fifth_invents
    from test_request_files import comparable, engine

    from summarizer.cli import Env
    from summarizer.cli import main as cli

    def batch(*args: str) -> str:
        err = io.StringIO()
        code = cli(["batch", *args], Env(stdout=io.StringIO(), stderr=err))
        assert code == 0, err.getvalue()
        return err.getvalue()

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        os.environ["SUMMARIZER_HOME"] = str(tmp / "home-files")
        make_articles(tmp / "in", n)
        out, common = tmp / "files.jsonl", (str(tmp / "in"), "--out", str(tmp / "files.jsonl"), "--model", "fake")
        started, round_number, imports, requests = time.perf_counter(), 1, [], []
        while True:
            export = tmp / f"r{round_number}.jsonl"
            err = batch(*common, *imports, "--export-requests", str(export))
            if "nothing left to ask" in err:
                break
            requests.append(engine(export, tmp / f"r{round_number}.out.jsonl", every_fifth_invents))
            imports = ["--import-results", str(tmp / f"r{round_number}.out.jsonl")]
            round_number += 1
        seconds = time.perf_counter() - started
        report = [line for line in err.splitlines() if "per article" in line]
        os.environ["SUMMARIZER_HOME"] = str(tmp / "home-live")
        with LoopbackOpenAI(responder=every_fifth_invents) as server:
            started = time.perf_counter()
            batch(str(tmp / "in"), "--out", str(tmp / "live.jsonl"), "--base-url", server.base_url, "--model", "fake",
                  "--concurrency", "16")
            live_seconds = time.perf_counter() - started
        exported, live = read_jsonl(out), read_jsonl(tmp / "live.jsonl")
        differ = sum(comparable(a) != comparable(b) for a, b in zip(exported, live))
        same = len(exported) == len(live) and differ == 0
        print(f"{n:,} articles by export -> fake engine -> import: {len(requests)} rounds of {requests} requests, "
              f"{seconds:.1f} s (in process); {report[0] if report else ''}")
        print(f"the live path on the same answers: {live_seconds:.1f} s; records {len(exported)} and {len(live)}, "
              f"{'identical' if same else f'{differ} differ'} (source, status, summary, warnings, usage); "
              f"statuses {sorted({r['status'] for r in exported})}")


if __name__ == "__main__":
    sys.exit(main())
