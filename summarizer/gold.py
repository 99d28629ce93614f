"""Gold fixtures and predictions on disk, paired by article, and scored with ``evaluate``.

Gold files are ``ArticleSummary`` JSON named by article id (``<id>.json``, nested folders
allowed); predictions are batch output (JSONL, an ``--out-dir`` folder, or one JSON file),
paired with gold by source path, else by file stem when that is unique.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any

from .errors import UsageError
from .evaluate import Report, compare
from .schemas import ArticleSummary


def load_gold(folder: Path) -> dict[str, ArticleSummary]:
    """Gold fixtures: ``<id>.json`` files (nested folders allowed), id = path without suffix."""
    if not folder.is_dir():
        raise UsageError(f"--gold {folder}: not a folder of gold JSON files")
    gold = {}
    for path in sorted(folder.rglob("*.json")):
        try:
            gold[path.relative_to(folder).with_suffix("").as_posix()] = ArticleSummary.model_validate_json(
                path.read_text(encoding="utf-8")
            )
        except (ValueError, OSError) as e:
            raise UsageError(f"gold file {path} is not a valid ArticleSummary: {str(e).splitlines()[0]}") from None
    if not gold:
        raise UsageError(f"--gold {folder}: no .json gold files found")
    return gold


def load_predictions(path: Path) -> dict[str, ArticleSummary | None]:
    """Predictions from batch output: a JSONL file, a folder of per-article JSON records
    (``--out-dir``), or one ArticleSummary JSON file. Failed articles map to None."""
    if path.is_dir():
        records = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(path.rglob("*.json"))]
    elif path.is_file():
        text = path.read_text(encoding="utf-8")
        try:
            records = [json.loads(line) for line in text.splitlines() if line.strip()]
        except ValueError:
            records = [json.loads(text)]
        if len(records) == 1 and "source" not in records[0]:
            records = [{"source": path.name, "status": "ok", "summary": records[0]}]
    else:
        raise UsageError(f"--pred {path}: no such file or folder")
    predictions: dict[str, ArticleSummary | None] = {}
    for record in records:
        source = str(record.get("source", ""))
        key = str(PurePosixPath(source).with_suffix("")) if source else ""
        if record.get("status") != "ok":
            predictions[key] = None
            continue
        try:
            predictions[key] = ArticleSummary.model_validate(record["summary"])
        except (ValueError, KeyError) as e:
            raise UsageError(f"prediction for {source!r} is not a valid ArticleSummary: {str(e).splitlines()[0]}") from None
    return predictions


def pair(gold_id: str, predictions: dict[str, Any]) -> str | None:
    """The prediction key for a gold id: same relative path, else the same file stem if unique."""
    if gold_id in predictions:
        return gold_id
    stem = PurePosixPath(gold_id).name
    candidates = [k for k in predictions if PurePosixPath(k).name == stem]
    return candidates[0] if len(candidates) == 1 else None


def evaluate_files(gold_dir: Path, pred_path: Path, articles_dir: Path | None = None,
                   measure: str = "coverage") -> tuple[Report, dict[str, Any]]:
    gold = load_gold(gold_dir)
    predictions = load_predictions(pred_path)
    report = Report()
    missing, failed = [], []
    for gold_id, gold_summary in gold.items():
        key = pair(gold_id, predictions)
        if key is None or predictions[key] is None:
            (missing if key is None else failed).append(gold_id)
            prediction = ArticleSummary(summary="(no prediction)")
        else:
            prediction = predictions[key]
        text = _article_text(articles_dir, gold_id)
        compare(gold_summary, prediction, text, gold_id, report, measure)
    extra = {"missing_predictions": missing, "failed_predictions": failed,
             "unpaired_predictions": len(predictions) - (len(gold) - len(missing))}
    return report, extra


def _article_text(articles_dir: Path | None, gold_id: str) -> str | None:
    if articles_dir is None:
        return None
    for suffix in (".txt", ".md", ".markdown", ".html", ".htm"):
        path = articles_dir / f"{gold_id}{suffix}"
        if path.is_file():
            from .article import read

            return read(path).text
    return None
