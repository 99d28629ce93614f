"""What the model is asked to return, one small question at a time.

These wire formats are deliberately compact (positional arrays, no repeated keys): output tokens
are the expensive part on a laptop, and every key the model must type costs time. The pipeline
turns the answers into an ``ArticleSummary``. Validators ask the article check in the validation
context (``summarizer.grounding``) and reject names that the article never mentions, so
instructor re-asks with the reason. A list answer names its rows' field (``rows_field``), so
the pipeline can keep the valid rows of an answer that failed as a whole.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, create_model, field_validator

from .summary_v2 import AgreementStatus, ParticipantKind

NOT_SPEECH = "-"

Name = Annotated[str, Field(max_length=80)]
Short = Annotated[str, Field(max_length=120)]
Brief = Annotated[str, Field(max_length=40)]  # a role or an affiliation: a few words, not a clause
Title = Annotated[str, Field(min_length=3, max_length=120)]


def _check(info: ValidationInfo) -> Any:
    return (info.context or {}).get("check")


def _unmentioned(names: list[str], info: ValidationInfo) -> list[str]:
    check = _check(info)
    if check is None:
        return []
    return [n for n in names if n.strip() and n != NOT_SPEECH and not check.mentions(n)]


class ListAnswer(BaseModel):
    """An answer that is a list of rows, in the field ``rows_field``."""

    model_config = ConfigDict(extra="forbid")
    rows_field: ClassVar[str]

    @classmethod
    def row_model(cls) -> type[ListAnswer]:
        """The model that checks one row on its own."""
        return cls


class ParticipantsAnswer(ListAnswer):
    """[name as written, kind, role or "", affiliation or ""] per participant."""

    rows_field: ClassVar[str] = "participants"
    participants: list[tuple[Name, ParticipantKind, Brief, Brief]] = Field(max_length=12)

    @field_validator("participants")
    @classmethod
    def _grounded(cls, rows, info: ValidationInfo):
        missing = _unmentioned([row[0] for row in rows], info)
        if missing:
            raise ValueError(
                f"these names do not appear in the article: {missing}; "
                "list only participants named in the article, written as in the article"
            )
        return rows


class AgreementsAnswer(ListAnswer):
    """[title, [parties], status] per agreement signed, approved or announced. Dates are
    read from the text by code, never typed by the model (a small model invents them)."""

    rows_field: ClassVar[str] = "agreements"
    agreements: list[tuple[Title, Annotated[list[Name], Field(max_length=6)], AgreementStatus]] = (
        Field(max_length=5)
    )

    @field_validator("agreements")
    @classmethod
    def _grounded(cls, rows, info: ValidationInfo):
        check = _check(info)
        if check is None:
            return rows
        problems = []
        missing = _unmentioned([party for row in rows for party in row[1]], info)
        if missing:
            problems.append(f"these parties do not appear in the article: {missing}")
        for title, _parties, _status in rows:
            if not check.has_most_words_of(title):
                problems.append(f"the article does not name an agreement {title!r}")
        if problems:
            raise ValueError("; ".join(problems))
        return rows


class SummaryAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # 300 characters hold the two or three short sentences asked for; the model writes on past
    # any length it is told (4 of the 5 seeds' summaries ran to the old 400), and the grammar
    # cuts it there, so a cut last sentence is dropped (sentences.whole_sentences).
    summary: str = Field(min_length=20, max_length=300)


class SpeakersAnswer(ListAnswer):
    """Who said each quotation the model is asked about, in the order asked: a name the
    article uses, or NOT_SPEECH. The list has exactly as many items as quotations asked
    (``speakers_answer(n)``), so the JSON grammar enforces the count; an item that fails is
    left out on its own (``keeps_positions``), the others stand."""

    rows_field: ClassVar[str] = "speakers"
    keeps_positions: ClassVar[bool] = True
    blank_row: ClassVar[str] = NOT_SPEECH
    speakers: list[Name]

    @classmethod
    def row_model(cls) -> type[ListAnswer]:
        return SpeakersAnswer  # without the exact count of ``speakers_answer(n)``

    @field_validator("speakers")
    @classmethod
    def _grounded(cls, speakers: list[str], info: ValidationInfo):
        check = _check(info)
        problems = []
        for number, speaker in enumerate(speakers, 1):
            speaker = speaker.strip()
            if not speaker:
                problems.append(f"item {number} is empty: give a name, or {NOT_SPEECH!r} if these are not anyone's words")
            elif len(speaker.split()) > 8:
                problems.append(f"item {number} ({speaker[:40]!r}...) is not a name; give only the speaker's name")
            elif speaker != NOT_SPEECH and check is not None and not check.names_in_full(speaker):
                problems.append(
                    f"item {number} ({speaker!r}) is not named in the article; for 'he'/'she' or a title give the "
                    f"full name the article uses for that person, or {NOT_SPEECH!r}"
                )
        if problems:
            raise ValueError("; ".join(problems))
        return [s.strip() for s in speakers]


@lru_cache(maxsize=64)
def speakers_answer(count: int) -> type[SpeakersAnswer]:
    """The answer for ``count`` quotations: exactly that many names."""
    return create_model(
        "SpeakersAnswer",
        __base__=SpeakersAnswer,
        speakers=(list[Name], Field(min_length=count, max_length=count)),
    )
