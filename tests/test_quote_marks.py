"""Quotation marks as the world types them: one row per convention or slip, the input text
and the exact quoted words found (offsets checked on every row, and spelled out for a few).
Every sentence here is made up. Quotation marks are written as escapes (\u201c “, \u201d ”,
\u2018 ‘, \u2019 ’) so that no one mark can be mistaken for another."""

from __future__ import annotations

import pytest

from summarizer.quotes import find_quotes

NBSP, NNBSP = "\u00a0", "\u202f"

ROWS = [
    # US style: double outside, single inside (curly, then straight)
    ("us-curly-nested",
     "\u201cWe told them, \u2018Wait for the tide,\u2019 and they waited,\u201d Moreno said.",
     ["We told them, \u2018Wait for the tide,\u2019 and they waited,"]),
    ("us-straight-nested", "\"She kept saying 'not yet' all week,\" the coach said.",
     ["She kept saying 'not yet' all week,"]),
    ("us-two-in-a-paragraph", "\u201cReady,\u201d she said. \u201cGo.\u201d", ["Ready,", "Go."]),
    # British style: single outside, double inside; straight single marks in running text
    ("british-curly-nested", "\u2018The sign read \u201cclosed\u201d so we went home,\u2019 Okafor said.",
     ["The sign read \u201cclosed\u201d so we went home,"]),
    ("british-straight-speech", "'The bridge will open before the floods come,' the mayor told reporters.",
     ["The bridge will open before the floods come,"]),
    ("british-straight-nested", "'They chanted \"not in our town\" for an hour,' Patel said.",
     ["They chanted \"not in our town\" for an hour,"]),
    ("british-plural-possessive-inside", "'The farmers' union will not sign,' she said.",
     ["The farmers' union will not sign,"]),
    ("british-closing-before-a-word", "'We lost the dogs' he said, 'and then the cat.'",
     ["We lost the dogs", "and then the cat."]),
    ("british-curly-possessive-and-suffix",
     "\u2018The ministers\u2019 plan is Ankara\u2019s too,\u2019 he said.",
     ["The ministers\u2019 plan is Ankara\u2019s too,"]),
    ("apostrophes-are-not-quotes",
     "Turkey's coast, the dogs' bowls, five o'clock, ma'am, Ha'aretz reported.", []),
    ("british-rock-n-roll-inside", "'We grew up on rock 'n' roll,' he said.", ["We grew up on rock 'n' roll,"]),
    # the inner quotation ends right where the outer one does: its closing mark stands after the inner one's
    ("british-curly-inner-ends-with-the-outer",
     "\u2018You called the products \u201cmiracles,\u201d\u2019 she said. \u2018That is wrong.\u2019",
     ["You called the products \u201cmiracles,\u201d", "That is wrong."]),
    ("british-straight-inner-ends-with-the-outer", "'You called them \"miracles\"' she said.",
     ["You called them \"miracles\""]),
    # German, Polish, guillemets either way round, French spacing
    ("german-low-9", "\u201eWir bleiben hier\u201c, sagte die B\u00fcrgermeisterin.", ["Wir bleiben hier"]),
    ("german-low-9-inner", "\u201eEr rief \u201aHalt!\u2018 und lief weg\u201c, sagte sie.",
     ["Er rief \u201aHalt!\u2018 und lief weg"]),
    ("polish-low-9-closed-by-right-mark", "\u201eNie wiem\u201d, powiedzia\u0142.", ["Nie wiem"]),
    ("german-guillemets-inward",
     "\u00bbDas ist genug\u00ab, sagte er. \u00bbJa.\u00ab", ["Das ist genug", "Ja."]),
    ("german-guillemets-single-inner", "\u00bbEr sagte \u203anein\u2039 und ging\u00ab, berichtete sie.",
     ["Er sagte \u203anein\u2039 und ging"]),
    ("swiss-guillemets", "\u00abWir stimmen ab\u00bb, sagte sie.", ["Wir stimmen ab"]),
    ("french-no-break-spaces",
     f"\u00ab{NBSP}Nous partons demain{NBSP}\u00bb, a-t-il dit.", ["Nous partons demain"]),
    ("french-narrow-spaces-single-inner",
     f"\u00ab{NNBSP}Il a cri\u00e9 \u2039{NNBSP}assez{NNBSP}\u203a et il est parti{NNBSP}\u00bb, dit-elle.",
     [f"Il a cri\u00e9 \u2039{NNBSP}assez{NNBSP}\u203a et il est parti"]),
    # an article typed with straight marks only
    ("straight-only-article",
     "\"We will rebuild,\" the governor said.\n\nHer aide added: \"It will take years.\"",
     ["We will rebuild,", "It will take years."]),
    ("straight-over-paragraphs", "\"First, the roads.\n\n\"Then the schools,\" she said.",
     ["First, the roads.", "Then the schools,"]),
    ("straight-single-nested", "\"He told me, 'Leave the car,' and I did,\" Ruiz said.",
     ["He told me, 'Leave the car,' and I did,"]),
    ("straight-apostrophes-inside", "\"It's the players' call,\" he said.", ["It's the players' call,"]),
    # inch and foot marks: a straight mark right after a digit
    ("inch-mark-before-a-quotation", "The raffle prize was a 55\" TV. \"It was a bargain,\" the host said.",
     ["It was a bargain,"]),
    ("feet-and-inches", "He is 5'11\" tall and his brother 6' 2\". \"We measured twice,\" their mother said.",
     ["We measured twice,"]),
    ("inch-marks-inside-a-quotation", "\"I bought a 55\" set and a 40\" one,\" Lee said.",
     ["I bought a 55\" set and a 40\" one,"]),
    ("digit-then-closing-mark", "\"The score was 3\" he said, \"and nobody argued.\"",
     ["The score was 3", "and nobody argued."]),
    ("inch-mark-in-a-curly-quotation",
     "\u201cBring the 12\" pipe,\u201d the foreman said.", ["Bring the 12\" pipe,"]),
    ("stray-closing-mark", "He reviewed the records\" and later the \"final report\" too.", ["final report"]),
    # decades and elisions never open a quotation
    ("decades-and-elisions",
     "Music from the '90s and the '60s, rock 'n' roll, and 'tis the season to sell 'em.", []),
    ("curly-elisions",
     "Give \u2019em time, \u2019cause the \u201980s are back and rock \u2019n\u2019 roll too.", []),
    ("elision-inside-a-quotation", "\"Give 'em time,\" he said.", ["Give 'em time,"]),
    ("decade-inside-a-british-quotation", "'The '90s were kinder,' she said.", ["The '90s were kinder,"]),
    # an ellipsis right after the opening mark: what is quoted starts mid-sentence
    ("british-opening-ellipsis", "\u2018\u2026 overall, I think that\u2019s Pence,\u2019 Matthews concluded.",
     ["\u2026 overall, I think that\u2019s Pence,"]),
    ("british-opening-three-dots", "\u2018... and then we won,\u2019 she said.", ["... and then we won,"]),
    # a closing mark typed to open, where a paragraph opens (as \u201d is for double marks)
    ("british-closing-mark-typed-to-open",
     "\u2019 \u2026 when you call them \u2018terrorists,\u2019 it is heard badly,\u2019 he said.",
     ["\u2026 when you call them \u2018terrorists,\u2019 it is heard badly,"]),
    # a single quotation inside a single one (typed for double inside): the inner closer is no apostrophe
    ("british-single-inside-single",
     "\u2018I would rather live in what he calls \u2018hell\u2019 than here.\u2019 \u2015 Adriana Rodarte",
     ["I would rather live in what he calls \u2018hell\u2019 than here."]),
    ("an-elided-word-opening-a-paragraph-is-no-quotation", "\u2019Tis the season, she said.", []),
    # a closing mark typed to open, an opening mark typed to close
    ("closing-mark-opens-after-a-bracket",
     "Her note (\u201dBack soon\u201d) was still on the door.", ["Back soon"]),
    ("closing-mark-opens-a-paragraph",
     "\u201dWe are not leaving,\u201d the tenants said.", ["We are not leaving,"]),
    ("closing-mark-opens-mid-paragraph",
     "The banner read \u201dOpen all night\u201d in red.", ["Open all night"]),
    ("opening-mark-closes",
     "\u201cWe start at dawn.\u201c Then she sat down.", ["We start at dawn."]),
    # an opening mark after a sentence's end: the first quotation was left open
    ("curly-left-open", "\u201cWhen the mill closed, nobody called. \u201cWe heard it on the radio.\u201d",
     ["When the mill closed, nobody called.", "We heard it on the radio."]),
    ("straight-left-open", "\"We waited all night. \"Nobody came,\" she said.",
     ["We waited all night.", "Nobody came,"]),
    ("curly-nested-in-curly", "\u201cThey called it \u201cthe big fix\u201d back then,\u201d he said.",
     ["They called it \u201cthe big fix\u201d back then,"]),
    # wire copy: a straight mark and two apostrophes pair either way
    ("straight-closed-by-two-apostrophes",
     "The ruling said it \"was not enough'' for the board.", ["was not enough"]),
    ("two-apostrophes-closed-by-straight", "''It was not enough,\" he said.", ["It was not enough,"]),
    # three levels deep: one quotation, the outermost
    ("british-three-levels",
     "\u2018Then he said, \u201cShe told me \u2018never again\u2019 and left,\u201d and hung up,\u2019 Diaz recalled.",
     ["Then he said, \u201cShe told me \u2018never again\u2019 and left,\u201d and hung up,"]),
    ("us-three-levels",
     "\u201cThen he said, \u2018She told me \u201cnever again\u201d and left,\u2019 and hung up,\u201d Diaz recalled.",
     ["Then he said, \u2018She told me \u201cnever again\u201d and left,\u2019 and hung up,"]),
    ("straight-three-levels",
     "\"Then he said, 'She told me \"never again\" and left,' and hung up,\" Diaz recalled.",
     ["Then he said, 'She told me \"never again\" and left,' and hung up,"]),
    # mixed: headlines, nicknames, scare quotes
    ("single-quoted-headline",
     "Minister: 'No Deal Before Spring'\n\nThe talks ended.", ["No Deal Before Spring"]),
    ("curly-single-headline-with-apostrophe", "Envoy hails \u2018Turkey\u2019s moment\u2019 in talks",
     ["Turkey\u2019s moment"]),
    ("nicknames-in-names",
     "Sen. James \"Jimmy\" Ortiz and his aide Ana 'Nani' Ruiz came late to the hearing.", []),
    ("scare-quotes-are-found",
     "The so-called \u201creform\u201d passed on a \u2018technicality\u2019.", ["reform", "technicality"]),
    ("unclosed-single-is-an-apostrophe", "The 'Bama fans chanted \"we earned it\" twice.", ["we earned it"]),
    # non-ASCII text
    ("turkish-curly",
     "Bakan \u201cTürkiye\u2019nin kararı net\u201d dedi. İstanbul\u2019da \u2018yeni dönem\u2019 başladı.",
     ["Türkiye\u2019nin kararı net", "yeni dönem"]),
    ("japanese-corner-brackets", "大臣は「署名した」と述べ、『新時代』と呼んだ。", ["署名した", "新時代"]),
    ("japanese-nested-corners", "「彼は『待て』と言った」と話した。", ["彼は『待て』と言った"]),
    ("chinese-curly", "外长表示：\u201c我们欢迎合作。\u201d", ["我们欢迎合作。"]),
]


@pytest.mark.parametrize("text, expected", [row[1:] for row in ROWS], ids=[row[0] for row in ROWS])
def test_quoted_words(text, expected):
    quotes = find_quotes(text)
    assert [q.text for q in quotes] == expected
    assert all(text[q.start : q.end] == q.text for q in quotes)


def test_rows_are_many_and_named_once():
    assert len(ROWS) >= 40 and len({row[0] for row in ROWS}) == len(ROWS)


OFFSETS = [
    # the inch mark is skipped: the quotation after it starts after its own mark
    ("The raffle prize was a 55\" TV. \"It was a bargain,\" the host said.", [(32, 49)]),
    # the quoted words exclude the no-break spaces inside the guillemets
    (f"\u00ab{NBSP}Nous partons{NBSP}\u00bb, dit-il.", [(2, 14)]),
    # Python str indices over CJK, Turkish and curly marks
    ("大臣は「署名した」と『新時代』", [(4, 8), (11, 14)]),
    ("İstanbul\u2019da \u2018yeni dönem\u2019 başladı.", [(13, 23)]),
    ("\u201cWhen it closed. \u201cWe heard.\u201d", [(1, 16), (18, 27)]),
]


@pytest.mark.parametrize("text, spans", OFFSETS)
def test_offsets(text, spans):
    assert [(q.start, q.end) for q in find_quotes(text)] == spans


def test_quotations_over_paragraphs_are_closed_only_at_the_last():
    text = "\u201cFirst, the roads.\n\n\u201cThen the schools.\n\n\u201cThen the clinics,\u201d she said."
    quotes = find_quotes(text)
    assert [q.text for q in quotes] == ["First, the roads.", "Then the schools.", "Then the clinics,"]
    assert [q.closed for q in quotes] == [False, False, True]
    assert [q.paragraph for q in quotes] == [0, 1, 2]


def test_british_quotations_over_paragraphs():
    text = "'First, the roads.\n\n'Then the schools,' she said."
    quotes = find_quotes(text)
    assert [(q.text, q.closed) for q in quotes] == [("First, the roads.", False), ("Then the schools,", True)]


def test_a_single_mark_left_open_is_a_quotation_only_when_the_next_paragraph_opens_alike():
    text = "'Bama fans cheered.\n\nThe coach smiled."
    assert find_quotes(text) == []


def test_a_british_quotation_opened_after_a_cue_runs_over_paragraphs():
    text = ("\u2018The process is flawed,\u2019 Hinderks said Monday. \u2018Most people do not have enough information.\n\n"
            "\u2018So what you have is people trying to come to conclusions,\u2019 he said.")
    quotes = find_quotes(text)
    assert [(q.text, q.closed) for q in quotes] == [
        ("The process is flawed,", True), ("Most people do not have enough information.", False),
        ("So what you have is people trying to come to conclusions,", True)]
    text = "Fans of 'Bama cheered.\n\n'Then the schools,' she said."
    assert [q.text for q in find_quotes(text)] == ["Then the schools,"]  # no sentence before the mark: an apostrophe
