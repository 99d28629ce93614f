"""Content-addressed result cache: one JSON file per (article, schema, prompts, model, params).

Writes are atomic (temp file in the same folder, fsync, rename), so a crash or SIGKILL never
leaves a half-written entry, and two processes writing the same key both leave a valid file.
Only validated results are stored. An entry that is not what ``put`` writes, whatever is wrong
with it (not JSON, not an object, a folder or a FIFO in its place, a field of the wrong type),
is reported, moved aside and recomputed: one bad file never fails a run, let alone every run.
A cache that cannot be written costs the caching, never the result.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from filelock import FileLock
from pydantic import BaseModel, ConfigDict, Field

from .files import atomic_write, remove_leftover_tmps
from .grounding import validation_context
from .schemas import ArticleSummary

Warn = Callable[[str], None]

# An entry is a few kilobytes; anything far larger is not one of ours.
MAX_ENTRY_BYTES = 16 * 1024 * 1024


class EntryMeta(BaseModel):
    """The fields of an entry's ``meta`` that callers read, with their types; other fields
    are kept as they are. A wrong type here would otherwise fail later, in a report."""

    model_config = ConfigDict(extra="allow")
    usage: dict[str, int] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)
    seconds: float = 0.0
    model: str | None = None
    source: str | None = None


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
            raw = _read_entry(path)
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as e:  # unreadable, or a folder or FIFO where the entry should be
            self._discard(path, e.strerror or str(e))
            return None
        try:
            return _parse_entry(raw, key, article_text)
        except (ValueError, RecursionError) as e:  # ValidationError and bad UTF-8 are ValueErrors
            self._discard(path, str(e).splitlines()[0][:120] if str(e) else type(e).__name__)
            return None

    def put(self, key: str, entry: CacheEntry) -> Path | None:
        path = self.path_for(key)
        data = {"key": key, "summary": entry.summary.model_dump(mode="json"), "meta": entry.meta}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, json.dumps(data, ensure_ascii=False, indent=1))
        except OSError as e:
            self.warn(f"cannot write cache entry {path.name} ({e.strerror or e}); the result is not cached")
            return None
        return path

    @contextmanager
    def lock(self, key: str) -> Iterator[None]:
        """A cross-process lock for computing one key: two batch runs over the same folder
        do not compute the same article twice; the second one finds it in the cache.
        Locks are sharded by key prefix, so at most 4096 lock files ever exist. Where no lock
        can be made (a read-only cache), the work goes on unlocked: at worst it is done twice."""
        locks = self.directory / ".locks"
        try:
            locks.mkdir(parents=True, exist_ok=True)
            lock = FileLock(str(locks / f"{key[:3]}.lock"))
            lock.acquire()
        except OSError as e:
            self.warn(f"cannot lock the cache in {self.directory} ({e.strerror or e}); going on without")
            yield
            return
        try:
            yield
        finally:
            lock.release()

    def _discard(self, path: Path, reason: str) -> None:
        """Report a bad entry and move it aside (kept for inspection, out of the way)."""
        self.warn(f"cache entry {path.name} is corrupt ({reason}); moved aside, recomputing")
        try:
            os.replace(path, path.with_suffix(".corrupt"))
        except OSError:
            pass  # put() replaces a file; a folder in the way only costs the caching

    def remove_leftovers(self) -> int:
        """Temp files of writers that were killed before their rename."""
        if not self.directory.is_dir():
            return 0
        return remove_leftover_tmps(self.directory.glob("??/.*.tmp"))

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
        for pattern in ("??/*.json", "??/*.corrupt"):
            for f in self.directory.glob(pattern):
                if f.is_file():
                    f.unlink(missing_ok=True)
                    removed += pattern == "??/*.json"
        self.remove_leftovers()  # a live writer's temp file is left to it
        return removed


def _read_entry(path: Path) -> bytes:
    """The entry's bytes, only if it is a regular file of a sane size: opening a FIFO for
    reading would block, and a device would never end (O_NONBLOCK, then fstat)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(0, "not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as f:
            raw = f.read(MAX_ENTRY_BYTES + 1)
    finally:
        os.close(fd)
    if len(raw) > MAX_ENTRY_BYTES:
        raise OSError(0, f"larger than {MAX_ENTRY_BYTES // 2**20} MiB")
    return raw


def _parse_entry(raw: bytes, key: str, article_text: str) -> CacheEntry:
    """Raises ValueError (or RecursionError, for absurdly nested JSON) for anything that is
    not an entry ``put`` wrote for this key and this article."""
    data = json.loads(raw.decode("utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"a JSON {type(data).__name__}, not an object")
    if data.get("key") != key:
        raise ValueError("entry was stored under another key")
    if "summary" not in data:
        raise ValueError("no summary")
    summary = ArticleSummary.model_validate(data["summary"], context=validation_context(article_text))
    meta = EntryMeta.model_validate(data.get("meta"))
    return CacheEntry(summary=summary, meta=meta.model_dump())
