"""Length is no reason to fail: one long article through the embedded model, read in parts.

Builds an article of at least ``--chars`` characters from the development sets' articles
(at run time, in memory; nothing is written to the repository), runs the pipeline once, and
prints seconds, parts read, model calls, tokens, quotations found against the detector's count
on the whole text (each checked at its offsets), and the peak memory of the process.

    python benchmarks/long_article.py --chars 100000
    python benchmarks/long_article.py --longest       # the longest single dev article
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from scoring_rules import SETS, load  # noqa: E402

from summarizer.article import from_text  # noqa: E402
from summarizer.backends.embedded import EmbeddedBackend  # noqa: E402
from summarizer.chunks import plan_parts  # noqa: E402
from summarizer.pipeline import Options, summarize  # noqa: E402
from summarizer.questions import part_fits  # noqa: E402
from summarizer.quotes import find_quotes  # noqa: E402


def long_text(chars: int) -> str:
    pieces, total = [], 0
    for name in SETS:
        for row in load(name):
            pieces.append(row["text"].strip())
            total += len(pieces[-1]) + 2
            if total >= chars:
                return "\n\n".join(pieces)
    return "\n\n".join(pieces)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chars", type=int, default=100_000)
    parser.add_argument("--longest", action="store_true")
    args = parser.parse_args()
    if args.longest:
        text = max((row["text"] for name in SETS for row in load(name)), key=len)
    else:
        text = long_text(args.chars)
    article = from_text(text, source="long-article")
    backend = EmbeddedBackend()
    parts = plan_parts(article.text, part_fits(backend.count_tokens, backend.context_tokens))
    started = time.perf_counter()
    result = summarize(article, backend, None, Options(use_cache=False))
    seconds = time.perf_counter() - started
    found = find_quotes(article.text)
    at_offsets = all(article.text[q.start : q.end] == q.text for q in result.summary.quotes)
    usage = result.meta["usage"]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    print(f"article: {len(article.text):,} characters, {len(parts)} parts, {len(found)} quotations in the text")
    print(f"seconds {seconds:.0f}; model calls {usage['calls']}; prompt tokens {usage['prompt_tokens']:,} "
          f"(reused {usage.get('cached_tokens', 0):,}); output tokens {usage['completion_tokens']:,}")
    print(f"quotes output {len(result.summary.quotes)} (the rest judged nobody's words or left out), "
          f"every one at its offsets in the whole text: {at_offsets}")
    print(f"participants {len(result.summary.participants)}, agreements {len(result.summary.agreements)}")
    print(f"peak memory {peak:.2f} GB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
