"""ArticleSummary v1: the structured summary users get.

Validated against the article itself when the article is passed as validation context
(``ArticleSummary.model_validate(data, context={"article": text})``): quotes must be in the
text at the offsets given, and every name must be mentioned. Without context (e.g. reading a
file of unknown origin) only the shape is checked.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from summarizer.grounding import fold, is_mentioned

SCHEMA_VERSION = "1"

ParticipantKind = Literal["person", "organization", "country"]
AgreementStatus = Literal["signed", "approved", "announced", "proposed", "other"]


def _article(info: ValidationInfo) -> str | None:
    context = info.context or {}
    return context.get("article")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Participant(_Strict):
    name: str = Field(min_length=1, max_length=120, description="Name as written in the article.")
    kind: ParticipantKind
    role: str | None = Field(None, max_length=200, description="Role or title, if stated.")
    affiliation: str | None = Field(
        None, max_length=200, description="Organization or country the participant acts for."
    )

    @field_validator("name")
    @classmethod
    def _name_in_article(cls, name: str, info: ValidationInfo) -> str:
        article = _article(info)
        if article is not None and not is_mentioned(name, article):
            raise ValueError(f"participant {name!r} is not mentioned in the article")
        return name


class Agreement(_Strict):
    title: str = Field(min_length=1, max_length=300)
    parties: list[str] = Field(default_factory=list, description="Who signed or approved it.")
    status: AgreementStatus
    date: str | None = Field(None, description="Only when the article states a date.")

    @field_validator("parties")
    @classmethod
    def _parties_in_article(cls, parties: list[str], info: ValidationInfo) -> list[str]:
        article = _article(info)
        if article is not None:
            missing = [p for p in parties if not is_mentioned(p, article)]
            if missing:
                raise ValueError(f"agreement parties not mentioned in the article: {missing}")
        return parties


class Quote(_Strict):
    text: str = Field(min_length=1, description="The exact words inside the quotation marks.")
    speaker: str = Field(min_length=1, max_length=120, description="Full name of who said it.")
    start: int = Field(ge=0, description="Offset of the first quoted character in the article.")
    end: int = Field(ge=0, description="Offset one past the last quoted character.")

    @model_validator(mode="after")
    def _grounded(self, info: ValidationInfo) -> Quote:
        if self.end <= self.start:
            raise ValueError(f"quote offsets {self.start}..{self.end} are empty")
        article = _article(info)
        if article is None:
            return self
        if fold(article[self.start : self.end]) != fold(self.text):
            raise ValueError(
                f"quote {self.text[:60]!r} is not in the article at {self.start}..{self.end}"
            )
        if not is_mentioned(self.speaker, article):
            raise ValueError(f"speaker {self.speaker!r} is not mentioned in the article")
        return self


class ArticleSummary(_Strict):
    schema_version: Literal["1"] = SCHEMA_VERSION
    summary: str = Field(min_length=1, max_length=1500, description="2-4 neutral sentences.")
    participants: list[Participant] = Field(default_factory=list)
    agreements: list[Agreement] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list, description="In article order.")
