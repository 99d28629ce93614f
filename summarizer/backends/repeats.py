"""A list answer that starts repeating itself is over: stop it there.

A small model under a JSON grammar sometimes writes the same row again and again until the
list's bound ('Judge Miriam Castellanos', 'person', 'judge', ... twelve times: 268 output
tokens, 35 of a seed's 53 seconds on this laptop). The grammar cannot forbid a repeated row,
so the embedded backend watches the answer as it is written and ends it at the first row that
repeats an earlier one, closing the JSON after the last new row. Rows that are arrays only
(participants, agreements): the speakers answer names one speaker per quotation, and the same
name twice is right there.
"""

from __future__ import annotations

import json
from typing import Any


def rows_are_arrays(schema: dict[str, Any] | None) -> bool:
    """The answer is one list whose items are arrays: ``{"participants": [[...], ...]}``."""
    properties = (schema or {}).get("properties") or {}
    if len(properties) != 1:
        return False
    (field,) = properties.values()
    items = field.get("items") or {}
    return field.get("type") == "array" and (items.get("type") == "array" or "prefixItems" in items)


def end_of_new_rows(text: str) -> int | None:
    """Where the answer should have stopped, or None while every row is new: the end of the
    last row before the first repeated one, in ``text``, an answer written so far."""
    seen: set[str] = set()
    last_new_end: int | None = None
    for start, end in _rows(text):
        try:
            key = json.dumps(json.loads(text[start:end]), sort_keys=True)
        except ValueError:
            return None
        if key in seen:
            return last_new_end
        seen.add(key)
        last_new_end = end
    return None


def closed(text: str, cut: int) -> str:
    """The answer cut after its last new row, the list and the object closed."""
    return text[:cut] + "]}"


def _rows(text: str):
    """(start, end) of each complete row: an array two levels deep (in the object, in its list)."""
    depth, in_string, escaped, start = 0, False, False, None
    for i, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
            continue
        if ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth == 3 and ch == "[":
                start = i
        elif ch in "]}":
            if depth == 3 and ch == "]" and start is not None:
                yield start, i + 1
                start = None
            depth -= 1
