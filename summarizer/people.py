"""The cast of an article: who the people are, where the text names them, which of those
mentions make someone the subject, and what the text says of their sex.

Read by code from the article alone, so that 'he said' can go to the person the text last
introduced as its subject, 'she said' never to someone the text calls Mr., and a section label
('WATCH: ...', a subheading) ends the scope a pronoun may reach back into. A name counts as a
person's by the text's own evidence: a title or honorific before it, a description before it
('organizer Lena Whitfield'), being the subject of a verb of saying, or two or more
capitalized words that name no organization, place or country.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .countries import country_name, is_us_state
from .folding import per_article, plain
from .lexicon import (
    ABBREVIATIONS,
    GENDERED_NOUNS,
    HONORIFIC_SEX,
    LEADING_TITLES,
    LOCATIVE_PREPOSITIONS,
    NAME_CONNECTORS,
    NAMED_THING_NOUNS,
    NOT_NAMES,
    OFFICES_BEFORE_A_NAME,
    ORGANIZATION_HEADS,
    PARTY_AFFILIATIONS,
    PLACE_HEADS,
    PORTFOLIOS,
    SPEAKER_PRONOUNS,
    SPEECH_VERBS,
    SURNAME_PARTICLES,
    TITLE_ABBREVIATIONS,
)

_JOINING_ONLY = NAME_CONNECTORS - SURNAME_PARTICLES  # 'of', '&': they never open a name
_RANKS = TITLE_ABBREVIATIONS - {"st", "jr", "sr"}  # 'St. Louis', 'Martin Luther King Jr.'
from .names import honorific_sex, is_organization, is_particle_surname, same_entity, spelled_out
from .quotes import find_quotes
from .sentences import (is_insert, is_photo_caption, is_section_label, is_shopping_list, is_title_case, paragraphs,
                        photo_credit_start, sentence_spans)
from .subjects import is_subject

POSSESSIVE = r"(?:['\u2019]s|(?<=s)['\u2019])$"  # "Kim's", and "Davis'" (a name ending in s)

# A word, its combining marks included (Yoruba 'Tèmítọ́pẹ́' keeps marks no precomposed letter has)
TOKEN = re.compile(r"[^\W\d_][\w'\u2019.\-\u0300-\u036f\u1dc0-\u1dff]*|&")
_PRONOUN_SEX = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}


@dataclass(frozen=True)
class Mention:
    start: int  # of the person's name in the article (titles before it excluded)
    end: int
    name: str  # as written ('Patricia Okafor', 'Okafor')
    subject: bool  # the person is the subject here: opens a sentence, or says something


@dataclass
class Cast:
    text: str
    mentions: list[Mention] = field(default_factory=list)
    sex: dict[str, str] = field(default_factory=dict)  # full name -> 'm' / 'f'
    breaks: list[int] = field(default_factory=list)  # offsets of section labels
    people: list[str] = field(default_factory=list)  # full names, fullest form first seen
    titled: set[str] = field(default_factory=set)  # names with a title or description before them
    titles: dict[str, set[str]] = field(default_factory=dict)  # title word ('mayor') -> names given it

    def full_name(self, name: str) -> str:
        """The fullest name the article gives this person ('Okafor' -> 'Patricia Okafor'). A
        name with an honorific ('Mr. Obama') goes only to a fuller name the text gives the same
        sex; the article may name a Michelle Obama too. A country's name ('Canada') goes only
        to someone the text shows is a person ('he', a title: 'Michael Jordan'), never to a
        name that ends with it ('Statistics Canada'). An acronym the article spells out is named
        in full ('EDC' -> 'Export Development Canada')."""
        spelled = spelled_out(name, self.text)
        if spelled:
            return spelled
        matches = [p for p in self.people if same_entity(p, name)]
        if is_country_word(name, self.text):  # 'Canada said' is not 'Statistics Canada'
            matches = [p for p in matches if p in self.sex or p in self.titled]
        stated = honorific_sex(name)
        if stated is None:  # 'Obama' where the text writes 'Mr. Obama': not Michelle Obama
            used = {honorific_sex(n) for n in self.sex if honorific_sex(n) and same_entity(n, name)}
            stated = used.pop() if len(used) == 1 else "?" if used else None
        if stated:
            matches = [p for p in matches if self.sex.get(p) == stated or honorific_sex(p) == stated]
        return max(matches, key=len) if matches and _one_person(matches) else name

    def scope_start(self, offset: int) -> int:
        """Where the scope of a pronoun at ``offset`` begins: the last section label before it."""
        return max([b for b in self.breaks if b <= offset], default=0)

    def before(self, offset: int, since: int) -> list[Mention]:
        """Mentions between ``since`` and ``offset``, most recent first."""
        return [m for m in reversed(self.mentions) if since <= m.start < offset]


def _one_person(names: list[str]) -> bool:
    return all(same_entity(a, b) for a in names for b in names)


@per_article
def cast_of(text: str) -> Cast:
    """The cast, read from the narrative only: names inside quotations are someone's words."""
    cast = Cast(text)
    quoted = [(q.start, q.end) for q in find_quotes(text)]
    for start, end in paragraphs(text):
        line = text[start:end]
        if is_insert(line) or is_credit_line(line) or is_title_case(line) or is_shopping_list(line):
            continue  # a Title Case headline capitalizes every word: its names are read in the text
        if is_section_label(line, start == 0):
            cast.breaks.append(start)
            continue
        already = len(cast.mentions)
        for sentence_start, sentence_end in sentence_spans(text, start, end):
            _read_sentence(cast, sentence_start, sentence_end, quoted)
        if is_photo_caption(line):  # who a photo shows is named, not made the story's subject;
            credit = photo_credit_start(line)  # who took it is no one in the story
            cast.mentions[already:] = [replace(m, subject=False) for m in cast.mentions[already:]
                                       if credit is None or m.start < start + credit]
    _merge_people(cast)
    return cast


def is_credit_line(line: str) -> bool:
    """A byline or a credit ('By Jane Doe', 'Amy Forliti and Todd Richmond, The Associated
    Press'): the writers, never the article's people, so never a speaker's candidates. Short,
    names and commas only: every lower-case word a joiner."""
    words = line.split()
    if not 0 < len(words) <= 12 or re.search(r"[.!?:\"\u201d]\s*$", line):
        return False
    joiners_only = all(w[:1].isupper() or w.lower().strip(",") in _CREDIT_JOINERS for w in words)
    if not joiners_only:
        return False
    # 'By ...', or names then the outlet after a comma (a headline in Title Case is not one)
    return words[0].lower() == "by" or ("," in line and is_organization(line.rsplit(",", 1)[1]))


_CREDIT_JOINERS = frozenset({"and", "by", "of", "the", "for", "in", "with", "&"})


def tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Words with their offsets; a sentence's final period is not part of its last word."""
    found = []
    for m in TOKEN.finditer(text, start, end):
        word, word_end = m.group(), m.end()
        if (word.endswith(".") and len(word) > 3 and "." not in word[:-1] and not word[:-1].isupper()
                and word[:-1].lower() not in ABBREVIATIONS):  # 'Sen.' keeps its period, 'said.' loses it
            word, word_end = word[:-1], word_end - 1
        found.append((m.start(), word_end, word))
    return found


def name_runs(text: str, words: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Index ranges [i, j) of runs of capitalized words joined only by spaces on one line
    (connectors like 'de' or 'van der' may sit inside)."""
    runs, i = [], 0
    while i < len(words):
        if not (capitalized(words[i][2]) or _opens_a_surname(words, i)):
            i += 1
            continue
        j = i + 1
        while j < len(words) and text[words[j - 1][1] : words[j][0]].strip(" \t\u00a0") == "" and (
            capitalized(words[j][2]) or _connects(words, j)
        ):
            j += 1
        runs.append((i, j))
        i = j
    return runs


def _connects(words: list, j: int) -> bool:
    """Connectors ('de', 'van der', 'of') followed by a capitalized word; after an
    organization's head word, 'on' and 'for' too ('Commission on Presidential Debates',
    'Centre for Urban Research': one name, not a person called 'Presidential Debates')."""
    k = j
    while k < len(words) and (words[k][2].lower() in NAME_CONNECTORS or (
            k == j and words[k][2] in ("on", "for") and j > 0 and plain(words[j - 1][2]) in ORGANIZATION_HEADS)):
        k += 1
    return k > j and k < len(words) and capitalized(words[k][2])


def _opens_a_surname(words: list, i: int) -> bool:
    """'van der Berg said', 'de la Cruz said': particles before a capitalized surname."""
    j = i
    while j < len(words) and words[j][2] in SURNAME_PARTICLES:
        j += 1
    return j > i and j < len(words) and words[j][2][:1].isupper()


def _rank(word: str) -> bool:
    """An abbreviated title with its period ('Gen.', 'Lt.', 'Sen.'); not 'St.' nor 'Jr.'."""
    return word.endswith(".") and plain(word) in _RANKS


def capitalized(word: str) -> bool:
    """A name's word: 'Smith', and 'al-Shabaab' or 'el-Sisi' after their particle; not 'I'
    ('Everyone I spoke to', 'Should I')."""
    return (word[:1].isupper() and word.lower() not in SPEAKER_PRONOUNS and word != "I") or is_particle_surname(word)


def person_part(words: list[tuple[int, int, str]], i: int, j: int, text: str) -> tuple[int, int, bool] | None:
    """The part of the run words[i:j] that names a person, as an index range, and whether a
    title or honorific stood before it; None when the run names no person (function words,
    dates, an organization, a place, a country)."""
    titled = False
    if (i > 0 and words[i - 1][2] == "the") or words[i][2] == "The":
        return None  # 'the Kelowna Rockets', 'The Globe': a team, a paper, a band, no person
    while i < j and (words[i][2] in NOT_NAMES or words[i][2].rstrip(",") in NOT_NAMES):
        i += 1
    if i == 0 and j > 1 and words[0][2] == "Said" and text[words[j - 1][1] : words[j - 1][1] + 1] in (":", ","):
        i = 1  # 'Said Ellis: "..."' opens a sentence: the verb, then who (Edward Said stays whole)
    for k in range(j - 1, i - 1, -1):  # "Vancouver's Bo Horvat", 'Hanoi-based GreenHub': after it
        if re.search(POSSESSIVE + r"|-(?:based|linked|backed|led|born|owned|funded)$", words[k][2]) and k < j - 1:
            if _possessor_is_a_person(words, i, k, text):
                j = k + 1  # "Jeanine Durning's This Shape": hers, a work
            else:
                i = k + 1
            break
    while i < j - 1 and (plain(words[i][2]) in LEADING_TITLES or words[i][2].lower() in _JOINING_ONLY
                         or (titled and plain(words[i][2]) in PORTFOLIOS)  # 'Minister of Transport X'
                         or plain(words[i][2]) in PARTY_AFFILIATIONS  # 'Republican Donald Trump'
                         or (plain(words[i + 1][2]) in LEADING_TITLES and is_country_word(words[i][2], text))):
        # 'Chinese President Xi Jinping', 'U.S. President Donald Trump': the country goes with the title
        i, titled = i + 1, True
    for k in range(j - 2, i, -1):  # 'Adrian Wyld/CP Foreign Affairs Minister Chrystia Freeland' (a photo credit)
        if plain(words[k][2]) in OFFICES_BEFORE_A_NAME or _rank(words[k][2]):  # 'Retired U.S. Air Force Gen. X'
            i, titled = k + 1, True
            break
    if i < j - 1 and words[i][2].endswith("ing"):  # 'Describing South Korea as ...' opens a sentence
        i += 1
    if i >= j or (j - i == 1 and words[i][2].isupper()):  # an acronym alone ('UN') names no person
        return None
    if j - i >= 2 and all(w[2].isupper() and len(w[2]) > 2 for w in words[i:j]):
        return None  # a dateline or a subheading in capitals ('LOS ANGELES', 'FULL SPEECH')
    of = next((k for k in range(i + 1, j) if words[k][2] == "of"), None)
    if of == i + 1:
        return None  # 'Prevention of Double Taxation', 'Bank of Canada': a thing or an institution
    if of is not None and not is_organization(text[words[i][0] : words[of - 1][1]]):
        j = of  # 'Kim Soo of South Korea
    name = re.sub(POSSESSIVE, "", text[words[i][0] : words[j - 1][1]])  # "Kim's activities"
    last = plain(words[j - 1][2])
    thing = (j < len(words) and plain(words[j][2]) in NAMED_THING_NOUNS and not text[words[j - 1][1] : words[j][0]].strip()
             and not re.search(POSSESSIVE, words[j - 1][2]))  # "Asia Anew initiative"; "David Rowland's plan" is his
    if thing or last in NAMED_THING_NOUNS or is_organization(name) or "&" in name or last in PLACE_HEADS \
            or last in LEADING_TITLES or is_country_word(name, text) or is_us_state(name) or _its_people(name, text):
        return None  # an organization, a place, a title ('EU Commissioner'), a country or its people
    return i, j, titled


def _possessor_is_a_person(words: list, i: int, k: int, text: str) -> bool:
    """Two or more capitalized words before "'s" that name no place nor organization ("Jeanine
    Durning's This Shape"); one word ("Vancouver's Bo Horvat") is read as a place."""
    possessor = re.sub(POSSESSIVE, "", text[words[i][0] : words[k][1]])
    last = plain(possessor.split()[-1])
    return k > i and words[k][2].endswith("s") and not (
        is_country_word(possessor, text) or is_us_state(possessor) or is_organization(possessor)
        or last in PLACE_HEADS or last in NAMED_THING_NOUNS)


def is_country_word(name: str, text: str) -> bool:
    """'South Korea', and its people's adjective ('South Korean', 'European')."""
    stems = [name] + [name[: -len(e)] for e in ("n", "an", "ean", "ian", "ese", "ish", "i") if name.endswith(e)]
    return any(country_name(stem, text) or country_name(stem + "a", text) for stem in stems) or \
        plain(name) in {"european", "eu"}


def _its_people(name: str, text: str) -> bool:
    """'Black Canadians', 'the first Black Canadian', 'Pakistanis': a country's people, not a person."""
    last = name.split()[-1]
    plural = last.endswith("s") and len(last) > 4 and is_country_word(last[:-1], text)
    return plural or (" " in name and len(last) > 4 and not country_name(last, text) and is_country_word(last, text))


def _read_sentence(cast: Cast, start: int, end: int, quoted: list[tuple[int, int]]) -> None:
    text = cast.text
    words = [w for w in tokens(text, start, end) if not any(s <= w[0] < e for s, e in quoted)]
    found: list[tuple[Mention, bool]] = []
    for i, j in name_runs(text, words):
        part = person_part(words, i, j, text)
        if part is None:
            continue
        a, b, titled = part
        before = words[a - 1][2] if a > 0 else ""
        if before.lower() in LOCATIVE_PREPOSITIONS and not titled:  # 'in Seoul', 'at King Street'
            continue
        described = plain(before) in LEADING_TITLES and a > 0 and \
            not text[words[a - 1][1] : words[a][0]].strip()  # 'lawyer Oduya', not 'for social justice, Black porters'
        subject = is_subject(text, words, i, a, b, start)
        first = a - 1 if a > 0 and b - a == 1 and honorific_sex(words[a - 1][2]) else a  # Mr. Obama, not Michelle
        possessive = re.search(POSSESSIVE, words[b - 1][2])
        end = words[b - 1][1] - (len(possessive.group()) if possessive else 0)  # "Kim's", "Davis'"
        mention = Mention(words[first][0], end, text[words[first][0] : end], subject)
        found.append((mention, titled or described))
        for title in [plain(w[2]) for w in words[max(0, a - 3) : a]]:
            if title in LEADING_TITLES:
                cast.titles.setdefault(title, set()).add(mention.name)
        sex = _stated_sex(words, a, b)
        if sex:
            cast.sex.setdefault(mention.name, sex)
    found += [(m, True) for m in _title_subjects(cast, words, start)]
    cast.mentions += sorted((m for m, _ in found), key=lambda m: m.start)
    cast.titled.update(m.name for m, evidence in found if evidence)
    _pronoun_evidence(cast, [m for m, _ in found], words)


def _title_subjects(cast: Cast, words: list, sentence_start: int) -> list[Mention]:
    """'The mayor said ...', '..., said the judge': a title as the subject, for the one person
    the article gave that title before ('Mayor Patricia Okafor')."""
    found = []
    for k in range(len(words) - 1):
        if words[k][2].lower() != "the":
            continue
        title = plain(words[k + 1][2])
        names = cast.titles.get(title, set())
        people = {n for n in names if not any(same_entity(n, o) for o in names if len(o) > len(n))}
        if len(people) != 1:
            continue
        opens = k == 0 and k + 2 < len(words) and words[k + 2][2][:1].islower()
        says = (k > 0 and words[k - 1][2] in SPEECH_VERBS) or (k + 2 < len(words) and words[k + 2][2] in SPEECH_VERBS)
        if opens or says:
            found.append(Mention(words[k][0], words[k + 1][1], people.pop(), True))
    return found


def _stated_sex(words: list, a: int, b: int) -> str | None:
    """'Mr. Smith', 'Ms. Berg', 'his wife Anna Berg', 'grandmother Li Wei'."""
    for k in range(max(0, a - 2), a):
        word = plain(words[k][2])
        if word in HONORIFIC_SEX:
            return HONORIFIC_SEX[word]
        if word in GENDERED_NOUNS:
            return GENDERED_NOUNS[word]
    return None


def _pronoun_evidence(cast: Cast, mentions: list[Mention], words: list) -> None:
    """A sentence about one person that calls them 'he' or 'she' states their sex ('Stewart
    said he was heartbroken')."""
    for m in mentions:  # 'Stewart said he was heartbroken': the pronoun after the verb is the subject
        after = [w for w in words if w[0] >= m.end][:3]
        if len(after) >= 2 and after[0][2] in SPEECH_VERBS:
            pronoun = after[2][2] if after[1][2] == "that" and len(after) > 2 else after[1][2]
            if pronoun in ("he", "she"):
                cast.sex.setdefault(m.name, _PRONOUN_SEX[pronoun])
    people = {m.name for m in mentions}
    subjects = [m for m in mentions if m.subject]
    if len(subjects) != 1 or len({p for p in people if not same_entity(p, subjects[0].name)}) > 0:
        return
    sexes = {_PRONOUN_SEX[w[2].lower()] for w in words if w[2].lower() in _PRONOUN_SEX and w[0] > subjects[0].end}
    if len(sexes) == 1:
        cast.sex.setdefault(subjects[0].name, sexes.pop())


def _merge_people(cast: Cast) -> None:
    """One entry per person, named by the fullest form; sex evidence carried to it. A one-word
    name is a person's only with a title or description before it, or as the short form of a
    longer name ('Okafor'); 'Halden council approves' names no one. Two names of the other sex
    ('Mr. Obama', 'the first lady, Michelle Obama') are two people."""
    raw = dict(cast.sex)

    def same(a: str, b: str) -> bool:
        sexes = {raw.get(a) or honorific_sex(a), raw.get(b) or honorific_sex(b)}
        return same_entity(a, b) and sexes != {"m", "f"}

    for mention in cast.mentions:
        full = len(mention.name.split()) >= 2 or mention.name in cast.titled
        if full and not any(same(p, mention.name) for p in cast.people):
            cast.people.append(mention.name)
    cast.mentions = [m for m in cast.mentions if any(same(p, m.name) for p in cast.people)]
    for mention in cast.mentions:
        twins = [p for p in cast.people if same(p, mention.name)]
        if len(twins) == 1 and len(mention.name) > len(twins[0]) and not honorific_sex(mention.name):
            cast.people[cast.people.index(twins[0])] = mention.name
            raw.setdefault(mention.name, raw.get(twins[0]) or honorific_sex(twins[0]) or "")
    sexes: dict[str, str] = {}

    def carry(full: str, sex: str) -> None:
        sexes[full] = "?" if sexes.get(full, sex) != sex else sex  # contradictory evidence: nothing

    shared = []  # a surname two people share ('Belkacemi': the victim and his daughter)
    for name, sex in raw.items():
        people = [p for p in cast.people if same(p, name)]
        if len(people) > 1:
            shared.append((sex, people))
        else:
            carry(people[0] if people else name, sex)
    for sex, people in shared:  # to the one the other evidence does not contradict
        fitting = [p for p in people if sexes.get(p, sex) == sex]
        if len(fitting) == 1:
            carry(fitting[0], sex)
    cast.sex = {name: sex for name, sex in sexes.items() if sex in ("m", "f")}
