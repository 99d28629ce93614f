"""Which names are countries (summarizer.countries)."""

from summarizer.countries import country_name


def test_news_short_names_are_countries():
    assert country_name("Turkey") == "Turkey"  # ISO lists say 'Türkiye'
    assert country_name("Russia") == "Russia"
    assert country_name("South Korea") == "South Korea"
    assert country_name("the Netherlands") == country_name("Netherlands") is not None


def test_codes_in_capitals_are_country_codes():
    assert country_name("U.S.") == country_name("USA") == country_name("US") == "United States"
    assert country_name("U.K.") == country_name("Britain") == "United Kingdom"
    assert country_name("us") is None and country_name("It") is None


def test_organizations_demonyms_and_us_states_are_not_countries():
    for name in ("UN", "U.N.", "European Union", "Daelim", "Republican Party", "South Korean", "Georgia", "N.Y."):
        assert country_name(name) is None, name
