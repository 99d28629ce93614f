"""Reading attribution cues in code: when the text names the speaker, the model is not asked."""

from __future__ import annotations

import pytest

from summarizer.attribution import attribute, open_quotes, settle
from summarizer.titles import looks_like_a_title
from summarizer.cues import find_cue
from summarizer.quotes import find_quotes


def speakers(text: str, model_answer: str = "MODEL") -> tuple[list[str], list[int]]:
    """Each quotation's speaker, the model answering MODEL, and the numbers (from 1) of the
    quotations the model was asked about."""
    decisions = attribute(text, find_quotes(text))
    asked = open_quotes(decisions)
    settled = settle(decisions, {i: model_answer for i in asked})
    return [d.speaker for d in settled], [i + 1 for i in asked]


def test_name_after_the_quote():
    assert speakers('"We will win," Anna Berg said on Monday.') == (["Anna Berg"], [])
    assert speakers('"We will win," said Sen. Anna Berg.') == (["Anna Berg"], [])


def test_name_before_the_quote_and_abbreviations_do_not_end_sentences():
    text = 'Rep. Elijah Cummings said that "the facts are clear."'
    assert speakers(text) == (["Elijah Cummings"], [])
    assert speakers('"It is over," said Rep. Elijah Cummings, the top Democrat.') == (["Elijah Cummings"], [])


def test_pronoun_follows_the_last_named_speaker():
    text = 'Anna Berg spoke first.\n\n"We agree," Berg said.\n\n"It took years," she added.'
    assert speakers(text) == (["Anna Berg", "Anna Berg"], [])  # the fullest name the article gives


def test_pronoun_prefers_the_name_opening_the_paragraph():
    text = ('"Science is settled," Tom Lind said.\n\n'
            'Sen. Anna Berg scolded him: "You are wrong about this," she said.')
    assert speakers(text)[0] == ["Tom Lind", "Anna Berg"]


def test_running_quote_in_the_same_paragraph_and_over_a_paragraph_break():
    text = ('"First part," Anna Berg said. "Second part."\n\n'
            '"A long statement that goes on\n\n"and continues here," Tom Lind said.')
    said, asked = speakers(text)
    assert said == ["Anna Berg", "Anna Berg", "Tom Lind", "Tom Lind"] or said[:2] == ["Anna Berg", "Anna Berg"]
    assert 1 not in asked and 2 not in asked


def test_titles_without_speech_verbs_are_not_speech_and_cost_nothing():
    text = "A headline.\n\nShe appeared on \"Fox News Sunday\" and sang \"American Skin\" later."
    assert speakers(text) == (["-", "-"], [])
    quote = find_quotes('Trump called Cruz a "nasty guy" in Iowa.')[0]
    assert not looks_like_a_title('Trump called Cruz a "nasty guy" in Iowa.', quote)
    for spoken in ('She picked it up and crowed, "Oh, it\'s my rose," then left.',  # 'my': someone speaking
                   'The students chanted and shouted "Build that wall!" at them.',  # an exclamation
                   'He could only stammer "I ... I ..." and left.'):
        assert not looks_like_a_title(spoken, find_quotes(spoken)[0]), spoken


def test_a_long_name_in_title_case_is_a_title_too_but_a_sentence_is_not():
    text = ("A headline.\n\nThe young actors carry the film admirably. \u201cThe Kid Who Would Be King\u201d opens "
            "on Friday.\n\nI guess after watching \"We Believe: The Best Men Can Be\" you know the answer.")
    assert speakers(text) == (["-", "-"], [])
    text = "A headline.\n\nThe crowd waited in the rain. \u201cWe Will Win This Fight Together!\u201d"
    assert speakers(text)[0] != ["-"]


def test_a_short_name_in_the_first_paragraph_is_a_title_unless_that_paragraph_is_a_headline():
    text = ("Members of the peewee team 'The Spirit' are seen in this undated handout photo. Coach Stephen Gillis "
            "said the video is the nicest thing anyone has done for him.\n\nThe team raised money.")
    assert speakers(text) == (["-"], [])  # the opening paragraph is the story's: no headline to quote from
    text = "Obama on Climate Change: The Trends Are 'Terrifying.'\n\nPresident Obama spoke on Thursday."
    assert speakers(text)[0] != ["-"]  # a headline's quoted word is someone's


def test_a_work_s_name_is_a_title_whatever_the_sentence_says():
    text = ("A headline.\n\nIn his 2002 book, ''Make Your Kid a Millionaire,'' Mr. McKinley suggested saving.\n\n"
            "Sanders told MSNBC's \"Morning Joe\" that nobody would question her.\n\n"
            "Trump called the pageant winner \"Miss Piggy\" in 1996.")
    assert speakers(text)[0] == ["-", "-", "Trump"]  # a book, a show; a name Trump called her is his words
    text = ("A headline.\n\nMs. LaBelle got a roar when, at the end of her rendition of the civil rights anthem "
            "''A Change Is Gonna Come,'' she added the words, ''Hillary Clinton.''\n\n"
            "Clinton appeared on Tuesday's episode of \"The Steve Harvey Morning Show,\" where she said it.")
    assert speakers(text)[0] == ["-", "Ms. LaBelle", "-"]  # a song, the words she sang; a radio show
    text = ("A headline.\n\nHe told NBC's \u201cToday\u201d show on Wednesday that he was not disrespectful.\n\n"
            "This image shows Louis Serkis in a scene from \"The Kid Who Would Be King.\" (Kerry Brown / AP)\n\n"
            'Google said it would disable a research app called "Screenwise Meter" on iPhones.\n\n'
            'Trump called her "Crooked" again on Friday.\n\n'
            "He read from James Ross' \"The Long Road Home,\" he said.")
    assert speakers(text)[0] == ["-", "-", "-", "Trump", "-"]  # a show, a film (its period inside), an app; a name called
    text = ('A headline.\n\nDoc McStuffins appears in the ad. It is a classic example of the "boys will be boys" '
            'trope called out in the ad.')
    assert speakers(text)[0] == ["-"]  # words cited as words


def test_a_name_in_title_case_that_something_is_in_is_a_name_with_or_without_a_cue():
    text = ('A headline.\n\nMr. King and Mr. Morial are also participating in "Barack Obama Election Day," a '
            'designated day on Nov. 1 in battleground states.\n\n'
            'Teenage boys in "Make America Great Again" hats faced a man, the school said.\n\n'
            '"We Will Not Be Silenced," Ms. Reyes said in a speech in Ottawa.')
    assert speakers(text)[0] == ["-", "-", "Ms. Reyes"]  # an event, a slogan on hats; a Title Case line said


def test_an_idiom_of_saying_reports_no_one_s_words():
    text = ("A headline.\n\nIt goes without saying that many centrist Democrats have long held dreams of a "
            "bipartisan ''Grand Bargain'' to overhaul taxes.\n\nNeedless to say, the plan was a \"nonstarter.\"")
    assert speakers(text)[0] == ["-", "-"]
    text = 'A headline.\n\nWithout saying why, Smith called the plan "a nonstarter."'
    assert speakers(text)[0] == ["Smith"]


def test_words_rated_in_a_sentence_with_a_noun_for_a_verb_are_no_ones():
    text = ('A headline.\n\nPolitiFact rated 32% of Republican claims as "false" or "pants on fire," compared to '
            '11% of Democratic claims.\n\n"We rate what we can check," Aaron Sharockman said.')
    assert speakers(text)[0] == ["-", "-", "Aaron Sharockman"]  # not 'PolitiFact rated 32% of Republican'


def test_no_cue_asks_the_model():
    text = 'The mood was tense.\n\n"Nobody expected this result at all."'
    assert speakers(text) == (["MODEL"], [1])


def test_a_verb_of_saying_after_a_clause_names_who_follows_it_before_the_quotation():
    for text, who in (('Rather than rows of desks, asks Policy Options editor Jennifer Ditchburn, "has anyone '
                       'considered a horseshoe?"', "Jennifer Ditchburn"),
                      ('He was angry, said a friend, "and nobody cared."', "a friend"),
                      ('Said Ellis: "we will win."', "Ellis"),
                      ('According to Limbaugh, "it reeks of fear."', "Limbaugh")):
        assert find_cue(text, find_quotes(text)[0]).words == who, text
    for text in ('The senator, who had said so before, added a line: "we will win."',  # a line is no one
                 'Smith arrived, told reporters: "we will win."'):  # reporters are who was told
        assert find_cue(text, find_quotes(text)[0]) is None, text


def test_a_document_s_words_are_its_publisher_s():
    for text, who in (("The foreign ministry's consular-affairs office also published a notice Tuesday saying that "
                       'Canada has recently "arbitrarily detained" a Chinese national.',
                       "The foreign ministry's consular-affairs office"),
                      ('Mayor Anna Berg issued a statement on Tuesday saying the city was "ready for anything."',
                       "Anna Berg")):
        cue = find_cue(text, find_quotes(text)[0])
        assert (cue.words, cue.verb) == (who, "saying"), text
    text = 'Chinese officials met on Tuesday. Canada has recently "arbitrarily detained" a Chinese national.'
    assert find_cue(text, find_quotes(text)[0]) is None


def test_a_clause_after_where_is_no_cue_for_the_quotation_before_it():
    text = 'Clinton appeared on the radio program "Morning Talk," where she said it.'
    assert find_cue(text, find_quotes(text)[0]) is None  # not the speaker 'Where she'


def test_the_response_of_someone_after_a_quotation_names_who_said_it():
    for text, who in (('Tesla posted a video. "The best sleigh this Christmas!" was the response of one jolly '
                       'viewer. The spot says much.', "one jolly viewer"),
                      ('"We will win," was the verdict of Mayor Anna Berg.', "Anna Berg")):
        assert find_cue(text, find_quotes(text)[-1]).words == who, text
    text = '"We will win" was the slogan of the campaign.'
    assert find_cue(text, find_quotes(text)[0]) is None  # a slogan: no one's response


def test_capitalized_nouns_are_not_verbs():
    text = 'Racial divides in the United States, saying that "race still determines too much" in America.'
    assert find_cue(text, find_quotes(text)[0]) is None


def test_a_closed_sentence_is_not_attributed_to_the_next_one():
    text = 'South Korea accused the North of "fanatic recklessness." President Park said nothing.'
    assert find_cue(text, find_quotes(text)[0]).words == "South Korea"
    text = 'The North showed "fanatic recklessness." President Park said so.'
    assert find_cue(text, find_quotes(text)[0]) is None


def test_quoted_words_in_a_headline_are_someones_not_a_title():
    text = "Trump Was \u2018Mocking\u2019 Clinton Camp\n\nThe campaign answered on Monday."
    assert speakers(text) == (["MODEL"], [1])


def test_signature_line_names_the_speaker():
    text = ("Readers wrote in.\n\n\u201cHe is clueless.\u201d \u2015 Stephanie Egan\n"
            "\u201cThe debate showed who he is.\u201d\u2015 Martha Aguilar.\n"
            "\u201cThis one has no signature at all.\u201d \u2014 and then the story went on.")
    said, asked = speakers(text)
    assert said[:2] == ["Stephanie Egan", "Martha Aguilar"]
    assert asked == [3]


def test_characterizations_are_someones_words_not_titles():
    for text in ('Intro.\n\nReid has been pounding Trump as a "con artist" for months.',
                 "Intro.\n\nHe made references to Machado as \"Miss Piggy\" last year.",
                 'Intro.\n\nThe crowd greeted him with chants of "Bobby!" at the rally.'):
        assert speakers(text) == (["MODEL"], [1]), text


def test_transcript_labels_name_the_speakers_and_stage_directions_are_not_speech():
    text = ('Gov. Mike Pence spoke to Chris Wallace on Sunday.\n\n"WALLACE: Will she be there?\n\n'
            '"PENCE: She will not be attending.\n\n"(CROSSTALK.)\n\n"And that is final.\n\n"WALLACE: Why not?')
    # the turn goes on after the stage direction: still Pence's words
    assert speakers(text) == (["Wallace", "Pence", "-", "Pence", "Wallace"], [])


def test_claims_and_rulings_report_speech():
    # 'claim', 'ruled', 'asserted', 'proclaimed': the quoted words are someone's, so the model
    # decides whose; without these words the short phrases were set aside as titles
    for text in ('Intro.\n\nPolitifact checked Trump\u2019s claim that there have been "thousands of shootings" there.',
                 'Intro.\n\nClinton also asserted she could speak to "white people" about it.',
                 'Intro.\n\nIn his speech, Trump proclaimed a goal of "Peace Through Strength."'):
        assert speakers(text) == (["MODEL"], [1]), text
    # a ruling is its maker's words, a cue like 'said' ('The judge ruled he ... would "..."')
    assert speakers('Intro.\n\nPolitifact then ruled that the statement is "true" in the end.') == (["Politifact"], [])


@pytest.mark.parametrize("cue, speaker", [
    ("Mr. Morgan of the Sierra Club said", "Mr. Morgan"),  # gave no cue, and the nearest subject ('Patriot Coal')
    ("Mary Smith of the Sierra Club said", "Mary Smith"),
    ("Friends of the Earth said", "Friends of the Earth"),  # one name, not a person 'Friends'
    ("University of Toronto said", "University of Toronto"),
])
def test_a_person_of_an_organization_after_a_quotation(cue, speaker):
    text = f'Regulators worried that Patriot Coal could liquidate.\n\n"It was the least bad outcome," {cue}.'
    assert find_cue(text, find_quotes(text)[0]).words == speaker


@pytest.mark.parametrize("clause", ["when Clinton blasted him", "because Clinton said so", "after Clinton said it"])
def test_a_subordinate_clause_after_a_quotation_is_not_its_cue(clause):
    text = f'The spot ends with footage of Trump, “That makes me smart,” {clause}.'
    cue = find_cue(text, find_quotes(text)[0])
    assert cue is None or cue.words != "Clinton"
