"""A list answer that starts repeating itself is ended at its last new row (the embedded
model looped on the court seed: one row twelve times, 268 output tokens)."""

from __future__ import annotations

import json

import pytest

from summarizer.backends.repeats import closed, end_of_new_rows, rows_are_arrays
from summarizer.schemas import AgreementsAnswer, ParticipantsAnswer, SummaryAnswer, speakers_answer

ROW = '["Judge Miriam Castellanos", "person", "judge", "Ontario Superior Court"]'
OTHER = '["Samuel Oduya", "person", "lawyer", ""]'

CASES = [
    # (the answer written so far, the rows kept when it is ended; None: go on)
    ('{"participants": [' + ROW + ", " + OTHER + ", " + ROW, [ROW, OTHER]),
    ('{"participants": [' + ROW + ", " + ROW, [ROW]),
    ('{"participants": [' + ROW + ", " + OTHER, None),
    ('{"participants": [' + ROW + ", " + OTHER + ", " + ROW[:20], None),  # not yet a whole row
    ('{"participants": [' + ROW + ", " + ROW.replace("judge", "Judge"), None),  # another row
    ('{"agreements": [["Accord", ["A", "B"], "signed"], ["Accord", ["A", "B"], "signed"]', [
        '["Accord", ["A", "B"], "signed"]']),
    ('{"agreements": [["A \\"]\\" deal", ["A"], "signed"], ["A \\"]\\" deal", ["B"], "signed"]', None),  # marks in strings
    ('{"participants": [', None),
]


@pytest.mark.parametrize("text, kept", CASES)
def test_an_answer_ends_at_its_first_repeated_row(text, kept):
    cut = end_of_new_rows(text)
    if kept is None:
        assert cut is None
        return
    answer = json.loads(closed(text, cut))
    assert list(answer.values())[0] == [json.loads(row) for row in kept]


def test_only_lists_of_rows_are_watched():
    assert rows_are_arrays(ParticipantsAnswer.model_json_schema())
    assert rows_are_arrays(AgreementsAnswer.model_json_schema())
    assert not rows_are_arrays(speakers_answer(3).model_json_schema())  # one speaker twice is right
    assert not rows_are_arrays(SummaryAnswer.model_json_schema())
    assert not rows_are_arrays(None)
