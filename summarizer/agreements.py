"""Agreements: which sentences may state one (the question is asked only then), the dates the
text writes for them, joint titles, and what is not an agreement's title."""

from __future__ import annotations

import re
from typing import Any

from rapidfuzz import fuzz

from .folding import plain
from .lexicon import AGREEMENT_NOUNS, CONCLUDING_VERBS, MONTHS
from .names import as_written
from .participants import canonical_name
from .sentences import sentences

_AGREEMENT_WORDS = re.compile(
    r"\b(%s)\b" % "|".join(sorted({*AGREEMENT_NOUNS, *AGREEMENT_NOUNS.values(), *CONCLUDING_VERBS})),
    re.IGNORECASE,
)
_SINGULAR = {plural: singular for singular, plural in AGREEMENT_NOUNS.items()}
_JOINT_TITLE = re.compile(
    r"^(?P<first>.+?)\s+and\s+(?P<second>.+?)\s+(?P<noun>%s)$" % "|".join(sorted(_SINGULAR)),
    re.IGNORECASE,
)


def _month_pattern() -> str:
    """'Jan', 'Jan.', 'January', 'Sept' ...: the full name, its first three letters, or the
    abbreviation news copy uses."""
    forms = {form for name, short in MONTHS.items() for form in (name, name[:3], short) if form}
    return r"(?:%s)\.?" % "|".join(sorted(forms, key=len, reverse=True))


_MONTH = _month_pattern()
_DATE = re.compile(
    rf"\b(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?"
    rf"|{_MONTH}\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\b"
)


def agreement_sentences(text: str, limit: int = 12) -> list[str]:
    """Sentences that may mention an agreement; none means the question is not asked."""
    return [s for s in sentences(text) if _AGREEMENT_WORDS.search(s)][:limit]


def stated_date(text: str, title: str) -> str | None:
    """A date written in a sentence that names the agreement, else None (never guessed)."""
    title_words = set(plain(title).split())
    for sentence in agreement_sentences(text, limit=50):
        words = set(plain(sentence).split())
        if title_words and len(title_words & words) >= len(title_words) / 2:
            m = _DATE.search(sentence)
            if m:
                return m.group(0)
    return None


def split_joint_titles(rows: list) -> list:
    """'Double Taxation and Science Agreements' names two agreements: list each one."""
    out = []
    for row in rows:
        m = _JOINT_TITLE.match(row[0].strip())
        if m:
            plural = m.group("noun")
            singular = _SINGULAR[plural.lower()]
            noun = singular.title() if plural[0].isupper() else singular
            noun = "MoU" if singular == "mou" else noun
            out += [(f"{m.group('first')} {noun}", *row[1:]), (f"{m.group('second')} {noun}", *row[1:])]
        else:
            out.append(row)
    return out


def is_quoted_speech(title: str, quoted: list[str]) -> bool:
    """A small model sometimes offers a quoted sentence as an agreement's title, even with a
    word changed ('... with which we have a free trade deal')."""
    words = plain(title)
    return len(words.split()) > 8 and any(fuzz.partial_ratio(words, q) >= 90 for q in quoted)


def agreements_from_rows(
    rows: list[tuple[str, list[str], str]], quoted: list[str], names: list[str], text: str
) -> list[dict[str, Any]]:
    """Agreements from the model's rows: joint titles split, each title once, no quoted
    sentence as a title, parties as the article writes them and as the participants are named,
    dates only as the text states them."""
    agreements, seen_titles = [], set()
    quoted = [plain(q) for q in quoted]
    rows = [(title, [party for party in parties if party.strip()], status) for title, parties, status in rows]
    for title, parties, status in split_joint_titles(rows):
        if not plain(title) or plain(title) in seen_titles or is_quoted_speech(title, quoted):
            continue
        seen_titles.add(plain(title))
        agreements.append(
            {
                "title": title,
                "parties": _unique([canonical_name(as_written(p, text), names) for p in parties]),
                "status": status,
                "date": stated_date(text, title),
            }
        )
    return agreements


def _unique(values: list[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        if v not in out:
            out.append(v)
    return out
