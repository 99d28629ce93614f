"""The review page as a file: what it holds, and the commands that write it (no browser here;
tests/test_review_browser.py opens the pages)."""

from __future__ import annotations

import io
import json
import re

import pytest

from conftest import SEED, recorded
from seed_results import HOSTILE_TEXT, hostile_batch, seed_batch
from summarizer.article import read
from summarizer.cli import Env, main
from summarizer.errors import InputError
from summarizer.pipeline import Options, summarize
from summarizer.review import mention_spans, page, record_view, script_json, stating_sentence
from summarizer.sentences import sentences, trimmed_sentence_spans


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def cli(argv: list[str], stdout: io.StringIO | None = None) -> tuple[int, str, str]:
    out, err = stdout or io.StringIO(), io.StringIO()
    code = main(argv, Env(stdout=out, stderr=err, backend_factory=lambda _a: recorded()))
    return code, out.getvalue(), err.getvalue()


def page_data(html: str) -> dict:
    block = re.search(r'<script type="application/json" id="data">(.*?)</script>', html, re.S).group(1)
    return json.loads(block)


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("articles")
    return (folder, *seed_batch(folder))


@pytest.fixture(scope="module")
def seed_result():
    return summarize(read(SEED), recorded(), None, Options(use_cache=False))


def test_summarize_writes_one_self_contained_page(tmp_path, seed_result):
    target = tmp_path / "page.html"
    code, out, err = cli(["summarize", str(SEED), "-o", str(target)])  # .html picks the format
    assert code == 0 and out == "", err
    html = target.read_text(encoding="utf-8")
    data = page_data(html)
    assert data["single"] is True and len(data["articles"]) == 1
    (view,) = data["articles"]
    assert view["text"] == seed_result.article.text and view["summary"] == seed_result.summary.summary
    assert [(q["speaker"], q["start"], q["end"], q["speaker_source"]) for q in view["quotes"]] == [
        (q.speaker, q.start, q.end, q.speaker_source) for q in seed_result.summary.quotes]
    # style and script once, nothing fetched from anywhere, the article's words in the file once
    assert html.count("<style>") == 1 and html.count("<script") == 2
    assert {m.group(1) for m in re.finditer(r'(?:src|href)="([^"]*)"', html)} <= {"data:,"}
    assert "default-src 'none'" in html
    assert html.count("The prototype for the Altay was unveiled at a 2011 defense show in Istanbul.") == 1


def test_html_to_a_terminal_is_refused_before_any_model_call_and_piped_it_is_written():
    code, out, err = cli(["summarize", str(SEED), "--format", "html"], stdout=Terminal())
    assert code == 2 and out == "" and "-o page.html" in err and len(err.strip().splitlines()) == 1
    code, out, err = cli(["summarize", str(SEED), "--format", "html"])
    assert code == 0 and out.startswith("<!doctype html>") and page_data(out)["articles"][0]["quotes"]


def test_data_block_cannot_be_closed_by_the_article():
    encoded = script_json({"text": "</script><!-- <script>alert(1)</script> & \u2028"})
    assert "<" not in encoded and ">" not in encoded and "&" not in encoded
    assert json.loads(encoded)["text"] == "</script><!-- <script>alert(1)</script> & \u2028"


def test_hostile_article_is_data_in_the_page(tmp_path):
    records, jsonl = hostile_batch(tmp_path / "articles")
    target = tmp_path / "report.html"
    code, _, err = cli(["report", str(jsonl), "-o", str(target)])
    assert code == 0, err
    html = target.read_text(encoding="utf-8")
    assert html.count("<script") == 2 and "<img" not in html and "onerror=\"" not in html
    assert page_data(html)["articles"][0]["text"] == HOSTILE_TEXT


def test_report_page_reads_each_article_back(batch, tmp_path):
    folder, records, jsonl = batch
    target = tmp_path / "report.html"
    code, _, err = cli(["report", str(jsonl), "-o", str(target)])
    assert code == 0, err
    assert "6 articles" in err and "KiB" in err
    views = page_data(target.read_text(encoding="utf-8"))["articles"]
    assert [v["source"] for v in views] == [r["source"] for r in records]
    assert [v["status"] for v in views] == ["ok"] * 5 + ["error"]
    assert views[-1]["error"] == "broken.txt: binary data" and views[-1]["text"] is None
    for view, record in zip(views, records):
        if view["text"] is not None:
            assert len(view["quotes"]) == len(record["summary"]["quotes"])
            assert view["text"] == read(folder / record["source"]).text


def test_report_refuses_an_article_that_changed_and_writes_nothing(batch, tmp_path):
    folder, records, jsonl = batch
    moved = tmp_path / "moved"
    moved.mkdir()
    for r in records[:5]:
        (moved / r["source"]).write_text((folder / r["source"]).read_text(encoding="utf-8"), encoding="utf-8")
    target = tmp_path / "report.html"
    assert cli(["report", str(jsonl), "-o", str(target), "--articles", str(moved)])[0] == 0
    target.unlink()
    (moved / records[2]["source"]).write_text("Someone rewrote this article.", encoding="utf-8")
    code, out, err = cli(["report", str(jsonl), "-o", str(target), "--articles", str(moved)])
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert records[2]["source"] in err and "changed since the batch ran" in err
    (moved / records[3]["source"]).unlink()
    (moved / records[2]["source"]).unlink()
    code, _, err = cli(["report", str(jsonl), "-o", str(target), "--articles", str(moved)])
    assert code == 2 and "not found" in err and len(err.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["moved"]  # no page, no temp file


def test_a_record_that_does_not_fit_its_article_is_refused(batch):
    folder, records, _ = batch
    shifted = json.loads(json.dumps(records[0]))
    shifted["summary"]["quotes"][0]["start"] += 1
    with pytest.raises(InputError, match="is not at"):
        record_view(shifted, None)
    old = json.loads(json.dumps(records[0]))
    del old["summary"]["quotes"][0]["speaker_source"]
    with pytest.raises(InputError, match="not a current ArticleSummary"):
        record_view(old, None)


def test_participant_mentions_are_whole_words_of_the_name(seed_result):
    text = seed_result.article.text
    spans = mention_spans("Mevlüt Çavuşoğlu", "person", text)
    assert len(spans) == len(re.findall(r"\bÇavuşoğlu\b", text)) and len(spans) > 3
    assert all(text[s:e] in ("Mevlüt Çavuşoğlu", "Çavuşoğlu") for s, e in spans)
    assert [text[s:e] for s, e in mention_spans("South Korea", "country", text)] == ["South Korea"] * 2
    assert mention_spans("Korea", "country", "Koreans in Korea.") == [[11, 16]]  # whole words only


def test_each_agreement_points_at_the_sentence_that_states_it(seed_result):
    text = seed_result.article.text
    spans = trimmed_sentence_spans(text)
    small = "Rep. Cummings said no.  The U.S. agreed.\r\nA new one. "
    assert [small[s:e] for s, e in trimmed_sentence_spans(small)] == ["Rep. Cummings said no.", "The U.S. agreed.", "A new one."]
    assert [text[s:e] for s, e in spans] == sentences(text)  # the same splitter the cue reader uses
    for title in ("Prevention of Double Taxation Agreement", "Cooperation on Science & Technology Agreement"):
        start, end = stating_sentence(title, text, spans)
        assert text[start:end].startswith("The two diplomats signed revised Prevention of Double Taxation")
    assert stating_sentence("Free Trade Agreement", text, spans) is not None
    assert stating_sentence("Lunar Mining Treaty", text, spans) is None


def test_page_template_placeholders_are_all_filled():
    html = page([], "A <b>title</b>", single=False)
    assert "@@" not in html and "<title>A &lt;b&gt;title&lt;/b&gt;</title>" in html


def test_without_chromium_the_browser_tests_say_why_they_skip(monkeypatch):
    import browser

    monkeypatch.setattr(browser, "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setattr(browser.shutil, "which", lambda _name: None)
    reason = browser.unavailable()
    assert reason is not None and "chromium-driver" in reason  # the skip names what to install
