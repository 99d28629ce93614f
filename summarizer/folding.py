"""How two pieces of text are compared: quotation marks, whitespace and accents folded.

Everything here counts characters of the Python ``str`` (never bytes), so offsets stay right
for Turkish, CJK and curly quotes. Matching is tolerant only of what does not change meaning:
curly vs straight quotation marks, runs of whitespace, the ellipsis character, and (for
``plain``, which compares names) case, accents and punctuation.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import TypeVar

# Quotation marks and apostrophes folded to their ASCII form before matching.
_MARK_FOLD = {
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2033": '"', "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u2039": "'", "\u203a": "'", "`": "'", "\u00b4": "'",
}


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """Fold marks and whitespace; return the folded text and, for each folded character,
    the index of the original character it came from."""
    out: list[str] = []
    index: list[int] = []
    in_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if not in_space:
                out.append(" ")
                index.append(i)
            in_space = True
            continue
        in_space = False
        if ch == "\u2026":  # one-character ellipsis matches three dots
            out.extend("...")
            index.extend((i, i, i))
            continue
        out.append(_MARK_FOLD.get(ch, ch))
        index.append(i)
    return "".join(out), index


def fold(text: str) -> str:
    return fold_with_map(text)[0].strip()


def locate(article: str, snippet: str, start_hint: int = 0) -> tuple[int, int] | None:
    """Character span of ``snippet`` in ``article`` (tolerant of marks and whitespace).

    Prefers the first occurrence at or after ``start_hint``, then any occurrence.
    """
    needle = fold(snippet)
    if not needle:
        return None
    folded, index = folded_article(article)
    hint = _folded_position(index, start_hint)
    pos = folded.find(needle, hint)
    if pos < 0:
        pos = folded.find(needle)
    if pos < 0:
        return None
    return index[pos], index[pos + len(needle) - 1] + 1


T = TypeVar("T")

# What is read from one article (its folded text, its cast ...) is cached for this many
# articles: a batch has up to twice its concurrency in flight, and an article read when its
# questions are planned is read again when its answers are assembled, after the model answered
# (with 16 at the cache's size, the cast was read twice for every article: 15% of the CPU).
# And for at most this many characters in all: a reading takes tens of bytes per character.
ARTICLES_AT_ONCE = 256
CHARACTERS_AT_ONCE = 1_000_000


def per_article(read: Callable[[str], T]) -> Callable[[str], T]:
    """``read(article)`` remembered for the last ARTICLES_AT_ONCE articles, CHARACTERS_AT_ONCE
    characters in all (an lru_cache counts entries only: 256 long articles would hold gigabytes)."""
    remembered: OrderedDict[str, T] = OrderedDict()
    lock = threading.Lock()
    size = [0]

    @wraps(read)
    def cached(article: str) -> T:
        with lock:
            if article in remembered:
                remembered.move_to_end(article)
                return remembered[article]
        value = read(article)
        with lock:
            if article not in remembered and len(article) <= CHARACTERS_AT_ONCE:
                remembered[article] = value
                size[0] += len(article)
                while len(remembered) > ARTICLES_AT_ONCE or size[0] > CHARACTERS_AT_ONCE:
                    size[0] -= len(remembered.popitem(last=False)[0])
        return value

    return cached


# Strings of a name's length (names, words): the same few thousand come back in every article.
NAMES_AT_ONCE = 65536
SHORT = 80  # the length of a name or a word, remembered; a sentence or a whole text is not


@per_article
def folded_article(article: str) -> tuple[str, list[int]]:
    return fold_with_map(article)


def _folded_position(index: list[int], original: int) -> int:
    return bisect_left(index, original)


def plain(text: str) -> str:
    """Lower case, accents and punctuation removed: 'Mevlüt Çavuşoğlu' -> 'mevlut cavusoglu'."""
    return _plain_short(text) if len(text) <= SHORT else _plain(text)


@lru_cache(maxsize=NAMES_AT_ONCE)
def _plain_short(text: str) -> str:
    return _plain(text)


def _plain(text: str) -> str:
    text = text.replace("\u0131", "i").replace("\u0130", "I")  # Turkish dotless/dotted i
    decomposed = unicodedata.normalize("NFKD", fold(text))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = re.sub(r"['\u2019]s\b", "", stripped.lower())  # possessive
    return " ".join(re.findall(r"[^\W_]+", stripped))
