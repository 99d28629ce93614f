"""The model's part of speakers, on every development article: only the speakers question.

With a served model (or ``--speakers model``) the pipeline asks a speakers question about the
quotations code leaves open; with the embedded model it takes each one's first candidate
instead, since the model picked worse than that (README, session 12). This benchmark measures
that choice. It asks only that question, exactly as the pipeline builds it (plan.py: the
article as prefix, the open quotations, their hints and candidates), on the articles that have
one, and scores quotations' speakers with the model's answers in place (cues decide the rest,
as in ``attribution_only.py``). About 85 of the 142 articles ask; each question evaluates its
whole article, so both whole sets take hours with the embedded model on 2 cores (``--limit``
for less). Answers are kept on disk by question, so a run after a change asks only the
questions that changed.

    python benchmarks/speakers_only.py                 # both sets
    python benchmarks/speakers_only.py --set ggt --show 10

It prints the speaker accuracy with the model's answers beside the code-only figure (open
quotations counted wrong), and how the model's answers to the open quotations fared: right,
wrong, 'not speech' for a real quotation, and right among the candidates shown; beside them,
how the first candidate fares (what the pipeline gives with the embedded model, which is not
asked: ``--speakers nearest``, its default).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import sys
import time
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from attribution_only import named  # noqa: E402
from scoring_rules import SETS, SetScore, find_in_original, gold_items, load  # noqa: E402

from summarizer import config  # noqa: E402
from summarizer.article import from_text  # noqa: E402
from summarizer.attribution import NOT_SPEECH, settle  # noqa: E402
from summarizer.backends import make_backend  # noqa: E402
from summarizer.backends.base import Usage  # noqa: E402
from summarizer.errors import ModelOutputError  # noqa: E402
from summarizer.evaluate import same_person  # noqa: E402
from summarizer.grounding import validation_context  # noqa: E402
from summarizer.llm import ask  # noqa: E402
from summarizer.plan import plan  # noqa: E402
from summarizer.questions import reask_budget, unmarked  # noqa: E402

logging.getLogger("instructor").setLevel(logging.CRITICAL)


def model_answers(article, backend, the_plan, refresh: bool) -> tuple[dict[int, str], float]:
    """The model's speaker for each open quotation (by index), from disk when this very
    question was asked before; and the seconds spent asking."""
    answers: dict[int, str] = {}
    seconds = 0.0
    for a in [a for a in the_plan.asks if a.kind == "speakers"]:
        key = hashlib.sha256(json.dumps([backend.model_id, a.question.messages]).encode()).hexdigest()
        path = config.home() / "benchmarks" / "speakers" / f"{key}.json"
        if path.is_file() and not refresh:
            speakers = json.loads(path.read_text())
        else:
            started = time.perf_counter()
            backend.start_document()
            try:
                answer = ask(backend, a.question.messages, a.model, validation_context(article.text), Usage(),
                             reask_budget(2, backend.constrained, True), a.question.max_tokens, [], unmarked, "speakers")
                speakers = answer.speakers
            except ModelOutputError:
                speakers = [NOT_SPEECH] * len(a.quotes)  # left out, as the pipeline leaves them
            seconds += time.perf_counter() - started
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(speakers))
        answers.update(zip(a.quotes, speakers))
    return answers, seconds


def owner(original: str, quote, gold):
    """The gold attribution the quotation lies in (offsets found again in the original text:
    the pipeline's are in its normalized text), else None."""
    span = find_in_original(original, quote.text, quote.start - 200)
    if span is None:
        return None
    return next((g for g in gold if any(s <= span[0] and span[1] <= e + 1 for s, e in g.spans)), None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", choices=(*SETS, "both"), default="both")
    parser.add_argument("--limit", type=int, default=None, help="the first N articles of each set")
    parser.add_argument("--refresh", action="store_true", help="ask again, even questions asked before")
    parser.add_argument("--show", type=int, default=0, help="print this many wrong answers per set")
    args = parser.parse_args()
    backend = make_backend()  # the embedded default
    for set_name in (list(SETS) if args.set == "both" else [args.set]):
        rows = load(set_name, args.limit)
        with_model, code_only = SetScore(set_name, "coverage"), SetScore(set_name, "coverage")
        fared, seconds, asked_articles, shown = Counter(), 0.0, 0, 0
        for row in rows:
            text = row["text"]
            article = from_text(text, source=row.get("id", ""))
            the_plan = plan(article, backend.count_tokens, backend.context_tokens, None, False)
            answers, spent = model_answers(article, backend, the_plan, args.refresh)
            seconds += spent
            asked_articles += bool(answers)
            for score, filled in ((with_model, answers), (code_only, {i: "?" for i in answers})):
                decisions = settle(the_plan.decisions, filled)
                kept = [SimpleNamespace(text=q.text, start=q.start, end=q.end, speaker=named(text, d))
                        for q, d in zip(the_plan.quotes, decisions) if d.speaker != NOT_SPEECH]
                score.add(row, kept)
            gold = gold_items(set_name, row)
            for i, answer in answers.items():
                quote, decision = the_plan.quotes[i], the_plan.decisions[i]
                g = owner(text, quote, gold)
                if g is None:
                    fared["no quotation in gold: " + ("left out" if answer == NOT_SPEECH else "kept")] += 1
                elif not g.score_speaker:
                    fared["gold speaker unscored"] += 1
                elif answer == NOT_SPEECH:
                    fared["real quotation answered 'not speech'"] += 1
                else:
                    right = same_person(g.speaker, named(text, settle([decision], {0: answer})[0]))
                    first = bool(decision.candidates) and same_person(
                        g.speaker, named(text, settle([decision], {0: decision.candidates[0]})[0]))
                    fared["the first candidate (no model) " + ("right" if first else "wrong")] += 1
                    shown_ones = any(same_person(g.speaker, c) for c in decision.candidates)
                    fared[("right" if right else "wrong") + (", gold among candidates" if shown_ones else "")] += 1
                    if not right and shown < args.show:
                        shown += 1
                        print(f"  {quote.text[:60]!r}: model {answer!r}, gold {g.speaker!r}, "
                              f"candidates {list(decision.candidates)}", file=sys.stderr)
        print(f"\n{set_name}: {len(rows)} articles, {asked_articles} with open quotations; "
              f"{seconds:.0f} s asking (questions asked before: from disk)")
        print("speaker accuracy @0.3, with the model's answers / code only: "
              f"{with_model.views['attribution'][0.3].speaker_accuracy:.3f} / {code_only.views['attribution'][0.3].speaker_accuracy:.3f} "
              f"({with_model.views['attribution'][0.3].speaker_scored} scored); "
              f"F1 @0.3 {with_model.views['attribution'][0.3].counts.f1:.3f} / {code_only.views['attribution'][0.3].counts.f1:.3f}")
        for what, n in sorted(fared.items()):
            print(f"  open quotations, {what}: {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
