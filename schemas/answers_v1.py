"""What the model is asked to return, one small question at a time.

These wire formats are deliberately compact (positional arrays, no repeated keys): output tokens
are the expensive part on a laptop, and every key the model must type costs time. The pipeline
turns the answers into an ``ArticleSummary``. Validators read the article from the validation
context and reject names that the article never mentions, so instructor re-asks with the reason.
"""

from __future__ import annotations

import json
from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from summarizer.grounding import is_mentioned, is_named_in_full, plain

from .summary_v1 import AgreementStatus, ParticipantKind

NOT_SPEECH = "-"

Name = Annotated[str, Field(max_length=80)]
Short = Annotated[str, Field(max_length=120)]
Title = Annotated[str, Field(min_length=3, max_length=120)]


def _unmentioned(names: list[str], info: ValidationInfo) -> list[str]:
    article = (info.context or {}).get("article")
    if article is None:
        return []
    return [n for n in names if n.strip() and n != NOT_SPEECH and not is_mentioned(n, article)]


class _ListAnswer(BaseModel):
    """An answer that is a list of rows; rows that fail validation can be dropped one by one."""

    model_config = ConfigDict(extra="forbid")
    rows_field: ClassVar[str]

    @classmethod
    def salvage(cls, content: str, context: dict) -> tuple[_ListAnswer, list[str]] | None:
        """Keep the valid rows of an answer that failed validation as a whole; None when the
        answer is not even a list of rows. Returns the kept answer and what was dropped."""
        try:
            rows = json.loads(content)[cls.rows_field]
            assert isinstance(rows, list)
        except (ValueError, KeyError, TypeError, AssertionError):
            return None
        kept, dropped = [], []
        for row in rows:
            try:
                cls.model_validate({cls.rows_field: [row]}, context=context)
                kept.append(row)
            except ValidationError:
                dropped.append(json.dumps(row, ensure_ascii=False)[:120])
        return cls.model_validate({cls.rows_field: kept}, context=context), dropped


class ParticipantsAnswer(_ListAnswer):
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


class AgreementsAnswer(_ListAnswer):
    """[title, [parties], status] per agreement signed, approved or announced. Dates are
    read from the text by code, never typed by the model (a small model invents them)."""

    rows_field: ClassVar[str] = "agreements"
    agreements: list[tuple[Title, Annotated[list[Name], Field(max_length=6)], AgreementStatus]] = (
        Field(max_length=5)
    )

    @field_validator("agreements")
    @classmethod
    def _grounded(cls, rows, info: ValidationInfo):
        article = (info.context or {}).get("article")
        if article is None:
            return rows
        problems = []
        missing = _unmentioned([party for row in rows for party in row[1]], info)
        if missing:
            problems.append(f"these parties do not appear in the article: {missing}")
        words = set(plain(article).split())
        for title, _parties, _status in rows:
            title_words = plain(title).split()
            if sum(w in words for w in title_words) < len(title_words) / 2:
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
        article = (info.context or {}).get("article")
        if speaker.strip() == NOT_SPEECH or article is None:
            return speaker.strip()
        if not is_named_in_full(speaker, article):
            raise ValueError(
                f"{speaker!r} is not named in the article; for 'he'/'she' or a title give the "
                f"full name the article uses for that person, or {NOT_SPEECH!r}"
            )
        return speaker.strip()
