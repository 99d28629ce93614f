"""The answers and what code found, put together into one ArticleSummary, validated against
the article. Nothing ungrounded leaves here: a name that would fail the output schema is
dropped and reported, never output."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from .agreements import agreements_from_rows
from .article import Article
from .attribution import Decision, mention_of
from .errors import ModelOutputError
from .grounding import ArticleCheck, validation_context
from .names import as_written, clean_name, is_mentioned, is_name_like
from .participants import canonical_name, countries_taking_part, participants_from_rows
from .people import cast_of
from .quotes import QuoteSpan
from .schemas import NOT_SPEECH, SCHEMA_VERSION, Agreement, ArticleSummary, Participant, Quote, Statement
from .statements import Reported


def assemble(
    article: Article,
    quotes: list[QuoteSpan],
    participant_rows: list[tuple[str, str, str, str]],
    decisions: list[Decision],
    agreement_rows: list[tuple[str, list[str], str]],
    summary: str,
    warnings: list[str] | None = None,
    statements: list[tuple[Reported, Decision]] | None = None,
) -> ArticleSummary:
    text = article.text
    participants = participants_from_rows(participant_rows, text)
    quote_items = quotes_with_speakers(quotes, decisions, participants, text)
    statement_items = statements_with_speakers(statements or [], participants, text)
    names = [p["name"] for p in participants]
    agreements = agreements_from_rows(agreement_rows, [q.text for q in quotes], names, text, warnings)
    # after quotes and agreements, so speaker and party names are matched as before
    participants += countries_taking_part(participants, agreements, text)
    participants, quote_items = only_valid(participants, quote_items, agreements, text, warnings)
    context = validation_context(text)
    statement_items = [s for s in statement_items if _valid(Statement, s, "statement", context, warnings)]
    data = {
        "schema_version": SCHEMA_VERSION,
        "summary": summary,
        "participants": participants,
        "agreements": agreements,
        "quotes": quote_items,
        "statements": statement_items,
    }
    link_mixed_quotes(quote_items, statement_items)
    try:
        return ArticleSummary.model_validate(data, context=context)
    except ValueError as e:
        raise ModelOutputError(f"assembled summary failed validation: {str(e).splitlines()[0]}") from None


def quotes_with_speakers(
    quotes: list[QuoteSpan], decisions: list[Decision], participants: list[dict[str, Any]], text: str
) -> list[dict[str, Any]]:
    """Each quotation someone said, with its speaker named as the participants are, how the
    speaker was decided and where the article names them; a speaker the participants lack,
    and that is a name, joins them as a person (in place)."""
    items = []
    for quote, decision in zip(quotes, decisions):
        speaker = _speaker(decision, participants, text)
        if speaker is None:
            continue
        start = decision.start if decision.start is not None else quote.start
        items.append({"text": text[start : quote.end], "speaker": speaker, "start": start, "end": quote.end,
                      **_speaker_fields(decision, speaker, quote.start, quote.end, text)})
    return items


def statements_with_speakers(
    statements: list[tuple[Reported, Decision]], participants: list[dict[str, Any]], text: str
) -> list[dict[str, Any]]:
    """Each statement whose speaker is decided, named as quotes' speakers are (a name the
    participants lack joins them); its cue as the article writes it. Open ones are left out."""
    items = []
    for found, decision in statements:
        speaker = _speaker(decision, participants, text)
        if speaker is None:
            continue
        items.append({"text": text[found.start : found.end], "speaker": speaker, "start": found.start,
                      "end": found.end, "cue": text[found.cue_start : found.cue_end],
                      "cue_start": found.cue_start, "cue_end": found.cue_end,
                      **_speaker_fields(decision, speaker, found.start, found.end, text)})
    return items


def _speaker(decision: Decision, participants: list[dict[str, Any]], text: str) -> str | None:
    """The speaker as the participants name them; None for no speaker (open, or not speech).
    A name the participants lack joins them as a person (in place); a nominal ('A
    spokesperson for X') is kept as written, and is no participant."""
    speaker = (decision.speaker or "").strip()
    if not speaker or speaker == NOT_SPEECH:
        return None
    if decision.nominal:
        return speaker
    names = [p["name"] for p in participants]
    speaker = as_written(clean_name(speaker, text), text)
    cast = cast_of(text)
    # a person the text names goes to no organization named after them ('Schicketanz' is not 'Studio Schicketanz')
    person = any(speaker in (m.name, cast.full_name(m.name)) for m in cast.mentions)
    speaker = canonical_name(speaker, [p["name"] for p in participants if p["kind"] == "person"] if person else names,
                             cast.sex)
    if speaker not in names and speaker[:1].isupper() and is_mentioned(speaker, text) and is_name_like(speaker, text):
        participants.append({"name": speaker, "kind": "person", "role": None, "affiliation": None})
    return speaker


def _speaker_fields(decision: Decision, speaker: str, start: int, end: int, text: str) -> dict[str, Any]:
    """How the speaker was decided, and the article's mention of them: the one the cue read,
    else the nearest to the words said at ``start:end``."""
    mention = decision.mention if decision.mention and names_at(text, speaker, *decision.mention) else None
    mention = mention or mention_of(text, speaker, start, end)
    return {"speaker_source": decision.source, "speaker_start": mention[0] if mention else None,
            "speaker_end": mention[1] if mention else None}


def link_mixed_quotes(quotes: list[dict[str, Any]], statements: list[dict[str, Any]]) -> None:
    """A quotation inside a statement (a mixed quote) and the statement point at each other:
    ``quote["statement"]``, ``statement["quotes"]`` (indices in the output lists)."""
    for n, statement in enumerate(statements):
        held = [i for i, q in enumerate(quotes) if statement["start"] <= q["start"] and q["end"] <= statement["end"]
                and q.get("statement") is None]
        if held:
            statement["quotes"] = held
            for i in held:
                quotes[i]["statement"] = n


def names_at(text: str, name: str, start: int, end: int) -> bool:
    return ArticleCheck(text).names_at(name, start, end)


def only_valid(participants: list, quotes: list, agreements: list, text: str, warnings: list[str] | None):
    """A last net under the checks above, with the output schema's own validators: a
    participant, quote or agreement party that would fail them (a name the article does not
    mention) is dropped and reported, so one bad name never fails the whole article."""
    context = validation_context(text)
    for agreement in agreements:
        agreement["parties"] = [
            p for p in agreement["parties"] if _valid(Agreement, {**agreement, "parties": [p]}, "party", context, warnings)
        ]
    return (
        [p for p in participants if _valid(Participant, p, "participant", context, warnings)],
        [q for q in quotes if _valid(Quote, q, "quote", context, warnings)],
    )


def _valid(model: type, item: dict, what: str, context: dict, warnings: list[str] | None) -> bool:
    try:
        model.model_validate(item, context=context)
        return True
    except ValidationError as e:
        if warnings is not None:
            warnings.append(f"{what} dropped: {e.errors()[0]['msg']}")
        return False
