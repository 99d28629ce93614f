"""Pydantic models of the structured summary (shipped inside the wheel as summarizer.schemas)."""

from .answers_v1 import (
    NOT_SPEECH,
    AgreementsAnswer,
    ListAnswer,
    ParticipantsAnswer,
    SummaryAnswer,
    SpeakersAnswer,
    speakers_answer,
)
from .summary_v2 import SCHEMA_VERSION, Agreement, ArticleSummary, Participant, Quote, Statement

__all__ = [
    "NOT_SPEECH",
    "SCHEMA_VERSION",
    "Agreement",
    "AgreementsAnswer",
    "ListAnswer",
    "ArticleSummary",
    "Participant",
    "ParticipantsAnswer",
    "Quote",
    "Statement",
    "SummaryAnswer",
    "SpeakersAnswer",
    "speakers_answer",
]
