"""ArticleSummary v2: the structured summary users get.

v2 (from v1): each quote says how its speaker was decided (``speaker_source``) and, where the
article names the speaker, where (``speaker_start``/``speaker_end``).

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

SCHEMA_VERSION = "2"

ParticipantKind = Literal["person", "organization", "country"]
SpeakerSource = Literal["cue", "model"]
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
    speaker_source: SpeakerSource = Field(
        description="How the speaker was decided: 'cue', the text says so plainly (a cue, a pronoun "
        "resolved to a name, a running quotation); 'model', the model was asked."
    )
    speaker_start: int | None = Field(
        None, ge=0, description="Offset of the article's mention of the speaker that decided it, if any."
    )
    speaker_end: int | None = Field(None, ge=0, description="Offset one past that mention.")

    @model_validator(mode="after")
    def _grounded(self, info: ValidationInfo) -> Quote:
        if self.end <= self.start:
            raise ValueError(f"quote offsets {self.start}..{self.end} are empty")
        if (self.speaker_start is None) != (self.speaker_end is None) or (
            self.speaker_start is not None and self.speaker_end <= self.speaker_start
        ):
            raise ValueError(f"speaker mention offsets {self.speaker_start}..{self.speaker_end} are not a span")
        check = _check(info)
        if check is None:
            return self
        if not check.holds(self.text, self.start, self.end):
            raise ValueError(
                f"quote {self.text[:60]!r} is not in the article at {self.start}..{self.end}"
            )
        if not check.mentions(self.speaker):
            raise ValueError(f"speaker {self.speaker!r} is not mentioned in the article")
        if self.speaker_start is not None and not check.names_at(self.speaker, self.speaker_start, self.speaker_end):
            raise ValueError(
                f"the article at {self.speaker_start}..{self.speaker_end} does not name {self.speaker!r}"
            )
        return self


class ArticleSummary(_Strict):
    schema_version: Literal["2"] = SCHEMA_VERSION
    summary: str = Field(min_length=1, max_length=1500, description="2-4 neutral sentences.")
    participants: list[Participant] = Field(default_factory=list)
    agreements: list[Agreement] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list, description="In article order.")
