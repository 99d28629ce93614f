"""Batch throughput against the loopback OpenAI-compatible server (tests/openai_server.py).

    python benchmarks/batch_throughput.py [--latency 0.2]

Prints: articles per second at concurrency 1, 4 and 16 with a fixed latency per request, as a
ratio to concurrency 1 measured in the same run; seconds for a fully cached rerun of 1,000
articles; peak memory (max RSS) of a `summarizer batch` process over 1,000 articles.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
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
    args = parser.parse_args()
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
