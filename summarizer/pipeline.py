"""Article -> validated ArticleSummary. The one function the CLI, batch and evaluation call.

Code finds what code can find (quotation spans, offsets); the model answers small questions,
one at a time, with the article first so its evaluated prefix is reused between questions:
who takes part, who said each numbered quotation, which agreements, and a short summary.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pydantic import ValidationError
from rapidfuzz import fuzz

from . import prompts_loader
from .article import Article
from .attribution import attribute, sentence_ends
from .backends.base import Backend, Usage
from .cache import Cache, CacheEntry, cache_key
from .countries import country_name
from .errors import InputError, ModelOutputError
from .grounding import as_written, clean_name, is_mentioned, is_name_like, is_named_in_full, plain, same_entity
from .llm import ask
from .quotes import QuoteSpan, find_quotes
from .schemas import (
    NOT_SPEECH,
    SCHEMA_VERSION,
    Agreement,
    AgreementsAnswer,
    ArticleSummary,
    Participant,
    ParticipantsAnswer,
    Quote,
    SummaryAnswer,
    SpeakerAnswer,
)

# Bump when code that shapes results changes (cue reading, assembly): cached results expire.
PIPELINE_VERSION = "15"

# Output budget per question; lists are bounded in the schemas too, so a looping model stops.
MAX_TOKENS = {"participants": 900, "speakers": 60, "agreements": 500, "summary": 300}
# List answers (participants, agreements) keep their valid rows once the budget is spent, so a
# re-ask can only add what a failed row would have said. In the dev-set runs at version 12 (the
# grammar-constrained embedded model), 50 of 62 re-asks were spent in loops that failed anyway,
# mostly on lists: one re-ask for them there. An unconstrained model can also fail on the form
# of its answer (bad JSON), which only a re-ask mends: it keeps the whole budget.
LIST_REASKS = 1


@dataclass
class Result:
    article: Article
    summary: ArticleSummary
    meta: dict[str, Any]
    cached: bool
    key: str


@dataclass
class Options:
    use_cache: bool = True
    refresh: bool = False
    max_reasks: int = 2


def summarize(
    article: Article, backend: Backend, cache: Cache | None = None, options: Options | None = None
) -> Result:
    options = options or Options()
    key = cache_key(
        {
            "article": article.text,
            "title": article.title,
            "schema_version": SCHEMA_VERSION,
            "schema": schema_fingerprint(),
            "prompts": prompts_loader.fingerprint(),
            "prompt_version": prompts_loader.PROMPT_VERSION,
            "pipeline_version": PIPELINE_VERSION,
            "max_reasks": options.max_reasks,  # a smaller budget can give another answer
            **backend.describe(),
        }
    )
    if cache is None or not options.use_cache:
        return _compute(article, backend, None, options, key)
    with cache.lock(key):
        if not options.refresh:
            entry = cache.get(key, article.text)
            if entry is not None:
                return Result(article, entry.summary, entry.meta, cached=True, key=key)
        return _compute(article, backend, cache, options, key)


def _compute(article: Article, backend: Backend, cache: Cache | None, options: Options, key: str) -> Result:
    started = time.perf_counter()
    usage = Usage()
    warnings: list[str] = []
    summary = extract(article, backend, usage, options.max_reasks, warnings)
    meta = {
        "source": article.source,
        "article_sha256": article.sha256,
        "backend": backend.name,
        "model": backend.model_id,
        "prompt_version": prompts_loader.PROMPT_VERSION,
        "schema_version": SCHEMA_VERSION,
        "usage": usage.as_dict(),
        "warnings": warnings,
        "seconds": round(time.perf_counter() - started, 3),
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    if cache is not None:
        cache.put(key, CacheEntry(summary=summary, meta=meta))
    return Result(article, summary, meta, cached=False, key=key)


def extract(
    article: Article, backend: Backend, usage: Usage, max_reasks: int = 2,
    warnings: list[str] | None = None,
) -> ArticleSummary:
    """Ask the model the four questions and assemble a grounded summary."""
    quotes = find_quotes(article.text)
    prefix = _prefix_messages(article, quotes)
    check_length(article, backend, prefix)
    context = {"article": article.text}
    backend.start_document()

    def question(name: str, model: type, **values: Any):
        messages = prefix[:-1] + [
            {"role": "user", "content": prefix[-1]["content"] + "\n\n" + prompts_loader.render(name, **values)}
        ]
        budget = min(max_reasks, LIST_REASKS) if backend.constrained and hasattr(model, "salvage") else max_reasks
        return ask(backend, messages, model, context, usage, budget, MAX_TOKENS[name], warnings, unmarked)

    def ask_speaker(number: int, quote: QuoteSpan) -> str:
        try:
            return question(
                "speakers", SpeakerAnswer, number=number, quote=quote.text,
                passage=passage(article.text, quote), not_speech=NOT_SPEECH,
            ).speaker
        except ModelOutputError as e:  # no grounded speaker: leave the quote out, say so
            if warnings is not None:
                warnings.append(f"quote {quote.text[:40]!r} left out: {e}")
            return NOT_SPEECH

    participants = named_in_full(question("participants", ParticipantsAnswer).participants, article.text, warnings)
    speakers = attribute(article.text, quotes, ask_speaker, NOT_SPEECH)
    sentences = agreement_sentences(article.text)
    agreements = question("agreements", AgreementsAnswer, sentences=sentences).agreements if sentences else []
    summary = question("summary", SummaryAnswer).summary
    return assemble(article, quotes, participants, speakers, agreements, summary, warnings)


# The [Q1] markers the article is shown with; a small model sometimes copies one into an
# answer ('[Q1] Anna Berg'). Removed from the raw answer, before validation, in one place: at
# a string's start with the space after it, elsewhere with the space before it.
_MARKER = re.compile(r'(?<=")\[Q\d+\]\s*|\s*\[Q\d+\]')


def unmarked(answer: str) -> str:
    return _MARKER.sub("", answer)


def named_in_full(rows: list, text: str, warnings: list[str] | None) -> list:
    """Participant rows whose every distinctive word is in the article, and that are names. The
    validator re-asks only for names the article never has; a name built on one real word
    ('Bloomberg Weather' from 'Bloomberg', a looping list) or a phrase copied from the article
    ('We need the money in order for the') is dropped here, without another question, and reported."""
    kept = []
    for name, *rest in rows:
        if not (name.strip() and is_named_in_full(name, text)):
            problem = "the article does not name it in full"
        elif not is_name_like(name, text):
            problem = "not a name"
        else:
            kept.append((name, *rest))
            continue
        if warnings is not None:
            warnings.append(f"participant {name[:60]!r} dropped: {problem}")
    return kept


# Agreement nouns, or the verbs of concluding one. Not 'approval' or 'declaration': in
# political news those are mostly approval ratings and statements, and each false trigger
# costs a model question.
_AGREEMENT_WORDS = re.compile(
    r"\b(agreements?|accords?|treaty|treaties|deals?|pacts?|memorand(?:um|a)|MoUs?|contracts?|"
    r"protocols?|conventions?|signed|ratified|approved)\b",
    re.IGNORECASE,
)


def sentences(text: str) -> list[str]:
    """The article's sentences, paragraph by paragraph ('Rep. Smith' and 'U.S.' do not end one)."""
    found = []
    for para in text.split("\n"):
        start = 0
        for end in sentence_ends(para):
            found.append(para[start : end.end()])
            start = end.end()
        found.append(para[start:])
    return [s.strip() for s in found if s.strip()]


def agreement_sentences(text: str, limit: int = 12) -> list[str]:
    """Sentences that may mention an agreement; none means the question is not asked."""
    return [s for s in sentences(text) if _AGREEMENT_WORDS.search(s)][:limit]


def passage(text: str, quote: QuoteSpan, max_chars: int = 700) -> str:
    """The paragraph holding the quotation, with the one before it when the paragraph alone
    may not say who speaks (it starts with the quotation or a pronoun)."""
    start = text.rfind("\n", 0, quote.start) + 1
    end = text.find("\n", quote.end)
    end = len(text) if end < 0 else end
    paragraph = text[start:end].strip()
    if start > 0 and (quote.start - start <= 2 or re.match(r"(He|She|They|It)\b", paragraph)):
        before = text[: start].rstrip()
        previous = before[before.rfind("\n") + 1 :].strip()
        paragraph = f"{previous}\n{paragraph}"
    if len(paragraph) > max_chars:
        centre = quote.start - start
        lo = max(0, centre - max_chars // 2)
        paragraph = "..." + paragraph[lo : lo + max_chars] + "..."
    return paragraph


def _prefix_messages(article: Article, quotes: list[QuoteSpan]) -> list[dict[str, str]]:
    return [
        {"role": "system", "content": prompts_loader.render("system")},
        {
            "role": "user",
            "content": prompts_loader.render(
                "article", title=article.title, marked_text=mark_quotes(article.text, quotes)
            ),
        },
    ]


def mark_quotes(text: str, quotes: list[QuoteSpan]) -> str:
    """Insert [Q1], [Q2] ... at the start of each quotation so questions can refer to them."""
    pieces, last = [], 0
    for number, quote in enumerate(quotes, 1):
        pieces.append(text[last : quote.start])
        pieces.append(f"[Q{number}] ")
        last = quote.start
    pieces.append(text[last:])
    return "".join(pieces)


def check_length(article: Article, backend: Backend, prefix: list[dict[str, str]]) -> None:
    limit = backend.context_tokens
    if limit is None:
        return
    longest_answer = max(MAX_TOKENS.values())
    needed = sum(backend.count_tokens(m["content"]) for m in prefix) + 400 + longest_answer
    if needed > limit:
        raise InputError(
            f"{article.source}: the article needs about {needed:,} tokens but the model's context "
            f"holds {limit:,}; split the article, or use a model with a longer context"
        )


# ------------------------------------------------------------------------------ assembly


def assemble(
    article: Article,
    quotes: list[QuoteSpan],
    participant_rows: list[tuple[str, str, str, str]],
    speakers: list[str],
    agreement_rows: list[tuple[str, list[str], str]],
    summary: str,
    warnings: list[str] | None = None,
) -> ArticleSummary:
    participants = merge_participants(
        [
            {"name": as_written(clean_name(name, article.text), article.text), "kind": kind, "role": role or None,
             "affiliation": affiliation or None}
            for name, kind, role, affiliation in participant_rows
        ]
    )
    names = [p["name"] for p in participants]

    quote_items = []
    for quote, speaker in zip(quotes, speakers):
        speaker = speaker.strip()
        if not speaker or speaker == NOT_SPEECH:
            continue
        speaker = canonical_name(as_written(clean_name(speaker, article.text), article.text), names)
        if (speaker not in names and speaker[:1].isupper() and is_mentioned(speaker, article.text)
                and is_name_like(speaker, article.text)):
            participants.append({"name": speaker, "kind": "person", "role": None, "affiliation": None})
            names.append(speaker)
        quote_items.append(
            {"text": quote.text, "speaker": speaker, "start": quote.start, "end": quote.end}
        )

    agreements, seen_titles = [], set()
    quoted = [plain(q.text) for q in quotes]
    agreement_rows = [(title, [party for party in parties if party.strip()], status)
                      for title, parties, status in agreement_rows]
    for title, parties, status in split_joint_titles(agreement_rows):
        if not plain(title) or plain(title) in seen_titles or _is_quoted_speech(title, quoted):
            continue
        seen_titles.add(plain(title))
        agreements.append(
            {
                "title": title,
                "parties": _unique([canonical_name(as_written(p, article.text), names) for p in parties]),
                "status": status,
                "date": stated_date(article.text, title),
            }
        )

    # after quotes and agreements, so speaker and party names are matched as before
    participants += countries_taking_part(participants, agreements, article.text)
    participants, quote_items = _only_valid(participants, quote_items, agreements, article.text, warnings)

    data = {
        "schema_version": SCHEMA_VERSION,
        "summary": summary,
        "participants": participants,
        "agreements": agreements,
        "quotes": quote_items,
    }
    try:
        return ArticleSummary.model_validate(data, context={"article": article.text})
    except ValueError as e:
        raise ModelOutputError(f"assembled summary failed validation: {str(e).splitlines()[0]}") from None


def _only_valid(participants: list, quotes: list, agreements: list, text: str, warnings: list[str] | None):
    """A last net under the checks above, with the output schema's own validators: a
    participant, quote or agreement party that would fail them (a name the article does not
    mention) is dropped and reported, so one bad name never fails the whole article."""
    def valid(model: type, item: dict, what: str) -> bool:
        try:
            model.model_validate(item, context={"article": text})
            return True
        except ValidationError as e:
            if warnings is not None:
                warnings.append(f"{what} dropped: {e.errors()[0]['msg']}")
            return False

    for agreement in agreements:
        agreement["parties"] = [
            p for p in agreement["parties"] if valid(Agreement, {**agreement, "parties": [p]}, "party")
        ]
    return (
        [p for p in participants if valid(Participant, p, "participant")],
        [q for q in quotes if valid(Quote, q, "quote")],
    )


_JOINT_TITLE = re.compile(
    r"^(?P<first>.+?)\s+and\s+(?P<second>.+?)\s+(?P<noun>Agreement|Accord|Treat(?:y|ie)|Deal|Memorand(?:um|a)|Protocol|Convention)s?$",
    re.IGNORECASE,
)


_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DATE = re.compile(
    rf"\b(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?"
    rf"|{_MONTH}\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\b"
)


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
        if m and row[0].rstrip().endswith(("s", "a")):
            noun = m.group("noun")
            noun = {"treatie": "Treaty", "Treatie": "Treaty", "memoranda": "memorandum",
                    "Memoranda": "Memorandum"}.get(noun, noun)
            out += [(f"{m.group('first')} {noun}", *row[1:]), (f"{m.group('second')} {noun}", *row[1:])]
        else:
            out.append(row)
    return out


def _is_quoted_speech(title: str, quoted: list[str]) -> bool:
    """A small model sometimes offers a quoted sentence as an agreement's title, even with a
    word changed ('... with which we have a free trade deal')."""
    words = plain(title)
    return len(words.split()) > 8 and any(fuzz.partial_ratio(words, q) >= 90 for q in quoted)


def countries_taking_part(
    participants: list[dict[str, Any]], agreements: list[dict[str, Any]], text: str
) -> list[dict[str, Any]]:
    """Countries that act through their people or sign: a participant's affiliation or an
    agreement's party that is a country the article names, and not yet a participant. A small
    model lists Turkey only as its minister's affiliation, never as a participant."""
    known = [p["name"] for p in participants]
    candidates = [p["affiliation"] for p in participants if p["affiliation"]]
    candidates += [party for a in agreements for party in a["parties"]]
    found: list[dict[str, Any]] = []
    for name in candidates:
        name = as_written(name, text)
        # as the article writes it, as a word: not 'us' for 'US', not 'Japanese' for 'Japan'
        if country_name(name) is None or not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            continue
        if any(same_entity(name, k) or country_name(k) == country_name(name) for k in known):
            continue
        known.append(name)
        found.append({"name": name, "kind": "country", "role": None, "affiliation": None})
    return found


def merge_participants(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per entity: 'Çavuşoğlu' and 'Mevlüt Çavuşoğlu' merge into the fuller name;
    a missing role or affiliation is filled from the duplicate."""
    merged: list[dict[str, Any]] = []
    for item in items:
        twin = next(
            (m for m in merged if m["kind"] == item["kind"] and same_entity(m["name"], item["name"])),
            None,
        )
        if twin is None:
            merged.append(dict(item))
            continue
        if len(item["name"]) > len(twin["name"]):
            twin["name"] = item["name"]
        for field_name in ("role", "affiliation"):
            twin[field_name] = twin[field_name] or item[field_name]
    return merged


def canonical_name(name: str, known: list[str]) -> str:
    """The fullest known name for the same entity, else the name as given."""
    matches = [k for k in known if same_entity(k, name)]
    return max(matches, key=len) if matches else name


def _unique(values: list[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        if v not in out:
            out.append(v)
    return out


@lru_cache(maxsize=1)
def schema_fingerprint() -> str:
    schemas = [ArticleSummary, ParticipantsAnswer, AgreementsAnswer, SummaryAnswer, SpeakerAnswer]
    blob = json.dumps([s.model_json_schema() for s in schemas], sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()
