"""What a cached result depends on, as hashes: the code that shapes results by itself, the
prompt templates and the schemas. Any edit to one of them expires the results computed before,
with nobody having to remember a version number."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent

# Modules whose code decides what a result says: a change in any of them changes the key.
RESULT_SHAPING = (
    "lexicon", "folding", "sentences", "names", "grounding", "quotes", "subjects", "people", "appositives", "cue_words", "nominals", "titles", "clauses", "cues", "headlines", "descriptions",
    "attribution",
    "statement_cues",
    "statements",
    "countries",
    "participants", "agreements", "questions", "chunks", "assembly", "plan", "llm", "pipeline", "article",
    "prompts_loader", "rounds",
)
# Modules that only move, present or store results (the backends are described in the key by
# their model and parameters instead). Every module is in one list or the other; a test checks.
NOT_RESULT_SHAPING = (
    "__init__", "__main__", "launch", "cli", "commands", "batch", "batch_output", "cache", "config", "errors", "evaluate", "files", "gold",
    "fingerprint", "progress", "render",
    "results", "review", "tables", "adaptive", "request_files", "workers",
    "corpus", "batch_api", "pricing",
)


def code_fingerprint(package: Path = PACKAGE) -> str:
    """sha256 over the source of the result-shaping modules and the schema modules."""
    digest = hashlib.sha256()
    paths = [package / f"{name}.py" for name in RESULT_SHAPING]
    paths += sorted((package / "schemas").glob("*.py"))
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@lru_cache(maxsize=1)
def current() -> dict[str, str]:
    """The fingerprints of this installation, computed once per process."""
    from . import prompts_loader
    from .schemas import SCHEMA_VERSION, AgreementsAnswer, ArticleSummary, ParticipantsAnswer, SummaryAnswer, speakers_answer

    schemas = [ArticleSummary, ParticipantsAnswer, AgreementsAnswer, SummaryAnswer, speakers_answer(1)]
    blob = json.dumps([s.model_json_schema() for s in schemas], sort_keys=True)
    return {
        "code": code_fingerprint(),
        "schema_version": SCHEMA_VERSION,
        "schema": hashlib.sha256(blob.encode()).hexdigest(),
        "prompts": prompts_loader.fingerprint(),
        "prompt_version": prompts_loader.PROMPT_VERSION,
    }
