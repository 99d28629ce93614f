"""The dev-set benchmark maps the tool's quotes to PolNeAR's annotation unit before scoring.
The published figures rest on this mapping, so it is tested like product code (on made-up
sentences; the dev set itself never enters the repository)."""

from __future__ import annotations

import sys

from summarizer.evaluate import QuoteItem

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from scoring_rules import group_fragments, is_direct, mention_head, names_someone, quoted_segments, widen_to_clause  # noqa: E402


def item(text: str, words: str, speaker: str = "Berg") -> QuoteItem:
    start = text.index(words)
    return QuoteItem([(start - 1, start + len(words) + 1)], words, speaker)


def test_fragments_of_one_cue_are_one_attribution_but_a_second_cue_starts_another():
    text = '"We will win," Berg said at the rally. "And we will govern."'
    grouped = group_fragments([item(text, "We will win,"), item(text, "And we will govern.")], text)
    assert len(grouped) == 1 and grouped[0].spans[0][0] == 0

    text = '"We will win," Berg said. She added, "And we will govern."'
    assert len(group_fragments([item(text, "We will win,"), item(text, "And we will govern.")], text)) == 2
    text = '"We will win," Berg said. "And we will govern," she added.'
    assert len(group_fragments([item(text, "We will win,"), item(text, "And we will govern,")], text)) == 2


def test_other_speakers_and_closed_paragraphs_are_not_joined():
    text = '"We will win," Berg said.\n\n"No you won\'t," Lind said.'
    two = [item(text, "We will win,"), item(text, "No you won't,", "Lind")]
    assert len(group_fragments(two, text)) == 2
    text = '"We will win."\n\n"Next paragraph, closed above."'
    assert len(group_fragments([item(text, "We will win."), item(text, "Next paragraph, closed above.")], text)) == 2
    text = '"We will win\n\n"and keep going," Berg said.'
    assert len(group_fragments([item(text, "We will win"), item(text, "and keep going,")], text)) == 1


def test_widening_to_the_reported_clause():
    text = 'Intro.\n\nCruz said that he had "areas of disagreement" with Trump on trade.'
    widened = widen_to_clause(item(text, "areas of disagreement"), text)
    start, end = widened.spans[0]
    assert text[start:end] == 'he had "areas of disagreement" with Trump on trade'

    text = 'Intro.\n\n"We will win," Berg said on Monday.'
    assert widen_to_clause(item(text, "We will win,"), text).spans == item(text, "We will win,").spans

    text = 'Intro.\n\nMore than 100 people joined a "walk-in" at schools, according to the organizers.'
    start, end = widen_to_clause(item(text, "walk-in"), text).spans[0]
    assert text[start:end] == '"walk-in" at schools'


def test_gold_selection_and_names():
    assert is_direct({"kind": "indirect", "text": "''This isn't reform,'' ''It's worse.''"})
    assert not is_direct({"kind": "indirect", "text": "''This isn't reform,''"}, as_distributed=True)
    assert not is_direct({"kind": "indirect", "text": "that Turkey's plan isn't reform"})
    assert names_someone("Sen. Harry Reid (D-Nev.)") and names_someone("Mr. King, 82,")
    assert not names_someone("The Indiana governor") and not names_someone("Obama's former campaign strategist")
    assert mention_head("Mr. King, 82,") == "Mr. King"
    assert mention_head("Rep. Jim Clyburn (D-S.C.), the assistant leader") == "Rep. Jim Clyburn"


def test_the_ceiling_takes_each_decision_from_the_annotation():
    from attribution_only import gold_decisions

    from summarizer.quotes import find_quotes

    text = 'The film "Selma" opened. "We will win," Berg said, calling it "a fight."'
    quotes = find_quotes(text)
    inside = text.index('"We will win,"')
    gold = [QuoteItem([(inside, inside + len('"We will win,"'))], "We will win,", "Berg")]
    # the quotation in the gold span gets its speaker; the title and the unannotated one are not speech
    assert gold_decisions(quotes, gold) == ["-", "Berg", "-"]


def test_quoted_segments_and_grouping_within_a_sentence_for_sets_that_split_sentences():
    text = 'He was a "little sore" but "much better now." "Fine," he said. "Really."'
    segments = quoted_segments(text, 0, len(text))
    assert [text[s:e] for s, e in segments] == ['"little sore"', '"much better now."', '"Fine,"', '"Really."']
    items = [QuoteItem([s], text[s[0] + 1 : s[1] - 1], "Berg") for s in segments]
    by_sentence = group_fragments(items, text, within_sentence=True)
    assert [len(i.spans) for i in by_sentence] == [2, 1, 1]


def test_the_reported_speech_ceiling_counts_verbs_of_saying_and_according_to_only():
    from reported_speech_ceiling import is_reported_speech

    assert is_reported_speech("said") and is_reported_speech("told reporters")
    assert is_reported_speech("According to") and is_reported_speech("added,")
    assert not is_reported_speech("shows") and not is_reported_speech(":") and not is_reported_speech("")
