from summarizer.quotes import find_quotes


def texts(article: str) -> list[str]:
    return [q.text for q in find_quotes(article)]


def test_curly_and_straight_quotes_with_exact_offsets():
    article = 'He said \u201cwe will win,\u201d and then "we shall see." Done.'
    quotes = find_quotes(article)
    assert [q.text for q in quotes] == ["we will win,", "we shall see."]
    for q in quotes:
        assert article[q.start : q.end] == q.text


def test_nested_single_quotes_stay_inside_the_outer_quote():
    article = "\u201cThey thought Obama saying, \u2018Hey, go vote\u2019 would do it,\u201d she said."
    assert texts(article) == ["They thought Obama saying, \u2018Hey, go vote\u2019 would do it,"]


def test_multi_paragraph_quote_without_closing_mark():
    article = "\u201cFirst paragraph of the speech.\n\n\u201cSecond part ends here,\u201d he said."
    quotes = find_quotes(article)
    assert [q.text for q in quotes] == ["First paragraph of the speech.", "Second part ends here,"]
    assert [q.closed for q in quotes] == [False, True]


def test_apostrophes_are_not_quotes_but_single_quoted_headlines_are():
    article = "Turkey's tank and the dogs' bowls.\n\n'STRATEGIC PARTNERSHIP DEEPENING'\n\nEnd."
    assert texts(article) == ["STRATEGIC PARTNERSHIP DEEPENING"]


def test_guillemets_and_cjk_offsets():
    article = "Il a dit \u00ab bonjour \u00bb. \u5317\u4eac\u201c\u4f60\u597d\u201d"
    quotes = find_quotes(article)
    assert [q.text for q in quotes] == ["bonjour", "\u4f60\u597d"]
    assert all(article[q.start : q.end] == q.text for q in quotes)


def test_seed_article_quotes(seed_article):
    found = texts(seed_article.text)
    assert "Technical Working Group" in found
    assert "STRATEG\u0130C PARTNERSHIP DEEPENING" in found
    assert len(found) == 8


def test_doubled_apostrophes_are_double_marks_and_keep_inner_apostrophes():
    text = "''This isn't tax reform,'' said Mr. Holtz. ''It's anti-reform.'' Turkey's 'best' plan."
    assert [q.text for q in find_quotes(text)] == ["This isn't tax reform,", "It's anti-reform.", "best"]
    first = find_quotes(text)[0]
    assert text[first.start - 2 : first.start] == "''" and text[first.end : first.end + 2] == "''"


def test_closing_mark_typed_to_open_a_paragraph():
    text = "Intro.\n\n\u201dFear. I am afraid.\u201d \u2015 Edwin Monroy\n\u201cNext one.\u201d"
    assert [q.text for q in find_quotes(text)] == ["Fear. I am afraid.", "Next one."]


def test_inner_single_quote_ending_with_the_doubled_mark():
    text = "''I told him 'no''' she said, and left. ''Next,'' he said."
    assert [q.text for q in find_quotes(text)] == ["I told him 'no'", "Next,"]


def test_transcript_turns_keep_the_speaker_label_apart():
    text = ('Partial transcript:\n\n"WALLACE: Will she be there?\n\n'
            '"PENCE: Well, look, this is an episode of \u201cShark Tank.\u201d But this is America.\n\n'
            '"(CROSSTALK.)\n\nA note: "Note: this is not a label," he said.')
    quotes = find_quotes(text)
    assert [(q.text, q.label) for q in quotes] == [
        ("Will she be there?", "WALLACE"),
        # the curly quotation inside the straight one is nested, it does not close it
        ("Well, look, this is an episode of \u201cShark Tank.\u201d But this is America.", "PENCE"),
        ("(CROSSTALK.)", None),
        ("Note: this is not a label,", None),
    ]
    assert all(text[q.start : q.end] == q.text for q in quotes)


def test_marks_inside_markup_tags_are_not_quotations():
    text = ('<tweet pic="pic.twitter.com/" author="carlq">The "blue arrow" is Warren.</tweet>\n'
            'He said "a < b" and "c > d" today.')
    assert [q.text for q in find_quotes(text)] == ["blue arrow", "a < b", "c > d"]


def test_a_quoted_nickname_inside_a_name_is_not_a_quotation():
    text = ('Rep. Robert C. "Bobby" Scott threw open his back yard. His niece, Del. Marcia \u201cCia\u201d Price, '
            'said to the crowd, "We have his back." Fans chanted "Bobby!" at him.')
    assert [q.text for q in find_quotes(text)] == ["We have his back.", "Bobby!"]
    # in a Title Case headline the same shape is a quotation
    assert [q.text for q in find_quotes('Trump Calls Clinton "Crooked" Again')] == ["Crooked"]
