"""Quote extraction on real annotated news: PolNeAR dev split (read-only, in ../shared/devset).

Runs the pipeline (the same function the CLI calls, cached on disk) on each article and scores
direct quotes against the hand annotations: precision / recall / F1 at 0.3 and 0.8 overlap,
and speaker accuracy on matched quotes. Gold speakers that are pronouns ("he") or nominals
("a spokesman") are not names, so they are left out of speaker accuracy and counted apart.

    python benchmarks/news_quotes.py --limit 10          # quick look
    python benchmarks/news_quotes.py                     # all 84 articles
    python benchmarks/news_quotes.py --baseline          # the naive single-prompt baseline

The data never enters this repository; only the figures this prints do.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from naive_baseline import naive_summary  # noqa: E402

from summarizer import attribution, config  # noqa: E402
from summarizer.article import from_text  # noqa: E402
from summarizer.backends import make_backend  # noqa: E402
from summarizer.cache import Cache  # noqa: E402
from summarizer.errors import SummarizerError  # noqa: E402
from summarizer.evaluate import THRESHOLDS, QuoteItem, QuoteScore, score_quotes  # noqa: E402
from summarizer.grounding import locate  # noqa: E402
from summarizer.pipeline import Options, summarize  # noqa: E402
from summarizer.schemas import ArticleSummary  # noqa: E402

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


def predicted_items(row: dict, summary, widen: bool = True) -> list[QuoteItem]:
    """Predicted quotes mapped to offsets in the original text (the pipeline normalizes
    whitespace, so offsets are re-found by text near the same place), grouped the way PolNeAR
    annotates (one attribution per run of same-speaker fragments), and, with ``widen``, widened
    from the quoted words to the reported clause they sit in (see ``widen_to_clause``)."""
    original = row["text"]
    items: list[QuoteItem] = []
    for q in summary.quotes:
        span = locate(original, q.text, start_hint=max(0, q.start - 200))
        if span is None:
            continue
        # PolNeAR spans include the quotation marks: take one mark on each side
        start, end = span
        if start > 0 and original[start - 1] in "\"\u201c\u2018'\u00ab":
            start -= 1
        if end < len(original) and original[end] in "\"\u201d\u2019'\u00bb":
            end += 1
        items.append(QuoteItem([(start, end)], q.text, q.speaker))
    grouped = group_fragments(items, original)
    return [widen_to_clause(item, original) for item in grouped] if widen else grouped


def group_fragments(items: list[QuoteItem], text: str) -> list[QuoteItem]:
    """'"A," he said. "B."' is one attribution; so is a quotation running over paragraphs."""
    grouped: list[QuoteItem] = []
    for item in items:
        last = grouped[-1] if grouped else None
        if last and last.speaker == item.speaker:
            between = text[last.spans[-1][1] : item.spans[0][0]]
            continued = not between.strip(" \n\"\u201c\u201d")
            if continued or ("\n" not in between and len(between) < 80):
                last.spans.extend(item.spans)
                last.text += " " + item.text
                continue
        grouped.append(QuoteItem(list(item.spans), item.text, item.speaker))
    return grouped


def widen_to_clause(item: QuoteItem, text: str) -> QuoteItem:
    """PolNeAR's content of mixed attributions is the whole reported clause ('Cruz said he has
    had "areas of significant disagreement" with Trump'): when quoted words sit inside a clause
    introduced by a speech verb, the span runs from after the verb (and 'that') to the end of
    the sentence. Pure quotations are left as they are."""
    start, end = item.spans[0][0], item.spans[-1][1]
    line_start = text.rfind("\n", 0, start) + 1
    before = attribution._sentence_before(text, start)
    sentence_start = start - len(before)
    verbs = [m for m in re.finditer(r"\b(\w+)\b", before) if m.group(1) in attribution.SPEECH_VERBS]
    if verbs and re.search(r"[A-Za-z]", before[verbs[-1].end():]):
        new_start = sentence_start + verbs[-1].end()
        gap = re.match(r"\s*(?:that\s+|:\s*)?", text[new_start:])
        new_start += gap.end() if gap else 0
    else:
        new_start = start
    after = attribution._sentence_after(text, end)
    new_end = end
    if re.search(r"[A-Za-z]", after) and attribution._cue_after(after) is None and new_start < start:
        new_end = end + len(after.rstrip().rstrip("."))
    if new_start >= line_start and (new_start, new_end) != (start, end):
        return QuoteItem([(new_start, new_end)], item.text, item.speaker)
    return item


def cached_baseline(article, backend, refresh: bool) -> SimpleNamespace:
    """The naive single prompt, cached on disk like pipeline results (keyed by text and model)."""
    key = hashlib.sha256(f"{backend.model_id}|{article.text}".encode()).hexdigest()
    path = config.home() / "benchmarks" / "naive" / f"{key}.json"
    if path.is_file() and not refresh:
        data = json.loads(path.read_text(encoding="utf-8"))
        return SimpleNamespace(summary=ArticleSummary.model_validate(data["summary"]), meta=data["meta"], cached=True)
    summary, meta = naive_summary(article, backend)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"summary": summary.model_dump(mode="json"), "meta": meta}), encoding="utf-8")
    return SimpleNamespace(summary=summary, meta=meta, cached=False)


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
    parser.add_argument("--baseline", action="store_true", help="the naive single prompt instead of the pipeline")
    args = parser.parse_args()

    rows = [json.loads(line) for line in args.data.open(encoding="utf-8")]
    rows = rows[: args.limit] if args.limit else rows
    backend = make_backend(model=args.model, base_url=args.base_url, model_path=args.model_path)
    cache = Cache(config.cache_dir())
    scores = {t: QuoteScore() for t in THRESHOLDS}  # quotes widened to their reported clause
    strict = {t: QuoteScore() for t in THRESHOLDS}  # the quoted words only, as output
    seconds, prompt_tokens, output_tokens, failures, computed = 0.0, 0, 0, 0, 0
    started = time.perf_counter()
    for n, row in enumerate(rows, 1):
        try:
            article = from_text(row["text"], source=row["id"])
            if args.baseline:
                result = cached_baseline(article, backend, args.refresh)
            else:
                result = summarize(article, backend, cache, Options(refresh=args.refresh))
        except SummarizerError as e:
            failures += 1
            print(f"[{n}/{len(rows)}] {row['id']}: FAILED {e}", file=sys.stderr)
            result = None
        gold = gold_items(row)
        for widen in (True, False):
            pred = predicted_items(row, result.summary, widen) if result else []
            for t in THRESHOLDS:
                s, notes = score_quotes(gold, pred, t, args.measure)
                (scores if widen else strict)[t].add(s)
                if t == 0.8 and widen and args.errors:
                    for note in notes[: args.errors]:
                        print(f"    {note}", file=sys.stderr)
        if result:
            seconds += result.meta["seconds"]
            prompt_tokens += result.meta["usage"]["prompt_tokens"]
            output_tokens += result.meta["usage"]["completion_tokens"]
            computed += 1
            print(f"[{n}/{len(rows)}] {row['id']}: {len(gold)} gold, {len(result.summary.quotes)} quotes, "
                  f"{result.meta['seconds']:.1f}s{' (cached)' if result.cached else ''}", file=sys.stderr)

    wall = time.perf_counter() - started
    what = "naive single prompt" if args.baseline else "pipeline"
    print(f"\nPolNeAR dev: {len(rows)} articles, {what}, model {backend.model_id}, overlap={args.measure}")
    print(f"{'':14}{'precision':>10}{'recall':>10}{'F1':>10}{'speaker acc':>13}")
    for label, table in (("quotes", scores), ("as output", strict)):
        for t, s in table.items():
            c = s.counts
            print(f"{label} @{t:<{13 - len(label)}}{c.precision:>10.3f}{c.recall:>10.3f}{c.f1:>10.3f}"
                  f"{s.speaker_accuracy:>13.3f}")
    print("'quotes': grouped fragments, widened to the reported clause (PolNeAR's unit); "
          "'as output': grouped quoted words only")
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
