"""llama.cpp settings that matter on a CPU, measured on the embedded model (2 cores here):
batch and micro-batch sizes, flash attention, KV-cache type. Each setting runs the same seed
articles through the whole pipeline (no cache), alternating settings within one run, so the
machine's noise falls on all of them alike. Prints seconds per article, prompt tokens evaluated
per second, output tokens per second, and whether each setting gave the default's answers.

    python benchmarks/llama_settings.py [--runs 1] [--seeds 2]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.article import read  # noqa: E402
from summarizer.backends.embedded import LLAMA_SETTINGS, EmbeddedBackend  # noqa: E402
from summarizer.pipeline import Options, summarize  # noqa: E402

SETTINGS = {
    "default": {},
    "batch 1024": {"n_batch": 1024, "n_ubatch": 1024},
    "flash attention": {"flash_attn": True},
    "batch 1024 + flash": {"n_batch": 1024, "n_ubatch": 1024, "flash_attn": True},
    "q8_0 KV cache + flash": {"flash_attn": True, "type_k": 8, "type_v": 8},
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--seeds", type=int, default=2, help="how many seed articles")
    parser.add_argument("--only", nargs="*", help="setting names to run")
    args = parser.parse_args()
    articles = [read(p) for p in sorted((ROOT / "seeds").glob("*.txt"))[: args.seeds]]
    chosen = {k: v for k, v in SETTINGS.items() if not args.only or k in args.only}
    backends = {name: EmbeddedBackend(llama_settings=s) for name, s in chosen.items()}
    seconds = {name: [] for name in chosen}
    evaluated = {name: [0, 0.0] for name in chosen}
    answers: dict[str, list] = {name: [] for name in chosen}
    for _run in range(args.runs):
        for article in articles:
            for name, backend in backends.items():
                result = summarize(article, backend, None, Options(use_cache=False))
                seconds[name].append(result.meta["seconds"])
                for call in result.meta["calls"]:
                    evaluated[name][0] += call["evaluated_tokens"] + call["output_tokens"]
                    evaluated[name][1] += call["seconds"]
                answers[name].append(result.summary.model_dump())
                print(f"  {name:24} {article.source[-40:]:40} {result.meta['seconds']:6.1f}s", file=sys.stderr)
    base = statistics.mean(seconds["default"]) if "default" in seconds else None
    print(f"\nllama.cpp settings, {len(articles)} seed articles x {args.runs} runs (defaults: {LLAMA_SETTINGS})")
    print(f"{'setting':24}{'s/article':>10}{'ratio':>8}{'tokens/s':>10}  same answers as default")
    for name in chosen:
        mean = statistics.mean(seconds[name])
        rate = evaluated[name][0] / evaluated[name][1] if evaluated[name][1] else 0
        same = answers[name] == answers.get("default", answers[name])
        print(f"{name:24}{mean:>10.1f}{(mean / base if base else 1):>8.2f}{rate:>10.1f}  {same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
