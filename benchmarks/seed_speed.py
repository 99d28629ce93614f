"""Speed of the embedded default model on the seed article, with the naive single prompt as a
baseline measured in the same run (this machine is shared and noisy: compare within a run).

    python benchmarks/seed_speed.py [--runs 2]

Prints: model load seconds; seed end to end, warm (model loaded, result cache off), per run;
prompt and output tokens; cache-hit seconds; the naive baseline's seconds and tokens; and how
each result compares with the hand-checked gold fixture.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from naive_baseline import naive_summary  # noqa: E402

from summarizer.article import read  # noqa: E402
from summarizer.backends.embedded import EmbeddedBackend  # noqa: E402
from summarizer.cache import Cache  # noqa: E402
from summarizer.evaluate import compare  # noqa: E402
from summarizer.pipeline import Options, summarize  # noqa: E402
from summarizer.schemas import ArticleSummary  # noqa: E402

SEED = ROOT / "seeds" / "turkey-south-korea-seoul-talks.txt"
GOLD = ROOT / "tests" / "gold" / f"{SEED.stem}.json"


def gold_line(summary: ArticleSummary, text: str) -> str:
    gold = ArticleSummary.model_validate_json(GOLD.read_text(encoding="utf-8"))
    s = compare(gold, summary, text).as_dict()
    q = s["quotes"]["0.8"]
    return (f"quotes P/R {q['precision']:.2f}/{q['recall']:.2f} speaker {q['speaker_accuracy']:.2f} · "
            f"participants P/R {s['participants']['precision']:.2f}/{s['participants']['recall']:.2f} · "
            f"agreements P/R {s['agreements']['precision']:.2f}/{s['agreements']['recall']:.2f}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    article = read(SEED)
    backend = EmbeddedBackend()

    started = time.perf_counter()
    backend.llama  # noqa: B018 - load now, to time it
    print(f"model load: {time.perf_counter() - started:.1f}s ({backend.model_id})")

    seconds = []
    for run in range(1, args.runs + 1):
        started = time.perf_counter()
        result = summarize(article, backend, None, Options(use_cache=False))
        seconds.append(time.perf_counter() - started)
        u = result.meta["usage"]
        print(f"pipeline run {run}: {seconds[-1]:.1f}s · {u['calls']} calls · prompt {u['prompt_tokens']} "
              f"· output {u['completion_tokens']} tokens · re-asks {u['reasks']}")
    print(f"pipeline vs gold: {gold_line(result.summary, article.text)}")

    with tempfile.TemporaryDirectory() as tmp:
        cache = Cache(Path(tmp))
        summarize(article, backend, cache)
        started = time.perf_counter()
        hit = summarize(article, backend, cache)
        assert hit.cached
        print(f"cache hit: {(time.perf_counter() - started) * 1000:.1f} ms")

    base_seconds = []
    for run in range(1, args.runs + 1):
        started = time.perf_counter()
        naive, meta = naive_summary(article, backend)
        base_seconds.append(time.perf_counter() - started)
        u = meta["usage"]
        print(f"naive single prompt run {run}: {base_seconds[-1]:.1f}s · prompt {u['prompt_tokens']} · "
              f"output {u['completion_tokens']} tokens · finish {meta['finish_reason']}")
    print(f"naive vs gold: {gold_line(naive, article.text)}")
    ratio = statistics.median(seconds) / statistics.median(base_seconds)
    print(f"median pipeline {statistics.median(seconds):.1f}s vs naive {statistics.median(base_seconds):.1f}s "
          f"(ratio {ratio:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
