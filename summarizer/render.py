"""Turning a summary into what a person reads: JSON, Markdown, or a rich terminal view."""

from __future__ import annotations

import json
import re
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .schemas import ArticleSummary


def to_json(summary: ArticleSummary) -> str:
    return json.dumps(summary.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def to_markdown(summary: ArticleSummary, source: str | None = None) -> str:
    lines = [f"# Summary{f' of {printable(source)}' if source else ''}", "", printable(summary.summary), ""]
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
    if summary.statements:  # reported speech; none with --no-statements
        lines += ["", "## Statements", ""]
        for s in summary.statements:
            lines.append(f"- **{_md(s.speaker)}** {_md(s.cue)}: {_md(s.text)} (characters {s.start}–{s.end})")
    return "\n".join(lines).rstrip() + "\n"


def _md(text: str) -> str:
    return printable(text).replace("*", "\\*").replace("_", "\\_")


# C0 and C1 control characters but tab and newline: an article (or a model's answer) may hold
# ESC sequences that clear a terminal, set its title or worse when printed raw.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str | None) -> str:
    return _CONTROLS.sub("", text or "")


def plain_text(text: str | None, **kwargs: Any) -> Text:
    """Text for a terminal: controls removed, and a rich Text, so '[bold]' in a name is
    printed as written instead of read as markup."""
    return Text(printable(text), **kwargs)


def print_pretty(summary: ArticleSummary, console: Console, meta: dict[str, Any], cached: bool) -> None:
    t = plain_text
    people = Table(title="Participants", expand=True, show_lines=False)
    for column in ("Name", "Kind", "Role", "Affiliation"):
        people.add_column(column)
    for p in summary.participants:
        people.add_row(t(p.name), t(p.kind), t(p.role), t(p.affiliation))

    deals = Table(title="Agreements", expand=True)
    for column in ("Title", "Status", "Parties", "Date"):
        deals.add_column(column)
    for a in summary.agreements:
        deals.add_row(t(a.title), t(a.status), t(", ".join(a.parties)), t(a.date))

    quotes = Table(title="Quotes", expand=True)
    quotes.add_column("Speaker", ratio=1)
    quotes.add_column("Words", ratio=3)
    for q in summary.quotes:
        quotes.add_row(t(q.speaker), t(f"\u201c{q.text}\u201d"))

    usage = meta.get("usage", {})
    footer = t(
        f"{meta.get('model', '?')} · {usage.get('prompt_tokens', 0)} prompt + "
        f"{usage.get('completion_tokens', 0)} output tokens · {meta.get('seconds', 0):.1f}s"
        + (" · from cache" if cached else ""),
        style="dim",
    )
    console.print(
        Panel(t(summary.summary), title=t(f"Summary: {meta.get('source', '')}"), expand=True)
    )
    console.print(Group(people, deals, quotes, footer))


def print_evaluation(scores: dict[str, Any], extra: dict[str, Any], console: Console, notes: dict[str, list[str]]) -> None:
    """The evaluator's table: one row per field, precision / recall / F1 and accuracies."""
    table = Table(title=f"Evaluation over {scores['articles']} gold articles")
    for column in ("Field", "Precision", "Recall", "F1", "Other", "TP/FP/FN"):
        table.add_column(column, justify="left" if column in ("Field", "Other") else "right")

    def prf(row: dict[str, Any]) -> list[str]:
        return [f"{row['precision']:.3f}", f"{row['recall']:.3f}", f"{row['f1']:.3f}"]

    for threshold, row in scores["quotes"].items():
        other = f"speaker accuracy {row['speaker_accuracy']:.3f} ({row['speaker_scored']} scored)"
        table.add_row(f"Quotes @ {threshold} overlap", *prf(row), other, f"{row['tp']}/{row['fp']}/{row['fn']}")
    for threshold, row in {k: v for k, v in (scores.get("statements") or {}).items() if k != "articles"}.items():
        other = f"speaker accuracy {row['speaker_accuracy']:.3f} ({row['speaker_scored']} scored)"
        table.add_row(f"Statements @ {threshold} overlap", *prf(row), other, f"{row['tp']}/{row['fp']}/{row['fn']}")
    p = scores["participants"]
    other = f"kind {_num(p['kind_accuracy'])} · role {_num(p['role_agreement'])}"
    table.add_row("Participants", *prf(p), other, f"{p['tp']}/{p['fp']}/{p['fn']}")
    a = scores["agreements"]
    table.add_row("Agreements", *prf(a), f"parties {_num(a['party_agreement'])}", f"{a['tp']}/{a['fp']}/{a['fn']}")
    s = scores["summary"]
    grounded = f"names grounded {s['grounded']}/{s['names']}" if s["names"] else "names grounded: no article texts given"
    table.add_row("Summary", "", "", "", grounded, "")
    console.print(table)
    for label in ("missing_predictions", "failed_predictions"):
        if extra.get(label):
            console.print(f"{label.replace('_', ' ')}: {', '.join(extra[label])}")
    for article_id, lines in notes.items():
        console.print(plain_text(article_id, style="bold"))
        for line in lines:
            console.print(f"  - {line}", markup=False, highlight=False)


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"
