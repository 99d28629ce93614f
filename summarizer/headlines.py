"""What stands around an article's body: its headline, which may name who said a quotation in
it ('Pence: Flowers Won't Be at Debate ...'), and lines that link to other stories ('READ
MORE: ...'), whose quotations are not the article's."""

from __future__ import annotations

import re

from .folding import plain
from .lexicon import LINK_LABELS, SECTION_WORDS
from .names import NAME_WORD, is_particle_surname
from .people import Cast
from .quotes import QuoteSpan
from .titles import paragraph_span

_LINK_LABEL = re.compile(r"([A-Za-z][A-Za-z ]{1,20}):\s")


def in_a_link(text: str, at: int) -> bool:
    """In a line labelled as a link to other content ('READ MORE: Donald Trump says MAGA
    hat-wearing students ... were 'treated unfairly'', 'Watch: Trudeau says China is 'acting
    arbitrarily''): another story's words, not this article's."""
    label = _LINK_LABEL.match(text, text.rfind("\n", 0, at) + 1)
    return label is not None and label.end() <= at and plain(label.group(1)) in LINK_LABELS


HEADLINE_LABEL = re.compile(rf"^({NAME_WORD}(?: {NAME_WORD}){{0,3}}):\s")
_HEADLINE_SAYS = re.compile(rf"(?:^|,\s)({NAME_WORD}(?: {NAME_WORD}){{0,3}}) (?:Says|Said)\.?$")


def headline_speaker(text: str, cast: Cast, quote: QuoteSpan) -> tuple[str, tuple[int, int]] | None:
    """A quotation in the headline, as headlines attribute it: 'Pence: Flowers Won't Be at
    Debate, Trump Was 'Mocking' Clinton Camp', '... 'The Dealmaker' Could Act, Lindsey Graham
    Says'. The name must be one the article's body uses too ('Poll:' is no one)."""
    line = text[: paragraph_span(text, 0)[1]].rstrip()
    if quote.paragraph != 0 or not is_headline(line):
        return None
    found = HEADLINE_LABEL.search(line) or _HEADLINE_SAYS.search(line)
    if found is None or plain(found.group(1)) in SECTION_WORDS:
        return None
    name = found.group(1)
    body, surname = text[len(line) :], name.split()[-1]
    lowered = surname[:1].lower() + surname[1:]  # 'Al-Zahra:' in a headline is 'al-Zahra' in the body
    forms = {surname, lowered} if is_particle_surname(lowered) else {surname}
    if not any(re.search(rf"(?<!\w){re.escape(form)}(?!\w)", body) for form in forms):
        return None
    return cast.full_name(name), found.span(1)


def is_headline(line: str) -> bool:
    """One line in title case: most of its longer words capitalized."""
    long_words = [w for w in re.findall(r"[^\W\d_][\w\u2019'-]*", line) if len(w) > 3]
    return len(long_words) >= 3 and sum(w[0].isupper() for w in long_words) >= 0.7 * len(long_words)
