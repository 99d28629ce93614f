"""Writing files so that a reader, a crash or a second process never sees half of one."""

from __future__ import annotations

import os
import re
import tempfile
import time
from pathlib import Path

# A writer's temp file carries its pid (``.<name>.<pid>.<random>.tmp``), so a later run can
# tell the leftover of a killed writer from the file a live one is still writing.
_TMP_PID = re.compile(r"^\..+\.(\d+)\.[^.]+\.tmp$")
# Temp files without a pid (older versions) count as leftovers once this old.
STALE_SECONDS = 15 * 60


def atomic_write(path: Path, text: str) -> None:
    """Write beside the target, fsync, then rename over it: the file is old or new, whole."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def pid_alive(pid: int) -> bool:
    """Whether a process with this id exists (signal 0 checks without sending anything)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, belongs to someone else
        return True
    except (OverflowError, ValueError):
        return False
    return True


def is_leftover_tmp(path: Path, now: float | None = None) -> bool:
    """A temp file of ``atomic_write`` whose writer is gone (killed before its rename)."""
    match = _TMP_PID.match(path.name)
    if match:
        return not pid_alive(int(match.group(1)))
    try:
        return (now or time.time()) - path.stat().st_mtime > STALE_SECONDS
    except OSError:
        return False


def remove_leftover_tmps(paths) -> int:
    """Remove the temp files among ``paths`` that no live writer owns; returns how many."""
    removed = 0
    now = time.time()
    for path in paths:
        if is_leftover_tmp(path, now):
            try:
                path.unlink()
                removed += 1
            except OSError:
                pass  # gone already, or not ours to remove: harmless
    return removed
