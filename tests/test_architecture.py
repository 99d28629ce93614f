"""The house drawing, checked: layers import only downward (so no import circles), no module
over 400 lines, no function over 60, and every module's place in the cache key decided."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from summarizer import fingerprint

PACKAGE = Path(fingerprint.__file__).resolve().parent

# A module may import only modules of a lower rank. Core types and rules never import
# backends, the pipeline or the command line; only the CLI imports the commands.
RANKS = {
    "__init__": 0, "errors": 0, "lexicon": 0, "config": 0, "files": 0, "folding": 0,
    "quotes": 0.5,  # reads the lexicon's capitals
    "prompts_loader": 0, "schemas": 0, "backends.base": 0, "backends.repeats": 0, "backends.cpu": 0,
    "backends.grammar_first": 0,
    "sentences": 1, "article": 1, "countries": 1, "backends.model_files": 1, "backends.replay": 1,
    "backends.openai_compat": 1,
    "names": 2, "subjects": 2.5, "chunks": 2, "questions": 2, "backends.embedded": 2, "results": 2,
    "grounding": 3, "participants": 3, "llm": 3, "backends": 3, "people": 3, "tables": 3,
    "agreements": 4, "cache": 4, "appositives": 4, "review": 4, "cue_words": 4,
    "nominals": 4.2, "titles": 3.5, "clauses": 4.4, "cues": 4.5, "headlines": 4.6,  # reads appositives
    "descriptions": 4.7,  # reads cues
    "attribution": 5, "statement_cues": 5,
    "statements": 6, "fingerprint": 6,
    "assembly": 7, "plan": 8,
    "pipeline": 9,
    "batch_output": 2, "batch": 10, "evaluate": 10, "render": 10,
    "progress": 11, "gold": 11,
    "commands": 12, "cli": 13,
    "launch": 14,
    "adaptive": 0, "workers": 1, "request_files": 0, "pricing": 0, "backends.offline": 1, "batch_api": 2, "rounds": 10,
    "corpus": 11,
    "__main__": 15,
}


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).with_suffix("")
        parts = list(rel.parts)
        if parts[0] == "schemas":
            found.setdefault("schemas", path)
            continue
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def imports_of(name: str, path: Path) -> set[str]:
    """The package's modules this module imports (at any depth, functions included)."""
    package_parts = name.split(".")[:-1] if not path.name == "__init__.py" else name.split(".")
    known = set(RANKS)
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.ImportFrom) or node.level == 0:
            continue
        base = package_parts[: len(package_parts) - (node.level - 1)] if node.level > 1 else package_parts
        if node.module:
            target = ".".join([*base, node.module]) if base else node.module
            found.add(target if target in known else target.split(".")[0])
        else:
            for alias in node.names:
                target = ".".join([*base, alias.name]) if base else alias.name
                if target in known:
                    found.add(target)
    return found - {name}


def test_every_module_has_a_rank():
    assert set(modules()) - {"__init__"} <= set(RANKS), "give each new module a rank in RANKS"


@pytest.mark.parametrize("name", sorted(set(RANKS) - {"schemas"}))
def test_imports_go_only_downward(name):
    path = modules().get(name)
    assert path is not None, f"{name} has a rank but no module: remove it from RANKS"
    upward = {t for t in imports_of(name, path) if RANKS.get(t, 99) >= RANKS[name]}
    assert not upward, f"{name} (rank {RANKS[name]}) imports {upward} of the same or a higher rank"


def test_schemas_import_no_rules():
    for path in (PACKAGE / "schemas").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        absolute = [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level == 0]
        assert not [n.module for n in absolute if n.module and n.module.startswith("summarizer")], path.name


def test_no_module_over_400_lines_and_no_function_over_60():
    long_functions = []
    for name, path in modules().items():
        source = path.read_text(encoding="utf-8")
        assert source.count("\n") <= 400, f"{name}: {source.count(chr(10))} lines"
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > 60:
                    long_functions.append(f"{name}.{node.name}: {length} lines")
    assert not long_functions


def test_every_module_is_classified_for_the_cache_key():
    top_level = {p.stem for p in PACKAGE.glob("*.py")}
    classified = set(fingerprint.RESULT_SHAPING) | set(fingerprint.NOT_RESULT_SHAPING)
    assert top_level == classified, (
        f"unclassified: {top_level - classified}; gone: {classified - top_level}: add each module to "
        "RESULT_SHAPING (its code decides what a result says) or NOT_RESULT_SHAPING in fingerprint.py"
    )


def test_changing_a_rule_changes_the_cache_key(tmp_path):
    copy = tmp_path / "summarizer"
    shutil.copytree(PACKAGE, copy, symlinks=False)
    before = fingerprint.code_fingerprint(copy)
    assert before == fingerprint.code_fingerprint(PACKAGE)
    lexicon = copy / "lexicon.py"
    lexicon.write_text(lexicon.read_text(encoding="utf-8").replace('"said"', '"said", "opined"', 1)
                       .replace("said says say", "said says say opined", 1), encoding="utf-8")
    assert fingerprint.code_fingerprint(copy) != before
    # a module that only presents results does not expire them
    render = copy / "render.py"
    render.write_text(render.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    lexicon.write_text((PACKAGE / "lexicon.py").read_text(encoding="utf-8"), encoding="utf-8")
    assert fingerprint.code_fingerprint(copy) == before
    schema = copy / "schemas" / "answers_v1.py"
    schema.write_text(schema.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert fingerprint.code_fingerprint(copy) != before
