"""The console script. Importing the CLI takes seconds (openai, instructor, pydantic, rich,
trafilatura); a Ctrl-C or SIGTERM in that time would print a KeyboardInterrupt traceback from
some import. Until the CLI installs its own handlers, a signal just ends the process quietly:
nothing has been started that needs cleaning up. Only the standard library is imported here."""

from __future__ import annotations

import os
import signal


def _quit(number: int, _frame: object) -> None:
    os._exit(128 + number)


def run() -> None:
    for number in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(number) != signal.SIG_IGN:  # nohup and background jobs keep ignoring
            signal.signal(number, _quit)
    from .cli import entry

    entry()
