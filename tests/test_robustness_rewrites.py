"""The robustness benchmark rewrites articles so the right answer is still known: its figures are
only worth something if every gold offset moves with the text. Made-up sentences only (the dev
sets never enter the repository)."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from robustness import (  # noqa: E402
    TRADITIONS, VARIANTS, Edit, Edits, VariantScore, ascii_marks, british, code_quotes, crlf, cut_spans, names,
    person_names,
)


def span_of(text: str, words: str, nth: int = 0) -> list[int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return [start, start + len(words)]


def row_with(text: str, quotes: list[tuple[str, str | None]], **extra) -> dict:
    """A dev row: each quotation (with its marks) attributed to the speaker mention after it."""
    attributions = []
    for quoted, mention in quotes:
        spans = [span_of(text, quoted)]
        speaker_spans = [span_of(text, mention, 0)] if mention else None
        if mention and speaker_spans[0][0] < spans[0][0]:  # the mention after the quotation
            speaker_spans = [[text.index(mention, spans[0][1]), text.index(mention, spans[0][1]) + len(mention)]]
        attributions.append({"kind": "direct_or_mixed", "text": quoted, "spans": spans, "speaker_mention": mention,
                             "speaker_spans": speaker_spans, "speaker_is_pronoun": mention in ("he", "she"),
                             "speaker": extra.get("speakers", {}).get(quoted)})
    return {"id": "made-up", "text": text, "attributions": attributions, **{k: v for k, v in extra.items() if k != "speakers"}}


# ---------------------------------------------------------------- the edit primitive


def test_edits_apply_and_move_offsets_around_longer_and_shorter_pieces():
    text = "ab\u00e7de Gr\u00fc\u00dfe f\U0001f642g end"  # non-ASCII, one astral character (4 bytes in UTF-8)
    smile = text.index("\U0001f642")
    edits = Edits([Edit(2, 3, "CCC"), Edit(smile, smile + 2, "x")])  # '\u00e7' -> 'CCC', '\U0001f642g' -> 'x'
    new = edits.apply(text)
    assert new == "abCCCde Gr\u00fc\u00dfe fx end"
    assert edits.start(0) == 0 and edits.start(3) == 5 and edits.start(len(text)) == len(new)
    assert edits.end(len(text)) == len(new)
    for words in ("ab", "de Gr\u00fc", "Gr\u00fc\u00dfe", "e f", " end"):
        start = text.index(words)
        assert new[slice(*edits.span((start, start + len(words))))] == words  # between the edits: only moved
    for words, becomes in (("b\u00e7d", "bCCCd"), ("f\U0001f642g e", "fx e"), (text, new)):
        start = text.index(words)
        moved = edits.span((start, start + len(words)))
        assert new[slice(*moved)] == edits.inside(text, start, start + len(words)) == becomes


def test_spans_touching_an_edit():
    text = "one two three"
    edits = Edits([Edit(4, 7, "TWENTY")])
    new = edits.apply(text)
    assert new[slice(*edits.span((0, 4)))] == "one "  # ends where the edit starts: stays before it
    assert new[slice(*edits.span((7, 13)))] == " three"  # starts where it ends: after it
    assert new[slice(*edits.span((4, 7)))] == "TWENTY"  # the edit itself
    assert new[slice(*edits.span((0, 13)))] == new  # holds it
    assert new[slice(*edits.span((5, 13)))] == "TWENTY three"  # starts inside: at the piece's new start
    assert new[slice(*edits.span((0, 6)))] == "one TWENTY"  # ends inside: at its new end


def test_insertions_stay_outside_the_spans_that_touch_them():
    text = "ab|cd"
    edits = Edits([Edit(2, 2, ">>")])
    new = edits.apply(text)
    assert new == "ab>>|cd"
    assert new[slice(*edits.span((0, 2)))] == "ab"
    assert new[slice(*edits.span((2, 5)))] == "|cd"
    with pytest.raises(ValueError):
        Edits([Edit(0, 3, "x"), Edit(2, 4, "y")])


def test_a_span_on_part_of_a_name_lands_on_its_counterpart_even_when_the_order_changes():
    text = "Then Donald Trump spoke."
    start = text.index("Donald")
    # 'Donald' -> 'Ji-woo' and 'Trump' -> 'Kim', written surname first
    edits = Edits([Edit(start, start + 12, "Kim Ji-woo", ((0, 6, 4, 10), (7, 12, 0, 3)))])
    new = edits.apply(text)
    assert new == "Then Kim Ji-woo spoke."
    assert new[slice(*edits.span((start + 7, start + 12)))] == "Kim"
    assert new[slice(*edits.span((start, start + 6)))] == "Ji-woo"
    assert new[slice(*edits.span((start, start + 12)))] == "Kim Ji-woo"
    assert new[slice(*edits.span((0, len(text))))] == new


# ---------------------------------------------------------------- quotation marks and line ends


def test_british_makes_double_marks_single_and_nested_single_marks_double():
    text = ("\u201cWe said \u2018no\u2019 and meant it,\u201d Berg said. It isn\u2019t Turkey\u2019s plan.\n"
            "\"The plan's 'final' form,\" Lind said. ''It's over,'' she added.")
    row = row_with(text, [("\u201cWe said \u2018no\u2019 and meant it,\u201d", "Berg"),
                          ("\"The plan's 'final' form,\"", "Lind"), ("''It's over,''", "she")])
    variant = british(row)
    new = variant.row["text"]
    assert new == ("\u2018We said \u201cno\u201d and meant it,\u2019 Berg said. It isn\u2019t Turkey\u2019s plan.\n"
                   "'The plan's \"final\" form,' Lind said. 'It's over,' she added.")
    quotes = [a["text"] for a in variant.row["attributions"]]
    assert quotes == ["\u2018We said \u201cno\u201d and meant it,\u2019", "'The plan's \"final\" form,'", "'It's over,'"]
    assert [a["speaker_mention"] for a in variant.row["attributions"]] == ["Berg", "Lind", "she"]
    assert cut_spans(row, variant) == 0


def test_british_leaves_apostrophes_alone_inside_and_outside_quotations():
    text = "\u201cThe dogs\u2019 bowls and \u201990s hits, don\u2019t,\u201d he said of Berg\u2019s 'rock' era."
    new = british(row_with(text, [])).row["text"]
    assert new == "\u2018The dogs\u2019 bowls and \u201990s hits, don\u2019t,\u2019 he said of Berg\u2019s 'rock' era."


def test_ascii_straightens_every_mark_and_apostrophe():
    text = "\u201cIt\u2019s \u2018fine\u2019,\u201d Berg said. \u00abOui\u00bb, dit-elle."
    row = row_with(text, [("\u201cIt\u2019s \u2018fine\u2019,\u201d", "Berg"), ("\u00abOui\u00bb", None)])
    variant = ascii_marks(row)
    assert variant.row["text"] == "\"It's 'fine',\" Berg said. \"Oui\", dit-elle."
    assert variant.row["attributions"][0]["spans"] == row["attributions"][0]["spans"]  # one character for one
    assert variant.row["attributions"][0]["text"] == "\"It's 'fine',\""
    assert cut_spans(row, variant) == 0


def test_crlf_moves_each_offset_by_the_line_feeds_before_it():
    text = "Headline\n\n\u201cFirst,\u201d Berg said.\n\u201cSecond\nline,\u201d Lind said."
    row = row_with(text, [("\u201cFirst,\u201d", "Berg"), ("\u201cSecond\nline,\u201d", "Lind")])
    variant = crlf(row)
    new = variant.row["text"]
    assert new == text.replace("\n", "\r\n")
    first, second = variant.row["attributions"]
    assert first["spans"][0][0] == row["attributions"][0]["spans"][0][0] + 2
    assert second["spans"][0][0] == row["attributions"][1]["spans"][0][0] + 3
    assert second["text"] == "\u201cSecond\r\nline,\u201d"  # a span over a line end holds its CR too
    assert first["speaker_mention"] == "Berg" and second["speaker_mention"] == "Lind"
    assert cut_spans(row, variant) == 0


# ---------------------------------------------------------------- names

ARTICLE = (
    "Donald Trump met Ana Berg in Springfield on Monday.\n\n"
    "\u201cWe will win,\u201d Trump said. Mr. Trump\u2019s plan, he added, was \u201cthe best.\u201d\n\n"
    "\u201cNot so,\u201d said Berg, who called the Trumpet Times a fair paper. Mrs. Berg said she would stay.\n\n"
    "TRUMP: \u201cNo comment,\u201d said the New York Times."
)


def names_row() -> dict:
    row = row_with(ARTICLE, [("\u201cWe will win,\u201d", "Trump"), ("\u201cNot so,\u201d", "Berg"),
                             ("\u201cNo comment,\u201d", "the New York Times")],
                   speakers={"\u201cWe will win,\u201d": "Donald Trump", "\u201cNot so,\u201d": "Ana Berg"},
                   people=["Donald Trump", "Ana Berg"])
    return row


def test_person_names_from_gold_mentions():
    assert person_names("Sens. Jon Tester and David Vitter") == ["Jon Tester", "David Vitter"]
    assert person_names("longtime Democratic pollster Pat Caddell") == ["Pat Caddell"]
    assert person_names("Sen. Harry Reid (D-Nev.)") == ["Harry Reid"]
    assert person_names("Donald Trump\u2019s") == ["Donald Trump"]
    for not_a_person in ("The New York Times", "NATO", "a spokesman", "the Supreme Court"):
        assert person_names(not_a_person) == []


@pytest.mark.parametrize("set_name", ["polnear", "ggt"])
def test_names_swap_every_form_of_a_name_consistently(set_name):
    row = names_row()
    variant = names(set_name, row)
    new = variant.row["text"]
    trump = next(p for p in variant.swap.people if p.surname == "Trump")
    berg = next(p for p in variant.swap.people if p.surname == "Berg")
    assert trump.given == "Donald" and trump.sex == "m" and berg.sex == "f"  # Mr./he, Mrs./she
    tradition = {t.name: t for t in TRADITIONS}[trump.tradition]
    assert trump.new_given in tradition.male and berg.new_given in {t.name: t for t in TRADITIONS}[berg.tradition].female
    surname, full = trump.new_surname, trump.new_full
    capital = surname[:1].upper() + surname[1:]  # 'al-Zahra' starts a sentence as 'Al-Zahra'
    assert new.startswith(full[:1].upper() + full[1:] + " met ")
    assert f"\u201d {surname} said" in new and f"Mr. {surname}\u2019s plan" in new
    assert f"{surname.upper()}: " in new
    assert "Trump" not in new.replace("Trumpet", "") and "TRUMP" not in new and "Donald" not in new
    assert "Trumpet Times" in new and "New York Times" in new and "Springfield" in new  # not people, not whole words
    assert f"said {berg.new_surname}, who" in new and "Ana" not in new and " Berg" not in new
    assert capital in new or surname in new
    # the gold moved and renamed with the text
    first, second, third = variant.row["attributions"]
    assert first["text"] == "\u201cWe will win,\u201d" and first["speaker_mention"] == surname
    assert second["speaker_mention"] == berg.new_surname
    assert third["speaker_mention"] == "the New York Times"
    assert first["speaker"] == full and second["speaker"] == berg.new_full
    assert variant.row["people"] == [full, berg.new_full]
    assert cut_spans(row, variant) == 0


def test_names_are_drawn_deterministically_and_mapped_back():
    row = names_row()
    one, two = names("ggt", row, seed=1), names("ggt", row, seed=1)
    assert one.row["text"] == two.row["text"]
    swap = one.swap
    trump = next(p for p in swap.people if p.surname == "Trump")
    plain = "".join(c for c in unicodedata.normalize("NFKD", trump.new_full) if not unicodedata.combining(c))
    assert swap.restore(f"Rep. {plain.upper()} (R-Fla.)") == "Rep. Donald Trump (R-Fla.)"
    assert swap.restore(f"Mr. {trump.new_surname}") == "Mr. Trump"
    assert swap.restore("the New York Times") == "the New York Times"
    assert all(unicodedata.is_normalized("NFC", p.new_full) for p in swap.people)


def test_a_surname_written_first_stays_the_surname():
    text = "Kim Jong-un met Donald Trump. \u201cGood talks,\u201d Kim said. \u201cVery good,\u201d Trump said."
    row = row_with(text, [("\u201cGood talks,\u201d", "Kim"), ("\u201cVery good,\u201d", "Trump")],
                   speakers={"\u201cGood talks,\u201d": "Kim Jong-un", "\u201cVery good,\u201d": "Donald Trump"},
                   people=["Kim Jong-un", "Donald Trump"])
    variant = names("ggt", row)
    kim = next(p for p in variant.swap.people if p.given == "Jong-un")
    assert kim.surname == "Kim" and kim.surname_first
    assert variant.row["attributions"][0]["speaker_mention"] == kim.new_surname
    assert variant.row["attributions"][0]["speaker"] == kim.new_full
    assert cut_spans(row, variant) == 0


# ---------------------------------------------------------------- every variant keeps the answers


@pytest.mark.parametrize("name", list(VARIANTS))
def test_every_variant_keeps_each_gold_span_on_its_own_words(name):
    text = ("Donald Trump and Ana Berg\u2019s talks.\n\n\u201cIt\u2019s \u2018done\u2019,\u201d Trump said.\n\n"
            "\"We'll see,\" said Mrs. Berg. ''Maybe,'' she added.")
    row = row_with(text, [("\u201cIt\u2019s \u2018done\u2019,\u201d", "Trump"), ("\"We'll see,\"", "Mrs. Berg"),
                          ("''Maybe,''", "she")],
                   speakers={"\u201cIt\u2019s \u2018done\u2019,\u201d": "Donald Trump", "\"We'll see,\"": "Ana Berg",
                             "''Maybe,''": "Ana Berg"}, people=["Donald Trump", "Ana Berg"])
    for set_name in ("polnear", "ggt"):
        variant = VARIANTS[name](set_name, row, 0)
        assert cut_spans(row, variant) == 0
        for old, new in zip(row["attributions"], variant.row["attributions"]):
            (s, e), (ns, ne) = old["spans"][0], new["spans"][0]
            assert variant.row["text"][ns:ne] == new["text"]
            expected = variant.edits.inside(text, s, e)
            assert new["text"] == expected
            if variant.swap is not None:
                assert new["text"] == variant.swap.apply(old["text"])


def test_the_code_mode_scores_a_variant_like_the_original():
    """The product normalizes CR LF away: on crlf the tool finds the same quotes, and scoring
    finds them again in the CR LF text."""
    text = ("Talks end\n\n\u201cWe will win,\u201d Berg said on Monday.\n\n"
            "Lind disagreed. \u201cNo you won\u2019t,\u201d Lind said.")
    row = row_with(text, [("\u201cWe will win,\u201d", "Berg"), ("\u201cNo you won\u2019t,\u201d", "Lind")])
    figures = {}
    for name in ("original", "crlf", "ascii", "british"):
        variant = VARIANTS[name]("polnear", row, 0)
        score = VariantScore("polnear")
        score.add_variant(row, variant, code_quotes(variant.row["text"], [0]))
        figures[name] = score.figures()
    assert figures["original"] == (1.0, 1.0, 1.0, 1.0)
    assert figures["crlf"] == figures["ascii"] == figures["original"]
