"""The code-only part of quote and statement extraction on both development sets, in seconds,
no model.

Quotes found by the detector, speakers read from attribution cues; where the pipeline would
ask the model, the speaker is '?' (counted wrong). Statements (reported speech) found and
attributed by code as the pipeline does (summarizer/statements.py): one whose speaker code
leaves open takes the speaker of a quotation it holds ('?' if that one is asked), else it is
left out, as the pipeline leaves it out. A fast way to measure changes to summarizer/quotes.py,
attribution.py and statements.py before a full model run.

With ``--decisions nearest`` the quotations code leaves open take their first candidate, the
person the text last made its subject, as the pipeline does with the embedded model (its
speakers question is asked only of a served model, or with ``--speakers model``).

With ``--decisions gold`` every decision is taken from the annotation instead: a detected
quotation is kept exactly when it lies inside a gold attribution, with that attribution's
speaker. That is the ceiling of this design under this benchmark: what a model that never
erred would score, given the detector's spans and the mapping of quoted words onto the
annotators' units (grouping, widening).

    python benchmarks/attribution_only.py
    python benchmarks/attribution_only.py --decisions nearest
    python benchmarks/attribution_only.py --decisions gold --measure iou
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from scoring_rules import SETS, SetScore, gold_items, load  # noqa: E402

from summarizer.attribution import Decision, nearest_speakers, open_quotes, settle  # noqa: E402
from summarizer.evaluate import QuoteItem  # noqa: E402
from summarizer.names import as_written, clean_name  # noqa: E402
from summarizer.quotes import QuoteSpan, find_quotes  # noqa: E402
from summarizer.statements import (  # noqa: E402
    find_statements, read_quotes_with_statements, settle_statements, statement_decisions)


def settled_by_cues(text: str, quotes: list[QuoteSpan], counter: list[int], nearest: bool = False) -> list[Decision]:
    """The decisions from cues (and from the statements holding quotations, as plan() takes
    them); speaker '?' where the pipeline would ask the model (with ``nearest``, only where
    no candidate is left); '-' for not speech."""
    found = find_statements(text, quotes)
    decisions = read_quotes_with_statements(text, quotes, found, statement_decisions(text, found))
    if nearest:
        decisions = nearest_speakers(decisions)
    asked = open_quotes(decisions)
    counter[0] += len(asked)
    return settle(decisions, {i: "?" for i in asked})


def cue_decisions(text: str, quotes: list[QuoteSpan], counter: list[int]) -> list[str]:
    """Speakers from cues, named as the pipeline's assembly names them; '?' where the pipeline
    would ask the model; '-' for not speech."""
    return [named(text, d) for d in settled_by_cues(text, quotes, counter)]


def named(text: str, d: Decision) -> str:
    """The speaker's name cleaned as the pipeline's assembly cleans it ('Sen. Claire McCaskill (D-Mo.)')."""
    return d.speaker if d.speaker in ("-", "?") or d.nominal else as_written(clean_name(d.speaker, text), text)


def code_statements(text: str, quotes: list[QuoteSpan], decisions: list[Decision], counter: list[int]) -> list:
    """Statements with the speakers code gives them; open ones left out (counted in ``counter[1]``)."""
    found = find_statements(text, quotes)
    settled = settle_statements(found, statement_decisions(text, found), quotes, decisions)
    counter[1] += sum(d.speaker is None for d in settled)
    return [SimpleNamespace(text=text[f.start : f.end], start=f.start, end=f.end, speaker=named(text, d),
                            quotes=[q for q in quotes if f.start <= q.start and q.end <= f.end])
            for f, d in zip(found, settled) if d.speaker is not None]


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
    parser.add_argument("--decisions", choices=("cues", "nearest", "gold"), default="cues")
    parser.add_argument("--measure", choices=("coverage", "iou"), default="coverage")
    parser.add_argument("--set", choices=(*SETS, "both"), default="both")
    args = parser.parse_args()
    for set_name in (list(SETS) if args.set == "both" else [args.set]):
        rows = load(set_name)
        asked = [0, 0]
        score = SetScore(set_name, args.measure)
        for row in rows:
            text = row["text"]
            quotes = find_quotes(text)
            statements = None
            if args.decisions == "gold":
                speakers = gold_decisions(quotes, gold_items(set_name, row))
            else:
                decisions = settled_by_cues(text, quotes, asked, nearest=args.decisions == "nearest")
                speakers = [named(text, d) for d in decisions]
                statements = code_statements(text, quotes, decisions, asked)
            kept = [SimpleNamespace(text=q.text, start=q.start, end=q.end, speaker=s)
                    for q, s in zip(quotes, speakers) if s != "-"]
            score.add(row, kept, statements=statements)
        what = ("every decision from the annotation (the ceiling)" if args.decisions == "gold"
                else f"cues, open quotations to their nearest subject; {asked[0]} with no candidate left, counted wrong"
                if args.decisions == "nearest"
                else f"cues only; the model would be asked about {asked[0]} quotes "
                     f"({asked[0] / len(rows):.1f}/article), counted wrong here; {asked[1]} statements "
                     f"left open by code ({asked[1] / len(rows):.1f}/article), left out")
        print(f"\n{set_name}: {len(rows)} articles, {what}")
        print(score.table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
