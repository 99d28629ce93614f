"""Identity a reader would sign: which pairs of names are one entity, table-driven.

Each row: two names, and whether they are the same person or organization. The rules are
stated in terms of how names are written (titles, honorifics, surnames, organization head
words), so they hold for names from any tradition; every row here is made up or generic."""

from __future__ import annotations

import pytest

from summarizer.countries import country_name
from summarizer.names import is_mentioned, same_entity, spelled_out

SAME = [
    # surname alone, titles and honorifics before it
    ("Çavuşoğlu", "Mevlüt Çavuşoğlu"),
    ("Mr. Barrett", "Barrett"),
    ("Ms. Barrett", "Amy Coney Barrett"),
    ("Sen. Tester", "Jon Tester"),
    ("Mayor Patricia Okafor", "Patricia Okafor"),
    ("Coun. Derek Mallory", "Mallory"),
    ("Justice Miriam Castellanos", "Castellanos"),
    ("Prime Minister Justin Trudeau", "Trudeau"),
    ("Dr. Ana Ruiz", "Ana Ruiz"),
    ("Foreign Minister Chung Eui-yong", "Chung Eui-yong"),
    # middle names and initials
    ("Hillary Clinton", "Hillary Rodham Clinton"),
    ("Harry Kazianis", "Harry J. Kazianis"),
    ("Amy Barrett", "Amy Coney Barrett"),
    # family name first
    ("Wang", "Wang Qishan"),
    ("Kim", "Kim Jong-un"),
    ("Mr. Nguyen", "Nguyen Van Thang"),
    ("Kim Jong Un", "Kim Jong-un"),
    # dropped accents, case, transliteration
    ("Mevlut Cavusoglu", "Mevlüt Çavuşoğlu"),
    ("Nguyen Van Thang", "Nguyễn Văn Thắng"),
    ("ADINA VALEAN", "Adina Vălean"),
    ("Zelensky", "Volodymyr Zelenskyy"),
    ("Recep Tayyip Erdogan", "Recep Tayyip Erdoğan"),
    ("Marc-Andre Leduc", "Marc-André Leduc"),
    ("İsmail Şahin", "Ismail Sahin"),
    # a given name under a royal title, twice
    ("Prince Harry", "Prince Harry"),
    # honorifics of one sex
    ("Ms. Moore", "Mrs. Moore"),
    ("Mrs. Obama", "Michelle Obama"),
    # organizations written two ways
    ("Justice Department", "Department of Justice"),
    ("Transit Commission", "Halden Transit Commission"),
    ("the Port of Rotterdam Authority", "Port of Rotterdam Authority"),
    ("Eastbrook Properties", "Eastbrook Properties"),
    ("Superior Court of Justice", "Ontario Superior Court of Justice"),
    # names from other traditions, full and short
    ("Khalid bin Rashid al-Mansouri", "al-Mansouri"),
    ("Pieter van der Berg", "Van der Berg"),
    ("María José García Márquez", "García Márquez"),
    ("Adébáyọ̀ Ọlámídé", "Ọlámídé"),
    ("Anna-Lena Schmidt-Weber", "Schmidt-Weber"),
    # an acronym and what it stands for (three letters or more)
    ("IMF", "International Monetary Fund"),
    ("the PBO", "The Parliamentary Budget Officer"),
    ("RCMP", "Royal Canadian Mounted Police"),
]

DIFFERENT = [
    # departments and ministries
    ("Justice Department", "State Department"),
    ("Ministry of Finance", "Ministry of Health"),
    ("Finance Department", "Defence Department"),
    ("Toronto Police Service", "Ottawa Police Service"),
    # shared first names
    ("Stephen King", "Stephen Colbert"),
    ("Prince Harry", "Harry Reid"),
    ("Bill Clinton", "Hillary Clinton"),
    ("John Smith", "John Kerry"),
    ("Anna Berg", "Anna Lind"),
    # relatives sharing a surname, told apart by given name or honorific
    ("Mr. Obama", "Mrs. Obama"),
    ("Ms. Clinton", "Mr. Clinton"),
    ("Michelle Obama", "Barack Obama"),
    ("Mr. Moore", "Ms. Moore"),
    ("Jake Paul", "Logan Paul"),
    # a person and the organization named after them
    ("Ford", "Ford Motor Company"),
    ("Trump", "Trump Organization"),
    ("Disney", "Walt Disney Company"),
    ("Rothschild", "Rothschild Foundation"),
    # different people, similar spellings
    ("Sanders", "Saunders"),
    ("Kim Jong-un", "Kim Boo-kyum"),
    ("Kang Eun-ho", "Kim Boo-kyum"),
    ("Chung Eui-yong", "Chung Ju-yung"),
    ("Mehmet Öztürk", "Mehmet Özdemir"),
    ("Jean-Luc Marchand", "Jean-Marc Marchand"),
    # initials that spell another name, or too few to tell
    ("IMF", "International Finance Corporation"),
    ("CP", "Canadian Press"),
    ("EDC", "Export Canada"),
]


@pytest.mark.parametrize("a, b", SAME, ids=lambda x: x if isinstance(x, str) else None)
def test_one_entity(a, b):
    assert same_entity(a, b) and same_entity(b, a)


@pytest.mark.parametrize("a, b", DIFFERENT, ids=lambda x: x if isinstance(x, str) else None)
def test_two_entities(a, b):
    assert not same_entity(a, b) and not same_entity(b, a)


def test_the_table_has_at_least_sixty_pairs():
    assert len(SAME) + len(DIFFERENT) >= 60


def test_a_name_is_mentioned_only_as_a_word_or_a_demonym():
    assert not is_mentioned("John Smith", "The Smithsonian opened.")
    assert is_mentioned("South Korea", "South Korean officials met.")
    assert is_mentioned("Canada", "Canadian troops left.")
    assert not is_mentioned("Art Vandelay", "The artist spoke to Vandalia's mayor.")


def test_a_country_code_is_read_only_where_the_article_writes_that_country():
    text = "IS fighters attacked a town, the PA reported. CA regulations apply."
    for code in ("IS", "PA", "CA"):
        assert country_name(code, text) is None, code
    assert country_name("CA", "Canada and the US signed. CA exports rose.") == "Canada"
    assert country_name("US", "The US and Canada signed.") == "United States"
    assert country_name("U.K.", "The U.K. left.") == "United Kingdom"


def test_an_acronym_is_spelled_out_only_as_the_article_writes_it():
    text = ("Export Development Canada (EDC), the national export credit agency, lends abroad. "
            "The Parliamentary Budget Officer released a valuation. Canadian Pacific (CP) said. "
            "The Canadian Press reported it. Prime Minister Paul Evans and Press Manager Emma "
            "Evans spoke.")
    assert spelled_out("EDC", text) == "Export Development Canada"
    assert spelled_out("PBO", text) == "Parliamentary Budget Officer"  # no parentheses needed
    assert spelled_out("CP", text) == "Canadian Pacific"  # two letters: only as defined
    assert spelled_out("PM", text) is None  # two letters, never defined
    assert spelled_out("NDP", text) is None  # not written out
    assert spelled_out("Evans", text) is None  # not an acronym
