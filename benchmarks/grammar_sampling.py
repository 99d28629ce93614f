"""How the embedded model writes its answers: llama-cpp-python's own sampler chain (which tests
the whole vocabulary against the grammar at every token) against grammar-first greedy sampling
(summarizer/backends/grammar_first.py). Each article goes through the whole pipeline (no cache)
both ways, alternating within one run so the machine's noise falls on both alike. Prints seconds
per article and per question, and whether the answers are the same (they must be, by design).

    python benchmarks/grammar_sampling.py [--articles seeds/*.txt] [--runs 1]
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.article import read  # noqa: E402
from summarizer.backends import grammar_first  # noqa: E402
from summarizer.backends.embedded import EmbeddedBackend  # noqa: E402
from summarizer.pipeline import Options, summarize  # noqa: E402



SETUPS = {"chain": grammar_first.uninstall, "first": grammar_first.install}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", nargs="*", type=Path, default=sorted((ROOT / "seeds").glob("*.txt")))
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--ways", nargs="+", choices=SETUPS, default=list(SETUPS))
    args = parser.parse_args()
    ways = args.ways
    backend = EmbeddedBackend()
    llama = backend.llama
    seconds = {way: defaultdict(float) for way in ways}  # question kind (and 'article') -> seconds
    tokens = {way: defaultdict(int) for way in ways}  # question kind -> answer tokens
    different = []
    for _run in range(args.runs):
        for path in args.articles:
            article = read(path)
            answers = {}
            for way in ways:
                SETUPS[way](llama)
                result = summarize(article, backend, None, Options(use_cache=False))
                answers[way] = result.summary.model_dump()
                seconds[way]["article"] += result.meta["seconds"]
                for call in result.meta["calls"]:
                    seconds[way][call["question"]] += call["seconds"]
                    tokens[way][call["question"]] += call["output_tokens"]
                print(f"  {way:16} {path.name[-40:]:40} {result.meta['seconds']:6.1f}s", file=sys.stderr)
            different += [f"{way}: {path.name}" for way in ways[1:] if answers[way] != answers[ways[0]]]
    SETUPS[ways[-1]](llama)
    count = len(args.articles) * args.runs
    print(f"\n{count} articles: seconds per article, " + " / ".join(ways) + " (ratio to the first)")
    for kind in ["article"] + sorted(k for k in seconds[ways[0]] if k != "article"):
        each = [seconds[way][kind] / count for way in ways]
        ratios = ", ".join(f"{s / each[0]:.2f}" for s in each[1:])
        words = "" if kind == "article" else f", {tokens[ways[0]][kind] / count:.0f} answer tokens an article"
        print(f"{kind:20}" + "".join(f"{s:8.1f}" for s in each) + f"  ({ratios}){words}")
    print("same answers every way:", "yes" if not different else "NO: " + "; ".join(different))
    return 0 if not different else 1


if __name__ == "__main__":
    sys.exit(main())
