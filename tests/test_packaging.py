"""The committed JSON Schema matches the models; prompts and schemas reach the installed wheel."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT
from summarizer.schemas import ArticleSummary

SCHEMA_FILE = ROOT / "schemas" / "article_summary.v2.schema.json"


def test_committed_json_schema_matches_the_models():
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert committed == ArticleSummary.model_json_schema(), (
        "schemas/article_summary.v2.schema.json drifted: regenerate it with "
        "'summarizer schema > schemas/article_summary.v2.schema.json' (and bump the version "
        "if the change is not backward compatible)"
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True, capture_output=True, text=True,
    )
    (path,) = out.glob("summarizer-*.whl")
    return path


def test_wheel_carries_prompts_and_schemas_inside_the_package(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "summarizer/prompts/participants.v1.j2" in names
    assert "summarizer/schemas/summary_v2.py" in names
    assert "summarizer/schemas/article_summary.v2.schema.json" in names
    assert {"summarizer/assets/review.html", "summarizer/assets/review.css", "summarizer/assets/review.js"} <= set(names)
    top_level = {n.split("/")[0] for n in names}
    assert "prompts" not in top_level and "schemas" not in top_level
    assert len([n for n in names if n.endswith("participants.v1.j2")]) == 1


def test_installed_wheel_reads_prompts_and_schemas_back(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", "--target", str(target), str(wheel)],
        check=True, capture_output=True, text=True,
    )
    probe = (
        "import json, summarizer, summarizer.prompts_loader as p;"
        "from summarizer.schemas import ArticleSummary;"
        "assert summarizer.__file__.startswith(%r), summarizer.__file__;"
        "text = p.render('summary');"
        "schema = json.loads((p.SCHEMAS_DIR / 'article_summary.v2.schema.json').read_text());"
        "assert schema == ArticleSummary.model_json_schema();"
        "print(text.splitlines()[0])"
    ) % str(target)
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env={"PYTHONPATH": str(target)},
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("QUESTION:")
