"""The batch's output: JSON Lines (and optional per-article files), never half-written, never
replaced by a shorter one, and the leftovers of killed runs removed."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

from . import article as article_io
from .errors import SummarizerError, UsageError
from .files import atomic_write, pid_alive, remove_leftover_tmps

class Output:
    """JSONL (and optional per-article JSON files), never half-written.

    Lines go to ``<out>.partial.<pid>`` as they are appended (the caller appends in input
    order), for watching a long run; when the run is complete that file is renamed into place
    whole, so no run holds its records in memory. A run that stopped early merges what it did
    into the existing output instead. Two runs writing the same output each use their own
    partial file; the last to finish wins, both complete. The partial and temp files of runs
    that were killed are removed by the next run."""

    def __init__(self, out: Path | None, out_dir: Path | None):
        self.out = out
        self.out_dir = out_dir
        self._partial = None
        self._lock = threading.Lock()
        try:
            if out is not None:
                if out.is_dir():
                    raise UsageError(f"--out {out} is a folder; give a .jsonl file name")
                out.parent.mkdir(parents=True, exist_ok=True)
                remove_leftovers_of(out)
                self._partial_path = out.with_name(f"{out.name}.partial.{os.getpid()}")
                self._partial = open(self._partial_path, "w", encoding="utf-8")
            if out_dir is not None:
                out_dir.mkdir(parents=True, exist_ok=True)
                remove_leftover_tmps(out_dir.rglob(".*.tmp"))
        except OSError as e:
            raise UsageError(f"cannot write the batch output: {e.strerror or e} ({e.filename})") from None

    def append(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False) + "\n"
        with self._lock:
            if self._partial is not None:
                try:
                    self._partial.write(line)
                    self._partial.flush()
                except OSError as e:
                    raise UsageError(f"cannot write {self._partial_path} ({e.strerror or e})") from None
            if self.out_dir is not None and record["status"] == "ok":
                target = self.out_dir / (record["source"] + ".json")
                _write(target, json.dumps(record, ensure_ascii=False, indent=1) + "\n", mkdir=True)

    def finish(self, complete: bool = True, order: list[str] | None = None) -> None:
        """``complete``: every article was appended, in input order; else the records appended
        are merged into the existing output (per source, in ``order``)."""
        if self.out is None or self._partial is None:
            return
        try:
            self._partial.flush()
            os.fsync(self._partial.fileno())
            self._partial.close()
            if complete:
                os.replace(self._partial_path, self.out)
                return
        except OSError as e:
            raise UsageError(f"cannot write {self.out} ({e.strerror or e})") from None
        records = merge_records(read_records(self._partial_path), read_records(self.out), order or [])
        _write(self.out, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
        self._partial_path.unlink(missing_ok=True)


def _write(path: Path, body: str, mkdir: bool = False) -> None:
    """An output that cannot be written (the disk filled up, the folder went away) is the
    user's to fix: one line, not an internal error."""
    try:
        if mkdir:
            path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, body)
    except OSError as e:
        raise UsageError(f"cannot write {path} ({e.strerror or e})") from None


def remove_leftovers_of(out: Path) -> None:
    """Partial files and temp files that runs killed before their end left beside ``out``."""
    for partial in out.parent.glob(f"{_glob_escape(out.name)}.partial.*"):
        pid = partial.name.rsplit(".", 1)[-1]
        if pid.isdigit() and not pid_alive(int(pid)):
            partial.unlink(missing_ok=True)
    remove_leftover_tmps(out.parent.glob(f".{_glob_escape(out.name)}.*.tmp"))


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def read_records(path: Path) -> list[dict[str, Any]]:
    """The records of an existing output; unreadable lines and files count as absent."""
    try:
        raw = article_io.read_regular_file(path, None)
    except (OSError, SummarizerError):
        return []
    records = []
    for line in raw.decode("utf-8", errors="replace").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and isinstance(record.get("source"), str):
            records.append(record)
    return records


def merge_records(new: list[dict[str, Any]], old: list[dict[str, Any]], order: list[str]) -> list[dict[str, Any]]:
    """What a run that stopped early writes: every source of the old output is still there.

    Per source, a new ok record wins; then an old ok record of the same text (a finished
    result is not replaced by this run's failure on it); then the new record; then the old.
    Sources in input order; old sources no longer in the input keep their place at the end."""
    fresh = {r["source"]: r for r in new}
    before = {r["source"]: r for r in old}
    merged = []
    for source in dict.fromkeys([*order, *fresh, *before]):
        n, o = fresh.get(source), before.get(source)
        if n is not None and n.get("status") == "ok":
            merged.append(n)
        elif o is not None and o.get("status") == "ok" and (n is None or o.get("sha256") == n.get("sha256")):
            merged.append(o)
        elif n is not None or o is not None:
            merged.append(n or o)
    return merged
