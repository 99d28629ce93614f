"""Statements: reported speech without quotation marks, found by code, with the cue, what was
said (grounded at its offsets) and who said it, decided as a quotation's speaker is. Made-up
sentences, the seeds and their recorded model answers; no model runs."""

from __future__ import annotations

import json

import pytest
from conftest import GOLD_DIR, ROOT, SEED, recorded

from summarizer.article import Article, read
from summarizer.attribution import Decision, attribute
from summarizer.cli import build_parser
from summarizer.evaluate import compare
from summarizer.grounding import validation_context
from summarizer.pipeline import Options, result_key, summarize
from summarizer.plan import plan
from summarizer.quotes import find_quotes
from summarizer.schemas import ArticleSummary
from summarizer.statements import find_statements, settle_statements, statement_decisions


def statements_of(text: str) -> list[tuple[str, str | None, str]]:
    """(cue, speaker, what was said) for each statement code finds, as the pipeline decides them."""
    quotes = find_quotes(text)
    found = find_statements(text, quotes)
    decided = settle_statements(found, statement_decisions(text, found), quotes, attribute(text, quotes))
    return [(text[f.cue_start : f.cue_end], d.speaker, text[f.start : f.end]) for f, d in zip(found, decided)]


# sentence, cue, speaker, what was said
FOUND = [
    ("Mayor Patricia Okafor said the vote was a turning point for the city.", "said", "Patricia Okafor",
     "the vote was a turning point for the city"),
    ("The minister said the agreement would take effect in March.", "said", "The minister",
     "the agreement would take effect in March"),
    ("Three people were hurt in the crash, police said.", "said", "Police", "Three people were hurt in the crash"),
    ("According to the police, three people were hurt.", "According to", "The police", "three people were hurt"),
    ("Three people were hurt, according to police.", "according to", "Police", "Three people were hurt"),
    ("Smith told reporters that the plan had failed.", "told reporters", "Smith", "the plan had failed"),
    ("The company denied that it had broken any rules.", "denied", "The company", "it had broken any rules"),
    ("Jane Doe warned that small businesses would lose parking.", "warned", "Jane Doe",
     "small businesses would lose parking"),
    ("Officials say the bridge will reopen next week.", "say", "Officials", "the bridge will reopen next week"),
    ("A spokesperson for Eastbrook Properties said the company was reviewing the decision.", "said",
     "A spokesperson for Eastbrook Properties", "the company was reviewing the decision"),
    ("Smith said on Tuesday that the talks would continue.", "said", "Smith", "the talks would continue"),
    ("The talks will continue, Smith said Tuesday.", "said", "Smith", "The talks will continue"),
    ("The senator announced that she would run again.", "announced", "The senator", "she would run again"),
    ("The report said the river had risen by two metres.", "said", "The report", "the river had risen by two metres"),
    ("Smith acknowledged the plan had problems.", "acknowledged", "Smith", "the plan had problems"),
    # a name, then descriptions between commas: the name speaks, not the last capital in them
    ("Sen. Debbie Stabenow, D-Mich., a member of the leadership team, said the vote would come soon.",
     "said", "Debbie Stabenow", "the vote would come soon"),
    ("Navdeep Bains, Minister of Innovation, Science and Economic Development, said the policy was broad.",
     "said", "Navdeep Bains", "the policy was broad"),
    ("Donna Sampson Rawlings, 59, of Ashton, Md., who watched on a screen, said the day brought back memories.",
     "said", "Donna Sampson Rawlings", "the day brought back memories"),
    ("Jean-Marc Ayrault, the foreign minister of France, a permanent member of the Security Council, said "
     "the test was a provocation.", "said", "Jean-Marc Ayrault", "the test was a provocation"),
    ("Controversy erupted after John McCallum, Canada's ambassador to China, said Meng had a strong case.",
     "said", "John McCallum", "Meng had a strong case"),
]


@pytest.mark.parametrize("sentence, cue, speaker, said", FOUND)
def test_reported_speech_is_found_with_its_cue_and_speaker(sentence, cue, speaker, said):
    assert statements_of(sentence) == [(cue, speaker, said)]


NOT_STATEMENTS = [
    "Smith believes the plan will fail.",  # a mind, as the writer reads it, not words said
    "Smith thinks the plan will fail.",
    "Smith hopes the plan will work.",
    "Did Smith say the plan would fail?",  # a question reports nothing
    "Smith denied the allegations.",  # a plain object, not a clause
    "Smith added a second goal in the third period.",
    "Smith wrote a book about the war.",
    "Smith announced his retirement.",
    "Smith said nothing.",
    "Smith said goodbye to his colleagues.",
    "Smith said in a statement.",
    '"The plan failed," Smith said.',  # all of it quoted: a quote
    "Smith was said to be furious.",
    "Smith did not say whether the plan would go ahead.",
]


@pytest.mark.parametrize("sentence", NOT_STATEMENTS)
def test_words_that_report_no_speech_are_no_statement(sentence):
    assert statements_of(sentence) == []


def test_a_participle_reports_the_same_speakers_next_words():
    assert statements_of("Smith said he was tired, adding that he would rest.") == [
        ("said", "Smith", "he was tired"), ("adding", "Smith", "he would rest")]


def test_a_pronoun_resolves_to_the_person_named_before():
    text = "Mayor Patricia Okafor spoke after the vote.\n\nShe said the city would add loading zones."
    assert statements_of(text) == [("said", "Patricia Okafor", "the city would add loading zones")]


def test_it_or_they_leave_the_speaker_open():
    assert statements_of("It said the river had risen by two metres.") == [
        ("said", None, "the river had risen by two metres")]


def test_an_open_statement_takes_the_speaker_of_the_quotation_it_holds():
    text = 'It said the plan would "change everything" for the city.'
    quotes = find_quotes(text)
    found = find_statements(text, quotes)
    decided = settle_statements(found, statement_decisions(text, found), quotes, [Decision("Jane Doe")])
    assert [d.speaker for d in decided] == ["Jane Doe"]


def test_a_quotation_inside_a_statement_is_its_speakers_words_without_a_question():
    text = ('Intro.\n\nAccording to Sarah Buckley, who attended a school across the street, Covington Catholic has '
            '\u201ca culture of entitlement.\u201d')
    quotes = find_quotes(text)
    assert [d.speaker for d in attribute(text, quotes)] == [None]  # no cue of its own
    the_plan = plan(Article(text=text, source="t"), len, None)
    assert [d.speaker for d in the_plan.decisions] == ["Sarah Buckley"]
    assert "speakers" not in [a.kind for a in the_plan.asks]
    # the same without statements in the output
    assert [d.speaker for d in plan(Article(text=text, source="t"), len, None, statements=False).decisions] == [
        "Sarah Buckley"]


def test_a_mixed_quote_is_one_statement_holding_the_quotation():
    text = 'Smith said the plan would "change everything" for the city.'
    (found,) = find_statements(text, find_quotes(text))
    (quote,) = find_quotes(text)
    assert text[found.start : found.end] == 'the plan would "change everything" for the city'
    assert found.start < quote.start and quote.end < found.end


# ------------------------------------------------------------------------------ in the output


def seed_summary(statements: bool = True) -> ArticleSummary:
    return summarize(read(SEED), recorded(), None, Options(use_cache=False, statements=statements)).summary


def test_the_seeds_statements_are_grounded_and_point_at_their_quotes():
    summary = seed_summary()
    text = read(SEED).text
    assert [(s.cue, s.speaker) for s in summary.statements] == [("said", "Mevlüt Çavuşoğlu")] * 3 + [
        ("adding", "Mevlüt Çavuşoğlu"), ("said", "Mevlüt Çavuşoğlu")]
    for n, s in enumerate(summary.statements):
        assert text[s.start : s.end] == s.text and text[s.cue_start : s.cue_end] == s.cue
        assert text[s.speaker_start : s.speaker_end] in ("Mevlüt Çavuşoğlu", "Çavuşoğlu")
        for i in s.quotes:
            assert summary.quotes[i].statement == n and s.start <= summary.quotes[i].start
    held = [q.text for q in summary.quotes if q.statement is not None]
    assert held == ["areas such as investments, balancing trade, defense industry, and facilitating travel.",
                    "Technical Working Group", "approving the sale of Altay Tank's power pack."]


def test_the_seeds_statements_match_the_gold_ones():
    gold = ArticleSummary.model_validate_json((GOLD_DIR / f"{SEED.stem}.json").read_text(encoding="utf-8"))
    scores = compare(gold, seed_summary()).as_dict()["statements"]
    assert scores["articles"] == 1
    assert scores["0.8"]["f1"] == 1.0 and scores["0.8"]["speaker_accuracy"] == 1.0


@pytest.mark.parametrize("seed", sorted((ROOT / "seeds").glob("*.txt")), ids=lambda p: p.stem)
def test_every_statement_of_every_seed_is_in_the_article_at_its_offsets(seed):
    text = read(seed).text
    summary = summarize(read(seed), recorded(f"{seed.stem}.embedded"), None, Options(use_cache=False)).summary
    assert summary.statements
    for s in summary.statements:
        assert text[s.start : s.end] == s.text and text[s.cue_start : s.cue_end] == s.cue


def test_no_statements_leaves_them_out_and_the_quotes_as_they_were():
    with_them, without = seed_summary(), seed_summary(statements=False)
    assert without.statements == [] and with_them.statements
    assert [q.model_dump(exclude={"statement"}) for q in with_them.quotes] == [
        q.model_dump(exclude={"statement"}) for q in without.quotes]
    assert all(q.statement is None for q in without.quotes)


def test_no_statements_is_part_of_the_cache_key():
    article, backend = read(SEED), recorded()
    assert result_key(article, backend, Options()) != result_key(article, backend, Options(statements=False))
    assert build_parser().parse_args(["summarize", "x.txt", "--no-statements"]).no_statements
    assert build_parser().parse_args(["batch", "folder", "--no-statements"]).no_statements


# ------------------------------------------------------------------------------ the schema


def article_with_statement(**changes) -> tuple[dict, str]:
    text = "The mayor said the bridge would reopen in May."
    statement = {"text": "the bridge would reopen in May", "speaker": "The mayor", "start": 15, "end": 45,
                 "cue": "said", "cue_start": 10, "cue_end": 14, "speaker_source": "cue", **changes}
    return {"summary": "A bridge.", "statements": [statement]}, text


def test_a_grounded_statement_validates():
    data, text = article_with_statement()
    assert ArticleSummary.model_validate(data, context=validation_context(text)).statements[0].cue == "said"


@pytest.mark.parametrize("changes, message", [
    ({"start": 16}, "is not in the article"),
    ({"cue_start": 11, "cue_end": 15}, "cue 'said' is not in the article"),
    ({"cue_end": 10}, "cue offsets"),
    ({"speaker": "Jane Doe"}, "not mentioned"),
])
def test_a_statement_not_in_the_article_where_it_says_is_refused(changes, message):
    data, text = article_with_statement(**changes)
    with pytest.raises(ValueError, match=message):
        ArticleSummary.model_validate(data, context=validation_context(text))


def test_a_mixed_quote_and_its_statement_must_point_at_each_other():
    text = 'Smith said the plan would "change everything" for the city.'
    quote = {"text": "change everything", "speaker": "Smith", "start": 27, "end": 44, "speaker_source": "cue"}
    statement = {"text": text[11:59], "speaker": "Smith", "start": 11, "end": 59, "cue": "said", "cue_start": 6,
                 "cue_end": 10, "speaker_source": "cue"}
    context = validation_context(text)
    linked = {"summary": "A plan.", "quotes": [{**quote, "statement": 0}], "statements": [{**statement, "quotes": [0]}]}
    assert ArticleSummary.model_validate(linked, context=context).quotes[0].statement == 0
    for broken in ({**linked, "statements": [statement]}, {**linked, "quotes": [quote]}):
        with pytest.raises(ValueError, match="point"):
            ArticleSummary.model_validate(broken, context=context)


def test_an_old_summary_without_statements_still_reads():
    gold = json.loads((GOLD_DIR / f"{SEED.stem}.json").read_text(encoding="utf-8"))
    gold.pop("statements")
    for q in gold["quotes"]:
        q.pop("statement", None)
    summary = ArticleSummary.model_validate(gold)
    assert summary.statements == [] and "statements" not in summary.model_fields_set
    assert compare(summary, summary).as_dict()["statements"] is None


def test_statements_show_in_the_evaluation_table():
    from io import StringIO

    from rich.console import Console

    from summarizer.render import print_evaluation

    gold = ArticleSummary.model_validate_json((GOLD_DIR / f"{SEED.stem}.json").read_text(encoding="utf-8"))
    out = StringIO()
    print_evaluation(compare(gold, gold).as_dict(), {}, Console(file=out, width=200), {})
    assert "Statements @ 0.3 overlap" in out.getvalue() and "Statements @ 0.8 overlap" in out.getvalue()



def test_statements_are_listed_in_the_markdown_view():
    from summarizer.render import to_markdown

    body = to_markdown(seed_summary())
    assert "## Statements" in body
    assert "- **Mevlüt Çavuşoğlu** adding: he invited Ban to Antalya Diplomacy Forum" in body
    assert "## Statements" not in to_markdown(seed_summary(statements=False))


def test_a_pronoun_a_quotation_would_ask_about_goes_to_the_last_subject():
    """'She' could be either person for a quotation's speaker (the model is asked); a statement
    has no question, so it goes to the person the text last made its subject (of the pronoun's
    sex, where the text states it)."""
    before = "Patricia Okafor met Jordan Mallory on Monday.\n\nMallory spoke first, then Okafor.\n\n"
    text = before + "She said the plan would go ahead."
    quote_text = before + '"The plan will go ahead," she said.'
    assert [d.speaker for d in attribute(quote_text, find_quotes(quote_text))] == [None]
    assert statements_of(text) == [("said", "Jordan Mallory", "the plan would go ahead")]  # 'Mallory spoke'
    he = before.replace("Patricia", "Paul") + "He said the plan would go ahead."
    assert statements_of(he)[0][1] == "Jordan Mallory"
    stated = "Ms. Patricia Okafor met Mr. Jordan Mallory on Monday.\n\nMallory spoke first.\n\n"
    assert statements_of(stated + "She said the plan would go ahead.")[0][1] == "Patricia Okafor"


def test_when_words_between_the_subject_and_the_verb_keep_the_statement():
    assert statements_of("Intro.\n\nSanders on Tuesday said the plan would fail.") == [
        ("said", "Sanders", "the plan would fail")]
    assert statements_of("Intro.\n\nTed Cruz has long said that the tax code is broken.") == [
        ("said", "Ted Cruz", "the tax code is broken")]
