"""Batch results as tables for analysts: CSV files and one SQLite database.

One row per quote, participant, agreement and statement (reported speech) of every ok record, each with its article's id and
source, so the tables join on ``article_id``. Written with the standard library (csv, sqlite3):
pandas, a spreadsheet and Datasette all read these without help. Every file is replaced whole,
never appended to: running the report twice gives the same tables, not twice the rows.
"""

from __future__ import annotations

import csv
import io
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from .errors import UsageError
from .files import atomic_write
from .results import article_id

COLUMNS = {
    "quotes": ("article_id", "source", "quote_index", "text", "speaker", "speaker_source",
               "start", "end", "speaker_start", "speaker_end"),
    "participants": ("article_id", "source", "name", "kind", "role", "affiliation"),
    "agreements": ("article_id", "source", "title", "parties", "status", "date"),
    "statements": ("article_id", "source", "statement_index", "text", "speaker", "speaker_source", "cue",
                   "start", "end", "speaker_start", "speaker_end", "quote_indexes"),
    "articles": ("article_id", "source", "status", "sha256", "seconds", "quotes", "participants",
                 "agreements", "statements", "error"),
}
# SQLite column types; every other column is TEXT.
INTEGER = {"quote_index", "statement_index", "start", "end", "speaker_start", "speaker_end", "quotes", "participants",
           "agreements", "statements"}
REAL = {"seconds"}
CSV_TABLES = ("quotes", "participants", "agreements", "statements")


def rows(records: list[dict[str, Any]]) -> dict[str, list[tuple]]:
    """Every table's rows, in record order."""
    tables: dict[str, list[tuple]] = {name: [] for name in COLUMNS}
    for record in records:
        ids = (article_id(record["source"]), record["source"])
        summary = (record.get("summary") or {}) if record["status"] == "ok" else {}
        for index, q in enumerate(summary.get("quotes", [])):
            tables["quotes"].append((*ids, index, q["text"], q["speaker"], q.get("speaker_source"), q["start"],
                                     q["end"], q.get("speaker_start"), q.get("speaker_end")))
        for p in summary.get("participants", []):
            tables["participants"].append((*ids, p["name"], p["kind"], p.get("role"), p.get("affiliation")))
        for a in summary.get("agreements", []):
            tables["agreements"].append((*ids, a["title"], "; ".join(a.get("parties", [])), a["status"], a.get("date")))
        for index, t in enumerate(summary.get("statements", [])):  # reported speech; quote_indexes: its mixed quotes
            tables["statements"].append((*ids, index, t["text"], t["speaker"], t.get("speaker_source"), t.get("cue"),
                                         t["start"], t["end"], t.get("speaker_start"), t.get("speaker_end"),
                                         " ".join(str(i) for i in t.get("quotes") or [])))
        tables["articles"].append(_article_row(ids, record, summary))
    return tables


def _article_row(ids: tuple[str, str], record: dict[str, Any], summary: dict[str, Any]) -> tuple:
    error = record.get("error") or {}
    return (*ids, record["status"], record.get("sha256"), record.get("seconds"),
            len(summary.get("quotes", [])), len(summary.get("participants", [])),
            len(summary.get("agreements", [])), len(summary.get("statements", [])), error.get("message") if isinstance(error, dict) else str(error))


def check_targets(csv_folder: Path | None, sqlite_file: Path | None) -> None:
    """Refuse unusable output paths before any work is done (and before anything is written)."""
    if csv_folder is not None:
        if csv_folder.exists() and not csv_folder.is_dir():
            raise UsageError(f"--csv {csv_folder} is a file; give a folder for the CSV files")
        if not csv_folder.resolve().parent.is_dir():
            raise UsageError(f"--csv {csv_folder}: no such directory {csv_folder.parent}")
    if sqlite_file is not None:
        if sqlite_file.is_dir():
            raise UsageError(f"--sqlite {sqlite_file} is a folder; give a file name such as results.sqlite")
        if not sqlite_file.resolve().parent.is_dir():
            raise UsageError(f"--sqlite {sqlite_file}: no such directory {sqlite_file.parent}")


def write_csv(folder: Path, tables: dict[str, list[tuple]]) -> list[Path]:
    """quotes.csv, participants.csv, agreements.csv and statements.csv in ``folder`` (made if missing)."""
    check_targets(folder, None)
    folder.mkdir(exist_ok=True)
    written = []
    for name in CSV_TABLES:
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(COLUMNS[name])
        writer.writerows(tables[name])
        atomic_write(folder / f"{name}.csv", buffer.getvalue())
        written.append(folder / f"{name}.csv")
    return written


def write_sqlite(path: Path, tables: dict[str, list[tuple]]) -> None:
    """The five tables in one database, built beside ``path`` and renamed over it: a reader
    sees the old database or the new one, and a rerun replaces it."""
    check_targets(None, path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        with sqlite3.connect(tmp) as db:
            for name, columns in COLUMNS.items():
                db.execute(f"CREATE TABLE {name} ({', '.join(_column(c) for c in columns)})")
                marks = ", ".join("?" * len(columns))
                db.executemany(f"INSERT INTO {name} VALUES ({marks})", tables[name])
        db.close()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _column(name: str) -> str:
    kind = "INTEGER" if name in INTEGER else "REAL" if name in REAL else "TEXT"
    return f'"{name}" {kind}'
