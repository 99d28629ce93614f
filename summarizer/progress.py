"""Batch progress: a live bar on a terminal, plain log lines otherwise."""

from __future__ import annotations

from typing import Any, TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from .batch import BatchReport
from .render import printable


class LiveBar:
    def __init__(self, stream: TextIO):
        self._progress = Progress(
            TextColumn("[bold]summarizing"), BarColumn(), MofNCompleteColumn(),
            TextColumn("ok {task.fields[ok]} · errors {task.fields[errors]} · cached {task.fields[cached]}"),
            TimeElapsedColumn(), TextColumn("eta"), TimeRemainingColumn(),
            console=Console(file=stream), transient=False,
        )
        self._task = None

    def start(self, total: int) -> None:
        self._progress.start()
        self._task = self._progress.add_task("batch", total=total, ok=0, errors=0, cached=0)

    def advance(self, record: dict[str, Any], report: BatchReport) -> None:
        self._progress.update(self._task, advance=1, ok=report.ok, errors=report.errors, cached=report.cached)

    def note(self, text: str) -> None:
        """A change worth a line of its own (the adaptive concurrency backing off)."""
        self._progress.console.print(printable(text))

    def stop(self) -> None:
        self._progress.stop()


class LogLines:
    def __init__(self, stream: TextIO):
        self.stream = stream
        self.total = 0

    def start(self, total: int) -> None:
        self.total = total
        print(f"summarizing {total} articles", file=self.stream, flush=True)

    def advance(self, record: dict[str, Any], report: BatchReport) -> None:
        if record["status"] == "ok":
            detail = "cached" if record.get("cached") else f"{record.get('seconds', 0):.1f}s"
            line = f"[{report.done}/{self.total}] ok {record['source']} ({detail})"
        else:
            line = f"[{report.done}/{self.total}] error {record['source']}: {record['error']['message']}"
        self._line(printable(line))  # a file name can hold escape codes

    def note(self, text: str) -> None:
        self._line(printable(text))

    def _line(self, text: str) -> None:
        """One write per line: a note comes from a worker thread, and print's separate write
        of the newline let two lines run into one."""
        self.stream.write(text + "\n")
        self.stream.flush()

    def stop(self) -> None:
        pass


def for_stream(stream: TextIO):
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    return LiveBar(stream) if tty else LogLines(stream)
