"""Grounding: what the output schemas may ask of the article while they validate.

The schemas are data and import no rules; validators reach the article through the validation
context, ``{"article": text, "check": ArticleCheck(text)}``, built here by
``validation_context``. A model answer, an assembled summary and a cache entry are all checked
the same way: a quote must be in the text at its offsets, a name must be in the article.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .folding import fold, plain
from .names import is_mentioned, is_named_in_full, name_tokens


@dataclass(frozen=True)
class ArticleCheck:
    text: str

    def holds(self, quoted: str, start: int, end: int) -> bool:
        """The article has these words at these offsets (marks and whitespace folded)."""
        return fold(self.text[start:end]) == fold(quoted)

    def mentions(self, name: str) -> bool:
        """The article names this entity (a surname is enough)."""
        return is_mentioned(name, self.text)

    def names_in_full(self, name: str) -> bool:
        """Every distinctive word of the name is in the article."""
        return is_named_in_full(name, self.text)

    def names_at(self, name: str, start: int, end: int) -> bool:
        """The article's words at this span hold the name, or a distinctive word of it (the
        'Smith' in 'Smith said' for 'Anna Smith')."""
        if not 0 <= start < end <= len(self.text):
            return False
        return bool(set(name_tokens(self.text[start:end])) & set(name_tokens(name)))

    def has_most_words_of(self, phrase: str) -> bool:
        """At least half the phrase's words are in the article (an agreement's title)."""
        words = plain(phrase).split()
        article_words = set(plain(self.text).split())
        return sum(w in article_words for w in words) >= len(words) / 2


def validation_context(text: str) -> dict[str, Any]:
    return {"article": text, "check": ArticleCheck(text)}

