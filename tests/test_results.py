"""Batch results read back: the records, and the articles they were made from (checked)."""

from __future__ import annotations

import json

import pytest

from seed_results import SEEDS, seed_batch
from summarizer.article import read
from summarizer.errors import InputError
from summarizer.results import article_for, article_id, read_records


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("articles")
    return (folder, *seed_batch(folder))


def test_a_batch_record_names_the_folder_its_source_is_relative_to(batch):
    folder, records, _ = batch
    for record, seed in zip(records, SEEDS):
        assert record["folder"] == str(folder.resolve()) and record["source"] == seed.name
        assert article_for(record).text == read(seed).text


def test_an_article_that_changed_or_moved_is_refused(batch, tmp_path):
    folder, records, _ = batch
    record = records[0]
    changed = tmp_path / record["source"]
    changed.write_text(read(SEEDS[0]).text + "\n\nA late correction.", encoding="utf-8")
    with pytest.raises(InputError, match="changed since the batch ran"):
        article_for(record, articles=tmp_path)
    with pytest.raises(InputError, match="not found"):
        article_for(records[1], articles=tmp_path)
    assert article_for({**record, "folder": None}, articles=folder).sha256 == record["sha256"]
    with pytest.raises(InputError, match="--articles"):
        article_for({k: v for k, v in record.items() if k != "folder"})


def test_read_records_keeps_order_and_skips_blank_lines(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text("".join(json.dumps({"source": f"{i}.txt", "status": "error"}) + "\n\n" for i in range(3)))
    assert [r["source"] for r in read_records(path)] == ["0.txt", "1.txt", "2.txt"]
    assert article_id("day1/talks.txt") == "day1/talks" and article_id("README") == "README"
