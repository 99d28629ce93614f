"""Grammar-first greedy sampling (summarizer/backends/grammar_first.py) against llama-cpp-python's
own sampler chain, which tests the whole vocabulary against the grammar at every token. Each
article goes through the whole pipeline (no cache) both ways, alternating within one run so the
machine's noise falls on both alike. Prints seconds per article and per question, milliseconds
per answer token, and whether the answers are the same (they must be: same tokens by design).

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

WAYS = ("llama.cpp chain", "grammar first")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", nargs="*", type=Path, default=sorted((ROOT / "seeds").glob("*.txt")))
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    backend = EmbeddedBackend()
    llama = backend.llama
    seconds = {way: defaultdict(float) for way in WAYS}  # question kind (and 'article') -> seconds
    tokens = {way: defaultdict(int) for way in WAYS}  # question kind -> answer tokens
    different = []
    for _run in range(args.runs):
        for path in args.articles:
            article = read(path)
            answers = {}
            for way in WAYS:
                grammar_first.install(llama) if way == "grammar first" else grammar_first.uninstall(llama)
                result = summarize(article, backend, None, Options(use_cache=False))
                answers[way] = result.summary.model_dump()
                seconds[way]["article"] += result.meta["seconds"]
                for call in result.meta["calls"]:
                    seconds[way][call["question"]] += call["seconds"]
                    tokens[way][call["question"]] += call["output_tokens"]
                print(f"  {way:16} {path.name[-40:]:40} {result.meta['seconds']:6.1f}s", file=sys.stderr)
            if answers[WAYS[0]] != answers[WAYS[1]]:
                different.append(path.name)
    grammar_first.install(llama)
    count = len(args.articles) * args.runs
    print(f"\n{count} articles: seconds per article, chain / grammar first (ratio)")
    old, new = seconds[WAYS[0]]["article"] / count, seconds[WAYS[1]]["article"] / count
    print(f"{'whole article':16}{old:8.1f}{new:8.1f}  ({new / old:.2f})")
    for kind in sorted(k for k in seconds[WAYS[0]] if k != "article"):
        old, new = seconds[WAYS[0]][kind] / count, seconds[WAYS[1]][kind] / count
        each = tokens[WAYS[1]][kind] / count
        print(f"{kind:16}{old:8.1f}{new:8.1f}  ({new / old:.2f}), {each:.0f} answer tokens an article")
    print("same answers both ways:", "yes" if not different else f"NO, differ on {', '.join(different)}")
    return 0 if not different else 1


if __name__ == "__main__":
    sys.exit(main())
