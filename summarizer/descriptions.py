"""Who a description in a cue stands for, when the text says so: 'the mayor' for the one
person it titled mayor, 'the minister' for the minister who spoke in the sentence before, 'the
company' for the organization that did. Each returns the name and the offsets of the mention
it rests on, or None: the description then stays as written."""

from __future__ import annotations

import re

from .countries import country_name
from .cues import Cue
from .folding import plain
from .lexicon import (
    ANONYMOUS_SOURCES,
    ARTICLES,
    LEAD_INS,
    NOT_NAMES,
    ORGANIZATION_DESCRIPTIONS,
    ORGANIZATION_HEADS,
    ORGANIZATION_WORDS,
    PARTY_AFFILIATIONS,
    PUBLISHED_NOUNS,
    PUBLISHING_VERBS,
    REPORTING_WORDS,
    SPEECH_VERBS,
    STATEMENT_NOUNS,
    UPPER,
)
from .names import is_organization
from .people import POSSESSIVE, Cast, name_runs, tokens
from .sentences import is_photo_caption, paragraphs, sentence_after_end, sentence_spans

Found = tuple[str, tuple[int, int]]  # a name and the offsets of the mention it rests on
NOT_NAME_WORDS = ARTICLES | LEAD_INS | {w.lower() for w in NOT_NAMES}


def previous_paragraph_start(text: str, offset: int) -> int:
    starts = [s for s, _e in paragraphs(text) if s <= offset]
    return starts[-2] if len(starts) >= 2 else 0


def titled_person(text: str, cast: Cast, at: int, cue: Cue) -> Found | None:
    """'the mayor said', 'the prime minister said': the one person in scope the article gave
    that title before ('Mayor Patricia Okafor', 'Prime Minister Justin Trudeau')."""
    words = plain(cue.words).split()
    if not 2 <= len(words) <= 3 or words[0] != "the":
        return None
    title = words[1:]
    scope = cast.scope_start(at)
    found = {}
    for m in cast.before(at, scope):
        lead = text[max(0, m.start - 40) : m.start]
        if re.search(r"(?i)\b" + r"\.?\s+".join(map(re.escape, title)) + r"\.?\s*$", lead):
            found.setdefault(cast.full_name(m.name), m)
    if len(found) != 1:
        return None
    name, mention = next(iter(found.items()))
    return name, (mention.start, mention.end)


def named_next(text: str, cast: Cast, cue: Cue) -> Found | None:
    """A lede that describes before it names: 'A Vancouver peewee hockey coach says he's "amazed
    ..."' then 'Stephen Gillis said ...'; 'The most popular punching bag in golf finally said "no
    mas."' then 'Mike Davis has announced ...'. The one person whose description it is: in the
    lede, no one named before it, and the next paragraph opens with that person as its subject. Not an
    unnamed source ('a spokesperson said'), an organization or several people ('the players')."""
    words = plain(cue.words).split()
    head = words[-1] if words else ""
    if (len(words) < 2 or words[0] not in ARTICLES or head.endswith("s") and not head.endswith("ss")
            or head in ANONYMOUS_SOURCES | ORGANIZATION_WORDS | ORGANIZATION_HEADS | STATEMENT_NOUNS
            or any(m.start < cue.start and not _in_a_caption(text, m.start) for m in cast.mentions)):
        return None
    spans = paragraphs(text)
    here = next((i for i, (s, e) in enumerate(spans) if s <= cue.start <= e), None)
    if here is None or here + 1 >= len(spans) or any(
            len(text[s:e].split()) > 15 and not is_photo_caption(text[s:e]) for s, e in spans[:here]):
        return None  # the lede: before it a headline or a caption at most
    start, end = spans[here + 1]
    first = next((m for m in cast.mentions if start <= m.start < end), None)
    opens = first is not None and first.subject and not text[start : first.start].strip()
    return (cast.full_name(first.name), (first.start, first.end)) if opens else None


def _in_a_caption(text: str, offset: int) -> bool:
    line = text[text.rfind("\n", 0, offset) + 1 : (text + "\n").find("\n", offset)]
    return is_photo_caption(line)


def speaker_described(text: str, cast: Cast, cue: Cue) -> Found | None:
    """A description in place of a name for the person who spoke in the sentence before, when
    the text gave that person this description: 'Foreign Affairs Minister Chrystia Freeland
    said ... . "...," the minister said'; 'Mitch McConnell, the Kentucky Republican, blamed ...
    . "...," the Kentucky Republican said'; 'Anna Berg said in a statement ... . The statement
    also said'. Only a definite description ('the ...'), only a person ('the company' is
    ``organization_described``'s), only the one named right before a word
    that reports speech: 'Smith was arrested. The officer said' names no one, nor does 'Ivana
    Trump said ... . The judge said', nor 'Trudeau said the finance minister ... . The minister
    said' (the text never made Trudeau a minister)."""
    words = plain(cue.words).split()
    if (len(words) < 2 or words[0] != "the" or cue.verb.lower() not in SPEECH_VERBS
            or re.search(r"['\u2019]s\b", cue.words) or words[-1] in ANONYMOUS_SOURCES):
        return None  # 'the ad's narrator' is not the ad's owner; 'the official' is someone else
    before = _sentence_before(text, cue.start)
    if before is None:
        return None
    start, end = before
    first = next((m for m in cast.mentions if start <= m.start < end and _reports(text, m.end, end)), None)
    if first is None:  # 'As Covington Catholic reopened ..., Mitch McConnell blamed': McConnell
        return None
    name = cast.full_name(first.name)
    head = words[-1]
    if head in ORGANIZATION_HEADS or head in ORGANIZATION_DESCRIPTIONS or may_be_organization(cast, name):
        return None  # the cast holds people: 'the company' is none of them, nor is a person 'Suncor'
    if head in STATEMENT_NOUNS:  # 'said in a statement', not 'said she got a letter'
        described = re.match(rf"\W*(?:\w+\W+){{1,3}}in (?:a|an|the|her|his|its|their)\s+(?:\w+\s+)?{head}\b",
                             text[first.end : end], re.IGNORECASE) is not None
    else:  # a party is news's usual second reference ('the Kentucky Republican'), stated or not,
        # when no one is named after the speaker ('Schumer said McConnell lied' names another)
        alone = not re.search(rf"\b{UPPER}[a-z]", text[first.end : end])
        described = (head in PARTY_AFFILIATIONS and alone) or _described_so(text, cast, name, cue.start, head)
    return (name, (first.start, first.end)) if described else None


_PUBLISHER = re.compile(
    rf"(?:\b(?:{'|'.join(sorted(PUBLISHING_VERBS))})(?: out)? by|^\W*(?:by|from)|\bon) (?:the )?"
    rf"({UPPER}(?:[\w&'\u2019-]|\.(?=\w))*(?: (?:of |and |for )?{UPPER}(?:[\w&'\u2019-]|\.(?=\w))*)*)")


def published_by(text: str, cue: Cue) -> Found | None:
    """'says a document titled White Paper: ... on Canadian Pacific Railway's website', 'a statement
    released by the Prime Minister's Office said': what an organization publishes is its words. Only
    a publisher named in the cue's sentence after the document, by name ('a report by the railway
    company' stays as written)."""
    words = plain(cue.words).split()
    if not words or words[0] not in ARTICLES or not set(words[1:4]) & PUBLISHED_NOUNS:
        return None
    head = next(k for k, w in enumerate(words) if w in PUBLISHED_NOUNS)
    after = cue.start + len(" ".join(cue.words.split()[: head + 1]))
    rest = text[after : sentence_after_end(text, after)]
    found = _PUBLISHER.search(rest)
    if found is None:
        return None
    name = re.sub(POSSESSIVE, "", found.group(1))
    website = name != found.group(1) and rest[found.end(1) :].startswith(" website")
    if found.group(0).lstrip().startswith("on") and not website:
        return None  # 'a report on Canadian Railways' is about them
    start = after + found.start(1)
    return name, (start, start + len(name))


def organization_described(text: str, cast: Cast, cue: Cue) -> Found | None:
    """'Google said ... . "...," the company said': the organization that spoke in the sentence
    before (or before a sentence that calls it the same: 'But the company seemed confident'),
    or that sentence's opening subject ('Suncor received ... . The company noted'); 'Gatsby
    said ... . A statement said' (only the sentence right before). Never a person of the cast,
    a country, or a sentence where someone else speaks: then the description stays as written."""
    words = plain(cue.words).split()
    if len(words) != 2 or cue.verb.lower() not in SPEECH_VERBS:
        return None
    head = words[1]
    statement = words[0] in ("a", "the") and head in ("statement", "release")
    if not statement and (words[0] != "the" or head not in ORGANIZATION_WORDS):
        return None
    offset, paragraph_start = cue.start, previous_paragraph_start(text, cue.start)
    for _ in range(1 if statement else 3):
        before = _sentence_before(text, offset)
        if before is None or before[0] < paragraph_start or not _ends_a_sentence(text[before[0] : before[1]]):
            return None  # nor across a subheading ('Paramedics overworked')
        found = _speaking_organization(text, cast, *before, opening=not statement)
        if found is not None:
            return found or None
        if f"the {head}" not in plain(text[before[0] : before[1]]):
            return None
        offset = before[0]
    return None


def _speaking_organization(text: str, cast: Cast, start: int, end: int, opening: bool) -> Found | bool | None:
    """The organization named right before a reporting word in the sentence (or, ``opening``,
    the one that opens it and does something); False when a person or a country speaks there."""
    words = tokens(text, start, end)
    for i, j in name_runs(text, words):
        past = _past_apposition(text, words[j - 1][1], end)
        reports = _reports(text, past, end)
        opens = opening and i == 0 and j < len(words) and words[j][2][:1].islower()
        if i == 0:  # 'The', 'But', 'Officials' open the sentence; a name is capitalized elsewhere too
            i = next((k for k in range(j) if k > 0 or _proper_noun(text, words[k][2])), j)
        if i == j or not (reports or opens):
            continue
        name = text[words[i][0] : words[j - 1][1]]
        said_to_be = set(plain(text[words[j - 1][1] : past]).split()[:3])  # ', the group that ...,'
        if not (may_be_organization(cast, cast.full_name(name)) or said_to_be & ORGANIZATION_WORDS) \
                or country_name(name, text):
            return False
        return name, (words[i][0], words[j - 1][1])
    return None


def _past_apposition(text: str, offset: int, end: int) -> int:
    """Past what a name is, between commas ('Rally Canada, the group that organized Monday's
    event, said'): where the verb it goes with may be."""
    found = re.match(r"\s*,\s*(?:the|a|an)\s[^,;\n]{1,80},", text[offset:end])
    return offset + found.end() if found else offset


def _ends_a_sentence(sentence: str) -> bool:
    return sentence.rstrip().endswith((".", "!", "?", '"', "'", "\u201d", "\u2019"))


def _proper_noun(text: str, word: str) -> bool:
    """A name, not a word capitalized because it opens the sentence: capitalized elsewhere in
    the text too, or at least not a function word, a plural ('Officials') or a participle
    ('Following')."""
    if word.lower() in NOT_NAME_WORDS:
        return False
    return not word.endswith(("s", "ing")) or re.search(rf"[\w,;]\s+{re.escape(word)}\b", text) is not None


def _described_so(text: str, cast: Cast, name: str, before: int, head: str) -> bool:
    """An earlier mention of the person carries the description's head word: in a title before
    the name ('Foreign Affairs Minister Chrystia Freeland', 'Kentucky Republican Mitch
    McConnell') or in an apposition after it ('Mitch McConnell, the Kentucky Republican,')."""
    for m in cast.mentions:
        if m.start >= before or cast.full_name(m.name) != name:
            continue
        line_start = text.rfind("\n", 0, m.start) + 1
        title = text[max(line_start, m.start - 60) : m.start]
        apposition = re.match(r"\s*,\s*([^,.;\n]{1,80}),", text[m.end : before])
        if head in plain(title).split() or (apposition and head in plain(apposition.group(1)).split()):
            return True
    return False


def may_be_organization(cast: Cast, name: str) -> bool:
    """An organization's name ('Transit Commission'), or one word the text never calls 'he'
    or 'she' nor gives a title ('Suncor'): a person's description does not go to it."""
    return is_organization(name) or (len(name.split()) == 1 and name not in cast.sex and name not in cast.titled)


def _reports(text: str, offset: int, end: int) -> bool:
    """A word that reports speech within three words after ``offset`` (a name's end): 'McConnell
    blamed', 'Trudeau made the comments', 'Berg said in a statement'."""
    words = [w.lower() for w in re.findall(r"[^\W\d_]+", text[offset:end])[:3]]
    return any(w in REPORTING_WORDS or w in STATEMENT_NOUNS or w == "comments" for w in words)


def _sentence_before(text: str, offset: int) -> tuple[int, int] | None:
    """The sentence before the one at ``offset``: in its paragraph, else the previous
    paragraph's last; None at the start."""
    spans = paragraphs(text)
    here = next((i for i, (s, e) in enumerate(spans) if s <= offset <= e), None)
    if here is None:
        return None
    start, _end = spans[here]
    own = [sp for sp in sentence_spans(text, start, offset + 1) if text[sp[0] : sp[1]].strip()]
    if len(own) >= 2:
        return own[-2]
    if here == 0:
        return None
    previous = sentence_spans(text, *spans[here - 1])
    return previous[-1] if previous else None
