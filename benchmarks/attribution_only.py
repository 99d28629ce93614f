"""The code-only part of quote extraction on the PolNeAR dev split, in seconds, no model.

Quotes found by the detector, speakers read from attribution cues; where the pipeline would
ask the model, the speaker is '?' (counted wrong). A fast way to measure changes to
summarizer/quotes.py and summarizer/attribution.py before a full (50-minute) model run.

With ``--decisions gold`` every decision is taken from the annotation instead: a detected
quotation is kept exactly when it lies inside a gold attribution, with that attribution's
speaker. That is the ceiling of this design under this benchmark: what a model that never
erred would score, given the detector's spans and the mapping of quoted words onto PolNeAR's
attribution units (grouping, widening). Figures above it need a better detector or mapping,
not better decisions.

    python benchmarks/attribution_only.py
    python benchmarks/attribution_only.py --decisions gold --measure iou
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from news_quotes import DEFAULT_DATA, gold_items, predicted_items  # noqa: E402

from summarizer.attribution import attribute  # noqa: E402
from summarizer.names import as_written, clean_name  # noqa: E402
from summarizer.evaluate import THRESHOLDS, QuoteItem, QuoteScore, score_quotes  # noqa: E402
from summarizer.quotes import QuoteSpan, find_quotes  # noqa: E402


def cue_decisions(text: str, quotes: list[QuoteSpan], counter: list[int]) -> list[str]:
    """Speakers from cues; '?' where the pipeline would ask the model; '-' for not speech."""

    def ask(_number, _quote) -> str:
        counter[0] += 1
        return "?"

    # names cleaned as the pipeline's assembly cleans them ('Sen. Claire McCaskill (D-Mo.)')
    return [s if s in "-?" else as_written(clean_name(s, text), text) for s, _source in attribute(text, quotes, ask, "-")]


def gold_decisions(quotes: list[QuoteSpan], gold: list[QuoteItem]) -> list[str]:
    """The speaker of the gold attribution a quotation lies in (its closing mark may be the
    span's last character); '-' when it lies in none."""
    speakers = []
    for q in quotes:
        owner = next((g for g in gold if any(s <= q.start and q.end <= e + 1 for s, e in g.spans)), None)
        speakers.append(owner.speaker or "?" if owner else "-")
    return speakers


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--decisions", choices=("cues", "gold"), default="cues")
    parser.add_argument("--measure", choices=("coverage", "iou"), default="coverage")
    args = parser.parse_args()

    rows = [json.loads(line) for line in DEFAULT_DATA.open(encoding="utf-8")]
    asked = [0]
    views = {True: {t: QuoteScore() for t in THRESHOLDS}, False: {t: QuoteScore() for t in THRESHOLDS}}
    for row in rows:
        gold = gold_items(row)
        quotes = find_quotes(row["text"])
        if args.decisions == "gold":
            speakers = gold_decisions(quotes, gold)
        else:
            speakers = cue_decisions(row["text"], quotes, asked)
        kept = [SimpleNamespace(text=q.text, start=q.start, end=q.end, speaker=s)
                for q, s in zip(quotes, speakers) if s != "-"]
        for widen, scores in views.items():
            pred = predicted_items(row, SimpleNamespace(quotes=kept), widen)
            for t in THRESHOLDS:
                scores[t].add(score_quotes(gold, pred, t, args.measure)[0])
    if args.decisions == "cues":
        print(f"{len(rows)} articles; the model would be asked about {asked[0]} quotes ({asked[0] / len(rows):.1f}/article)")
    else:
        print(f"{len(rows)} articles; every decision taken from the annotation (the ceiling of this design)")
    for widen, scores in views.items():
        for t, s in scores.items():
            c = s.counts
            print(f"{'quotes' if widen else 'as output'} @{t} {args.measure}: P {c.precision:.3f} R {c.recall:.3f} "
                  f"F1 {c.f1:.3f} speaker {s.speaker_accuracy:.3f}"
                  + (" ('?' counts wrong)" if args.decisions == "cues" else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
