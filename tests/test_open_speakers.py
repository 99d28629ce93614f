"""Quotations no cue settles: the embedded model is not asked about them (it picked worse than
the person the text last made its subject, on both dev sets); a served model is, and either
can be chosen with --speakers. Whichever decides is said in the output and in the cache key."""

from __future__ import annotations

from summarizer.article import from_text
from summarizer.backends.base import Backend
from summarizer.backends.embedded import EmbeddedBackend
from summarizer.backends.replay import ReplayBackend
from summarizer.pipeline import Options, result_key, summarize
from summarizer.plan import plan
from tests.helpers import answer

TEXT = ('Mayor Anna Berg and Councillor Tom Lind met the residents on Monday.\n\n'
        '"We will rebuild the bridge before the floods," Lind said.\n\n'
        'Lind listened. Berg spoke next.\n\n'
        '"We have the money," she said, looking at him.')


def _plan(open_speakers: str):
    return plan(from_text(TEXT), lambda s: len(s) // 4, 16384, None, True, open_speakers)


def test_nearest_gives_an_open_quotation_its_first_candidate_and_asks_nothing():
    asked, nearest = _plan("model"), _plan("nearest")
    assert [a.kind for a in asked.asks] == ["participants", "speakers", "summary"]
    assert asked.decisions[1].speaker is None and asked.decisions[1].candidates[0] == "Anna Berg"
    assert [a.kind for a in nearest.asks] == ["participants", "summary"]
    assert (nearest.decisions[1].speaker, nearest.decisions[1].source) == ("Anna Berg", "nearest")
    assert nearest.decisions[0] == asked.decisions[0]  # what a cue settles does not change


def test_the_embedded_model_takes_the_nearest_a_served_one_is_asked():
    assert EmbeddedBackend.open_speakers == "nearest" and Backend.open_speakers == "model"


def test_the_output_says_the_speaker_is_the_nearest_and_no_speakers_question_is_asked():
    backend = ReplayBackend([answer(participants=[["Anna Berg", "person", "mayor", ""]]),
                             answer(summary="The mayor said the city has the money for the bridge.")])
    result = summarize(from_text(TEXT), backend, None, Options(use_cache=False, open_speakers="nearest"))
    quotes = result.summary.quotes
    assert [(q.speaker, q.speaker_source) for q in quotes] == [("Tom Lind", "cue"), ("Anna Berg", "nearest")]
    assert quotes[1].speaker_start is not None  # the mention that names her
    assert [c["question"] for c in result.meta["calls"]] == ["participants", "summary"]


def test_who_decides_open_speakers_is_part_of_the_cache_key():
    article, backend = from_text(TEXT), ReplayBackend([])
    keys = {result_key(article, backend, Options(open_speakers=s)) for s in (None, "model", "nearest")}
    assert len(keys) == 2  # None is the backend's own: 'model' for this one


def test_a_name_with_a_party_tag_before_its_verb_is_the_subject_the_nearest_one():
    from summarizer.people import cast_of
    text = ('Dr. David Gorski called it quackery on Monday.\n\n'
            'Democratic Sen. Claire McCaskill (D-Mo.) scolded him: “The scientific community is against you,” she said.')
    assert [(m.name, m.subject) for m in cast_of(text).mentions][-1] == ("Claire McCaskill", True)


def test_a_statement_s_pronoun_given_to_the_last_subject_says_so():
    from summarizer.quotes import find_quotes
    from summarizer.statements import find_statements, statement_decisions
    text = ('Anna Berg spoke first. Tom Lind spoke next, and Ruth Ames closed.\n\n'
            'The council met again later.\n\n'
            'He said the money would come from the province.')
    found = find_statements(text, find_quotes(text))
    assert [(d.speaker, d.source) for d in statement_decisions(text, found)] == [("Tom Lind", "nearest")]


def _nearest(text: str) -> list:
    from summarizer.attribution import attribute, nearest_speakers
    from summarizer.quotes import find_quotes
    return [d.speaker for d in nearest_speakers(attribute(text, find_quotes(text)))]


def test_a_person_introduced_with_who_comes_before_a_name_in_passing():
    """Neither is the sentence's subject; 'who' is said of the person being introduced, not of
    the company named inside the clause (GGT gave two quotations to 'L’Oréal Paris')."""
    text = ('I asked all-pro barber Robert McMillen, who works with L’Oréal Paris and owns a barbershop '
            'in Manhattan. “The craze of the big beard seems to have died off a bit,” he explains.')
    assert _nearest(text) == ["Robert McMillen"]


def test_a_subject_still_comes_before_a_person_introduced_with_who():
    text = ('"They made him our problem," District Attorney Caroline Wojtaszek said of William Shrubsall.\n\n'
            'Wojtaszek questioned that logic, saying there are limits on her ability to incarcerate Shrubsall, '
            'who has adopted another name.\n\n"There is nothing in that decision," she said.\n\n'
            'He has a long record. District Attorney Caroline Wojtaszek\n\n'
            '"We are confined by the sentencing structure of 1996."')
    assert _nearest(text)[-1] == "District Attorney Caroline Wojtaszek"


def test_a_surname_two_relatives_share_carries_its_sex_to_the_one_it_fits():
    """'Belkacemi says she ...' called the father 'she' too (the first with that surname), his
    sex was then contradictory, and his daughter's words went to him."""
    from summarizer.people import cast_of
    text = ('The victims were Khaled Belkacemi, 60, and five other men.\n\n'
            'For Megda Belkacemi, Friday is a day she has been awaiting. Her father Khaled was one of the victims.\n\n'
            '“I am looking forward to see the sentence,” she said.\n\n'
            'Belkacemi says she will finally be able to turn the page.')
    assert cast_of(text).sex == {"Khaled Belkacemi": "m", "Megda Belkacemi": "f"}
    assert _nearest(text) == ["Megda Belkacemi"]
