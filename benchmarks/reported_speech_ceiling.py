"""What a reader of reported speech can reach on each development set (issue 15's ceiling).

The sets annotate indirect attributions differently: GGT marks reported speech; PolNeAR marks
every attribution of a proposition, speech or not ('a poll shows', 'he wants', 'they found', a
colon). This counts the indirect attributions whose annotated cue is a reporting word (the
product's own lexicon: verbs of saying, telling, claiming and their kin) or 'according to', and
prints the recall and F1 a reader would have if it found exactly those and nothing else, with
the commonest other cues.

    python benchmarks/reported_speech_ceiling.py
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scoring_rules import SETS, load  # noqa: E402

from summarizer.lexicon import REPORTING_WORDS, SPEECH_VERBS, STATEMENT_ONLY_VERBS  # noqa: E402

REPORTING = {w.lower() for w in REPORTING_WORDS | SPEECH_VERBS | STATEMENT_ONLY_VERBS}


def is_reported_speech(cue: str) -> bool:
    cue = cue.lower()
    return "according to" in cue or any(word.strip(",.;:") in REPORTING for word in cue.split())


def main() -> int:
    for name in SETS:
        every = [a for row in load(name) for a in row["attributions"]]
        indirect = [a for a in every if a["kind"] == "indirect"]
        speech = [a for a in indirect if is_reported_speech(a.get("cue") or "")]
        other = Counter((a.get("cue") or "(no cue)").lower() for a in indirect if a not in speech)
        recall = len(speech) / len(indirect)
        print(f"{name}: {len(indirect)} indirect attributions, {len(speech)} with a reporting cue; "
              f"best recall {recall:.3f}, best F1 @ any overlap {2 * recall / (1 + recall):.3f}")
        both = (len(every) - len(indirect) + len(speech)) / len(every)
        print(f"  direct + indirect ({len(every)}), every direct one found too: best recall {both:.3f}, "
              f"best F1 {2 * both / (1 + both):.3f}")
        print("  commonest other cues:", ", ".join(f"{cue!r} {n}" for cue, n in other.most_common(12)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
