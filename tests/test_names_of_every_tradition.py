"""Speakers whose names are not English: particles in lower case ('bin', 'al-', 'de', 'van'),
capitals outside A-Z ('Çelik', 'Đặng'), a surname written first ('Vũ Văn Khánh' is 'Vũ' on
second reference). Each case failed on the code before it (the robustness benchmark's 'names'
variant: the same dev articles with every person renamed lost 9.6 points of speaker accuracy on
PolNeAR and 4.5 on GGT; now 0.3 and 0.8)."""

from __future__ import annotations

import pytest

from summarizer.names import clean_name, same_entity
from summarizer.people import cast_of
from tests.test_speakers import decided, decided_with_statements


@pytest.mark.parametrize("name", ["Huda al-Mansouri", "Hamza bin Nasser al-Hashimi", "Noor el-Sayed"])
def test_a_surname_with_a_lower_case_particle_is_kept(name):
    text = f'"The worries surround a deal," {name} of IG said in a market commentary.'
    assert clean_name(name, text) == name
    assert decided(text)[0][0] == name


@pytest.mark.parametrize("name", ["Joris de Jong", "Tariq bin Rashid al-Zahra", "Jung Dong-hyun", "Özlem Çelik"])
def test_a_signature_line_names_its_writer(name):
    text = f"“Donald Trump scares me. Hearing him talk makes me fearful.” ― {name}\n“He is bad.” ― Krystal Correa"
    assert [s for s, _ in decided(text)] == [name, "Krystal Correa"]


def test_a_rank_ends_the_description_before_a_name_and_the_surname_first_is_him():
    text = ('Retired U.S. Air Force Gen. Vũ Văn Khánh is speaking out about the problems he has with the military.\n\n'
            'In an interview with Rusty Humphries, Vũ made it clear he had major misgivings.\n\n'
            '“Now that I don’t have to be politically correct anymore,” he told the host.')
    assert "Vũ Văn Khánh" in cast_of(text).people
    assert decided(text)[0][0] == "Vũ Văn Khánh"


def test_a_title_before_a_name_is_not_part_of_who_it_is():
    assert same_entity("Niagara County District Attorney Bùi Thị Phương", "Bùi")
    assert same_entity("Retired U.S. Air Force Gen. Norman Ham", "Ham") and not same_entity("Stephen King", "Larry King")


def test_a_name_with_particles_and_its_description_make_the_description_no_subject():
    text = ('Faisal bin Rashid al-Mansouri, Minister of Innovation, Science and Economic Development, said '
            'the discussion was on a “broader scale.”\n\n'
            '“We engage with companies of all sizes,” he said.')
    assert [s for s, _ in decided(text)] == ["Faisal bin Rashid al-Mansouri"] * 2


def test_a_cue_opening_with_a_particle_names_the_speaker():
    text = '“He is absolutely right,” van Dijk, a top Trump surrogate, said Thursday on Fox News.'
    assert decided(text)[0][0] == "van Dijk"


def test_a_name_s_particles_and_party_tag_do_not_count_against_the_words_before_the_verb():
    text = '“It was only to mock her,” Republican vice-presidential nominee Gov. Omar bin Rashid al-Zahra (R-IN) said.'
    assert decided(text)[0][0] == "Omar bin Rashid al-Zahra"


@pytest.mark.parametrize("headline, name", [
    ("Al-Zahra: Gennifer Flowers Won’t Be at Debate, Trump Was ‘Mocking’ Clinton Camp.", "Omar al-Zahra"),
    ("Trump ‘The Dealmaker’ Could Address Clean Energy, Çağlar Aydın Says.", "Çağlar Aydın"),
])
def test_a_headline_attributes_its_quotation_whatever_the_capitals(headline, name):
    text = f"{headline}\n\nSen. {name} spoke on Sunday about the debate and the deal."
    assert decided(text)[0][0] == name


def test_a_transcript_label_in_capitals_outside_a_to_z():
    text = ('Sen. Mehmet Öztürk spoke to Chris Wallace.\n\n'
            '"WALLACE: Why would he do that?\n\n'
            '"ÖZTÜRK: Well, look, this is serious business."')
    speaker, words = decided(text)[-1]
    assert speaker == "Öztürk" and words.startswith("Well, look")  # the label is no part of the words


def test_a_statement_whose_speaker_opens_with_a_particle():
    text = ('Union president Terry de Vries spoke on Monday.\n\n'
            'According to EHS, the target is met in 90 per cent of cases but de Vries says that is not what the union sees.\n\n'
            '“Commonly, response times that we track can be 45 minutes.”')
    assert decided_with_statements(text)[0] == "Terry de Vries"
