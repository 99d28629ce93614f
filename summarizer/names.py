"""Names: is this entity named in the article, which spelling does the article use, are two
names one entity, and what around a name is not part of it.

Word tables come from the lexicon; comparison (accents, case, marks) from folding.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .folding import NAMES_AT_ONCE, SHORT, folded_article, fold, per_article, plain
from .lexicon import (
    GIVEN_NAME_TITLES,
    HONORIFIC_SEX,
    LEAD_INS,
    LEADING_TITLES,
    NAME_PARTICLES,
    NAME_JOINERS,
    NOT_DISTINCTIVE,
    ORGANIZATION_HEADS,
    UPPER,
)


_TITLE_OR_JOINER = LEADING_TITLES | NAME_JOINERS
# A surname that opens with a lower-case particle: 'al-Mansouri', 'el-Sisi', 'ibn-Saud'
PARTICLE_SURNAME = rf"(?:al|el|ad|as|ash|ibn|bin|ben|bint)-{UPPER}"
_PARTICLE_SURNAME = re.compile(PARTICLE_SURNAME)
# One word of a name as a pattern, and the lower-case words that join a name's words ('Faisal
# bin Rashid al-Mansouri', 'Joris de Jong'): for readers that match names by pattern.
NAME_WORD = rf"(?:{UPPER}|{PARTICLE_SURNAME})[\w.'\u2019\u0300-\u036f-]*"
NAME_PARTICLE = "|".join(sorted(NAME_PARTICLES))


def is_particle_surname(word: str) -> bool:
    """A name's word though it opens in lower case: 'al-Hashimi', 'el-Sisi'."""
    return bool(_PARTICLE_SURNAME.match(word))


def name_tokens(name: str) -> list[str]:
    """The words that tell this entity apart: without the titles it opens with ('Sen.',
    'Mayor', 'Prince'; not for an organization: 'Justice Department'), joiners ('of', 'de')
    and single letters."""
    words = [t for t in plain(name).split() if len(t) > 1]
    if not is_organization(name):
        while len(words) > 1 and words[0] in LEADING_TITLES:
            words.pop(0)
        # what a title ends: 'Niagara County District Attorney Bùi Thị Phương' is 'Bùi Thị Phương'
        # (two words after it at least: 'Stephen King Jr.' keeps his name)
        last_title = max((k for k, t in enumerate(words[:-2]) if t in LEADING_TITLES), default=None)
        if last_title is not None:
            words = words[last_title + 1 :]
    return [t for t in words if t not in NOT_DISTINCTIVE]


def is_organization(name: str) -> bool:
    """The name holds an organization's head word ('Department', 'University', 'Inc')."""
    return any(w in ORGANIZATION_HEADS for w in plain(name).split())


@per_article
def _article_words(article: str) -> tuple[str, frozenset[str]]:
    text = plain(article)
    return f" {text} ", frozenset(text.split())


def is_mentioned(name: str, article: str) -> bool:
    """True when the article names this entity: the whole name, or one of its distinctive
    words (a surname is enough; 'Korea' also matches 'Korean')."""
    padded, words = _article_words(article)
    full = plain(name)
    if not full:
        return False
    if f" {full} " in padded:
        return True
    return any(_has_word(token, article) for token in name_tokens(name))


# Endings that make a country's or people's name an adjective ('Korea' -> 'Korean', 'Canada'
# -> 'Canadian', 'Japan' -> 'Japanese'): the only words a name may match by their start.
_DEMONYM_ENDINGS = ("n", "an", "ian", "ese", "i", "ish", "s")


def _forms(token: str) -> set[str]:
    """The word and its demonym forms ('Korea' -> 'Korean'); not any word it begins ('Smith'
    is not in 'Smithsonian')."""
    if len(token) < 4:
        return {token}
    stems = {token, token[:-1]} if token[-1:] in "aeiouy" else {token}  # 'Canada' -> 'Canad-ian'
    return {token} | {stem + e for stem in stems for e in _DEMONYM_ENDINGS}


def _has_word(token: str, article: str) -> bool:
    """The article has this word, or the word with a demonym ending."""
    _padded, words = _article_words(article)
    return bool(_forms(token) & words)


# How many words a name may spread over beyond its own: a middle name or initial, a title
# between ('Donald J. Trump', 'Bank of Canada Governor Stephen Poloz').
_NAME_SPREAD = 2


def is_named_in_full(name: str, article: str) -> bool:
    """Every distinctive word of the name is in the article, together in one place: 'Jon
    Tester' yes; 'The New Yorker's expose of Oz's show' and 'Neither Clinton or Presidential
    Debates or Clinton' (a model's run-on answer, its words from all over the article) no."""
    tokens = name_tokens(name)
    if not tokens:  # only title words ('the President'): the phrase itself must be there
        return is_mentioned(name, article)
    if not all(_has_word(token, article) for token in tokens):
        return False
    return len(tokens) == 1 or _words_together(tokens, article)


def _words_together(tokens: list[str], article: str) -> bool:
    """Some stretch of the article, a few words longer than the name, holds all its words."""
    words = _article_words(article)[0].split()
    wanted = [_forms(token) for token in tokens]
    width = len(tokens) + _NAME_SPREAD
    return any(
        any(word in forms for forms in wanted) and all(forms & set(words[i : i + width]) for forms in wanted)
        for i, word in enumerate(words)  # a stretch that holds them all starts with one of them
    )


_WORD_IN_TEXT = re.compile(r"[^\W_]+(?:['\u2019]s\b)?")


@per_article
def _spelled_words(article: str) -> list[tuple[int, int, str]]:
    """(start, end, plain form) of each word, computed once per article, not once per name."""
    words = [(m.start(), m.end(), plain(m.group())) for m in _WORD_IN_TEXT.finditer(article)]
    return [w for w in words if w[2]]


def as_written(name: str, article: str) -> str:
    """The article's own spelling of a name the model wrote without its accents or with
    other case ('Mevlut Cavusoglu' -> 'Mevlüt Çavuşoğlu'); the name unchanged when the
    article has it as written, or does not have its words in a row."""
    wanted = plain(name).split()
    if not wanted or fold(name) in folded_article(article)[0]:
        return name
    words = _spelled_words(article)
    for i in range(len(words) - len(wanted) + 1):
        if all(words[i + k][2] == wanted[k] for k in range(len(wanted))):
            return article[words[i][0] : words[i + len(wanted) - 1][1]]
    return _honorific_as_written(name, article)


_ACRONYM = re.compile(r"[A-Z]{2,6}")
# capitalized words, the lexicon's joiners between them ('Bank of America'): what an acronym abbreviates
_CAPITALIZED_RUN = re.compile(r"%s[\w'\u2019-]*(?:\s+(?:(?:%s)\s+)*%s[\w'\u2019-]*)+"
                              % (UPPER, "|".join(map(re.escape, sorted(NAME_JOINERS))), UPPER))


def spelled_out(acronym: str, article: str) -> str | None:
    """What an acronym stands for, when the article writes it out: 'Export Development Canada
    (EDC)', or 'The Parliamentary Budget Officer ... the PBO' (the initials of one run of
    capitalized words, joiners skipped). A two-letter one only as defined in parentheses
    ('CP' may be Canadian Pacific or The Canadian Press); None when the text gives two."""
    if not _ACRONYM.fullmatch(acronym):
        return None
    found = _written_out(article).get(acronym, set())
    return next(iter(found)) if len(found) == 1 else None


@per_article
def _written_out(article: str) -> dict[str, set[str]]:
    """Every run of capitalized words (joiners inside) under its initials; two-letter initials
    only for a run defined in parentheses right after it ('Canadian Pacific (CP)')."""
    forms: dict[str, set[str]] = {}
    for run in _CAPITALIZED_RUN.finditer(article):
        words = run.group().split()
        starts = [run.start() + m.start() for m in re.finditer(r"\S+", run.group())]
        for i in range(len(words)):
            for j in range(i + 2, min(len(words), i + 10) + 1):
                part = words[i:j]
                if part[0].lower() in NAME_JOINERS or part[-1].lower() in NAME_JOINERS:
                    continue
                initials = "".join(w[0] for w in part if w.lower() not in NAME_JOINERS)
                end = starts[j - 1] + len(words[j - 1])
                if len(initials) > 2 or article.startswith(f" ({initials})", end):
                    forms.setdefault(initials, set()).add(" ".join(part))
    return forms


def _honorific_as_written(name: str, article: str) -> str:
    """'Mr. Clinton' where the article writes that surname only ever as 'Mrs. Clinton' is a
    slip of the model: the article's one form. Not when the article names anyone else by that
    surname ('The first lady, Michelle Obama, spoke after Mr. Obama': 'Mrs. Obama' is her)."""
    honorific = re.match(_HONORIFIC, name)
    if not honorific:
        return name
    rest = name[honorific.end():]
    every = list(re.finditer(rf"(?<!\w)(?:\w+\.?\s+)?{re.escape(rest)}(?!\w)", article))
    forms = {m.group() for m in re.finditer(rf"\b{_HONORIFIC}{re.escape(rest)}\b", article)}
    if len(forms) == 1 and all(re.match(_HONORIFIC, m.group()) for m in every):
        return forms.pop()
    return name


def same_entity(a: str, b: str) -> bool:
    """Same person or organization written two ways. A person: equal after normalization (case,
    accents, leading titles), or one name's words all in the other's with the same surname
    ('Hillary Rodham Clinton'), or one word that is the other's first or last ('Çavuşoğlu' for
    'Mevlüt Çavuşoğlu', 'Wang' for 'Wang Qishan'). Never: honorifics of the other sex ('Mr.
    Obama', 'Mrs. Obama'), a given name under a royal title and someone else's ('Prince Harry',
    'Harry Reid'), a person and an organization ('Ford', 'Ford Motor Company'). Organizations:
    the same words, or one inside the other with the same head word ('Transit Commission',
    'Halden Transit Commission'; not 'State Department', 'Justice Department')."""
    return _same_entity(a, b) if len(a) + len(b) <= 2 * SHORT else _same_entity.__wrapped__(a, b)


def is_acronym_of(short: str, name: str) -> bool:
    """'IMF' for 'International Monetary Fund', 'the PBO' for 'The Parliamentary Budget
    Officer': three or more capitals, the initials of the name's words (joiners skipped). Two
    letters say too little ('CP': Canadian Pacific or Canadian Press)."""
    short = re.sub(r"^(?:the|The)\s+", "", short.strip())
    words = [w for w in re.sub(r"^(?:the|The)\s+", "", name.strip()).split() if w.lower() not in NAME_JOINERS]
    return len(short) >= 3 and bool(_ACRONYM.fullmatch(short)) and len(words) == len(short) and \
        all(w[:1].isupper() for w in words) and "".join(w[0] for w in words) == short


@lru_cache(maxsize=NAMES_AT_ONCE)
def _same_entity(a: str, b: str) -> bool:
    if is_acronym_of(a, b) or is_acronym_of(b, a):
        return True
    ta, tb = [_spelling_key(t) for t in name_tokens(a)], [_spelling_key(t) for t in name_tokens(b)]
    if not ta or not tb:
        return plain(a) == plain(b)
    if {honorific_sex(a), honorific_sex(b)} == {"m", "f"} or is_organization(a) != is_organization(b):
        return False
    if set(ta) == set(tb):
        return True
    small, large = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if not all(t in large for t in small):
        return False
    if is_organization(a):
        return small[-1] == large[-1]
    if len(small) == 1:
        royal = [_given_name_title(x) for x in (a, b)]
        if any(royal) and not all(royal):
            return False
        return small[0] in (large[0], large[-1])
    return small[-1] == large[-1]


def _given_name_title(name: str) -> bool:
    words = plain(name).split()
    return bool(words) and words[0] in GIVEN_NAME_TITLES


def _spelling_key(token: str) -> str:
    """Spellings of one name across transliterations: doubled letters and a final y/i folded
    ('Zelenskyy', 'Zelensky')."""
    return re.sub(r"(.)\1+", r"\1", token).removesuffix("y").removesuffix("i")


_HONORIFIC = r"(?:%s)\.?\s+" % "|".join(h.title() for h in HONORIFIC_SEX)


def honorific_sex(name: str) -> str | None:
    words = plain(name).split()
    return HONORIFIC_SEX.get(words[0]) if words else None


# A party-and-state tag or a short aside right after a name ('(D-Mo.)', '(R)'). cue_words, subjects.
SHORT_PARENTHESIS = r"\([^()]{1,20}\)"
# What a cue or a model leaves around a name: a party-and-state tag, cut off or not ('Sen.
# Claire McCaskill (D-Mo.)', 'Jason Chaffetz (R-Utah'), and clauses after a comma ('Obama,
# former US president', 'Donna Rawlings, 59', 'Johnnie Wilson, of Springfield, Va.').
_TRAILING_TAG = re.compile(r"\s*\([^()]*\)?\s*$")


def clean_name(name: str, article: str) -> str:
    """A speaker's or participant's name without what surrounds it: the tag, the clause after
    a comma, a lead-in before one ('Ultimately, Mr. Clarke'), trailing lower-case words
    ('Mexicans often say'). 'Clinton, Hillary' becomes 'Hillary Clinton' when the article
    writes it so. A name with nothing around it, or one the article would no longer mention
    once cleaned ('U. S. government' is not 'U. S.'), comes back unchanged."""
    cleaned = _without_surroundings(name, article)
    return cleaned if cleaned and is_mentioned(cleaned, article) else name.strip()


def _without_surroundings(name: str, article: str) -> str:
    name = name.rsplit(">", 1)[-1]  # markup the cue ran over: 'Mostly True.">Sanders'
    parts = [p.strip() for p in _TRAILING_TAG.sub("", name.strip()).split(",") if p.strip()]
    while len(parts) > 1 and _is_lead_in(parts[0]):
        parts.pop(0)
    if not parts:
        return ""
    if len(parts) > 1 and re.fullmatch(rf"{UPPER}[\w'\u2019\-]+", parts[1]):
        flipped = f"{parts[1]} {parts[0]}"
        if fold(flipped) in folded_article(article)[0]:
            return flipped
    words = parts[0].split()
    while (len(words) > 1 and words[-1][:1].islower() and plain(words[-1]) not in _TITLE_OR_JOINER
           and not is_particle_surname(words[-1])):  # 'Huda al-Mansouri' keeps her surname
        words.pop()
    return without_descriptor(" ".join(words))


def without_descriptor(name: str) -> str:
    """The name after a lower-case description of the person: 'Republican presidential nominee
    Donald Trump' -> 'Donald Trump', 'former governor L. Douglas Wilder' -> 'L. Douglas Wilder'.
    Two capitalized words at least, so 'Doctors without Borders' stays whole."""
    words = name.split()
    i = len(words)
    while i > 0 and words[i - 1][:1].isupper():
        i -= 1
    if len(words) - i >= 2 and i > 0 and words[i - 1][:1].islower() and words[i - 1] not in NAME_JOINERS:
        return " ".join(words[i:])
    return name


def is_name_like(name: str, article: str) -> bool:
    """A name, not a phrase the model copied: at most one lower-case word that is neither a
    joiner nor a title ('Wells Fargo cashier who steals ...', 'We need the money in order for
    the', 'one Democratic source on the' are not names), and not the article's headline."""
    described = [w for w in without_descriptor(name).split()
                 if w[:1].islower() and plain(w) not in _TITLE_OR_JOINER]
    headline = article.lstrip().split("\n", 1)[0]
    is_headline = len(headline.split()) >= 4 and plain(name) == plain(headline)  # a profile may be titled 'Angela Merkel'
    return len(described) < 2 and not is_headline


def _is_lead_in(part: str) -> bool:
    """'Ultimately', 'Lamenting their luck', 'in a statement': not the start of a name."""
    first = part.split()[0]
    one_word = " " not in part
    return (first.lower() in LEAD_INS or first[:1].islower() or (first.endswith("ly") and one_word)
            or (first.endswith("ing") and not one_word))
