"""Turning a summary into what a person reads: JSON, Markdown, or a rich terminal view."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .schemas import ArticleSummary


def to_json(summary: ArticleSummary) -> str:
    return json.dumps(summary.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def to_markdown(summary: ArticleSummary, source: str | None = None) -> str:
    lines = [f"# Summary{f' of {source}' if source else ''}", "", summary.summary, ""]
    lines += ["## Participants", ""]
    for p in summary.participants:
        details = ", ".join(x for x in (p.role, p.affiliation) if x)
        lines.append(f"- **{_md(p.name)}** ({p.kind}){f': {_md(details)}' if details else ''}")
    if not summary.participants:
        lines.append("_none found_")
    lines += ["", "## Agreements", ""]
    for a in summary.agreements:
        parties = ", ".join(a.parties) or "parties not stated"
        date = f", {a.date}" if a.date else ""
        lines.append(f"- **{_md(a.title)}**: {a.status} by {_md(parties)}{date}")
    if not summary.agreements:
        lines.append("_none found_")
    lines += ["", "## Quotes", ""]
    for q in summary.quotes:
        lines.append(f"> {_md(q.text)}")
        lines.append(f">\n> — {_md(q.speaker)} (characters {q.start}–{q.end})")
        lines.append("")
    if not summary.quotes:
        lines.append("_none found_")
    return "\n".join(lines).rstrip() + "\n"


def _md(text: str) -> str:
    return text.replace("*", "\\*").replace("_", "\\_")


def print_pretty(summary: ArticleSummary, console: Console, meta: dict[str, Any], cached: bool) -> None:
    people = Table(title="Participants", expand=True, show_lines=False)
    for column in ("Name", "Kind", "Role", "Affiliation"):
        people.add_column(column)
    for p in summary.participants:
        people.add_row(p.name, p.kind, p.role or "", p.affiliation or "")

    deals = Table(title="Agreements", expand=True)
    for column in ("Title", "Status", "Parties", "Date"):
        deals.add_column(column)
    for a in summary.agreements:
        deals.add_row(a.title, a.status, ", ".join(a.parties), a.date or "")

    quotes = Table(title="Quotes", expand=True)
    quotes.add_column("Speaker", ratio=1)
    quotes.add_column("Words", ratio=3)
    for q in summary.quotes:
        quotes.add_row(q.speaker, Text(f"\u201c{q.text}\u201d"))

    usage = meta.get("usage", {})
    footer = Text(
        f"{meta.get('model', '?')} · {usage.get('prompt_tokens', 0)} prompt + "
        f"{usage.get('completion_tokens', 0)} output tokens · {meta.get('seconds', 0):.1f}s"
        + (" · from cache" if cached else ""),
        style="dim",
    )
    console.print(
        Panel(Text(summary.summary), title=f"Summary: {meta.get('source', '')}", expand=True)
    )
    console.print(Group(people, deals, quotes, footer))
