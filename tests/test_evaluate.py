"""The evaluator: matching rules, scores, and the eval command on batch output."""

from __future__ import annotations

import io
import json

from conftest import GOLD_DIR, ROOT, SEED
from summarizer.cli import Env, main
from summarizer.evaluate import QuoteItem, compare, overlap, same_person, score_quotes, summary_names


def test_overlap_coverage_and_iou():
    assert overlap([(0, 10)], [(5, 20)]) == 0.5
    assert overlap([(0, 10)], [(5, 20)], "iou") == 5 / 20
    assert overlap([(0, 5), (10, 15)], [(0, 15)]) == 1.0  # split gold quote covered by one span
    assert overlap([(0, 10)], [(20, 30)]) == 0.0


def test_same_person_rules():
    assert same_person("Mevlüt Çavuşoğlu", "mevlut cavusoglu")
    assert same_person("Çavuşoğlu", "Mevlüt Çavuşoğlu")
    assert same_person("Mr. Barrett", "Barrett")
    assert same_person("Hillary Rodham Clinton", "Hillary Clinton")
    assert not same_person("Bill Clinton", "Hillary Clinton")
    assert not same_person(None, "Trump")
    assert same_person("the IMF", "International Monetary Fund")  # an acronym and its words
    assert not same_person("IMF", "International Finance Corporation")
    # a titled name and the place or body it is of ('of' after a name, not after the titles)
    assert same_person("Representative Charles B. Rangel of New York", "Charles B. Rangel")
    assert same_person("Mr. Morgan of the Sierra Club", "Peter Morgan")
    assert same_person("Prime Minister of Canada Justin Trudeau", "Justin Trudeau")
    assert not same_person("Prime Minister of Canada Justin Trudeau", "Prime Minister of Japan Shinzo Abe")
    assert not same_person("Bank of Canada", "Bank of America")
    # a description and the same description with more words (what the annotation wrote)
    assert same_person("The official", "a justice official")
    assert same_person("One of the players in the video", "one of the players")
    assert not same_person("The official", "the mayor")
    assert not same_person("the minister", "Chrystia Freeland")  # a name is not checked against a description


def test_quote_matching_is_one_to_one_with_thresholds():
    gold = [QuoteItem([(0, 100)], "g1", "Anna Berg"), QuoteItem([(200, 240)], "g2", "he", score_speaker=False)]
    pred = [QuoteItem([(0, 50)], "p1", "Berg"), QuoteItem([(0, 100)], "p2", "Tom Lind"), QuoteItem([(200, 240)], "p3", "X")]
    score, notes = score_quotes(gold, pred, 0.3)
    assert (score.counts.tp, score.counts.fp, score.counts.fn) == (2, 1, 0)
    # the best overlap wins: p2 (full) matches g1, so its speaker is judged wrong
    assert score.speaker_scored == 1 and score.speaker_right == 0 and score.speaker_skipped == 1
    assert any("speaker 'Tom Lind'" in n for n in notes)
    strict, _ = score_quotes(gold, pred[:1], 0.8)
    assert (strict.counts.tp, strict.counts.fn) == (0, 2)


def test_summary_names_are_checked_against_the_article(seed_gold, seed_article):
    names = summary_names(seed_gold.summary)
    assert {"Chung Eui-yong", "Seoul", "SK Engineering & Construction"} <= set(names)
    assert "Foreign Minister Mevlüt Çavuşoğlu" in names  # titles stay attached; still grounded
    invented = seed_gold.model_copy(update={"summary": "The minister met Angela Merkel in Seoul."})
    report = compare(seed_gold, invented, seed_article.text)
    assert report.summary_names == 2 and report.summary_names_grounded == 1


def test_gold_against_itself_is_perfect(seed_gold, seed_article):
    scores = compare(seed_gold, seed_gold, seed_article.text).as_dict()
    for t in ("0.3", "0.8"):
        assert scores["quotes"][t]["f1"] == 1.0 and scores["quotes"][t]["speaker_accuracy"] == 1.0
    assert scores["participants"]["f1"] == scores["agreements"]["f1"] == 1.0
    assert scores["agreements"]["party_agreement"] == 1.0


def _batch_line(summary: dict, source: str = f"{SEED.name}") -> str:
    return json.dumps({"source": source, "status": "ok", "summary": summary}, ensure_ascii=False)


def test_eval_command_on_jsonl_reports_the_damage(tmp_path, seed_gold):
    damaged = seed_gold.model_dump(mode="json")
    damaged["quotes"][0]["speaker"] = "Chung Eui-yong"  # wrong speaker
    del damaged["quotes"][-1]  # missed quote
    damaged["participants"] = damaged["participants"][:-2]  # missed countries
    pred = tmp_path / "results.jsonl"
    pred.write_text(_batch_line(damaged) + "\n", encoding="utf-8")
    out = io.StringIO()
    code = main(["eval", "--gold", str(GOLD_DIR), "--pred", str(pred), "--json"], Env(stdout=out, stderr=io.StringIO()))
    assert code == 0
    scores = json.loads(out.getvalue())
    q = scores["quotes"]["0.8"]
    assert (q["tp"], q["fp"], q["fn"]) == (6, 0, 1)
    assert q["speaker_accuracy"] == round(5 / 6, 4)
    assert scores["participants"]["recall"] == round(7 / 9, 4)
    assert any("missed participant 'Turkey'" in n for n in scores["notes"][SEED.stem])


def test_eval_table_and_missing_predictions(tmp_path):
    pred = tmp_path / "results.jsonl"
    pred.write_text(json.dumps({"source": "other.txt", "status": "error", "error": {"message": "x"}}) + "\n")
    out = io.StringIO()
    assert main(["eval", "--gold", str(GOLD_DIR), "--pred", str(pred), "--articles", str(ROOT / "seeds")],
                Env(stdout=out, stderr=io.StringIO())) == 0
    text = out.getvalue()
    assert "Quotes @ 0.8" in text and "missing predictions: turkey-south-korea-seoul-talks" in text


def test_eval_reads_an_out_dir_folder(tmp_path, seed_gold):
    folder = tmp_path / "summaries"
    folder.mkdir()
    record = {"source": SEED.name, "status": "ok", "summary": seed_gold.model_dump(mode="json")}
    (folder / f"{SEED.name}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    out = io.StringIO()
    main(["eval", "--gold", str(GOLD_DIR), "--pred", str(folder), "--json"], Env(stdout=out, stderr=io.StringIO()))
    assert json.loads(out.getvalue())["quotes"]["0.8"]["f1"] == 1.0


def test_eval_bad_arguments_are_one_line_errors(tmp_path):
    err = io.StringIO()
    assert main(["eval", "--gold", str(tmp_path), "--pred", str(tmp_path / "x.jsonl")], Env(stdout=io.StringIO(), stderr=err)) == 2
    assert "no .json gold files" in err.getvalue()
