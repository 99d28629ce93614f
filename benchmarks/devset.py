"""Quote extraction on real annotated news: PolNeAR dev split (read-only, in ../shared/devset).

Runs the pipeline (the same function the CLI calls, cached on disk) on each article and scores
direct quotes against the hand annotations: precision / recall / F1 at 0.3 and 0.8 overlap,
and speaker accuracy on matched quotes. Gold speakers that are pronouns ("he") or nominals
("a spokesman") are not names, so they are left out of speaker accuracy and counted apart.

    python benchmarks/devset.py --limit 10          # quick look
    python benchmarks/devset.py                     # all 84 articles
    python benchmarks/devset.py --baseline          # the naive single-prompt baseline

The data never enters this repository; only the figures this prints do.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer import config  # noqa: E402
from summarizer.article import from_text  # noqa: E402
from summarizer.backends import make_backend  # noqa: E402
from summarizer.cache import Cache  # noqa: E402
from summarizer.errors import SummarizerError  # noqa: E402
from summarizer.evaluate import THRESHOLDS, QuoteItem, QuoteScore, score_quotes  # noqa: E402
from summarizer.grounding import locate  # noqa: E402
from summarizer.pipeline import Options, summarize  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "devset" / "polnear_dev.jsonl"


def gold_items(row: dict) -> list[QuoteItem]:
    items = []
    for a in row["attributions"]:
        if a["kind"] != "direct_or_mixed":
            continue
        mention = a.get("speaker_mention")
        is_name = bool(mention) and not a.get("speaker_is_pronoun") and mention[:1].isupper()
        items.append(QuoteItem([tuple(s) for s in a["spans"]], a["text"], mention, is_name))
    return items


def predicted_items(row: dict, summary, article_text: str) -> list[QuoteItem]:
    """Predicted quotes mapped to offsets in the original text (the pipeline normalizes
    whitespace, so offsets are re-found by text near the same place), then grouped the way
    PolNeAR annotates: one attribution per speaker and paragraph run of quoted fragments."""
    original = row["text"]
    items: list[QuoteItem] = []
    for q in summary.quotes:
        hint = max(0, q.start - 200)
        span = locate(original, q.text, start_hint=hint)
        if span is None:
            continue
        # PolNeAR spans include the quotation marks: widen by one mark on each side
        start, end = span
        if start > 0 and original[start - 1] in "\"\u201c\u2018'\u00ab":
            start -= 1
        if end < len(original) and original[end] in "\"\u201d\u2019'\u00bb":
            end += 1
        items.append(QuoteItem([(start, end)], q.text, q.speaker))
    return group_fragments(items, original)


def group_fragments(items: list[QuoteItem], text: str) -> list[QuoteItem]:
    grouped: list[QuoteItem] = []
    for item in items:
        last = grouped[-1] if grouped else None
        if last and last.speaker == item.speaker:
            between = text[last.spans[-1][1] : item.spans[0][0]]
            if "\n" not in between and len(between) < 80:
                last.spans.extend(item.spans)
                last.text += " " + item.text
                continue
        grouped.append(QuoteItem(list(item.spans), item.text, item.speaker))
    return grouped


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--model", default=None)
    parser.add_argument("--base-url", default=None)
    parser.add_argument("--model-path", default=None)
    parser.add_argument("--refresh", action="store_true")
    parser.add_argument("--measure", choices=("coverage", "iou"), default="coverage")
    parser.add_argument("--errors", type=int, default=0, help="print this many error notes per article")
    args = parser.parse_args()

    rows = [json.loads(line) for line in args.data.open(encoding="utf-8")]
    rows = rows[: args.limit] if args.limit else rows
    backend = make_backend(model=args.model, base_url=args.base_url, model_path=args.model_path)
    cache = Cache(config.cache_dir())
    scores = {t: QuoteScore() for t in THRESHOLDS}
    seconds, prompt_tokens, output_tokens, failures, computed = 0.0, 0, 0, 0, 0
    started = time.perf_counter()
    for n, row in enumerate(rows, 1):
        try:
            article = from_text(row["text"], source=row["id"])
            result = summarize(article, backend, cache, Options(refresh=args.refresh))
        except SummarizerError as e:
            failures += 1
            print(f"[{n}/{len(rows)}] {row['id']}: FAILED {e}", file=sys.stderr)
            result = None
        gold = gold_items(row)
        pred = predicted_items(row, result.summary, article.text) if result else []
        for t in THRESHOLDS:
            s, notes = score_quotes(gold, pred, t, args.measure)
            scores[t].add(s)
            if t == 0.8 and args.errors:
                for note in notes[: args.errors]:
                    print(f"    {note}", file=sys.stderr)
        if result:
            seconds += result.meta["seconds"]
            prompt_tokens += result.meta["usage"]["prompt_tokens"]
            output_tokens += result.meta["usage"]["completion_tokens"]
            computed += 1
            print(f"[{n}/{len(rows)}] {row['id']}: {len(gold)} gold, {len(pred)} predicted, "
                  f"{result.meta['seconds']:.1f}s{' (cached)' if result.cached else ''}", file=sys.stderr)

    wall = time.perf_counter() - started
    print(f"\nPolNeAR dev: {len(rows)} articles, model {backend.model_id}, overlap={args.measure}")
    print(f"{'':14}{'precision':>10}{'recall':>10}{'F1':>10}{'speaker acc':>13}")
    for t, s in scores.items():
        c = s.counts
        print(f"quotes @{t:<6}{c.precision:>10.3f}{c.recall:>10.3f}{c.f1:>10.3f}{s.speaker_accuracy:>13.3f}")
    s8 = scores[0.8]
    print(f"speaker accuracy scored on {s8.speaker_scored} matched quotes with a named gold speaker; "
          f"{s8.speaker_skipped} with pronoun/nominal gold speakers left out")
    if computed:
        print(f"seconds/article {seconds / computed:.1f} (as first computed), "
              f"prompt tokens/article {prompt_tokens / computed:.0f}, output tokens/article {output_tokens / computed:.0f}")
    print(f"failed articles: {failures}; wall time this run {wall:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
