"""The questions the model is asked about one article, as chat messages.

Every question repeats the same prefix (system prompt + the article with its quotations
numbered [Q1], [Q2] ...) and adds its own request at the end, so llama.cpp evaluates the
article once and reuses it for the later questions of that article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from . import prompts_loader
from .article import Article
from .errors import InputError
from .quotes import QuoteSpan, find_quotes

Messages = list[dict[str, str]]

# Output budget per question; lists are bounded in the schemas too, so a looping model stops.
MAX_TOKENS = {"participants": 420, "speakers": 60, "agreements": 400, "summary": 160}
# The speakers question answers every open quotation at once: this many tokens for each name.
SPEAKER_TOKENS_EACH = 16
# List answers (participants, agreements, speakers) keep their valid rows once the budget is
# spent, so a re-ask can only add what a failed row would have said. Under a grammar it rarely
# does: in the dev-set runs at version 12 (the embedded model), 50 of 62 re-asks were spent in
# loops that failed anyway, mostly on lists; in session 6's run of the first 10 articles of each
# dev set, the one article with re-asks (a speakers answer giving 10 quotations to 'Neither
# Clinton nor Presidential Debates', an agreements answer with parties the article never names)
# got the same answers again, at 252 s for the article. So none there: a failed row is left
# out and reported. An unconstrained model can also fail on the form of its answer (bad JSON),
# which only a re-ask mends: it keeps the whole budget.
LIST_REASKS = 0


@dataclass(frozen=True)
class Question:
    name: str  # the prompt template: participants, speakers, agreements, summary
    messages: Messages
    max_tokens: int


def prefix_messages(article: Article, quotes: list[QuoteSpan], start: int = 0, end: int | None = None) -> Messages:
    """The system prompt and the article (or the part of it from ``start`` to ``end``), its
    quotations marked [Q1], [Q2] ... by their number in the whole article."""
    end = len(article.text) if end is None else end
    return [
        {"role": "system", "content": prompts_loader.render("system")},
        {
            "role": "user",
            "content": prompts_loader.render(
                "article", title=article.title, marked_text=mark_quotes(article.text, quotes, start, end)
            ),
        },
    ]


def question(prefix: Messages, name: str, **values: Any) -> Question:
    """The prefix with this question appended to the article's message."""
    messages = prefix[:-1] + [
        {"role": "user", "content": prefix[-1]["content"] + "\n\n" + prompts_loader.render(name, **values)}
    ]
    return Question(name, messages, MAX_TOKENS[name])


def reask_budget(max_reasks: int, constrained: bool, is_list: bool) -> int:
    return min(max_reasks, LIST_REASKS) if constrained and is_list else max_reasks


def mark_quotes(text: str, quotes: list[QuoteSpan], start: int = 0, end: int | None = None) -> str:
    """The text from ``start`` to ``end`` with [Q1], [Q2] ... inserted at the start of each
    quotation (numbered in the whole text) so questions can refer to them."""
    end = len(text) if end is None else end
    pieces, last = [], start
    for number, quote in enumerate(quotes, 1):
        if start <= quote.start < end:
            pieces.append(text[last : quote.start])
            pieces.append(f"[Q{number}] ")
            last = quote.start
    pieces.append(text[last:end])
    return "".join(pieces)


# The [Q1] markers the article is shown with; a small model sometimes copies one into an
# answer ('[Q1] Anna Berg'). Removed from the raw answer, before validation, in one place: at
# a string's start with the space after it, elsewhere with the space before it.
_MARKER = re.compile(r'(?<=")\[Q\d+\]\s*|\s*\[Q\d+\]')


# A raw control character (a line break) inside a JSON string makes the whole answer invalid;
# outside one it is whitespace. A served model's grammar may let one through (the embedded
# model's no longer does: backends/embedded.py), so each becomes a space before validation.
_CONTROL = re.compile(r"[\x00-\x1f]")


def unmarked(answer: str) -> str:
    """The raw answer without copied [Q1] markers and raw control characters."""
    return _MARKER.sub("", _CONTROL.sub(" ", answer))


# What one quotation may add to a prompt besides its words: '[Q12] ' in the article (4), the
# question's item around it (8), a hint and candidates (12), its answer (SPEAKER_TOKENS_EACH).
QUOTE_ALLOWANCE = 24 + SPEAKER_TOKENS_EACH
SPEAKER_QUOTE_CHARS = 80  # the speakers template shows this much of each quotation

# Tokens a part's prompt may take beside its text: the system prompt, the longest question and
# its answer (the speakers question grows with the quotations asked about).
PROMPT_ALLOWANCE = 600 + max(MAX_TOKENS.values())


def part_fits(count_tokens, context_tokens: int | None, chunk_tokens: int | None = None):
    """Whether a piece of the article fits one prompt: within the model's context with room for
    every question about it (the speakers question repeats each quotation it asks about), and
    within ``chunk_tokens`` of text when the user (or a test) asks for smaller parts."""
    limit = None if context_tokens is None else context_tokens - PROMPT_ALLOWANCE
    if limit is not None and limit <= 50:
        raise InputError(f"the model's context ({context_tokens} tokens) leaves no room for an article; "
                         f"it needs at least {PROMPT_ALLOWANCE + 51}")

    def fits(text: str) -> bool:
        size = count_tokens(text)
        if chunk_tokens is not None and size > chunk_tokens:
            return False
        return limit is None or size + quotations_asked_about(text, count_tokens) <= limit

    return fits


def quotations_asked_about(text: str, count_tokens) -> int:
    """Tokens the quotations of ``text`` may add to a prompt: its marker in the article, and in
    the speakers question its words (cut as the template cuts them), hint, candidates and answer."""
    return sum(count_tokens(q.text[:SPEAKER_QUOTE_CHARS]) + QUOTE_ALLOWANCE for q in find_quotes(text))
