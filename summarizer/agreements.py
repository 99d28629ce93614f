"""Agreements: which sentences may state one (the question is asked only then), the dates the
text writes for them, joint titles, and what is not an agreement's title."""

from __future__ import annotations

import re
from typing import Any

from rapidfuzz import fuzz

from .folding import plain
from .lexicon import AGREEMENT_NOUNS, CONCLUDING_VERBS, LEGAL_DOCUMENTS, MONTHS
from .names import as_written, is_mentioned
from .participants import canonical_name
from .sentences import sentences

_AGREEMENT_NOUN = re.compile(r"\b(%s)\b" % "|".join(sorted({*AGREEMENT_NOUNS, *AGREEMENT_NOUNS.values()})), re.IGNORECASE)
_CONCLUDING = re.compile(r"\b(%s)\b" % "|".join(sorted(CONCLUDING_VERBS)), re.IGNORECASE)
_LEGAL_DOCUMENT = re.compile(r"\b(%s)s?\b" % "|".join(sorted(LEGAL_DOCUMENTS)), re.IGNORECASE)
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


def states_an_agreement(sentence: str) -> bool:
    """The sentence names an agreement ('a partnership agreement', 'the accord', 'an MoU'), or
    concludes a legal document ('signed the bill into law'); 'a TV signed by both guests' is
    an autograph, not an agreement."""
    return bool(_AGREEMENT_NOUN.search(sentence) or (_CONCLUDING.search(sentence) and _LEGAL_DOCUMENT.search(sentence)))


def agreement_sentences(text: str, limit: int = 12) -> list[str]:
    """Sentences that may state an agreement; none means the question is not asked."""
    return [s for s in sentences(text) if states_an_agreement(s)][:limit]


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


def stating_sentences(text: str, title: str) -> list[str]:
    """The sentences that state this agreement (sharing most of its title's words), with the
    sentence after each ('... signed by the library's chair and the college's president');
    every agreement sentence when none names it so."""
    found = sentences(text)
    title_words = set(plain(title).split())
    stating = []
    for k, sentence in enumerate(found):
        words = set(plain(sentence).split())
        if states_an_agreement(sentence) and title_words and len(title_words & words) >= len(title_words) / 2:
            stating += found[k : k + 2]
    return stating or [s for s in found if states_an_agreement(s)]


def is_quoted_speech(title: str, quoted: list[str]) -> bool:
    """A small model sometimes offers a quoted sentence as an agreement's title, even with a
    word changed ('... with which we have a free trade deal')."""
    words = plain(title)
    return len(words.split()) > 8 and any(fuzz.partial_ratio(words, q) >= 90 for q in quoted)


def agreements_from_rows(
    rows: list[tuple[str, list[str], str]], quoted: list[str], names: list[str], text: str,
    warnings: list[str] | None = None,
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
        stating = " ".join(stating_sentences(text, title))
        dropped = [p for p in parties if not is_mentioned(p, stating)]  # who the text says concluded it
        parties = [p for p in parties if p not in dropped]
        if warnings is not None:
            warnings += [f"party {p!r} of {title!r} dropped: the sentences stating it do not name it" for p in dropped]
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
