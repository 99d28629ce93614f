"""Batch results as CSV and SQLite tables, through the command line."""

from __future__ import annotations

import csv
import io
import sqlite3

import pytest

from seed_results import seed_batch
from summarizer.cli import Env, main
from summarizer.results import article_id


def cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, Env(stdout=out, stderr=err, backend_factory=lambda _a: None))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("articles")
    return (folder, *seed_batch(folder))


def test_csv_and_sqlite_hold_every_row_of_the_jsonl_and_a_rerun_replaces_them(batch, tmp_path):
    _, records, jsonl = batch
    out, db = tmp_path / "tables", tmp_path / "results.sqlite"
    for _ in range(2):  # the second run must not append
        code, _, err = cli(["report", str(jsonl), "--csv", str(out), "--sqlite", str(db)])
        assert code == 0, err
    ok = [r for r in records if r["status"] == "ok"]
    expected_quotes = [(article_id(r["source"]), r["source"], str(i), q["text"], q["speaker"], q["speaker_source"],
                        str(q["start"]), str(q["end"]), _text(q["speaker_start"]), _text(q["speaker_end"]))
                       for r in ok for i, q in enumerate(r["summary"]["quotes"])]
    assert [tuple(row.values()) for row in _csv(out / "quotes.csv")] == expected_quotes
    participants = _csv(out / "participants.csv")
    assert len(participants) == sum(len(r["summary"]["participants"]) for r in ok)
    agreements = _csv(out / "agreements.csv")
    assert [(a["article_id"], a["title"], a["parties"]) for a in agreements] == [
        (article_id(r["source"]), a["title"], "; ".join(a["parties"])) for r in ok for a in r["summary"]["agreements"]]
    assert "broken" not in {row["article_id"] for row in participants}  # only ok records give rows
    statements = _csv(out / "statements.csv")
    expected_statements = [(article_id(r["source"]), t["text"], t["speaker"], t["cue"], str(t["start"]), str(t["end"]),
                            " ".join(str(i) for i in t.get("quotes") or []))
                           for r in ok for t in r["summary"]["statements"]]
    assert len(expected_statements) > 3  # the seeds hold reported speech
    assert [(t["article_id"], t["text"], t["speaker"], t["cue"], t["start"], t["end"], t["quote_indexes"])
            for t in statements] == expected_statements

    with sqlite3.connect(db) as con:
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("quotes", "participants", "agreements", "statements", "articles")}
        first = con.execute('SELECT start, "end", speaker FROM quotes ORDER BY rowid LIMIT 1').fetchone()
        broken = con.execute("SELECT status, error FROM articles WHERE article_id = 'broken'").fetchone()
    con.close()
    assert counts == {"quotes": len(expected_quotes), "participants": len(participants),
                      "agreements": len(agreements), "statements": len(statements), "articles": len(records)}
    assert first == (ok[0]["summary"]["quotes"][0]["start"], ok[0]["summary"]["quotes"][0]["end"],
                     ok[0]["summary"]["quotes"][0]["speaker"])  # offsets are integers, not text
    assert broken == ("error", "broken.txt: binary data")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.sqlite", "tables"]  # no temp files left


def _csv(path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _text(value) -> str:
    return "" if value is None else str(value)


@pytest.mark.parametrize(
    "content, expected",
    [
        (None, "no such results file"),
        ('{"source": "a.txt", "status": "ok", "summary": {}}\nnot json\n', ":2: not a JSON record"),
        ('["a list"]\n', "not a batch record"),
        ('{"source": "a.txt", "status": "ok"}\n', "without its summary"),
        ("\n\n", "no records"),
    ],
    ids=["missing", "bad-line", "not-a-record", "no-summary", "empty"],
)
def test_bad_results_file_one_line_exit_2_nothing_written(tmp_path, content, expected):
    results = tmp_path / "results.jsonl"
    if content is not None:
        results.write_text(content, encoding="utf-8")
    code, out, err = cli(["report", str(results), "--csv", str(tmp_path / "tables")])
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and expected in err, err
    assert not (tmp_path / "tables").exists()


def test_report_needs_something_to_write_and_usable_targets(batch, tmp_path):
    _, _, jsonl = batch
    code, _, err = cli(["report", str(jsonl)])
    assert code == 2 and "--csv" in err
    (tmp_path / "file").write_text("x")
    code, _, err = cli(["report", str(jsonl), "--csv", str(tmp_path / "file")])
    assert code == 2 and "is a file" in err
    code, _, err = cli(["report", str(jsonl), "--sqlite", str(tmp_path / "nope" / "r.sqlite")])
    assert code == 2 and "no such directory" in err and len(err.strip().splitlines()) == 1
