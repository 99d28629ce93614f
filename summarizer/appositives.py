"""Who a chain of descriptions between commas follows: 'Sen. Debbie Stabenow, D-Mich., a
member of the leadership team, said', 'Donna Rawlings, 59, of Ashton, Md., who watched the
ceremony, said'. Read for quotations' cues (``cues``) and for statements' (``statement_cues``)."""

from __future__ import annotations

import re

from .countries import country_name
from .lexicon import FINITE, NOT_NAMES, SAYING_VERBS, SPEECH_VERBS, SUBORDINATORS
from .people import Cast, Mention, cast_of

Word = tuple[int, int, str]
_MAX_DESCRIPTIONS = 4  # 'Donna Rawlings, 59, of Ashton, Md., who watched the ceremony, said'


def described_person(text: str, words: list[Word], k: int, start: int) -> Mention | None:
    """The person a chain of descriptions between commas follows, before the verb ``words[k]``:
    'Sen. Debbie Stabenow, D-Mich., a member of the team, said', '... after John McCallum,
    Canada's ambassador to China, told'. The leftmost part that ends with a person the article
    names, when nothing after it is a clause of its own (a relative clause is a description)."""
    cast = cast_of(text)
    commas = [start + m.start() for m in re.finditer(",", text[start : words[k][0]])][::-1]  # nearest first
    chosen = None
    for n in range(1, min(len(commas), _MAX_DESCRIPTIONS + 1)):
        part = [w for w in words if commas[n] < w[0] < commas[n - 1]]  # (', 59,' has no words: a description)
        if not text[commas[n] + 1 : commas[n - 1]].strip() or (part and part[0][2] not in ("who", "which", "whose")
                and any(w[2].lower() in FINITE or _said_verb(w[2]) for w in part)):
            break  # a clause of its own: the chain ends here
        head_start = commas[n + 1] if n + 1 < len(commas) else start
        head = [w for w in words if head_start <= w[0] < commas[n]]
        chosen = _person_ending(text, cast, head, commas[n]) or chosen
        if chosen is None and head_start == start:
            chosen = _first_name_alone(text, head, words)
    return chosen


def _first_name_alone(text: str, head: list[Word], words: list[Word]) -> Mention | None:
    """'Catherine, the target of the line, retorted, "..."': a one-word name opening the
    sentence, then what that person is (with an article), then the verb: a person the recap
    names by first name only, whom the cast (full names, titled names) leaves out."""
    if len(head) != 1 or words[:1] != head:
        return None
    word = head[0][2]
    after = text[head[0][1] : head[0][1] + 8]
    one_name = len(word) > 2 and all(p[:1].isupper() and p[1:].islower() and p.isalpha() for p in word.split("-"))
    if not one_name or word in NOT_NAMES or country_name(word, text) or \
            not re.match(r", (?:the|a|an|his|her|their) ", after):
        return None
    return Mention(head[0][0], head[0][1], word, True)


def _said_verb(word: str) -> bool:
    """A verb of saying that is no noun too ('said', 'told', 'added'; not 'states', 'claims')."""
    return word in SPEECH_VERBS and (word in SAYING_VERBS or word.endswith("ed"))


def _person_ending(text: str, cast: Cast, part: list[Word], end: int) -> Mention | None:
    """The person named at the end of ``part`` (which ends at ``end``), as its subject: after
    nothing but titles, or after a subordinator ('after John McCallum')."""
    mention = next((m for m in cast.mentions if m.end == end and m.name in text[m.start : m.end]), None)
    if mention is None or cast.full_name(mention.name) not in cast.people or country_name(mention.name, text):
        return None
    lead = [w for w in part if w[0] < mention.start]
    if lead and not (all(w[2][:1].isupper() for w in lead) or lead[-1][2].lower() in SUBORDINATORS):
        return None
    return mention
