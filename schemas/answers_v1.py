"""What the model is asked to return, one small question at a time.

These wire formats are deliberately compact (positional arrays, no repeated keys): output tokens
are the expensive part on a laptop, and every key the model must type costs time. The pipeline
turns the answers into an ``ArticleSummary``. Validators read the article from the validation
context and reject names that the article never mentions, so instructor re-asks with the reason.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from summarizer.grounding import is_mentioned, plain

from .summary_v1 import AgreementStatus, ParticipantKind

NOT_SPEECH = "-"

Name = Annotated[str, Field(max_length=80)]
Short = Annotated[str, Field(max_length=120)]


def _unmentioned(names: list[str], info: ValidationInfo) -> list[str]:
    article = (info.context or {}).get("article")
    if article is None:
        return []
    return [n for n in names if n.strip() and n != NOT_SPEECH and not is_mentioned(n, article)]


class ParticipantsAnswer(BaseModel):
    """[name as written, kind, role or "", affiliation or ""] per participant."""

    model_config = ConfigDict(extra="forbid")
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


class AgreementsAnswer(BaseModel):
    """[title, [parties], status, date or ""] per agreement signed, approved or announced."""

    model_config = ConfigDict(extra="forbid")
    agreements: list[tuple[Short, Annotated[list[Name], Field(max_length=6)], AgreementStatus, Name]] = (
        Field(max_length=8)
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
        for title, _parties, _status, date in rows:
            title_words = plain(title).split()
            if sum(w in words for w in title_words) < len(title_words) / 2:
                problems.append(f"the article does not name an agreement {title!r}")
            if date and plain(date) not in plain(article):
                problems.append(f"the article does not state the date {date!r}; give \"\"")
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
        if _unmentioned([speaker], info):
            raise ValueError(
                f"{speaker!r} is not named in the article; for 'he'/'she' or a title give the "
                f"full name the article uses for that person, or {NOT_SPEECH!r}"
            )
        return speaker.strip()
