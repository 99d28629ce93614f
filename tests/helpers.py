"""Small builders shared by tests."""

from __future__ import annotations

import json

from summarizer.evaluate import Report


def answer(**fields) -> str:
    return json.dumps(fields, ensure_ascii=False)


def readable(report: Report) -> str:
    """A per-field diff for assertion messages."""
    lines = [json.dumps(report.as_dict(), indent=1)]
    for article_id, notes in report.notes.items():
        lines.append(f"{article_id}:")
        lines += [f"  - {n}" for n in notes]
    return "\n".join(lines)
