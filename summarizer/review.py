"""The review page: one self-contained HTML file showing articles with every quotation in place.

One page serves both commands: ``summarize --format html`` is a report of one article,
``report -o`` a report of a batch. The template, its style and its script are included once;
the articles are data, in one ``<script type="application/json">`` block, and the script
builds the page from them with ``textContent`` only, so an article's words never become
markup. Each article's text is in the file once; the quotations, mentions and sentences to
highlight are character offsets into it (the normalized text the summary's offsets index).

What the page shows is computed here where it can be tested: where each participant is
mentioned, and which sentence states each agreement.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .article import Article
from .errors import InputError
from .folding import plain
from .grounding import ArticleCheck
from .results import article_for, article_id
from .schemas import ArticleSummary
from .sentences import trimmed_sentence_spans

ASSETS = Path(__file__).resolve().parent / "assets"
_PLACEHOLDER = re.compile(r"@@([A-Z]+)@@")
# json.dumps escapes these so no article text can close the data block or open a comment.
_SCRIPT_SAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def article_page(article: Article, summary: ArticleSummary, meta: dict[str, Any], cached: bool) -> str:
    """The page for one summarized article (``summarize --format html``)."""
    view = article_view(article.source, article.text, summary, status="ok", seconds=meta.get("seconds"),
                        cached=cached, warnings=meta.get("warnings") or [])
    return page([view], f"Review: {article.source}", single=True)


def report_page(records: list[dict[str, Any]], articles: Path | None, title: str) -> str:
    """The page for a batch: every record, its article read back and checked (``report -o``)."""
    return page([record_view(r, articles) for r in records], title, single=False)


def record_view(record: dict[str, Any], articles: Path | None) -> dict[str, Any]:
    common = dict(status=record["status"], seconds=record.get("seconds"), cached=bool(record.get("cached")),
                  warnings=record.get("warnings") or [])
    if record["status"] != "ok":
        error = record.get("error") or {}
        message = error.get("message") if isinstance(error, dict) else str(error)
        return article_view(record["source"], None, None, error=message or "failed", **common)
    article = article_for(record, articles)
    try:
        summary = ArticleSummary.model_validate(record["summary"])
    except ValidationError as e:
        raise InputError(
            f"{record['source']}: the record's summary is not a current ArticleSummary "
            f"({e.errors()[0]['msg']}); run the batch again"
        ) from None
    return article_view(record["source"], article.text, summary, **common)


def article_view(
    source: str, text: str | None, summary: ArticleSummary | None, *, status: str,
    seconds: float | None = None, cached: bool = False, warnings: list[str] | None = None,
    error: str | None = None,
) -> dict[str, Any]:
    """One article as the page's script reads it."""
    view: dict[str, Any] = {
        "id": article_id(source), "source": source, "status": status, "seconds": seconds, "cached": cached,
        "warnings": list(warnings or []), "error": error, "text": text, "summary": None,
        "quotes": [], "participants": [], "agreements": [], "statements": [],
    }
    if text is None or summary is None:
        return view
    _check_offsets(source, text, summary)
    sentences = trimmed_sentence_spans(text)
    view["summary"] = summary.summary
    view["quotes"] = [q.model_dump(mode="json", exclude={"text"}) for q in summary.quotes]  # the text has them
    view["participants"] = [
        {**p.model_dump(mode="json"), "mentions": mention_spans(p.name, p.kind, text)} for p in summary.participants
    ]
    view["statements"] = [t.model_dump(mode="json", exclude={"text"}) for t in summary.statements]
    view["agreements"] = [
        {**a.model_dump(mode="json"), "sentence": stating_sentence(a.title, text, sentences)} for a in summary.agreements
    ]
    return view


def _check_offsets(source: str, text: str, summary: ArticleSummary) -> None:
    """Every quotation and statement is at its offsets, every speaker mention inside the text: a page that
    highlighted other words would mislead the reader it is meant to help."""
    check = ArticleCheck(text)
    for what, items in (("quote", summary.quotes), ("statement", summary.statements)):
        for q in items:
            if not check.holds(q.text, q.start, q.end) or (q.speaker_end or 0) > len(text):
                raise InputError(f"{source}: {what} {q.text[:40]!r} is not at {q.start}..{q.end} in the article")


def mention_spans(name: str, kind: str, text: str) -> list[list[int]]:
    """Where the article names a participant: the name as written, whole words, case as
    written; for a person also the surname alone ('Castellanos' for 'Miriam Castellanos'),
    the way news refers to them after the first mention. An organization's or a country's last
    word ('Union', 'Korea') names other things too, so only their full name counts."""
    forms = [name]
    words = name.split()
    if kind == "person" and len(words) > 1 and len(words[-1]) > 1:
        forms.append(words[-1])
    spans = sorted(
        (m.start(), m.end())
        for form in forms
        for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text)
    )
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:  # the surname inside the full name
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def stating_sentence(title: str, text: str, sentences: list[tuple[int, int]]) -> list[int] | None:
    """The first sentence holding the most of the agreement title's words (at least half):
    the sentence a reader checks the agreement against. Plurals count ('Agreements')."""
    title_words = {_stem(w) for w in plain(title).split()}
    if not title_words:
        return None
    best, best_share = None, 0.5
    for start, end in sentences:
        share = len(title_words & {_stem(w) for w in plain(text[start:end]).split()}) / len(title_words)
        if share > best_share or (best is None and share == best_share):
            best, best_share = [start, end], share
    return best


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def page(views: list[dict[str, Any]], title: str, single: bool) -> str:
    """The HTML file: template, style and script once; the views as one JSON block.

    A Content-Security-Policy allows exactly this page's own style and script (by hash) and
    nothing from anywhere else: the page makes no request, and markup that somehow got into
    the page could not run."""
    style = (ASSETS / "review.css").read_text(encoding="utf-8")
    script = (ASSETS / "review.js").read_text(encoding="utf-8")
    policy = (f"default-src 'none'; style-src '{_hash(style)}'; script-src '{_hash(script)}'; "
              "img-src data:; base-uri 'none'; form-action 'none'")
    values = {
        "TITLE": html.escape(title), "POLICY": policy, "STYLE": style, "SCRIPT": script,
        "DATA": script_json({"title": title, "single": single, "articles": views}),
    }
    template = (ASSETS / "review.html").read_text(encoding="utf-8")
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def script_json(data: Any) -> str:
    """JSON that is safe inside a script element: '</script>' and '<!--' cannot occur."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.translate(str.maketrans(_SCRIPT_SAFE))


def _hash(source: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")
