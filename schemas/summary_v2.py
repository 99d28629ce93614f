"""ArticleSummary v2: the structured summary users get.

v2 (from v1): each quote says how its speaker was decided (``speaker_source``) and, where the
article names the speaker, where (``speaker_start``/``speaker_end``). Later in v2, with the
same version (a file without them reads as before): ``statements``, reported speech without
quotation marks ('The minister said the agreement would take effect in March'), each with its
speaker and cue; a mixed quote (a statement holding a quotation) points at the quotation
(``Statement.quotes``) and the quotation back at it (``Quote.statement``).

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
SpeakerSource = Literal["cue", "model", "nearest"]
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
        "resolved to a name, a running quotation); 'model', the model was asked; 'nearest', no cue "
        "settles it and the speaker is the person the text last made its subject (a guess to check)."
    )
    speaker_start: int | None = Field(
        None, ge=0, description="Offset of the article's mention of the speaker that decided it, if any."
    )
    speaker_end: int | None = Field(None, ge=0, description="Offset one past that mention.")
    statement: int | None = Field(
        None, ge=0, description="A mixed quote: the index in ``statements`` of the statement holding it."
    )

    @model_validator(mode="after")
    def _grounded(self, info: ValidationInfo) -> Quote:
        _check_said(self, "quote", _check(info))
        return self


def _check_said(item: Quote | Statement, what: str, check: Any) -> None:
    """Words said, where they are and who said them: the offsets a span, and, with the
    article's check, the words and the speaker's mention in the article where they say."""
    if item.end <= item.start:
        raise ValueError(f"{what} offsets {item.start}..{item.end} are empty")
    if (item.speaker_start is None) != (item.speaker_end is None) or (
        item.speaker_start is not None and item.speaker_end <= item.speaker_start
    ):
        raise ValueError(f"speaker mention offsets {item.speaker_start}..{item.speaker_end} are not a span")
    if check is None:
        return
    if not check.holds(item.text, item.start, item.end):
        raise ValueError(f"{what} {item.text[:60]!r} is not in the article at {item.start}..{item.end}")
    if not check.mentions(item.speaker):
        raise ValueError(f"speaker {item.speaker!r} is not mentioned in the article")
    if item.speaker_start is not None and not check.names_at(item.speaker, item.speaker_start, item.speaker_end):
        raise ValueError(f"the article at {item.speaker_start}..{item.speaker_end} does not name {item.speaker!r}")


class Statement(_Strict):
    text: str = Field(min_length=1, description="What was reported as said, exactly as in the article "
                      "(the clause after the cue: 'the agreement would take effect in March').")
    speaker: str = Field(min_length=1, max_length=120, description="Full name of who said it, or the "
                         "description the article gives ('A spokesperson for X').")
    start: int = Field(ge=0, description="Offset of the statement's first character in the article.")
    end: int = Field(ge=0, description="Offset one past its last character.")
    cue: str = Field(min_length=1, description="The reporting words: 'said', 'told reporters', 'according to'.")
    cue_start: int = Field(ge=0, description="Offset of the cue in the article.")
    cue_end: int = Field(ge=0, description="Offset one past the cue.")
    speaker_source: SpeakerSource = Field(description="How the speaker was decided, as for quotes.")
    speaker_start: int | None = Field(
        None, ge=0, description="Offset of the article's mention of the speaker that decided it, if any."
    )
    speaker_end: int | None = Field(None, ge=0, description="Offset one past that mention.")
    quotes: list[int] = Field(
        default_factory=list, description="A mixed quote: the indices in ``quotes`` of the quotations it holds."
    )

    @model_validator(mode="after")
    def _grounded(self, info: ValidationInfo) -> Statement:
        check = _check(info)
        _check_said(self, "statement", check)
        if self.cue_end <= self.cue_start:
            raise ValueError(f"cue offsets {self.cue_start}..{self.cue_end} are empty")
        if check is not None and not check.holds(self.cue, self.cue_start, self.cue_end):
            raise ValueError(f"cue {self.cue!r} is not in the article at {self.cue_start}..{self.cue_end}")
        return self


class ArticleSummary(_Strict):
    schema_version: Literal["2"] = SCHEMA_VERSION
    summary: str = Field(min_length=1, max_length=1500, description="2-4 neutral sentences.")
    participants: list[Participant] = Field(default_factory=list)
    agreements: list[Agreement] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list, description="In article order.")
    statements: list[Statement] = Field(
        default_factory=list, description="Reported speech without quotation marks, in article order."
    )

    @model_validator(mode="after")
    def _mixed_quotes_point_at_each_other(self) -> ArticleSummary:
        for i, q in enumerate(self.quotes):
            if q.statement is not None and (
                q.statement >= len(self.statements) or i not in self.statements[q.statement].quotes
            ):
                raise ValueError(f"quote {i} points at statement {q.statement}, which does not hold it")
        for n, st in enumerate(self.statements):
            if any(i >= len(self.quotes) or self.quotes[i].statement != n for i in st.quotes):
                raise ValueError(f"statement {n} holds quotes {st.quotes} that do not point back at it")
        return self
