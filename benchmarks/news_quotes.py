"""Quote extraction on real annotated news: both development sets (read-only, ../shared/devset).

Runs the pipeline (the same function the CLI calls, cached on disk) on each article of PolNeAR
dev (84 US campaign articles) and GGT dev (58 Canadian articles) and scores direct quotes
against the hand annotations: precision / recall / F1 at 0.3 and 0.8 overlap and speaker
accuracy, per view (``scoring_rules.py`` says how gold and predictions are mapped), and on GGT the
people found. Both sets are reported every time: a rule that wins on one and loses on the
other is fitted to a corpus.

    python benchmarks/news_quotes.py --limit 10          # quick look
    python benchmarks/news_quotes.py                     # both sets, every article
    python benchmarks/news_quotes.py --set ggt --errors 5
    python benchmarks/news_quotes.py --baseline          # the naive single-prompt baseline

Another version, or another machine: write the articles out, run any checkout's batch on them,
and score its output here with this checkout's rules:

    python benchmarks/news_quotes.py --export-articles /tmp/dev     # /tmp/dev/{polnear,ggt}/<id>.txt
    PYTHONPATH=../old python -m summarizer batch /tmp/dev/ggt --out old-ggt.jsonl
    python benchmarks/news_quotes.py --set ggt --pred old-ggt.jsonl

The data never enters this repository; only the figures this prints do.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from scoring_rules import SETS, SetScore, load  # noqa: E402
from naive_baseline import naive_summary  # noqa: E402

from summarizer import config  # noqa: E402
from summarizer.article import from_text  # noqa: E402
from summarizer.backends import make_backend  # noqa: E402
from summarizer.cache import Cache  # noqa: E402
from summarizer.errors import SummarizerError  # noqa: E402
from summarizer.pipeline import Options, summarize  # noqa: E402
from summarizer.schemas import ArticleSummary  # noqa: E402

# As the CLI does: instructor's own log of a failed validation is a page of pydantic text; the
# result's warnings (printed with --errors) already say what was dropped.
logging.getLogger("instructor").setLevel(logging.CRITICAL)


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


def predictions_from(path: Path) -> dict[str, SimpleNamespace]:
    """Batch output (JSONL) by article id: summary and meta as the pipeline gives them."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        article_id = Path(record["source"]).stem
        if record.get("status") != "ok":
            found[article_id] = None
            continue
        summary = SimpleNamespace(
            quotes=[SimpleNamespace(**q) for q in record["summary"]["quotes"]],
            participants=[SimpleNamespace(**p) for p in record["summary"]["participants"]],
        )
        meta = {"seconds": record.get("seconds") or 0.0, "usage": record.get("usage") or {}}
        found[article_id] = SimpleNamespace(summary=summary, meta=meta, cached=bool(record.get("cached")))
    return found


def export_articles(folder: Path) -> None:
    for set_name in SETS:
        target = folder / set_name
        target.mkdir(parents=True, exist_ok=True)
        for row in load(set_name):
            (target / f"{row['id']}.txt").write_text(row["text"], encoding="utf-8")
    print(f"wrote the articles of {', '.join(SETS)} under {folder} (outside the repository: never commit them)")


def run_set(set_name: str, args, backend, cache) -> SetScore:
    rows = load(set_name, args.limit)
    score = SetScore(set_name, args.measure)
    given = predictions_from(args.pred) if args.pred else None
    for n, row in enumerate(rows, 1):
        notes: list[str] = []
        if given is not None:
            result = given.get(row["id"])
            if result is None:
                score.failed += 1
                score.add(row, [], [])
                continue
            score.add(row, result.summary.quotes, result.summary.participants, notes)
            score.add_work(result.meta)
            continue
        try:
            article = from_text(row["text"], source=row["id"])
            if args.baseline:
                result = cached_baseline(article, backend, args.refresh)
            else:
                result = summarize(article, backend, cache, Options(refresh=args.refresh))
        except SummarizerError as e:
            score.failed += 1
            print(f"[{set_name} {n}/{len(rows)}] {row['id']}: FAILED {e}", file=sys.stderr)
            score.add(row, [], [])
            continue
        score.add(row, result.summary.quotes, result.summary.participants, notes)
        score.add_work(result.meta)
        print(f"[{set_name} {n}/{len(rows)}] {row['id']}: {len(result.summary.quotes)} quotes, "
              f"{result.meta['seconds']:.1f}s{' (cached)' if result.cached else ''}", file=sys.stderr)
        for note in notes[: args.errors]:
            print(f"    {note}", file=sys.stderr)
    return score


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", choices=(*SETS, "both"), default="both")
    parser.add_argument("--limit", type=int, default=None, help="first N articles of each set")
    parser.add_argument("--model", default=None)
    parser.add_argument("--base-url", default=None)
    parser.add_argument("--model-path", default=None)
    parser.add_argument("--refresh", action="store_true")
    parser.add_argument("--measure", choices=("coverage", "iou"), default="coverage")
    parser.add_argument("--errors", type=int, default=0, help="print this many error notes per article")
    parser.add_argument("--baseline", action="store_true", help="the naive single prompt instead of the pipeline")
    parser.add_argument("--pred", type=Path, help="score this batch output (JSONL) instead of running the pipeline")
    parser.add_argument("--export-articles", type=Path, metavar="DIR", help="write the articles as .txt files and stop")
    args = parser.parse_args()
    if args.export_articles:
        export_articles(args.export_articles)
        return 0

    backend = SimpleNamespace(model_id=f"from {args.pred}") if args.pred else make_backend(model=args.model, base_url=args.base_url, model_path=args.model_path)
    cache = Cache(config.cache_dir())
    started = time.perf_counter()
    names = list(SETS) if args.set == "both" else [args.set]
    scores = [run_set(name, args, backend, cache) for name in names]
    what = "naive single prompt" if args.baseline else "pipeline"
    for score in scores:
        print(f"\n{score.set_name} dev: {what}, model {backend.model_id}, overlap={args.measure}")
        print(score.table())
    print(f"\nwall time this run {time.perf_counter() - started:.0f}s (cached articles count their first seconds)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
