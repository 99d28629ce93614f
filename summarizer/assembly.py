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
from .schemas import NOT_SPEECH, SCHEMA_VERSION, Agreement, ArticleSummary, Participant, Quote


def assemble(
    article: Article,
    quotes: list[QuoteSpan],
    participant_rows: list[tuple[str, str, str, str]],
    decisions: list[Decision],
    agreement_rows: list[tuple[str, list[str], str]],
    summary: str,
    warnings: list[str] | None = None,
) -> ArticleSummary:
    text = article.text
    participants = participants_from_rows(participant_rows, text)
    quote_items = quotes_with_speakers(quotes, decisions, participants, text)
    names = [p["name"] for p in participants]
    agreements = agreements_from_rows(agreement_rows, [q.text for q in quotes], names, text, warnings)
    # after quotes and agreements, so speaker and party names are matched as before
    participants += countries_taking_part(participants, agreements, text)
    participants, quote_items = only_valid(participants, quote_items, agreements, text, warnings)
    data = {
        "schema_version": SCHEMA_VERSION,
        "summary": summary,
        "participants": participants,
        "agreements": agreements,
        "quotes": quote_items,
    }
    try:
        return ArticleSummary.model_validate(data, context=validation_context(text))
    except ValueError as e:
        raise ModelOutputError(f"assembled summary failed validation: {str(e).splitlines()[0]}") from None


def quotes_with_speakers(
    quotes: list[QuoteSpan], decisions: list[Decision], participants: list[dict[str, Any]], text: str
) -> list[dict[str, Any]]:
    """Each quotation someone said, with its speaker named as the participants are, how the
    speaker was decided and where the article names them; a speaker the participants lack,
    and that is a name, joins them as a person (in place)."""
    names = [p["name"] for p in participants]
    items = []
    for quote, decision in zip(quotes, decisions):
        speaker = (decision.speaker or "").strip()
        if not speaker or speaker == NOT_SPEECH:
            continue
        if not decision.nominal:  # 'A spokesperson for X' is kept as written, and is no participant
            speaker = canonical_name(as_written(clean_name(speaker, text), text), names, cast_of(text).sex)
        if (not decision.nominal and speaker not in names and speaker[:1].isupper()
                and is_mentioned(speaker, text) and is_name_like(speaker, text)):
            participants.append({"name": speaker, "kind": "person", "role": None, "affiliation": None})
            names.append(speaker)
        start = decision.start if decision.start is not None else quote.start
        mention = decision.mention if decision.mention and names_at(text, speaker, *decision.mention) else None
        mention = mention or mention_of(text, speaker, quote.start, quote.end)
        items.append({"text": text[start : quote.end], "speaker": speaker, "start": start, "end": quote.end,
                      "speaker_source": decision.source, "speaker_start": mention[0] if mention else None,
                      "speaker_end": mention[1] if mention else None})
    return items


def names_at(text: str, name: str, start: int, end: int) -> bool:
    return ArticleCheck(text).names_at(name, start, end)


def only_valid(participants: list, quotes: list, agreements: list, text: str, warnings: list[str] | None):
    """A last net under the checks above, with the output schema's own validators: a
    participant, quote or agreement party that would fail them (a name the article does not
    mention) is dropped and reported, so one bad name never fails the whole article."""
    context = validation_context(text)

    def valid(model: type, item: dict, what: str) -> bool:
        try:
            model.model_validate(item, context=context)
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
