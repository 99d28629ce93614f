"""Agreements a reader would sign: which sentences state one (the question is asked only for
them), and which of the model's parties the text says concluded it. Made-up sentences."""

from __future__ import annotations

import pytest

from summarizer.agreements import agreements_from_rows, states_an_agreement

STATES_ONE = [
    "Turkey and South Korea signed a double taxation agreement on Friday.",
    "The two countries signed a memorandum of understanding on green shipping.",
    "Vietnam and the EU signed an MoU to develop a shipping corridor.",
    "The library also announced a partnership agreement with Northgate Community College.",
    "The union ratified the new contract by a vote of 812 to 311.",
    "The Maple Leafs signed defenceman Jake Muzzin to a three-year contract.",
    "Leaders approved the Paris climate accord after two weeks of talks.",
    "The treaty was signed in Geneva by 47 states.",
    "Both parties sealed the deal late on Sunday.",
    "The governor signed the bill into law on Tuesday.",
    "Parliament ratified the trade pact with Canada.",
    "The city council approved the budget for 2027.",
    "The protocol on hydrogen safety takes effect in March.",
    "Negotiators concluded the free trade agreement after six years.",
    "Ottawa and Quebec signed a health accord worth $6 billion.",
    "The company won a $40-million contract to build the bridge.",
    "The senators signed legislation extending the program.",
    "The board approved a resolution to merge the two schools.",
    "Under the deal, Boeing will deliver 20 aircraft by 2029.",
    "The convention bans the use of cluster munitions.",
    "The ministers signed agreements on science and technology.",
    "The province and the First Nation signed a revenue-sharing agreement.",
    "The Kyoto Protocol was signed in 1997.",
    "Both countries signed a new protocol on fisheries.",
    "The 1951 Refugee Convention, which most nations signed, protects those fleeing war.",
    "The deal with Kinder Morgan was struck in May.",
    "He was asked to deal with the dispute under the 2019 accord.",
    "Turkey withdrew from the Istanbul Convention last year.",
    "The club signed a huge deal with its new sponsor.",
]

STATES_NONE = [
    'Guests bid on a 55" TV signed by both of the evening\'s hosts.',
    "A concert poster from the '90s, signed by the band, went for $900.",
    "More than 2,000 people signed a petition against the closure.",
    "He signed autographs for fans after the game.",
    "She signed a jersey for every child in the ward.",
    "The star signed copies of her memoir at the bookstore.",
    "His approval rating fell to 38 per cent.",
    "The mayor signed off on the report without comment.",
    "The minister signed the guest book at the embassy.",
    "The president's declaration drew protests.",
    "Voters approved of the new stadium in a poll.",
    "The players signed a card for their injured coach.",
    "The letter was signed by 300 scientists.",
    "The band signed with a label in Montreal last year.",
    "He approved of the plan in an interview.",
    "The painting, signed by the artist, sold for $1.2 million.",
    "Fans lined up for hours to get their programs signed.",
    "The birthday card was signed in blue ink.",
    "Each volunteer signed the waiver before the race.",
    "The mayor signed the condolence book.",
    # an agreement's noun in another sense: a gathering, an idiom, a verb, a market, a procedure
    "Trump spoke at the Republican National Convention in July.",
    "She pushed the strategy during the Democratic convention.",
    "Analysts met at the company's annual Open World convention.",
    "The convention centre was packed for the home show.",
    "That's a big deal for the team, she said.",
    "It isn't a big deal, he said.",
    "He has already done a good deal of reclamation work.",
    "The province must deal with the flooding first.",
    "The futures contract for the S&P 500 index was up 0.1 per cent.",
    "Under the league's concussion protocol, he sat out the game.",
    "Secret Service protocol called for her to be taken to a trauma centre.",
]


@pytest.mark.parametrize("sentence", STATES_ONE)
def test_a_sentence_that_states_an_agreement_is_asked_about(sentence):
    assert states_an_agreement(sentence)


@pytest.mark.parametrize("sentence", STATES_NONE)
def test_an_autograph_a_petition_or_a_rating_is_no_agreement(sentence):
    assert not states_an_agreement(sentence)


def test_the_table_has_at_least_forty_sentences():
    assert len(STATES_ONE) + len(STATES_NONE) >= 40


def test_parties_are_those_the_text_says_concluded_it():
    text = ("Riverside library gala raises $48,000\n\n"
            "Guests bid on a TV signed by the hosts, radio personality Dana Kowalczyk and Marc Leduc.\n\n"
            "The library also announced a partnership agreement with Northgate Community College. "
            "The agreement was signed by library board chair Helen Marsh and college president Tomás Ibarra.")
    rows = [("partnership agreement", ["Riverside library", "Northgate Community College", "Dana Kowalczyk"], "signed")]
    agreements = agreements_from_rows(rows, [], [], text)
    assert agreements[0]["parties"] == ["Riverside library", "Northgate Community College"]


def test_a_quoted_sentence_is_no_agreement_title_and_joint_titles_are_split():
    text = ("The ministers signed the Double Taxation and Science Agreements. "
            '"South Korea is the only country in East Asia with which we have a free trade deal," he said.')
    rows = [("Double Taxation and Science Agreements", ["South Korea"], "signed"),
            ("South Korea is the only country in East Asia with which we have a free trade deal", [], "signed")]
    quoted = ["South Korea is the only country in East Asia with which we have a free trade deal,"]
    titles = [a["title"] for a in agreements_from_rows(rows, quoted, [], text)]
    assert titles == ["Double Taxation Agreement", "Science Agreement"]


# Who concluded it, as the text says: (the text, its sentence stating the agreement, the
# model's parties offered, the parties expected). Made-up sentences.
PARTIES = [
    ("Turkey and South Korea signed a double taxation agreement on Friday.", None,
     ["Turkey", "South Korea"], ["Turkey", "South Korea"]),
    ("Mevlüt Çavuşoğlu met Chung Eui-yong in Seoul. The two diplomats signed a science agreement.",
     "The two diplomats signed a science agreement.", ["Turkey", "South Korea"], ["Mevlüt Çavuşoğlu", "Chung Eui-yong"]),
    ("Prime Minister Anna Berg met President Lars Holm. Both leaders signed the accord on Monday.",
     "Both leaders signed the accord on Monday.", ["Norway"], ["Anna Berg", "Lars Holm"]),
    ("Envoys from Vietnam and Japan met in Hanoi. The two countries signed a memorandum on shipping.",
     "The two countries signed a memorandum on shipping.", [], ["Vietnam", "Japan"]),
    ("Envoys from the U.S. and Japan met in Tokyo. The two nations signed a pact on chips.",
     "The two nations signed a pact on chips.", [], ["U.S.", "Japan"]),  # as the text writes them
    ('Describing Korea as "a partner", he said Kang Eun-ho, the minister for procurement, signed a document approving the sale.',
     None, ["Turkey", "South Korea"], ["Kang Eun-ho"]),
    ("The agreement was signed by library board chair Helen Marsh and college president Tomás Ibarra.", None,
     ["Dana Kowalczyk"], ["Helen Marsh", "Tomás Ibarra"]),
    ("The deal was formally signed in Geneva by Canada and Mexico.", None, ["Canada", "Mexico", "Brazil"],
     ["Canada", "Mexico"]),
    ("Ottawa and Quebec signed a health accord worth $6 billion.", None, ["Ottawa", "Quebec", "Health Canada"],
     ["Ottawa", "Quebec"]),
    ("On Tuesday, Greenfield Energy signed a supply contract with Halden Transit.", None,
     ["Greenfield Energy", "Halden Transit"], ["Greenfield Energy", "Halden Transit"]),
    ("Vietnam also signed an MoU with the EU on green shipping.", None, ["Vietnam", "EU"], ["Vietnam", "EU"]),
    # nobody named as the subject: the model's parties that the sentence names stand
    ("The library also announced a partnership agreement with Northgate Community College.", None,
     ["Riverside library", "Northgate Community College", "Dana Kowalczyk"],
     ["Riverside library", "Northgate Community College"]),
    ("Governor Kathy Hochul spoke first. The governor signed the bill into law on Tuesday.",
     "The governor signed the bill into law on Tuesday.", ["Governor"], ["Kathy Hochul"]),
    ("Lena Park and Omar Haddad met. The treaty was signed in Geneva by 47 states.",
     "The treaty was signed in Geneva by 47 states.", ["Geneva"], []),
    # 'the two men' when the text named one: the one it named
    ("Omar Haddad arrived first. The two men signed the deal.", "The two men signed the deal.", ["Omar Haddad"],
     ["Omar Haddad"]),
]


@pytest.mark.parametrize("text, sentence, offered, expected", PARTIES)
def test_an_agreements_parties_are_who_the_text_says_concluded_it(text, sentence, offered, expected):
    stated = sentence or text
    title = {"memorandum": "memorandum", "MoU": "MoU"}.get(next((w for w in ("memorandum", "MoU") if w in stated), ""), "")
    title = title or next(w for w in ("agreement", "accord", "contract", "deal", "document", "bill", "treaty", "pact")
                          if w in stated)
    rows = [(title, offered, "signed")]
    agreements = agreements_from_rows(rows, [], [], text)
    assert agreements[0]["parties"] == expected


def test_a_heading_or_a_partnership_is_no_agreement_title():
    text = ("STRATEGIC PARTNERSHIP DEEPENING\n\n"
            "The strategic partnership between the two countries is deepening, the minister said.\n\n"
            "The two diplomats signed revised Prevention of Double Taxation Agreements during the meeting.")
    rows = [("STRATEGIC PARTNERSHIP DEEPENING", ["Turkey"], "signed"),
            ("Prevention of Double Taxation Agreement", ["Turkey"], "signed")]
    warnings: list[str] = []
    titles = [a["title"] for a in agreements_from_rows(rows, [], [], text, warnings)]
    assert titles == ["Prevention of Double Taxation Agreement"]
    assert any("STRATEGIC PARTNERSHIP" in w and "does not state it" in w for w in warnings)


def test_a_date_only_from_a_sentence_that_names_the_agreement():
    from summarizer.agreements import stated_date

    text = ("The council met on Jan. 4, 2026. Halden and Oslo signed the transit accord on March 3, 2026.\n\n"
            "The budget vote is set for May 1.")
    assert stated_date(text, "transit accord") == "March 3, 2026"
    assert stated_date(text, "water treaty") is None  # no sentence names it: never guessed
