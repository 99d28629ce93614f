"""Reading a batch's results back: its JSON Lines records, and each article they were made from.

Offsets in a summary index the normalized article text, which the record does not carry; the
article is read again from its source with the same normalization and must hash to the
record's sha256, or the offsets would point at other words.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any

from .article import Article, read
from .errors import InputError

REQUIRED = ("source", "status")


def read_records(path: Path) -> list[dict[str, Any]]:
    """The records of a ``summarizer batch --out`` file, in order; blank lines skipped."""
    if not path.is_file():
        raise InputError(f"{path}: no such results file" if not path.exists() else f"{path}: not a file")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text; give the .jsonl file 'summarizer batch --out' wrote") from None
    records = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            records.append(_record(line, f"{path}:{number}"))
    if not records:
        raise InputError(f"{path}: no records; give the .jsonl file 'summarizer batch --out' wrote")
    return records


def _record(line: str, where: str) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as e:
        raise InputError(f"{where}: not a JSON record ({e.msg})") from None
    if not isinstance(record, dict) or any(not isinstance(record.get(k), str) for k in REQUIRED):
        raise InputError(f"{where}: not a batch record (needs 'source' and 'status')")
    if record["status"] == "ok" and not isinstance(record.get("summary"), dict):
        raise InputError(f"{where}: an ok record without its summary")
    return record


def article_id(source: str) -> str:
    """The source without its suffix: 'day1/talks.txt' -> 'day1/talks' (the gold files' naming)."""
    path = PurePosixPath(source)
    return str(path.with_suffix("")) if path.suffix else source


def source_path(record: dict[str, Any], articles: Path | None) -> Path:
    """Where the record's article is: under ``articles`` if given, else the batch's folder."""
    folder = articles if articles is not None else record.get("folder")
    if not folder:
        raise InputError(
            f"{record['source']}: the record does not say which folder it came from; "
            "pass --articles FOLDER (the folder the batch ran on)"
        )
    return Path(folder) / record["source"]


def article_for(record: dict[str, Any], articles: Path | None = None) -> Article:
    """The article the record was made from, checked against the record's sha256."""
    path = source_path(record, articles)
    if not path.is_file():
        raise InputError(
            f"{record['source']}: article not found at {path}; pass --articles FOLDER if the articles moved"
        )
    article = read(path)
    if article.sha256 != record.get("sha256"):
        raise InputError(
            f"{record['source']}: the article at {path} changed since the batch ran (sha256 differs); "
            "run the batch again"
        )
    return article
