"""Batch results made from the seeds' recorded model answers: real summaries, no model.

Shared by the report tests and ``tests/make_screenshots.py``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import ROOT, recorded
from summarizer.batch import process_one
from summarizer.pipeline import Options

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def seed_records(folder: Path) -> list[dict]:
    """The five seeds copied into ``folder`` and run through the batch's own record maker."""
    folder.mkdir(parents=True, exist_ok=True)
    records = []
    for seed in SEEDS:
        shutil.copy(seed, folder / seed.name)
        records.append(process_one(folder / seed.name, folder, recorded(f"{seed.stem}.embedded"), None,
                                   Options(use_cache=False)))
    return records


def many_records(folder: Path, count: int) -> list[dict]:
    """``count`` records cycling over the seeds, each under its own source file (same text, so
    the sha256 still matches): a large batch without running the pipeline ``count`` times."""
    originals = seed_records(folder / "_seeds")
    records = []
    for i in range(count):
        original = originals[i % len(originals)]
        source = f"day{i % 7}/{Path(original['source']).stem}-{i:04d}.txt"
        target = folder / source
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(folder / "_seeds" / original["source"], target)
        records.append({**original, "source": source, "folder": str(folder.resolve())})
    return records


def seed_batch(folder: Path) -> tuple[list[dict], Path]:
    """The seeds' records and one error record, written as 'summarizer batch --out' writes them."""
    records = seed_records(folder)
    records.append({"source": "broken.txt", "folder": str(folder.resolve()), "sha256": None, "status": "error",
                    "error": {"type": "InputError", "message": "broken.txt: binary data"},
                    "usage": None, "seconds": 0.01, "cached": False})
    return records, write_jsonl(folder.parent / f"{folder.name}.jsonl", records)


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


HOSTILE_TEXT = (
    "Anna Berg spoke to reporters. <script>window.__pwned=1</script> The notice said "
    '<img src=x onerror="window.__pwned=1"> twice.\n\n'
    '"Never close a </script> tag early," Berg said.'
)
HOSTILE_SOURCE = "x<img src=y onerror=window.__pwned=2>.txt"


def hostile_batch(folder: Path) -> tuple[list[dict], Path]:
    """One article whose text, quotation, role, warning and file name are markup meant to run:
    a review page must show it as characters and run none of it."""
    from summarizer.article import read
    from summarizer.grounding import validation_context
    from summarizer.schemas import ArticleSummary

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / HOSTILE_SOURCE
    path.write_text(HOSTILE_TEXT, encoding="utf-8")
    text = read(path).text
    quoted = "Never close a </script> tag early,"
    mention = text.rindex("Berg")
    summary = ArticleSummary.model_validate({
        "summary": "Anna Berg warned about </script> tags and <img onerror> attributes.",
        "participants": [{"name": "Anna Berg", "kind": "person", "role": '<img src=x onerror="window.__pwned=3">'}],
        "quotes": [{"text": quoted, "speaker": "Anna Berg", "start": text.index(quoted),
                    "end": text.index(quoted) + len(quoted), "speaker_source": "cue",
                    "speaker_start": mention, "speaker_end": mention + len("Berg")}],
    }, context=validation_context(text))
    record = {"source": HOSTILE_SOURCE, "folder": str(folder.resolve()), "sha256": read(path).sha256,
              "status": "ok", "summary": summary.model_dump(mode="json"), "usage": None, "seconds": 0.5,
              "cached": False, "warnings": ["participant '<b onmouseover=window.__pwned=4>x</b>' dropped: not named"]}
    return [record], write_jsonl(folder.parent / f"{folder.name}.jsonl", [record])
