"""The subject of a sentence's main clause, for a verb of saying that stands apart from it:
after a description between commas ('Minyon Moore, a senior adviser ..., called'), joined by
'and' to the first verb ('She picked it up and crowed'), or a participle after the main clause
('Trump attacked Clinton ..., saying')."""

from __future__ import annotations

from .appositives import described_person
from .cue_words import Cue
from .lexicon import AUXILIARIES, NOT_NAMES, SPEAKER_PRONOUNS
from .people import cast_of

Word = tuple[int, int, str]


def described_subject(text: str, words: list[Word], i: int) -> Cue | None:
    """'Minyon Moore, a senior adviser to the campaign, called the remarks "a true wake-up call"',
    '..., forcefully told a young woman that "..."': the person a description between commas
    follows, before the verb (an adverb may stand between)."""
    k = i
    while k > 0 and (words[k - 1][2].endswith("ly") or words[k - 1][2].lower() in AUXILIARIES):
        k -= 1
    if k == 0 or not text[words[k - 1][1] : words[k][0]].strip() == ",":
        return None
    person = described_person(text, words, k, words[0][0])
    return Cue("name", person.name, person.start, person.end, words[i][2].lower()) if person else None


def coordinated_subject(text: str, words: list[Word], i: int) -> Cue | None:
    """'She picked it up and crowed, "..."', 'Smith bemoaned the unrest and said': a verb joined
    to the sentence's first one shares its subject."""
    k = i - 1 if i > 1 and words[i - 1][2].lower() == "then" else i
    return main_clause_subject(text, words, i) if k > 1 and words[k - 1][2].lower() == "and" else None


def main_clause_subject(text: str, words: list[Word], participle: int) -> Cue | None:
    """'Trump attacked Clinton for her vote, saying, "..."', 'He then defended the remark, saying,
    "..."': whatever the main verb, the participle's words are its subject's, a person the
    text makes the sentence's subject or a pronoun opening it."""
    k = 0
    while k < participle and words[k][2] in NOT_NAMES:
        k += 1
    if k < participle and words[k][2].lower() in SPEAKER_PRONOUNS:
        return Cue("pronoun", words[k][2], words[k][0], words[k][1], words[participle][2])
    if k < participle and words[k][2].lower() in ("it", "they", "we", "you", "i"):
        return None  # 'Meanwhile, it attacked Trump, saying': no person opens it
    start, end = words[0][0], words[participle][0]
    subject = next((m for m in cast_of(text).mentions if start <= m.start < end and m.subject), None)
    return Cue("name", subject.name, subject.start, subject.end, words[participle][2]) if subject else None
