"""Where a sentence ends, and what is left of an answer cut off mid-sentence."""

from __future__ import annotations

import pytest

from summarizer.sentences import sentences, whole_sentences

SPLITS = [
    ("The ministers met. Çavuşoğlu spoke first.", ["The ministers met.", "Çavuşoğlu spoke first."]),
    ("He left. Ørsted shares fell.", ["He left.", "Ørsted shares fell."]),
    ("She arrived. Élodie Martin followed.", ["She arrived.", "Élodie Martin followed."]),
    ("U.S. officials met. They agreed.", ["U.S. officials met.", "They agreed."]),
    ("Rep. Cummings spoke. John F. Kerry listened.", ["Rep. Cummings spoke.", "John F. Kerry listened."]),
    ('He said "yes." Then he left.', ['He said "yes."', "Then he left."]),
    ("It costs 3.5 million. a typo follows.", ["It costs 3.5 million. a typo follows."]),
]


@pytest.mark.parametrize("text, expected", SPLITS)
def test_a_sentence_ends_before_a_capital_of_any_alphabet(text, expected):
    assert sentences(text) == expected


CUT = [
    ("Turkey and Korea met. They signed two agreements. Çavuşoğlu met the heads of the 1",
     "Turkey and Korea met. They signed two agreements."),
    ('The mayor said "we will vote." The council then debated the', 'The mayor said "we will vote."'),
    ("A whole summary ends here.", "A whole summary ends here."),
    ("One long sentence that was cut before its end", "One long sentence that was cut before its end"),
    ("Guests bid on a 55", "Guests bid on a 55"),
    ("It ended with a question? Yes it", "It ended with a question?"),
]


@pytest.mark.parametrize("text, expected", CUT)
def test_a_cut_last_sentence_is_dropped_when_a_whole_one_comes_before(text, expected):
    assert whole_sentences(text) == expected
