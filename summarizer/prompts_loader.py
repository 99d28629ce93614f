"""Prompt templates: Jinja2 files in ``prompts/``, versioned by file name (``NAME.vN.j2``).

The article always comes first and the question last, in every pass: the model sees the same
prefix each time, so llama.cpp evaluates the article once and reuses it for later questions.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import jinja2

PROMPT_VERSION = "v1"
PASSES = ("system", "article", "participants", "speakers", "agreements", "summary", "summary_of_parts")
PROMPTS_DIR = Path(__file__).resolve().parent / "prompts"
SCHEMAS_DIR = Path(__file__).resolve().parent / "schemas"


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(PROMPTS_DIR)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
        autoescape=False,
    )


def render(name: str, **values: object) -> str:
    template = _environment().get_template(f"{name}.{PROMPT_VERSION}.j2")
    return template.render(**values).strip()


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """Hash of every template this version uses: any edit invalidates cached results."""
    digest = hashlib.sha256()
    for name in PASSES:
        path = PROMPTS_DIR / f"{name}.{PROMPT_VERSION}.j2"
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
