"""Content-addressed result cache: one JSON file per (article, schema, prompts, model, params).

Writes are atomic (temp file in the same folder, fsync, rename), so a crash or SIGKILL never
leaves a half-written entry, and two processes writing the same key both leave a valid file.
Only validated results are stored. A corrupt entry is reported, moved aside and recomputed.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from filelock import FileLock
from pydantic import ValidationError

from .files import atomic_write
from .grounding import validation_context
from .schemas import ArticleSummary

Warn = Callable[[str], None]


def cache_key(parts: dict[str, Any]) -> str:
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CacheEntry:
    summary: ArticleSummary
    meta: dict[str, Any]


class Cache:
    def __init__(self, directory: Path, warn: Warn | None = None):
        self.directory = directory
        self.warn = warn or (lambda _message: None)

    def path_for(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str, article_text: str) -> CacheEntry | None:
        path = self.path_for(key)
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except OSError as e:
            self.warn(f"cache entry {path} unreadable ({e.strerror}); recomputing")
            return None
        try:
            data = json.loads(raw)
            if data.get("key") != key:
                raise ValueError("entry was stored under another key")
            summary = ArticleSummary.model_validate(
                data["summary"], context=validation_context(article_text)
            )
            return CacheEntry(summary=summary, meta=data["meta"])
        except (ValueError, KeyError, TypeError, ValidationError) as e:
            reason = str(e).splitlines()[0][:120]
            self.warn(f"cache entry {path.name} is corrupt ({reason}); recomputing")
            self._quarantine(path)
            return None

    def put(self, key: str, entry: CacheEntry) -> Path:
        path = self.path_for(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"key": key, "summary": entry.summary.model_dump(mode="json"), "meta": entry.meta}
        atomic_write(path, json.dumps(data, ensure_ascii=False, indent=1))
        return path

    def lock(self, key: str) -> FileLock:
        """A cross-process lock for computing one key: two batch runs over the same folder
        do not compute the same article twice; the second one finds it in the cache.
        Locks are sharded by key prefix, so at most 4096 lock files ever exist."""
        locks = self.directory / ".locks"
        locks.mkdir(parents=True, exist_ok=True)
        return FileLock(str(locks / f"{key[:3]}.lock"))

    def _quarantine(self, path: Path) -> None:
        try:
            os.replace(path, path.with_suffix(".corrupt"))
        except OSError:
            pass

    def entries(self) -> list[Path]:
        if not self.directory.is_dir():
            return []
        return sorted(self.directory.glob("??/*.json"))

    def info(self) -> dict[str, Any]:
        files = self.entries()
        return {
            "path": str(self.directory),
            "entries": len(files),
            "bytes": sum(f.stat().st_size for f in files),
        }

    def clear(self) -> int:
        removed = 0
        if not self.directory.is_dir():
            return 0
        for pattern in ("??/*.json", "??/*.corrupt", "??/.*.tmp"):
            for f in self.directory.glob(pattern):
                f.unlink(missing_ok=True)
                removed += pattern == "??/*.json"
        return removed
