"""Compare predicted summaries with hand-checked gold ones, field by field.

Quotes match when their character spans overlap by at least a threshold; statements (reported
speech) too, on the articles whose gold file lists them. The default overlap
is the share of the gold quote's characters that the prediction covers (the measure used by
the Gender Gap Tracker's published quote-extraction scores, so figures are comparable);
``iou`` (intersection over union) is stricter and also penalizes over-long predictions.
Matching is one-to-one and greedy, gold in order, best overlap first.

Names are matched by the evaluator's own small rules, never by the product's name code, so a
bug there shows in the figures instead of hiding in them (``same_person``, ``in_article``):
case, accents, punctuation, possessives, honorifics, a few titles and a US party-and-state tag
('(D-Mo.)') are ignored; two names
match when they are equal, when the shorter one's words are all in the longer one and both end
in the same word (a surname matches the full name, a middle name may be left out), when one
word alone opens the other (a family name written first: 'Wang' for 'Wang Qishan'), or when the
spellings are near-identical (rapidfuzz token sort ratio >= 88). Honorifics of the other sex
never match ('Mr. Obama' is not 'Mrs. Obama').
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from rapidfuzz import fuzz

from .lexicon import ARTICLES
from .names import is_acronym_of
from .schemas import ArticleSummary

THRESHOLDS = (0.3, 0.8)
Span = tuple[int, int]


# ------------------------------------------------------------------------------ matching


_HONORIFICS = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "dr": None, "sir": "m"}
_TITLES = {
    "president", "prime", "minister", "senator", "sen", "rep", "gov", "governor", "mayor", "judge",
    "justice", "secretary", "former", "premier", "councillor", "councilor", "chief", "prof", "professor",
    "representative",
}


def words_of(text: str) -> list[str]:
    """Plain words: lower case, accents and punctuation gone, possessive 's dropped."""
    text = unicodedata.normalize("NFKD", text.replace("\u0131", "i").replace("\u0130", "I"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"['\u2019]s\b", "", text)
    return re.findall(r"[^\W_]+", text)


_PARTY_TAG = re.compile(r"\s*\(?\b[DRI]-[A-Z][\w.]*\)?\.?$")  # 'Sen. Claire McCaskill (D-Mo.)'


def _name_words(name: str) -> tuple[list[str], str | None]:
    """The name's words without honorifics, titles, a party-and-state tag or the place or body
    after a titled name ('Gov. Earl Ray Tomblin of West Virginia', 'Mr. Morgan of the Sierra
    Club'), and the sex an honorific states."""
    words = words_of(_PARTY_TAG.sub("", name))
    titled = bool(words) and (words[0] in _HONORIFICS or words[0] in _TITLES)  # not 'Bank of Canada'
    of = next((k for k, w in enumerate(words) if w == "of" and any(
        n not in _HONORIFICS and n not in _TITLES for n in words[:k])), None)  # not 'Prime Minister of Canada X'
    if titled and of is not None:
        words = words[:of]
    sex = next((_HONORIFICS[w] for w in words[:1] if w in _HONORIFICS), None)
    return [w for w in words if w not in _HONORIFICS and w not in _TITLES], sex


def same_person(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    if is_acronym_of(a, b) or is_acronym_of(b, a):
        return True  # 'the IMF', 'International Monetary Fund'
    if _description(a) and _description(b):  # 'the official' and 'a justice official'; not 'the official', 'the mayor'
        da, db = ([w for w in words_of(x) if w not in ARTICLES] for x in (a, b))
        small, large = sorted((da, db), key=len)
        return bool(small) and all(w in large for w in small)
    (wa, sa), (wb, sb) = _name_words(a), _name_words(b)
    if not wa or not wb:
        return words_of(a) == words_of(b)
    if {sa, sb} == {"m", "f"}:
        return False
    small, large = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if all(w in large for w in small) and (small[-1] == large[-1] or (len(small) == 1 and small[0] == large[0])):
        return True  # the same surname, or one word that opens the name (a family name first: 'Wang')
    return fuzz.token_sort_ratio(" ".join(wa), " ".join(wb)) >= 88


def _description(speaker: str) -> bool:
    """A speaker given as a description, not a name: 'the minister', 'One of the players'; not
    'The IMF', 'The New York Times'."""
    words = speaker.split()
    lead = 1 if words and words[0].lower() in ARTICLES | {"one"} else 0
    return len(words) > lead and words[lead][:1].islower()


def in_article(name: str, article: str) -> bool:
    """Every word of the name is in the article, as a word or the start of one ('Korea' in
    'Korean')."""
    words = _name_words(name)[0] or words_of(name)
    article_words = words_of(article)
    vocabulary = set(article_words)
    return all(w in vocabulary or any(a.startswith(w) for a in article_words) for w in words)


def overlap(gold: Sequence[Span], pred: Sequence[Span], measure: str = "coverage") -> float:
    g = _chars(gold)
    p = _chars(pred)
    if not g or not p:
        return 0.0
    common = len(g & p)
    return common / len(g) if measure == "coverage" else common / len(g | p)


def _chars(spans: Sequence[Span]) -> set[int]:
    return {i for start, end in spans for i in range(start, end)}


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


def greedy_match(
    gold: list[Any], pred: list[Any], score: Callable[[Any, Any], float], threshold: float
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """One-to-one matches (gold index, pred index), then unmatched gold and pred indices."""
    free = set(range(len(pred)))
    pairs, missed = [], []
    for gi, g in enumerate(gold):
        best, best_score = None, 0.0
        for pi in sorted(free):
            s = score(g, pred[pi])
            if s >= threshold and s > best_score:
                best, best_score = pi, s
        if best is None:
            missed.append(gi)
        else:
            free.discard(best)
            pairs.append((gi, best))
    return pairs, missed, sorted(free)


# ------------------------------------------------------------------------------ quotes


@dataclass
class QuoteItem:
    spans: list[Span]
    text: str
    speaker: str | None
    score_speaker: bool = True  # False for gold pronoun/nominal mentions, left out of speaker accuracy


@dataclass
class QuoteScore:
    counts: Counts = field(default_factory=Counts)
    speaker_right: int = 0
    speaker_scored: int = 0
    speaker_skipped: int = 0

    def add(self, other: QuoteScore) -> None:
        self.counts.add(other.counts)
        self.speaker_right += other.speaker_right
        self.speaker_scored += other.speaker_scored
        self.speaker_skipped += other.speaker_skipped

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.speaker_scored if self.speaker_scored else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {**self.counts.as_dict(), "speaker_accuracy": round(self.speaker_accuracy, 4),
                "speaker_scored": self.speaker_scored, "speaker_skipped": self.speaker_skipped}


def score_quotes(
    gold: list[QuoteItem], pred: list[QuoteItem], threshold: float, measure: str = "coverage", what: str = "quote"
) -> tuple[QuoteScore, list[str]]:
    """Quotes (or statements: ``what``) matched by overlap; speakers compared on the pairs."""
    pairs, missed, extra = greedy_match(
        gold, pred, lambda g, p: overlap(g.spans, p.spans, measure), threshold
    )
    result = QuoteScore(Counts(tp=len(pairs), fp=len(extra), fn=len(missed)))
    notes = []
    for gi, pi in pairs:
        g, p = gold[gi], pred[pi]
        if not g.score_speaker:
            result.speaker_skipped += 1
            continue
        result.speaker_scored += 1
        if same_person(g.speaker, p.speaker):
            result.speaker_right += 1
        else:
            notes.append(f"{what} {_clip(g.text)}: speaker {p.speaker!r}, gold {g.speaker!r}")
    notes += [f"missed {what} {_clip(gold[i].text)} ({gold[i].speaker})" for i in missed]
    notes += [f"extra {what} {_clip(pred[i].text)} ({pred[i].speaker})" for i in extra]
    return result, notes


def quote_items(summary: ArticleSummary) -> list[QuoteItem]:
    return [QuoteItem([(q.start, q.end)], q.text, q.speaker) for q in summary.quotes]


def statement_items(summary: ArticleSummary) -> list[QuoteItem]:
    return [QuoteItem([(s.start, s.end)], s.text, s.speaker) for s in summary.statements]


def _clip(text: str, n: int = 50) -> str:
    return repr(text if len(text) <= n else text[: n - 3] + "...")


# ------------------------------------------------------------------------------ whole summaries


@dataclass
class Report:
    articles: int = 0
    quotes: dict[float, QuoteScore] = field(default_factory=lambda: {t: QuoteScore() for t in THRESHOLDS})
    # statements are scored on the articles whose gold file lists them (an empty list included)
    statement_articles: int = 0
    statements: dict[float, QuoteScore] = field(default_factory=lambda: {t: QuoteScore() for t in THRESHOLDS})
    participants: Counts = field(default_factory=Counts)
    kind_right: int = 0
    role_right: int = 0
    role_scored: int = 0
    agreements: Counts = field(default_factory=Counts)
    party_jaccard_sum: float = 0.0
    summary_names: int = 0
    summary_names_grounded: int = 0
    notes: dict[str, list[str]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        matched = self.participants.tp
        return {
            "articles": self.articles,
            "quotes": {str(t): s.as_dict() for t, s in self.quotes.items()},
            "statements": {"articles": self.statement_articles,
                           **{str(t): s.as_dict() for t, s in self.statements.items()}}
            if self.statement_articles else None,
            "participants": {
                **self.participants.as_dict(),
                "kind_accuracy": round(self.kind_right / matched, 4) if matched else None,
                "role_agreement": round(self.role_right / self.role_scored, 4) if self.role_scored else None,
            },
            "agreements": {
                **self.agreements.as_dict(),
                "party_agreement": round(self.party_jaccard_sum / self.agreements.tp, 4)
                if self.agreements.tp else None,
            },
            "summary": {
                "names": self.summary_names,
                "grounded": self.summary_names_grounded,
                "grounded_share": round(self.summary_names_grounded / self.summary_names, 4)
                if self.summary_names else None,
            },
        }


def compare(
    gold: ArticleSummary, pred: ArticleSummary, article_text: str | None = None,
    article_id: str = "article", report: Report | None = None, measure: str = "coverage",
) -> Report:
    """Add one article's comparison to ``report`` (a new one by default) and return it."""
    report = report or Report()
    report.articles += 1
    notes: list[str] = []
    for t in THRESHOLDS:
        score, quote_notes = score_quotes(quote_items(gold), quote_items(pred), t, measure)
        report.quotes[t].add(score)
        if t == max(THRESHOLDS):
            notes += quote_notes
    if "statements" in gold.model_fields_set:  # a gold file without the field says nothing of them
        report.statement_articles += 1
        for t in THRESHOLDS:
            score, statement_notes = score_quotes(statement_items(gold), statement_items(pred), t, measure, "statement")
            report.statements[t].add(score)
            if t == max(THRESHOLDS):
                notes += statement_notes

    pairs, missed, extra = greedy_match(
        gold.participants, pred.participants, lambda g, p: float(same_person(g.name, p.name)), 1.0
    )
    report.participants.add(Counts(len(pairs), len(extra), len(missed)))
    for gi, pi in pairs:
        g, p = gold.participants[gi], pred.participants[pi]
        report.kind_right += g.kind == p.kind
        if g.role:
            report.role_scored += 1
            report.role_right += bool(p.role) and fuzz.token_set_ratio(" ".join(words_of(g.role)), " ".join(words_of(p.role))) >= 60
    notes += [f"missed participant {gold.participants[i].name!r}" for i in missed]
    notes += [f"extra participant {pred.participants[i].name!r}" for i in extra]

    pairs, missed, extra = greedy_match(
        gold.agreements, pred.agreements,
        lambda g, p: fuzz.token_set_ratio(" ".join(words_of(g.title)), " ".join(words_of(p.title))) / 100, 0.6,
    )
    report.agreements.add(Counts(len(pairs), len(extra), len(missed)))
    for gi, pi in pairs:
        report.party_jaccard_sum += _party_agreement(gold.agreements[gi].parties, pred.agreements[pi].parties)
    notes += [f"missed agreement {gold.agreements[i].title!r}" for i in missed]
    notes += [f"extra agreement {pred.agreements[i].title!r}" for i in extra]

    if article_text is not None:
        names = summary_names(pred.summary)
        report.summary_names += len(names)
        grounded = [n for n in names if in_article(n, article_text)]
        report.summary_names_grounded += len(grounded)
        notes += [f"summary names {n!r}, not in the article" for n in names if n not in grounded]
    if notes:
        report.notes[article_id] = notes
    return report


def _party_agreement(gold: list[str], pred: list[str]) -> float:
    if not gold and not pred:
        return 1.0
    pairs, _missed, _extra = greedy_match(gold, pred, lambda g, p: float(same_person(g, p)), 1.0)
    return len(pairs) / (len(gold) + len(pred) - len(pairs))


_TOKEN = re.compile(r"[^\s]+")


def summary_names(summary: str) -> list[str]:
    """Runs of capitalized words: the names a summary mentions. A sentence's first word is
    capitalized anyway, so it is dropped from a run that starts a sentence."""
    names: set[str] = set()
    run: list[str] = []
    sentence_start = True
    for token in _TOKEN.findall(summary):
        word = token.strip("\"'()[],;:\u201c\u201d\u2018\u2019")
        ends_sentence = token.rstrip("\"'\u201d\u2019)").endswith((".", "!", "?"))
        if word[:1].isupper() or (run and word == "&"):
            if not (sentence_start and not run):
                run.append(word.rstrip("."))
        else:
            _flush(names, run)
        if ends_sentence or token.endswith((",", ";", ":")):
            _flush(names, run)
        sentence_start = ends_sentence
    _flush(names, run)
    return sorted(names)


def _flush(names: set[str], run: list[str]) -> None:
    while run and run[-1] == "&":
        run.pop()
    if run:
        names.add(" ".join(run))
    run.clear()
