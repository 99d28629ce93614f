"""The code-only part of quote extraction on the PolNeAR dev split, in seconds, no model.

Quotes found by the detector, speakers read from attribution cues; where the pipeline would
ask the model, the speaker is '?' (counted wrong). A fast way to measure changes to
summarizer/quotes.py and summarizer/attribution.py before a full (50-minute) model run.

    python benchmarks/attribution_only.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from news_quotes import DEFAULT_DATA, gold_items, predicted_items  # noqa: E402

from summarizer.attribution import attribute  # noqa: E402
from summarizer.evaluate import THRESHOLDS, QuoteScore, score_quotes  # noqa: E402
from summarizer.quotes import find_quotes  # noqa: E402


def main() -> int:
    rows = [json.loads(line) for line in DEFAULT_DATA.open(encoding="utf-8")]
    asked = 0

    def ask(_number, _quote) -> str:
        nonlocal asked
        asked += 1
        return "?"

    views = {True: {t: QuoteScore() for t in THRESHOLDS}, False: {t: QuoteScore() for t in THRESHOLDS}}
    for row in rows:
        quotes = find_quotes(row["text"])
        speakers = attribute(row["text"], quotes, ask, "-")
        kept = [SimpleNamespace(text=q.text, start=q.start, end=q.end, speaker=s)
                for q, s in zip(quotes, speakers) if s != "-"]
        for widen, scores in views.items():
            pred = predicted_items(row, SimpleNamespace(quotes=kept), widen)
            for t in THRESHOLDS:
                scores[t].add(score_quotes(gold_items(row), pred, t)[0])
    print(f"{len(rows)} articles; the model would be asked about {asked} quotes ({asked / len(rows):.1f}/article)")
    for widen, scores in views.items():
        for t, s in scores.items():
            c = s.counts
            print(f"{'quotes' if widen else 'as output'} @{t}: P {c.precision:.3f} R {c.recall:.3f} F1 {c.f1:.3f} "
                  f"speaker {s.speaker_accuracy:.3f} ('?' counts wrong)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
