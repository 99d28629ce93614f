"""What the model is asked to return, one small question at a time.

These wire formats are deliberately compact (positional arrays, no repeated keys): output tokens
are the expensive part on a laptop, and every key the model must type costs time. The pipeline
turns the answers into an ``ArticleSummary``. Validators ask the article check in the validation
context (``summarizer.grounding``) and reject names that the article never mentions, so
instructor re-asks with the reason. A list answer names its rows' field (``rows_field``), so
the pipeline can keep the valid rows of an answer that failed as a whole.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from .summary_v2 import AgreementStatus, ParticipantKind

NOT_SPEECH = "-"

Name = Annotated[str, Field(max_length=80)]
Short = Annotated[str, Field(max_length=120)]
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


class ParticipantsAnswer(ListAnswer):
    """[name as written, kind, role or "", affiliation or ""] per participant."""

    rows_field: ClassVar[str] = "participants"
    participants: list[tuple[Name, ParticipantKind, Short, Short]] = Field(max_length=20)

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
    summary: str = Field(min_length=20, max_length=700)


class SpeakerAnswer(BaseModel):
    """Who said one quotation: a name the article uses, or NOT_SPEECH."""

    model_config = ConfigDict(extra="forbid")
    speaker: Name

    @field_validator("speaker")
    @classmethod
    def _grounded(cls, speaker: str, info: ValidationInfo):
        if not speaker.strip():
            raise ValueError(f"give a name, or {NOT_SPEECH!r} if these are not anyone's words")
        if len(speaker.split()) > 8:
            raise ValueError(f"{speaker[:60]!r}... is not a name; give only the speaker's name, or {NOT_SPEECH!r}")
        check = _check(info)
        if speaker.strip() == NOT_SPEECH or check is None:
            return speaker.strip()
        if not check.names_in_full(speaker):
            raise ValueError(
                f"{speaker!r} is not named in the article; for 'he'/'she' or a title give the "
                f"full name the article uses for that person, or {NOT_SPEECH!r}"
            )
        return speaker.strip()
