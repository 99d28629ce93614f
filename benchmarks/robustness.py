"""Robustness: the same articles in other words, with the same answers.

Each development article (both sets, read-only in ../shared/devset, never copied here) is
rewritten so that the right answer is still known, and every gold offset moves with the text:

- ``british``: double quotation marks become single (“” -> ‘’, " -> ', and the archive's
  doubled apostrophes '' -> '); single marks nested inside become double. Apostrophes stay.
- ``ascii``: every curly mark and apostrophe straight (“” « » -> ", ‘’ -> ').
- ``names``: every person the gold names gets a consistent new name from another tradition
  (Korean, Turkish, Arabic, Vietnamese, Yoruba, Spanish, Dutch, hyphenated): the full name, the
  surname alone, the given name alone, 'Mr. Surname', possessives and ALL-CAPS transcript
  labels; honorifics and pronouns are kept, so the new name has the sex they state.
- ``crlf``: every line ends in CR LF.

Per variant: F1 of the attribution view at 0.3 and 0.8 overlap, the quoted-words view at 0.8,
and speaker accuracy at 0.8, beside ``original`` in the same run, with the difference in points
('!' beyond 1 point). ``--mode code`` (seconds, no model): quotes by the detector, speakers by
the cue reader, '?' where the pipeline would ask the model (as attribution_only.py), on the
article text as the product normalizes it. ``--mode model``: the whole pipeline, cached.

The answers are fixed: gold items are selected and cut into quoted words on the original
article (scoring_rules' rules read quotation marks, which a variant changes) and moved onto the
variant's text. For ``names``, speakers are compared on the new names (the gold speakers
rewritten); the row ``names, mapped back`` maps the tool's speakers back to the original names
and compares them with the original gold, so the evaluator's own name rule (a surname matches
a full name that ends in it) cannot tell surname-first names apart from misattributions.

    python benchmarks/robustness.py --mode code
    python benchmarks/robustness.py --mode code --set ggt --variants names,crlf
    python benchmarks/robustness.py --mode model --limit 5
"""

from __future__ import annotations

import argparse
import bisect
import random
import re
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from scoring_rules import (  # noqa: E402
    GROUPS_FRAGMENTS, SETS, SetScore, gold_items, load, mention_head, names_someone, predicted_items, people,
)

from summarizer.countries import country_name  # noqa: E402
from summarizer.evaluate import THRESHOLDS, Counts, QuoteItem, greedy_match, same_person, score_quotes, words_of  # noqa: E402

# ---------------------------------------------------------------- edits that move offsets


@dataclass(frozen=True)
class Edit:
    """``text[start:end]`` becomes ``new``. ``parts`` say which words became which, as
    (old start, old end, new start, new end) relative to the edit ('Donald Trump' -> 'Kim
    Ji-woo': 'Trump' became 'Kim'), so a span on one of them lands on its counterpart."""

    start: int
    end: int
    new: str
    parts: tuple[tuple[int, int, int, int], ...] = ()


class Edits:
    """Non-overlapping replacements (start, end, new) in one text, and where any offset of that
    text lands afterwards. A span's start inside a replaced piece goes to the piece's new
    start, its end to the piece's new end (to its parts' when the edit has parts); an
    insertion (start == end) stays outside the spans that touch it."""

    def __init__(self, edits=()):
        self.edits = sorted((e if isinstance(e, Edit) else Edit(*e) for e in edits), key=lambda e: (e.start, e.end))
        for a, b in zip(self.edits, self.edits[1:]):
            if b.start < a.end or (b.start == a.start and a.start == a.end):
                raise ValueError(f"overlapping edits {a} and {b}")
        self._starts = [e.start for e in self.edits]
        self._ends = [e.end for e in self.edits]
        self._shift = [0]  # length change of everything before edit i
        for e in self.edits:
            self._shift.append(self._shift[-1] + len(e.new) - (e.end - e.start))

    def __len__(self) -> int:
        return len(self.edits)

    def apply(self, text: str) -> str:
        out, at = [], 0
        for e in self.edits:
            out.append(text[at : e.start])
            out.append(e.new)
            at = e.end
        out.append(text[at:])
        return "".join(out)

    def _new_start(self, i: int) -> int:
        return self.edits[i].start + self._shift[i]

    def _holding(self, pos: int) -> int | None:
        """The edit whose replaced characters include ``pos``."""
        i = bisect.bisect_right(self._starts, pos) - 1  # the last edit starting at or before pos
        return i if i >= 0 and pos < self.edits[i].end else None

    def start(self, pos: int) -> int:
        """Where a span starting at ``pos`` starts: the new start of a piece holding ``pos``."""
        i = self._holding(pos)
        if i is not None:
            e = self.edits[i]
            return self._new_start(i) + min((p[2] for p in e.parts if p[1] > pos - e.start), default=0)
        return pos + self._shift[bisect.bisect_right(self._starts, pos)]

    def end(self, pos: int) -> int:
        """Where a span ending at ``pos`` ends: the new end of a piece holding ``pos - 1``."""
        i = self._holding(pos - 1)
        if i is not None:
            e = self.edits[i]
            return self._new_start(i) + max((p[3] for p in e.parts if p[0] < pos - e.start), default=len(e.new))
        return pos + self._shift[bisect.bisect_left(self._ends, pos)]

    def span(self, span) -> tuple[int, int]:
        """A span moved: its start and end moved, or, within one edit with parts, the new
        counterparts of the parts it covers ('Trump' of 'Donald Trump' -> 'Kim' of 'Kim Ji-woo')."""
        i = self._holding(span[0])
        if i is not None and self.edits[i].parts and span[1] <= self.edits[i].end:
            e, base = self.edits[i], self._new_start(i)
            covered = [p for p in e.parts if p[0] < span[1] - e.start and p[1] > span[0] - e.start]
            if covered:
                return base + min(p[2] for p in covered), base + max(p[3] for p in covered)
        start, end = self.start(span[0]), self.end(span[1])
        return start, max(start, end)

    def inside(self, text: str, start: int, end: int) -> str:
        """``text[start:end]`` with the edits lying inside it applied: what the moved span holds
        when no edit straddles its ends."""
        kept = [e for e in self.edits if start <= e.start and e.end <= end
                and not (e.start == e.end and e.start in (start, end))]
        return Edits(Edit(e.start - start, e.end - start, e.new) for e in kept).apply(text[start:end])


# ---------------------------------------------------------------- a rewritten dev row


@dataclass
class Variant:
    """A dev row rewritten, the edits that made it, and for ``names`` the swap."""

    row: dict
    edits: Edits
    swap: "NameSwap | None" = None


def rewrite_row(row: dict, edits: Edits, names: Callable[[str], str] = lambda s: s) -> dict:
    """The row with its text edited and every offset moved; the quoted content and the speaker
    mention re-read from the moved spans, resolved speakers and people through ``names``."""
    text = edits.apply(row["text"])
    attributions = []
    for a in row["attributions"]:
        a = dict(a)
        a["spans"] = [list(edits.span(s)) for s in a["spans"]]
        a["text"] = " ".join(text[s:e] for s, e in a["spans"])
        if a.get("speaker_spans"):
            a["speaker_spans"] = [list(edits.span(s)) for s in a["speaker_spans"]]
            a["speaker_mention"] = " ".join(text[s:e] for s, e in a["speaker_spans"])
        elif a.get("speaker_mention"):
            a["speaker_mention"] = names(a["speaker_mention"])
        if a.get("speaker"):
            a["speaker"] = names(a["speaker"])
        attributions.append(a)
    new = {**row, "text": text, "attributions": attributions}
    if "people" in row:
        new["people"] = [names(p) for p in row["people"]]
    return new


def original(row: dict) -> Variant:
    return Variant(row, Edits())


# ---------------------------------------------------------------- quotation marks

_LEFT_DOUBLE, _RIGHT_DOUBLE, _LEFT_SINGLE, _RIGHT_SINGLE = "\u201c", "\u201d", "\u2018", "\u2019"
_ASCII = {"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
          "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2039": "'", "\u203a": "'"}


def ascii_marks(row: dict) -> Variant:
    """Every curly quotation mark and apostrophe straight: one character for one, so no offset
    moves."""
    text = row["text"]
    edits = Edits(Edit(i, i + 1, _ASCII[c]) for i, c in enumerate(text) if c in _ASCII)
    return Variant(rewrite_row(row, edits), edits)


def _opens(text: str, i: int) -> bool:
    """A single mark at ``i`` may open a quotation: nothing, a space, a bracket, a dash or a
    double mark before it, a non-space after it."""
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([\u2014\u2013-\"\u201c") and not after.isspace()


def _closes(text: str, i: int) -> bool:
    """A single mark at ``i`` may close one: a non-space before it, no letter or digit after it
    (so 'don't' and 'Turkey's' are apostrophes)."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and not after.isalnum()


def _nested_closer(text: str, i: int) -> int | None:
    """The mark closing the single quotation opened at ``i``, inside the same double one."""
    for j in range(i + 2, len(text)):
        c = text[j]
        if c in '\n"\u201c\u201d' or text.startswith("''", j):
            return None
        if c in "'\u2019" and _closes(text, j):
            return j
    return None


def british_marks(text: str) -> list[Edit]:
    """Double quotation marks single, and single ones nested inside them double ('..."x"...'),
    paragraph by paragraph (a quotation running on reopens in the next one). A single mark
    inside a quotation is a nested quote only when it opens and a closing one follows before
    the quotation ends; any other is an apostrophe and stays."""
    edits: list[Edit] = []
    inside = False
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\n":
            inside = False
        elif text.startswith("''", i):  # archive copy's double mark
            edits.append(Edit(i, i + 2, "'"))
            inside = not inside
            i += 2
            continue
        elif c in '"\u201c\u201d':
            opening = c == "\u201c" or (not inside and (c == '"' or _opens(text, i)))
            edits.append(Edit(i, i + 1, "'" if c == '"' else ("\u2018" if opening else "\u2019")))
            inside = opening
        elif inside and c in "'\u2018" and _opens(text, i):
            j = _nested_closer(text, i)
            if j is not None:
                curly = c == "\u2018" or text[j] == "\u2019"
                edits.append(Edit(i, i + 1, "\u201c" if curly else '"'))
                edits.append(Edit(j, j + 1, "\u201d" if curly else '"'))
                i = j + 1
                continue
        i += 1
    return edits


def british(row: dict) -> Variant:
    edits = Edits(british_marks(row["text"]))
    return Variant(rewrite_row(row, edits), edits)


# ---------------------------------------------------------------- line ends


def crlf(row: dict) -> Variant:
    """Every line ends in CR LF: each offset moves by the line feeds before it."""
    text = row["text"]
    edits = Edits(Edit(m.start(), m.end(), "\r\n") for m in re.finditer("\n", text))
    return Variant(rewrite_row(row, edits), edits)


# ---------------------------------------------------------------- names


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class Tradition:
    """Names of one tradition: surnames, given names by sex, and how a full name is written."""

    name: str
    surnames: tuple[str, ...]
    male: tuple[str, ...]
    female: tuple[str, ...]
    surname_first: bool = False
    middle: dict = field(default_factory=dict)  # sex -> the words between given name and surname

    def full(self, given: str, surname: str, sex: str, rng: random.Random) -> str:
        middle = self.middle.get(sex, ())
        between = rng.choice(middle) if middle else ""
        if self.surname_first:
            return " ".join(w for w in (surname, between, given) if w)
        return " ".join(w for w in (given, between, surname) if w)


def _words(text: str) -> tuple[str, ...]:
    return tuple(nfc(w) for w in text.split(","))


TRADITIONS = (
    Tradition("Korean", _words("Kim,Park,Choi,Jung,Kang,Yoon,Lim,Han"),
              _words("Min-ho,Ji-hoon,Seung-woo,Dong-hyun,Jae-won,Hyun-woo"),
              _words("Ji-woo,Seo-yeon,Soo-ah,Ha-eun,Min-ji,Ye-jin"), surname_first=True),
    Tradition("Turkish", _words("Çelik,Öztürk,Yıldırım,Şahin,Aydın,Doğan,Kılıç,Güneş"),
              _words("Mehmet,İsmail,Oğuz,Çağlar,Uğur,Ömer"),
              _words("Ayşe,Gülşen,Şebnem,Özlem,Zeynep,Büşra")),
    Tradition("Arabic", _words("al-Mansouri,al-Zahrani,al-Hashimi,al-Qasimi,al-Farsi,al-Zahra"),
              _words("Khalid,Omar,Yusuf,Tariq,Hamza,Faisal"),
              _words("Fatima,Layla,Noor,Mariam,Huda,Salma"),
              middle={"m": _words("bin Rashid,bin Saeed,bin Nasser,bin Hamad")}),
    Tradition("Vietnamese", _words("Nguyễn,Trần,Phạm,Hoàng,Vũ,Đặng,Bùi,Đỗ"),
              _words("Minh,Hùng,Dũng,Tuấn,Quang,Khánh"),
              _words("Lan,Hương,Thảo,Linh,Ngọc,Phương"), surname_first=True,
              middle={"m": _words("Văn"), "f": _words("Thị")}),
    Tradition("Yoruba", _words("Ọlámídé,Adeyemi,Ọlágúnjú,Akínwùmí,Ògúnlànà,Ọ̀ṣúnbádé"),
              _words("Adébáyọ̀,Babátúndé,Olúwaségun,Oyèwálé,Adéwálé,Tèmítọ́pẹ́"),
              _words("Folake,Adérónkẹ́,Títílọpẹ́,Fúnmiláyọ̀,Mọ́rẹ́nikẹ́,Ìyábọ̀")),
    Tradition("Spanish", _words("García Márquez,Fernández Ortiz,Rodríguez Peña,Sánchez Villalobos,Martínez Ibáñez,López de la Fuente"),
              _words("José Luis,Juan Carlos,Andrés,Íñigo,Álvaro,Joaquín"),
              _words("María José,Ana Sofía,Lucía,Begoña,Inés,Rocío")),
    Tradition("Dutch", _words("van der Berg,de Vries,van den Heuvel,van der Meer,de Jong,van Dijk"),
              _words("Pieter,Joris,Maarten,Sjoerd,Ruud,Bram"),
              _words("Anouk,Femke,Saskia,Marieke,Lotte,Sanne")),
    Tradition("hyphenated", _words("Marchand-Dubois,Schmidt-Weber,Lefèvre-Martin,Meyer-Landrut,Olsen-Berg,Dupont-Aignan"),
              _words("Jean-Luc,Hans-Peter,Karl-Heinz,Jean-Marc,Per-Olof,Klaus-Dieter"),
              _words("Anna-Lena,Marie-Claire,Anne-Sophie,Eva-Maria,Lise-Lotte,Marie-Hélène")),
)

# What stands before a name and is not part of it ('Sen.', 'Homeland Security Secretary'), and
# words that make a capitalized run an organization, a place or a group, not a person.
_TITLES = frozenset("""
    mr mrs ms miss dr sir sen sens rep reps gov lt gen col sgt capt prof rev president former vice
    secretary senator governor attorney general minister prime chief leader mayor judge justice
    spokeswoman spokesman spokesperson activist rival democrat republican sheriff officer detective
    constable councillor councilor coach premier superintendent inspector director ceo chair
    chairman chairwoman speaker commissioner minority majority nominee candidate host anchor
    reporter columnist author professor pastor bishop pope king queen prince princess lord lady
    ambassador deputy acting assistant associate staff first del
""".split())
_NOT_PEOPLE = frozenset("""
    the a an of for and post times news journal committee center centre court bureau commission
    house department party campaign republicans democrats readers scholars video poll polls tweet
    lawmakers coalition office affairs board services service school university college inc co
    corp company group association union council institute foundation agency administration
    network tv radio press media club team league police army navy government ministry state
    states city county province canada america fargo street bank church hospital says
    electronics crown rockets raptors cross transcript institution institute review survey circuit
    charter many some most several all other west east north south middle central national american
""".split())
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
_CONNECTORS = frozenset({"de", "da", "van", "von", "der", "den", "bin", "bint", "al", "del", "la", "le", "di", "du", "ter", "ten"})
_NAME_TOKEN = re.compile(r"(?:[^\W\d_][\w'\u2019.\-]*|[A-Z]\.(?:[A-Z]\.)*)$")


def person_names(mention: str) -> list[str]:
    """The people a gold string names: 'Sens. Jon Tester and David Vitter' -> ['Jon Tester',
    'David Vitter'], 'longtime Democratic pollster Pat Caddell' -> ['Pat Caddell'], 'Sen. Harry
    Reid (D-Nev.)' -> ['Harry Reid']; none in 'The New York Times', 'NATO', 'a spokesman'."""
    found = []
    for part in re.split(r"\s+(?:and|&)\s+", mention_head(mention)):
        part = re.sub(r"['\u2019]s?$", "", part.strip())
        tokens = part.split()
        run: list[str] = []
        for t in reversed(tokens):  # the capitalized run the mention ends with
            if _NAME_TOKEN.match(t) and (t[:1].isupper() or (run and t.lower() in _CONNECTORS)):
                run.insert(0, t)
            else:
                break
        while run and run[0].lower() in _CONNECTORS:
            run.pop(0)
        while run and run[-1].lower().rstrip(",") in _SUFFIXES:
            run.pop()
        # after the last title ('Homeland Security Secretary Jeh Johnson') or possessive ("NBC's Chinni")
        cut = max((i + 1 for i, t in enumerate(run[:-1]) if (t[:1].isupper() and t.lower().rstrip(".") in _TITLES)
                   or re.search(r"['\u2019]s$", t)), default=0)
        run = run[cut:]
        if not run or len(run) > 4 or any(t.lower().rstrip(".") in _NOT_PEOPLE for t in run):
            continue
        if any(len(t) > 1 and t.isupper() and "." not in t for t in run):  # NATO, CNN, WALLACE (a label)
            continue
        found.append(" ".join(run))
    return found


@dataclass
class Person:
    given: str | None  # 'Donald'; None when the article only ever gives the surname
    surname: str  # 'Trump', 'von der Leyen', 'Kim' (of 'Kim Jong-un')
    surname_first: bool = False
    forms: set = field(default_factory=set)  # full names as the gold writes them
    sex: str | None = None
    votes: Counter = field(default_factory=Counter)
    new_given: str = ""
    new_surname: str = ""
    new_full: str = ""
    tradition: str = ""

    @property
    def full(self) -> str:
        if not self.given:
            return self.surname
        return f"{self.surname} {self.given}" if self.surname_first else f"{self.given} {self.surname}"


def _pattern(form: str) -> str:
    return r"\s+".join(re.escape(w) for w in form.split())


def _standalone(text: str, word: str) -> int:
    return len(re.findall(rf"(?<![\w'\u2019]){re.escape(word)}(?![\w])", text))


def split_name(name: str, text: str) -> Person:
    """Given name and surname, and which comes first: surname-first ('Kim Jong-un', 'Xi
    Jinping') when the article uses the first word alone more often than the last."""
    words = name.split()
    if len(words) == 1:
        return Person(None, words[0], forms={name})
    connector = next((i for i, w in enumerate(words[1:], 1) if w.lower() in _CONNECTORS), None)
    if connector is not None:  # 'Ursula von der Leyen'
        return Person(" ".join(words[:connector]), " ".join(words[connector:]), forms={name})
    alone_first = _standalone(text, words[0]) - _standalone(text, name)
    alone_last = _standalone(text, words[-1]) - _standalone(text, name)
    if len(words) == 2 and alone_first > alone_last:
        return Person(words[1], words[0], surname_first=True, forms={name})
    return Person(words[0], words[-1], forms={name})


_BEFORE_A_NAME_NOT_GIVEN = _TITLES | _NOT_PEOPLE | {"but", "in", "on", "at", "when", "while", "as", "if", "to", "by", "with"}


def given_from_text(surname: str, text: str) -> str | None:
    """The word most often right before a surname the gold only gives alone ('Trump' ->
    'Donald'), when it is a capitalized word and no title ('President Trump')."""
    before = Counter(
        m.group(1) for m in re.finditer(rf"(?<![\w.])([A-Z][^\W\d_]+)(?:\s+[A-Z]\.)?\s+{re.escape(surname)}(?![\w])", text)
        if m.group(1).lower() not in _BEFORE_A_NAME_NOT_GIVEN and m.group(1).lower() not in _CONNECTORS
    )
    return before.most_common(1)[0][0] if before else None


def gold_people(set_name: str, row: dict) -> list[str]:
    """The people the gold names: GGT's people list (and its speakers that are among them);
    PolNeAR's speaker mentions that name someone, cut to the person's name."""
    if set_name == "ggt":
        return list(dict.fromkeys(n for p in people(row) for n in person_names(p) or [p]))
    found = []
    for a in row["attributions"]:
        mention = a.get("speaker_mention")
        if mention and not a.get("speaker_is_pronoun") and names_someone(mention):
            found += [n for n in person_names(mention) if _reads_as_a_name(n, row["text"])]
    return list(dict.fromkeys(found))


def _reads_as_a_name(name: str, text: str) -> bool:
    """PolNeAR does not say who is a person: a capitalized run none of whose words the article
    also writes in lower case ('Public', 'Schools', 'New', 'Help') and that names no country."""
    lower = set(re.findall(r"(?<![\w.])[a-z]+(?![\w'])", text))
    words = [w for w in name.split() if w.lower() not in _CONNECTORS and not w.endswith(".")]
    return all(w.lower() not in lower and country_name(w) is None for w in words)


_MALE, _FEMALE = ("he", "him", "his", "himself"), ("she", "her", "hers", "herself")


def _sex_votes(person: Person, row: dict, text: str, shared_surname: bool) -> Counter:
    """What the article says of a person's sex: honorifics before the name (not for a surname
    two people share), gold pronoun mentions resolved to the person (GGT), and the first
    personal pronoun after each mention in its sentence ('Smith said he ...') or opening the
    next one."""
    votes: Counter = Counter()
    names = [person.full, person.surname] if person.given else [person.surname]
    if not shared_surname:
        for m in re.finditer(rf"\b(Mr|Mrs|Ms|Miss)\.?\s+(?:{re.escape(person.given or '')}\s+)?{_pattern(person.surname)}\b", text):
            votes["m" if m.group(1) == "Mr" else "f"] += 5
    for a in row["attributions"]:
        mention = (a.get("speaker_mention") or "").lower()
        if a.get("speaker") and mention in _MALE + _FEMALE and same_person(a["speaker"], person.full):
            votes["m" if mention in _MALE else "f"] += 2
    for name in names:
        for m in re.finditer(rf"(?<!\w){_pattern(name)}(?!\w)", text):
            sentence, _, rest = re.split(r"([.!?][\"'\u201d\u2019]?\s+|\n+)", text[m.end() : m.end() + 300] + "\n", maxsplit=1)
            pronoun = (re.search(r"\b(he|him|his|she|her|hers)\b", sentence, re.IGNORECASE)
                       or re.match(r"[\"\u201c]?(He|His|She|Her)\b", rest))
            if pronoun:
                votes["m" if pronoun.group(1).lower() in _MALE else "f"] += 1
    return votes


def find_people(set_name: str, row: dict) -> list[Person]:
    """The article's people, each once, with what the article says of their sex: a surname
    the gold gives alone joins the person with that surname, or gets the given name the
    article writes before it."""
    text = row["text"]
    found: list[Person] = []
    by_surname: dict[str, list[Person]] = {}
    for name in gold_people(set_name, row):
        person = split_name(name, text)
        if person.given is None:
            if person.surname in by_surname:
                continue
            person.given = given_from_text(person.surname, text)
            if person.given is None and set_name == "polnear" and not re.search(
                    rf"\b(?:Mr|Mrs|Ms|Miss)\.?\s+{re.escape(person.surname)}\b", text):
                continue  # one capitalized word nobody calls Mr. or Ms.: 'Politifact'
        same = next((p for p in by_surname.get(person.surname, []) if p.given == person.given or not p.given), None)
        if same:
            same.forms |= person.forms
            same.given = same.given or person.given
            continue
        found.append(person)
        by_surname.setdefault(person.surname, []).append(person)
    for person in found:
        person.votes = _sex_votes(person, row, text, len(by_surname[person.surname]) > 1)
        person.sex = _sex(person.votes)
    return found


def _sex(votes: Counter) -> str | None:
    return "m" if votes["m"] > votes["f"] else "f" if votes["f"] > votes["m"] else None


def sex_hints(set_name: str, rows: list[dict]) -> dict[str, str]:
    """Each person's sex as the set's articles together state it (Mr./Mrs., pronouns), for
    the articles that do not say."""
    votes: dict[str, Counter] = {}
    for row in rows:
        for person in find_people(set_name, row):
            votes.setdefault(person.full, Counter()).update(person.votes)
    return {name: sex for name, v in votes.items() if (sex := _sex(v))}


class NameSwap:
    """One article's people, each with a new name from another tradition, and the edits that
    write them in: full names, surnames and given names alone (word boundaries; a possessive
    follows the new name), ALL-CAPS surnames (transcript labels). Two people sharing a surname
    share the new one. A new name that would start a sentence lower case ('al-', 'van der')
    is capitalized there."""

    def __init__(self, set_name: str, row: dict, seed: int = 0, hints: dict[str, str] | None = None):
        """``hints``: the sex of people the article itself does not say, from the other articles
        of the set (``sex_hints``)."""
        text = row["text"]
        self.people = find_people(set_name, row)
        rng = random.Random(f"{seed}|{row.get('id', '')}")
        used = {w for w in words_of(text)}
        traditions = list(TRADITIONS)
        rng.shuffle(traditions)
        family: dict[str, tuple[Tradition, str]] = {}
        for person in self.people:
            person.sex = person.sex or (hints or {}).get(person.full)
            if person.surname not in family:
                tradition = traditions[len(family) % len(traditions)]
                family[person.surname] = (tradition, self._pick(tradition.surnames, used, rng))
            tradition, surname = family[person.surname]
            sex = person.sex or rng.choice("mf")
            person.tradition = tradition.name
            person.new_surname = surname
            person.new_given = self._pick(tradition.male if sex == "m" else tradition.female, used, rng)
            person.new_full = tradition.full(person.new_given, surname, sex, rng)
            used |= set(words_of(person.new_full))
        self._forward = self._table()
        self._new = list(self._forward.values())  # by regex group
        self._regex = self._compile(self._forward)

    @staticmethod
    def _pick(choices: tuple[str, ...], used: set[str], rng: random.Random) -> str:
        free = [c for c in choices if not set(words_of(c)) & used] or list(choices)
        return rng.choice(free)

    def _table(self) -> dict[str, tuple[str, Person | None]]:
        """Each written form -> its new form and, for a full name, whose it is; longest first.
        A surname wins over another person's given name."""
        table: dict[str, tuple[str, Person | None]] = {}
        for p in self.people:
            if p.given:
                for form in p.forms | {p.full}:
                    if len(form.split()) > 1:
                        table.setdefault(form, (p.new_full, p))
        for p in self.people:
            table.setdefault(p.surname, (p.new_surname, None))
            table.setdefault(p.surname[:1].upper() + p.surname[1:], (p.new_surname, None))  # 'De Blasio says'
            if p.surname.upper() != p.surname:
                table.setdefault(p.surname.upper(), (p.new_surname.upper(), None))
        for p in self.people:
            if p.given and len(p.given) > 2 and not p.given.endswith("."):
                table.setdefault(p.given, (p.new_given, None))
        return dict(sorted(table.items(), key=lambda kv: -len(kv[0])))

    @staticmethod
    def _compile(table: dict[str, str]) -> re.Pattern | None:
        """One group per form; a two-word full name also with middle initials ('Donald J. Trump')."""
        if not table:
            return None
        forms = "|".join(
            "(" + (r"(?:\s+[A-Z]\.)*\s+".join(map(re.escape, f.split())) if len(f.split()) == 2 else _pattern(f)) + ")"
            for f in table)
        # whole words only: not 'Neill' in "O'Neill"; "Trump's" is 'Trump' and its possessive
        return re.compile(rf"(?<!\w)(?<!\w['\u2019])(?:{forms})(?!\w)(?!['\u2019](?:[^\Ws]|s\w))")

    def edits(self, text: str, in_running_text: bool = True) -> Edits:
        if self._regex is None:
            return Edits()
        edits = []
        for m in self._regex.finditer(text):
            new, person = self._new[m.lastindex - 1]
            if in_running_text and new[:1].islower() and _starts_sentence(text, m.start()):
                new = new[:1].upper() + new[1:]
            edits.append(Edit(m.start(), m.end(), new, _parts(m.group(), person, new) if person else ()))
        return Edits(edits)

    def apply(self, name: str) -> str:
        """A gold string (a speaker, a person) with the same names swapped."""
        return self.edits(name, in_running_text=False).apply(name)

    def restore(self, name: str) -> str:
        """A predicted speaker with the new names put back ('Rep. Kim Ji-woo (D-Md.)' -> 'Rep.
        Donald Trump (D-Md.)'); accents and case do not matter ('Nguyen Thi Lan', 'AL-MANSOURI'),
        the rest of the string stays as written."""
        folded, index = _folded(name)
        backward: dict[str, str] = {}
        for p in self.people:
            backward.setdefault(_folded(p.new_full)[0], p.full)
            backward.setdefault(_folded(p.new_surname)[0], p.surname)
            backward.setdefault(_folded(p.new_given)[0], p.given or p.surname)
        forms = sorted((f for f in backward if f), key=len, reverse=True)
        if not forms:
            return name
        pattern = re.compile(r"(?<![^\W_])(?:%s)(?![^\W_])" % "|".join(map(re.escape, forms)))
        edits = [Edit(index[m.start()], index[m.end() - 1] + 1, backward[m.group()]) for m in pattern.finditer(folded)]
        return Edits(edits).apply(name)


def _folded(text: str) -> tuple[str, list[int]]:
    """Lower case without accents (Turkish dotted and dotless i as i), and for each folded
    character the index of the character it came from."""
    out, index = [], []
    for i, c in enumerate(text):
        for f in unicodedata.normalize("NFKD", c.replace("\u0131", "i").replace("\u0130", "I")).lower():
            if not unicodedata.combining(f):
                out.append(f)
                index.append(i)
    return "".join(out), index


def _parts(old: str, person: Person, new: str) -> tuple[tuple[int, int, int, int], ...]:
    """Which words of a full name became which: its given name and surname, wherever each
    tradition writes them."""
    given, surname = person.given or "", person.surname
    old_given = (len(old) - len(given), len(old)) if person.surname_first else (0, len(given))
    old_surname = (0, len(surname)) if person.surname_first else (len(old) - len(surname), len(old))
    first = new.lower().startswith(person.new_surname.lower())  # surname-first traditions
    new_given = (len(new) - len(person.new_given), len(new)) if first else (0, len(person.new_given))
    new_surname = (0, len(person.new_surname)) if first else (len(new) - len(person.new_surname), len(new))
    if old[slice(*old_given)] != given or old[slice(*old_surname)] != surname:
        return ()  # a form the parts cannot be told in
    return (old_given + new_given, old_surname + new_surname)


_ABBREVIATED = re.compile(r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Prof|Rev|St|[A-Z])\.$")


def _starts_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\"'\u201c\u2018([\u00ab")
    if not before or before.endswith(("\n", "\r")):
        return True
    before = before.rstrip("\"'\u201d\u2019\u00bb)")
    return before.endswith((".", "!", "?", ":")) and not _ABBREVIATED.search(before)


def names(set_name: str, row: dict, seed: int = 0, hints: dict[str, str] | None = None) -> Variant:
    swap = NameSwap(set_name, row, seed, hints)
    edits = swap.edits(row["text"])
    return Variant(rewrite_row(row, edits, swap.apply), edits, swap)


VARIANTS: dict[str, Callable[[str, dict, int], Variant]] = {
    "original": lambda set_name, row, seed: original(row),
    "british": lambda set_name, row, seed: british(row),
    "ascii": lambda set_name, row, seed: ascii_marks(row),
    "names": names,
    "crlf": lambda set_name, row, seed: crlf(row),
}
MAPPED_BACK = "names, mapped back"


def cut_spans(row: dict, variant: Variant) -> int:
    """Gold spans that do not hold their own words rewritten: the original's with the edits
    inside the span applied, or (a span on part of a name) the swap's rewrite of its words.
    Zero, or the rewrite broke an answer (or the gold span cuts a word: 'Mr. Obam')."""
    text, new = row["text"], variant.row["text"]
    cut = 0
    for a, b in zip(row["attributions"], variant.row["attributions"]):
        for key in ("spans", "speaker_spans"):
            for s, n in zip(a.get(key) or [], b.get(key) or []):
                moved = new[n[0] : n[1]]
                renamed = variant.swap is not None and moved.lower() == variant.swap.apply(text[s[0] : s[1]]).lower()
                cut += moved != variant.edits.inside(text, *s) and not renamed
    return cut


# ---------------------------------------------------------------- scores


class VariantScore(SetScore):
    """A set's scores on one variant. The answers are fixed: gold items are selected and cut
    into quoted words on the original article, by scoring_rules' rules, and moved onto the variant's
    text (those rules read quotation marks, which a variant changes: ``drift`` counts the gold
    items they would read otherwise on the variant's own text). The tool's quotes are mapped
    on the variant's text, as in SetScore.add."""

    def __post_init__(self):
        super().__post_init__()
        self.drift = 0
        self.cut = 0
        self.asked = 0

    def add_variant(self, row: dict, variant: Variant, quotes: list, participants: list | None = None,
                    speakers: str = "new") -> None:
        """``speakers``: 'new' compares with the gold speakers renamed as the text is;
        'original' with the original gold (the caller maps the tool's speakers back)."""
        self.articles += 1
        self.cut += cut_spans(row, variant)
        for view, table in self.views.items():
            unit = "attribution" if view == "distributed" else view
            gold = [self._moved(item, variant, speakers)
                    for item in gold_items(self.set_name, row, unit, as_distributed=view == "distributed")]
            if view in ("attribution", "quoted words"):
                read = gold_items(self.set_name, variant.row, unit)
                self.drift += len({tuple(g.spans) for g in gold} ^ {tuple(map(tuple, g.spans)) for g in read})
            pred = predicted_items(variant.row, quotes, "attribution" if unit == "attribution" else "grouped",
                                   GROUPS_FRAGMENTS[self.set_name])
            for t in THRESHOLDS:
                table[t].add(score_quotes(gold, pred, t, self.measure)[0])
        if self.set_name == "ggt" and participants is not None:
            found = [p.name for p in participants if p.kind == "person"]
            pairs, missed, extra = greedy_match(people(variant.row), found, lambda g, p: float(same_person(g, p)), 1.0)
            self.people.add(Counts(len(pairs), len(extra), len(missed)))

    @staticmethod
    def _moved(item: QuoteItem, variant: Variant, speakers: str) -> QuoteItem:
        speaker = item.speaker
        if variant.swap is not None and speaker and speakers == "new":
            speaker = variant.swap.apply(speaker)
        return QuoteItem([variant.edits.span(s) for s in item.spans], item.text, speaker, item.score_speaker)

    def figures(self) -> tuple[float, float, float, float]:
        """F1 attribution @0.3 and @0.8, F1 quoted words @0.8, speaker accuracy @0.8."""
        att, words = self.views["attribution"], self.views["quoted words"]
        return att[0.3].counts.f1, att[0.8].counts.f1, words[0.8].counts.f1, att[0.8].speaker_accuracy


# ---------------------------------------------------------------- the tool, two ways


def code_quotes(text: str, asked: list[int]) -> list[SimpleNamespace]:
    """Quotes by the detector and speakers by the cue reader, on the text as the product
    normalizes it (NFC, one newline convention): '?' where the model would be asked."""
    from attribution_only import cue_decisions

    from summarizer.article import from_text
    from summarizer.quotes import find_quotes

    article = from_text(text)
    quotes = find_quotes(article.text)
    speakers = cue_decisions(article.text, quotes, asked)
    return [SimpleNamespace(text=q.text, start=q.start, end=q.end, speaker=s) for q, s in zip(quotes, speakers) if s != "-"]


class ModelRunner:
    """The whole pipeline, as the CLI runs it, cached on disk (a variant whose normalized text
    is the original's, like crlf, is a cache hit)."""

    def __init__(self, args):
        from summarizer import config
        from summarizer.backends import make_backend
        from summarizer.cache import Cache

        self.backend = make_backend(model=args.model, base_url=args.base_url, model_path=args.model_path)
        self.cache = Cache(config.cache_dir())

    def __call__(self, text: str, source: str):
        from summarizer.article import from_text
        from summarizer.pipeline import Options, summarize

        return summarize(from_text(text, source=source), self.backend, self.cache, Options())


# ---------------------------------------------------------------- the run


def run_set(set_name: str, args, model: ModelRunner | None) -> dict[str, VariantScore]:
    from summarizer.errors import SummarizerError

    rows = load(set_name, args.limit)
    scores = {v: VariantScore(set_name, args.measure) for v in args.variants}
    if "names" in args.variants:
        scores[MAPPED_BACK] = VariantScore(set_name, args.measure)
    hints = sex_hints(set_name, load(set_name)) if "names" in args.variants else None
    for n, row in enumerate(rows, 1):
        for name in args.variants:
            variant = names(set_name, row, args.seed, hints) if name == "names" else VARIANTS[name](set_name, row, args.seed)
            score = scores[name]
            participants = None
            if model is None:
                asked = [0]
                quotes = code_quotes(variant.row["text"], asked)
                score.asked += asked[0]
            else:
                try:
                    result = model(variant.row["text"], f"{row['id']}.{name}")
                except SummarizerError as e:
                    print(f"[{set_name} {n}/{len(rows)}] {row['id']} {name}: FAILED {e}", file=sys.stderr)
                    score.failed += 1
                    quotes, participants = [], []
                else:
                    quotes, participants = result.summary.quotes, result.summary.participants
                    score.add_work(result.meta)
                    print(f"[{set_name} {n}/{len(rows)}] {row['id']} {name}: {len(quotes)} quotes, "
                          f"{result.meta['seconds']:.1f}s{' (cached)' if result.cached else ''}", file=sys.stderr)
            score.add_variant(row, variant, quotes, participants)
            if name == "names":
                back = [SimpleNamespace(text=q.text, start=q.start, end=q.end, speaker=variant.swap.restore(q.speaker))
                        for q in quotes]
                scores[MAPPED_BACK].add_variant(row, variant, back, None, speakers="original")
    if "names" in scores:
        scores[MAPPED_BACK].asked = scores["names"].asked
    return scores


COLUMNS = ("attribution F1@0.3", "attribution F1@0.8", "quoted words F1@0.8", "speaker@0.8")


def table(set_name: str, scores: dict[str, VariantScore], mode: str, threshold: float = 1.0) -> str:
    """Variant x figures, each with its difference to ``original`` in points; '!' beyond
    ``threshold`` points."""
    base = scores["original"].figures() if "original" in scores else None
    head = f"{'variant':20}" + "".join(f"{c:>22}" for c in COLUMNS) + (f"{'asked':>8}" if mode == "code" else "")
    lines = [head]
    for name, score in scores.items():
        cells = []
        for i, value in enumerate(score.figures()):
            if base is None or name == "original":
                cells.append(f"{value:>22.3f}")
                continue
            diff = (value - base[i]) * 100
            cells.append(f"{value:>13.3f} {diff:+6.1f} {'!' if abs(diff) > threshold else ' '}")
        lines.append(f"{name:20}" + "".join(cells) + (f"{score.asked:>8}" if mode == "code" else ""))
    notes = []
    for name, score in scores.items():
        if score.cut:
            notes.append(f"{name}: {score.cut} gold spans not holding their words rewritten (see cut_spans)")
        if score.drift:
            notes.append(f"{name}: {score.drift} gold items scoring_rules' rules would read otherwise on this variant's "
                         f"own marks (selection, quoted-word cuts); fixed here to the original's")
        if score.failed:
            notes.append(f"{name}: {score.failed} articles failed")
        if score.computed:
            notes.append(f"{name}: {score.seconds / score.computed:.1f} s per article computed ({score.computed})")
        if name != MAPPED_BACK and score.people.tp + score.people.fn:
            notes.append(f"{name}: people (named) F1 {score.people.f1:.3f}")
    return "\n".join(lines + [f"  {n}" for n in notes])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mode", choices=("code", "model"), default="code")
    parser.add_argument("--set", choices=(*SETS, "both"), default="both")
    parser.add_argument("--variants", default=",".join(VARIANTS),
                        help=f"comma-separated, from {', '.join(VARIANTS)} (original is always run)")
    parser.add_argument("--limit", type=int, default=None, help="first N articles of each set")
    parser.add_argument("--seed", type=int, default=0, help="for the names drawn in 'names'")
    parser.add_argument("--measure", choices=("coverage", "iou"), default="coverage")
    parser.add_argument("--model", default=None)
    parser.add_argument("--base-url", default=None)
    parser.add_argument("--model-path", default=None)
    args = parser.parse_args()
    wanted = [v.strip() for v in args.variants.split(",") if v.strip()]
    unknown = [v for v in wanted if v not in VARIANTS]
    if unknown:
        parser.error(f"unknown variants {', '.join(unknown)}; choose from {', '.join(VARIANTS)}")
    args.variants = ["original"] + [v for v in wanted if v != "original"]

    model = ModelRunner(args) if args.mode == "model" else None
    started = time.perf_counter()
    for set_name in (list(SETS) if args.set == "both" else [args.set]):
        scores = run_set(set_name, args, model)
        what = ("code only: detector + cue reader, '?' where the model would be asked (counted wrong; "
                "'asked' = such quotes)" if model is None else f"pipeline, model {model.backend.model_id}")
        print(f"\n{set_name} dev, {scores['original'].articles} articles, {what}; overlap={args.measure}")
        print(table(set_name, scores, args.mode))
    print(f"\nwall time {time.perf_counter() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
