"""ArticleSummary v1: the structured summary users get.

Validated against the article itself when the validation context carries a check of it
(``ArticleSummary.model_validate(data, context=summarizer.grounding.validation_context(text))``):
quotes must be in the text at the offsets given, and every name must be mentioned. Without
context (e.g. reading a file of unknown origin) only the shape is checked. The schema holds no
rules of its own: what "in the article" means lives in ``summarizer.grounding``.
"""

from __future__ import annotations

from typing import Literal

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

SCHEMA_VERSION = "1"

ParticipantKind = Literal["person", "organization", "country"]
AgreementStatus = Literal["signed", "approved", "announced", "proposed", "other"]


def _check(info: ValidationInfo) -> Any:
    """The article check from the validation context (summarizer.grounding.ArticleCheck)."""
    return (info.context or {}).get("check")


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
        check = _check(info)
        if check is not None and not check.mentions(name):
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
        check = _check(info)
        if check is not None:
            missing = [p for p in parties if not check.mentions(p)]
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
        check = _check(info)
        if check is None:
            return self
        if not check.holds(self.text, self.start, self.end):
            raise ValueError(
                f"quote {self.text[:60]!r} is not in the article at {self.start}..{self.end}"
            )
        if not check.mentions(self.speaker):
            raise ValueError(f"speaker {self.speaker!r} is not mentioned in the article")
        return self


class ArticleSummary(_Strict):
    schema_version: Literal["1"] = SCHEMA_VERSION
    summary: str = Field(min_length=1, max_length=1500, description="2-4 neutral sentences.")
    participants: list[Participant] = Field(default_factory=list)
    agreements: list[Agreement] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list, description="In article order.")
