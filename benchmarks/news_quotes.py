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
from summarizer.folding import locate  # noqa: E402
from summarizer.pipeline import Options, summarize  # noqa: E402
from summarizer.schemas import ArticleSummary  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "devset" / "polnear_dev.jsonl"


QUOTATION_MARK = re.compile(r"[\"\u201c\u201d\u00ab\u00bb\u2018]|''")


def is_direct(attribution_row: dict, as_distributed: bool = False) -> bool:
    """PolNeAR items whose content contains a quotation mark. The conversion's test missed two
    marks, so with ``as_distributed=False`` these count too: the New York Times' doubled
    apostrophes (''This isn't tax reform,'' said ...; 86 items in 7 articles, all direct
    quotations) and single curly quotes (headlines: 'Trump Was \u2018Mocking\u2019 Clinton'; 14)."""
    if attribution_row["kind"] == "direct_or_mixed":
        return True
    return not as_distributed and bool(QUOTATION_MARK.search(attribution_row["text"]))


def mention_head(mention: str) -> str:
    """The mention without its appositive or party tag: 'Mr. King, 82,' -> 'Mr. King',
    'Sen. Harry Reid (D-Nev.)' -> 'Sen. Harry Reid'."""
    return " ".join(re.sub(r"\([^)]*\)", " ", mention).split(",")[0].split())


def names_someone(mention: str) -> bool:
    """A mention is a name when its head is capitalized: 'Sen. Harry Reid (D-Nev.)', 'Mr. King,
    82,', 'The Hill'. 'The Indiana governor' or 'Obama's former campaign strategist' are nominals
    (capitalized only at a sentence start), left out of speaker accuracy like pronouns."""
    head = mention_head(mention).split()
    return bool(head) and head[-1][:1].isupper()


def gold_items(row: dict, as_distributed: bool = False) -> list[QuoteItem]:
    items = []
    for a in row["attributions"]:
        if not is_direct(a, as_distributed):
            continue
        mention = a.get("speaker_mention")
        is_name = bool(mention) and not a.get("speaker_is_pronoun") and names_someone(mention)
        speaker = mention_head(mention) if is_name else mention
        items.append(QuoteItem([tuple(s) for s in a["spans"]], a["text"], speaker, is_name))
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
        if original[max(0, start - 2) : start] == "''":
            start -= 2
        elif start > 0 and original[start - 1] in "\"\u201c\u2018'\u00ab":
            start -= 1
        if original[end : end + 2] == "''":
            end += 2
        elif end < len(original) and original[end] in "\"\u201d\u2019'\u00bb":
            end += 1
        items.append(QuoteItem([(start, end)], q.text, q.speaker))
    grouped = group_fragments(items, original)
    return [widen_to_clause(item, original) for item in grouped] if widen else grouped


def group_fragments(items: list[QuoteItem], text: str) -> list[QuoteItem]:
    """'"A," he said. "B."' is one attribution; so is a quotation running over paragraphs with
    the closing mark left off. '"A," she said. She added, "B."' is two."""
    grouped: list[QuoteItem] = []
    for item in items:
        last = grouped[-1] if grouped else None
        if last and last.speaker == item.speaker:
            between = text[last.spans[-1][1] : item.spans[0][0]]
            unclosed = text[last.spans[-1][1] - 1] not in "\"\u201d\u2019'\u00bb"
            runs_on = unclosed and "\n" in between and not between.strip(" \n\"\u201c")
            if runs_on or ("\n" not in between and not _starts_own_attribution(text, between, item)):
                last.spans.extend(item.spans)
                last.text += " " + item.text
                continue
        grouped.append(QuoteItem(list(item.spans), item.text, item.speaker))
    return grouped


_REPORTING = attribution.REPORTING_WORDS


def _starts_own_attribution(text: str, between: str, item: QuoteItem) -> bool:
    """The later fragment has a cue of its own: after it ('"B," he added'), or before it in
    its own sentence ('... She added, "B"'), or the text between holds two cues."""
    verbs = [m for m in re.finditer(r"[a-z]+", between) if m.group() in _REPORTING]
    ends = attribution.sentence_ends(between)
    in_own_sentence = bool(ends) and any(v.start() > ends[0].start() for v in verbs)
    cue_after = attribution.cue_after(attribution.sentence_after(text, item.spans[-1][1]))
    return len(verbs) > 1 or in_own_sentence or cue_after is not None


def widen_to_clause(item: QuoteItem, text: str) -> QuoteItem:
    """PolNeAR's content of mixed attributions is the whole reported clause ('Cruz said he has
    had "areas of significant disagreement" with Trump'): when quoted words sit inside a clause
    introduced by a reporting verb, the span runs from after the outermost verb (and 'that') to
    the end of the sentence; words that continue the sentence after a quotation with no cue of
    their own ('"...jail time" for criminal behavior') are part of it too. A headline's unit is
    the headline after its verb."""
    start, end = item.spans[0][0], item.spans[-1][1]
    line_start = text.rfind("\n", 0, start) + 1
    if line_start == 0:  # a headline's attribution is the headline, after its verb
        line_end = text.find("\n")
        verbs = [m for m in re.finditer(r"\b(\w+)\b", text[:start]) if m.group(1).lower() in _REPORTING]
        return QuoteItem([(verbs[0].end() + 1 if verbs else 0, line_end)], item.text, item.speaker)
    before = attribution.sentence_before(text, start)
    sentence_start = start - len(before)
    verbs = [m for m in re.finditer(r"\b(\w+)\b", before) if m.group(1) in _REPORTING]
    verbs = [v for v in verbs if re.search(r"[A-Za-z]", before[v.end():])]
    if verbs:  # the outermost cue: 'urged Americans to check out what he called her "sex tape"'
        new_start = sentence_start + verbs[0].end()
        gap = re.match(r"\s*(?:that\s+|:\s*)?", text[new_start:])
        new_start += gap.end() if gap else 0
    else:
        new_start = start
    after = attribution.sentence_after(text, end)
    new_end = end
    if re.search(r"[A-Za-z]", after) and attribution.cue_after(after) is None:
        new_end = end + len(_tail_without_attribution(after).rstrip().rstrip("."))
    if new_start >= line_start and (new_start, new_end) != (start, end):
        return QuoteItem([(new_start, new_end)], item.text, item.speaker)
    return item


def _tail_without_attribution(after: str) -> str:
    """The rest of the sentence up to a clause that attributes ('..., according to X',
    '..., Warren said', '..., as a memo put it')."""
    kept = ""
    for clause in re.split(r"(?=,)", after):
        words = set(re.findall(r"[a-z]+", clause))
        if kept and (words & _REPORTING or words & {"according", "per", "put"}):
            break
        kept += clause
    return kept


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
    distributed = {t: QuoteScore() for t in THRESHOLDS}  # widened, gold selected as the conversion did
    seconds, prompt_tokens, output_tokens, reasks, failures, computed = 0.0, 0, 0, 0, 0, 0
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
        views = ((scores, gold, True), (strict, gold, False), (distributed, gold_items(row, as_distributed=True), True))
        for table, gold_view, widen in views:
            pred = predicted_items(row, result.summary, widen) if result else []
            for t in THRESHOLDS:
                s, notes = score_quotes(gold_view, pred, t, args.measure)
                table[t].add(s)
                if t == 0.8 and table is scores and args.errors:
                    for note in notes[: args.errors]:
                        print(f"    {note}", file=sys.stderr)
        if result:
            seconds += result.meta["seconds"]
            prompt_tokens += result.meta["usage"]["prompt_tokens"]
            output_tokens += result.meta["usage"]["completion_tokens"]
            reasks += result.meta["usage"].get("reasks", 0)
            computed += 1
            print(f"[{n}/{len(rows)}] {row['id']}: {len(gold)} gold, {len(result.summary.quotes)} quotes, "
                  f"{result.meta['seconds']:.1f}s{' (cached)' if result.cached else ''}", file=sys.stderr)

    wall = time.perf_counter() - started
    what = "naive single prompt" if args.baseline else "pipeline"
    print(f"\nPolNeAR dev: {len(rows)} articles, {what}, model {backend.model_id}, overlap={args.measure}")
    print(f"{'':18}{'precision':>10}{'recall':>10}{'F1':>10}{'speaker acc':>13}")
    for label, table in (("quotes", scores), ("as output", strict), ("distributed", distributed)):
        for t, s in table.items():
            c = s.counts
            print(f"{label} @{t:<{16 - len(label)}}{c.precision:>10.3f}{c.recall:>10.3f}{c.f1:>10.3f}"
                  f"{s.speaker_accuracy:>13.3f}")
    print("'quotes': grouped fragments, widened to the reported clause (PolNeAR's unit); "
          "'as output': grouped quoted words only; 'distributed': as 'quotes', gold selected as the "
          "conversion did (without the 100 items quoted with '' or \u2018 marks)")
    s8 = scores[0.8]
    print(f"speaker accuracy scored on {s8.speaker_scored} matched quotes with a named gold speaker; "
          f"{s8.speaker_skipped} with pronoun/nominal gold speakers left out")
    if computed:
        print(f"seconds/article {seconds / computed:.1f} (as first computed), "
              f"prompt tokens/article {prompt_tokens / computed:.0f}, output tokens/article {output_tokens / computed:.0f}, "
              f"re-asks/article {reasks / computed:.2f}")
    print(f"failed articles: {failures}; wall time this run {wall:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
