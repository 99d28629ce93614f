"""Participants: which of the model's rows are names, one entry per entity, the fullest name
for a speaker or party, and the countries that take part through their people or signatures."""

from __future__ import annotations

import re
from typing import Any

from .countries import country_name
from .names import as_written, clean_name, honorific_sex, is_name_like, is_named_in_full, name_tokens, same_entity


def named_in_full(rows: list, text: str, warnings: list[str] | None) -> list:
    """Participant rows whose every distinctive word is in the article, and that are names. The
    validator re-asks only for names the article never has; a name built on one real word
    ('Bloomberg Weather' from 'Bloomberg', a looping list) or a phrase copied from the article
    ('We need the money in order for the') is dropped here, without another question, and reported."""
    kept = []
    for name, *rest in rows:
        if not (name.strip() and is_named_in_full(name, text)):
            problem = "the article does not name it in full"
        elif not is_name_like(name, text):
            problem = "not a name"
        else:
            kept.append((name, *rest))
            continue
        if warnings is not None:
            warnings.append(f"participant {name[:60]!r} dropped: {problem}")
    return kept


def participants_from_rows(rows: list[tuple[str, str, str, str]], text: str) -> list[dict[str, Any]]:
    """The model's rows as participants: names cleaned and spelled as the article does, merged."""
    return merge_participants(
        [
            {"name": as_written(clean_name(name, text), text), "kind": kind, "role": role or None,
             "affiliation": affiliation or None}
            for name, kind, role, affiliation in rows
        ]
    )


def merge_participants(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per entity: 'Çavuşoğlu' and 'Mevlüt Çavuşoğlu' merge into the fuller name;
    a missing role or affiliation is filled from the duplicate."""
    merged: list[dict[str, Any]] = []
    for item in items:
        twin = next(
            (m for m in merged if m["kind"] == item["kind"] and same_entity(m["name"], item["name"])),
            None,
        )
        if twin is None:
            merged.append(dict(item))
            continue
        if len(item["name"]) > len(twin["name"]):
            twin["name"] = item["name"]
        for field_name in ("role", "affiliation"):
            twin[field_name] = twin[field_name] or item[field_name]
    return merged


def canonical_name(name: str, known: list[str], sexes: dict[str, str] | None = None) -> str:
    """The fullest known name for the same entity (holding every word of this one), else the
    name as given. A name with an
    honorific ('Mr. Obama') never goes to one the text gives the other sex ('the first lady,
    Michelle Obama'): ``sexes``, what the text states of each name."""
    stated = honorific_sex(name)
    words = set(name_tokens(name))
    matches = [k for k in known if same_entity(k, name) and words <= set(name_tokens(k))  # fuller, not other
               and not (stated and (sexes or {}).get(k, stated) != stated)]
    return max(matches, key=len) if matches else name


def countries_taking_part(
    participants: list[dict[str, Any]], agreements: list[dict[str, Any]], text: str
) -> list[dict[str, Any]]:
    """Countries that act through their people or sign: a participant's affiliation or an
    agreement's party that is a country the article names, and not yet a participant. A small
    model lists Turkey only as its minister's affiliation, never as a participant."""
    known = [p["name"] for p in participants]
    candidates = [p["affiliation"] for p in participants if p["affiliation"]]
    candidates += [party for a in agreements for party in a["parties"]]
    found: list[dict[str, Any]] = []
    for name in candidates:
        name = as_written(name, text)
        # as the article writes it, as a word: not 'us' for 'US', not 'Japanese' for 'Japan'
        if country_name(name, text) is None or not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            continue
        if any(same_entity(name, k) or country_name(k, text) == country_name(name, text) for k in known):
            continue
        known.append(name)
        found.append({"name": name, "kind": "country", "role": None, "affiliation": None})
    return found
