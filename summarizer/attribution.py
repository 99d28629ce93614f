"""Who said a quotation, when the text says so plainly.

News writes attribution in a few fixed shapes: '"...," Smith said.', '"...," he added.',
'Smith said that "..."', 'said Mr. Smith', and in roundups a signature line '"..." ― Smith'.
When one of these names the speaker, code reads it and the model is not asked (exact, and
free). 'he'/'she' resolve to the previous quotation's speaker, as in running copy. Anything
else (nominals like 'the minister', 'they', no cue at all, titles and scare quotes) is left to
the model, which sees the passage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from .lexicon import (
    ACTION_VERBS,
    ABBREVIATIONS,
    NAME_CONNECTORS,
    NOT_NAMES,
    PLACE_PREPOSITIONS,
    REPORTING_WORDS,
    SPEAKER_PRONOUNS,
    SPEECH_VERBS,
)
from .quotes import QuoteSpan
from .sentences import sentence_ends

_WORD = re.compile(r"[^\W\d_][\w'\u2019.\-]*|&")


@dataclass(frozen=True)
class Cue:
    speaker: str  # a name as written, or a pronoun
    verb: str
    is_pronoun: bool


def attribute(
    text: str, quotes: list[QuoteSpan], ask: Callable[[int, QuoteSpan], str], not_speech: str
) -> list[tuple[str, str]]:
    """A speaker (or ``not_speech``) for each quotation, in order, with how it was decided:
    "cue" when the text decides (a cue naming the speaker; 'he'/'she' after a named speaker; a
    quotation continuing the one before it in the same paragraph ('"A," she said. "B."') or
    over a paragraph break; a short title-like phrase with no speech verb around (not in the
    headline: quoted words in a headline are someone's); a transcript turn's label ('PENCE:
    ...')), "model" when ``ask(number, quote)`` (the model) decides, or a running quotation
    continues one the model decided."""
    decided: list[tuple[str, str]] = []
    named: str | None = None  # last speaker the text itself named: what 'he said' refers to
    running = (not_speech, "cue")  # the quotation before; a stage direction passes it on
    for number, quote in enumerate(quotes, 1):
        if number > 1 and not _STAGE_DIRECTION.match(quotes[number - 2].text):
            running = decided[-1]
        if quote.label:  # a transcript turn: its label names the speaker ('PENCE' -> 'Pence')
            decided.append((named := quote.label.title(), "cue"))
            continue
        if _STAGE_DIRECTION.match(quote.text):  # '(CROSSTALK.)', '[Applause]' in a transcript
            decided.append((not_speech, "cue"))
            continue
        cue = find_cue(text, quote)
        before = quotes[number - 2] if number > 1 else None
        if cue is None and before is not None and running[0] != not_speech and _continues(text, before, quote):
            decided.append(running)
            continue
        if cue is None and looks_like_a_title(text, quote) and quote.paragraph > 0:
            decided.append((not_speech, "cue"))
            continue
        speaker = resolve(cue, named, paragraph_subject(text, quote))
        decided.append((speaker, "cue") if speaker else (ask(number, quote), "model"))
        if cue is not None and not cue.is_pronoun:
            named = decided[-1][0]
    return decided


def mention_of(text: str, name: str, quote: QuoteSpan) -> tuple[int, int] | None:
    """The article's mention of this speaker nearest before the quotation (else nearest after,
    in its paragraph): the full name as written, else its last word (the surname)."""
    paragraph_end = text.find("\n", quote.end)
    paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
    for form in dict.fromkeys([name, name.split()[-1] if name.split() else name]):
        if len(form) < 2:
            continue
        found = [m.span() for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text)
                 if not (quote.start <= m.start() < quote.end)]
        before = [s for s in found if s[1] <= quote.start]
        after = [s for s in found if quote.end <= s[0] < paragraph_end]
        if before or after:
            return before[-1] if before else after[0]
    return None


_STAGE_DIRECTION = re.compile(r"^[(\[][^()\[\]]*[)\]]\.?$")


def _continues(text: str, before: QuoteSpan, quote: QuoteSpan) -> bool:
    """Same paragraph, or the previous quotation ran to its paragraph's end unclosed and this
    one opens the next paragraph."""
    if quote.paragraph == before.paragraph:
        return True
    return not before.closed and quote.paragraph == before.paragraph + 1 and \
        not text[text.rfind("\n", 0, quote.start) + 1 : quote.start].strip(" \"\u201c\u00ab")


def find_cue(text: str, quote: QuoteSpan) -> Cue | None:
    """The attribution cue in the quotation's sentence, nearest first: after the closing
    mark ('..." Smith said'), then before the opening mark ('Smith said "...')."""
    after = sentence_after(text, quote.end)
    cue = cue_after(after) or _cue_in_later_clause(after) or _signature(text, quote.end)
    if cue is None:
        cue = _cue_before(sentence_before(text, quote.start))
    return cue


def resolve(cue: Cue | None, previous_speaker: str | None, paragraph_subject: str | None = None) -> str | None:
    """The speaker's name when the cue settles it; None means: ask the model. 'he'/'she' is
    the name opening the quotation's paragraph ('Sen. McCaskill scolded him: "...," she said'),
    else the previous named speaker."""
    if cue is None:
        return None
    if cue.is_pronoun:
        return paragraph_subject or previous_speaker
    return cue.speaker


def looks_like_a_title(text: str, quote: QuoteSpan, max_words: int = 4) -> bool:
    """A short quoted phrase in a sentence with no reporting word at all ('the show "Fox News
    Sunday,"', a song title), not after 'as' ('described him as a "con artist"'): not anyone's
    words, so the model is not asked."""
    if len(quote.text.split()) > max_words:
        return False
    before = sentence_before(text, quote.start)
    if re.search(r"\bas\s+(?:a|an|the)?\s*[\"\u201c\u2018']?$", before):  # 'Trump as a "con artist"'
        return False
    sentence = before + quote.text + sentence_after(text, quote.end)
    words = set(_words(sentence)) | {w.lower() for w in _words(sentence)[:1]}
    return not (words & REPORTING_WORDS)


def paragraph_subject(text: str, quote: QuoteSpan) -> str | None:
    """The name run that opens the quotation's paragraph, when a lowercase word follows it."""
    start = text.rfind("\n", 0, quote.start) + 1
    words = _words(text[start : quote.start])
    run = _name_run(words)
    if not run or len(run) == len(words) or run[0].endswith("ing"):  # 'Describing South Korea as'
        return None
    following = words[len(run)]
    verb_like = following in SPEECH_VERBS or following in ACTION_VERBS or following.endswith(("ed", "s"))
    if following[:1].islower() and verb_like and len(" ".join(run)) > 3:
        return " ".join(run)
    return None


def sentence_after(text: str, end: int) -> str:
    if text[end - 1 : end] == ".":  # '... recklessness." South Korea's president said': a new sentence
        return ""
    line_end = text.find("\n", end)
    rest = text[end : len(text) if line_end < 0 else line_end]
    ends = sentence_ends(rest)
    return rest[: ends[0].start() + 1] if ends else rest


def sentence_before(text: str, start: int) -> str:
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    ends = sentence_ends(before)
    return before[ends[-1].end():] if ends else before


def _words(text: str) -> list[str]:
    """Words, with a sentence's final period dropped ('added.' -> 'added'; 'Mr.' kept)."""
    return [
        w[:-1] if w.endswith(".") and len(w) > 3 and w[:-1].lower() not in ABBREVIATIONS else w
        for w in _WORD.findall(text)
    ]


def cue_after(after: str) -> Cue | None:
    words = _words(after[:120])
    if not words:
        return None
    lead = after[: after.find(words[0])]
    if re.search(r"[A-Za-z0-9]", lead):
        return None
    # '"...," Smith said' / '"...," he added'
    for n in range(1, min(5, len(words)) + 1):
        verb = words[n] if n < len(words) else ""
        if verb in SPEECH_VERBS or (n + 1 < len(words) and words[n].endswith("ly") and words[n + 1] in SPEECH_VERBS):
            subject = words[:n]
            return _subject_cue(subject, verb if verb in SPEECH_VERBS else words[n + 1])
    # '"...," said Mr. Smith'
    if words[0] in SPEECH_VERBS and len(words) > 1:
        subject = _name_run(words[1:])
        if subject:
            return Cue(" ".join(subject), words[0].lower(), False)
    return None


def _signature(text: str, end: int) -> Cue | None:
    """'"..." ― Sonya Herridge' ending the line: a signature, as in reader roundups and epigraphs."""
    line_end = text.find("\n", end)
    rest_of_line = text[end : len(text) if line_end < 0 else line_end]
    m = re.fullmatch(r"\W{0,2}\s*[\u2015\u2014\u2013]\s*(.{2,60}?)[.,]?\s*", rest_of_line)
    words = _words(m.group(1)) if m else []
    run = _name_run(words)
    return Cue(" ".join(run), "\u2015", False) if run and len(run) == len(words) else None


def _cue_in_later_clause(after: str) -> Cue | None:
    """'Describing X as an "important partner" in the field, he said ...'"""
    m = re.search(r",\s+([^,]{1,60}?)\s+(\w+)\b", after)
    if m and m.group(2) in SPEECH_VERBS:
        return _subject_cue(_words(m.group(1)), m.group(2))
    return None


def _cue_before(before: str) -> Cue | None:
    words = _words(before)
    for i in range(len(words) - 1, 0, -1):
        if words[i] in SPEECH_VERBS:
            subject = list(reversed(_name_run(list(reversed(words[:i])))))
            if subject and _after_a_preposition(words, i - len(subject)):
                subject = []
            if not subject and words[i - 1].lower() in SPEAKER_PRONOUNS:
                subject = [words[i - 1]]
            cue = _subject_cue(subject, words[i].lower()) if subject else None
            if cue is not None:
                return cue
    return None


def _after_a_preposition(words: list[str], start: int) -> bool:
    """'... on the Mall, said': the name run at ``start`` is a place or a date."""
    j = start - 1
    if j >= 0 and words[j] in ("the", "a", "an"):
        j -= 1
    return j >= 0 and words[j] in PLACE_PREPOSITIONS


def _subject_cue(subject: list[str], verb: str) -> Cue | None:
    if len(subject) == 1 and subject[0].lower() in SPEAKER_PRONOUNS:
        return Cue(subject[0], verb, True)
    run = _name_run(subject)
    if run and len(run) == len(subject):
        return Cue(" ".join(run).rstrip("."), verb, False)
    return None


def _name_run(words: list[str]) -> list[str]:
    """Capitalized words (with connectors like 'de' inside) from the start of ``words``."""
    run: list[str] = []
    for w in words[:5]:
        if w[:1].isupper() and w.lower() not in SPEAKER_PRONOUNS and w not in NOT_NAMES:
            run.append(w)
        elif run and w.lower() in NAME_CONNECTORS:
            run.append(w)
        else:
            break
    while run and run[-1].lower() in NAME_CONNECTORS:
        run.pop()
    return run
