"""How many requests a served model gets at once: found as TCP finds its window (AIMD).

A batch against a served model (vLLM, llama.cpp server, a router in front of many) starts at
a few requests in flight and climbs: one more per answer until the first sign of trouble
(slow start: the limit doubles each round trip), then one more per ``limit`` answers (one per
round trip). A 429, or an answer far slower than usual (``slow_factor`` times the running
median and ``slow_margin`` seconds over it: the server is queueing), halves the limit, once per
round trip: requests that were already on their way when it was halved do not halve it again.
It never goes above the ceiling (--concurrency) nor below one.
"""

from __future__ import annotations

import statistics
import threading
import time
from collections import deque
from typing import Callable

START = 4


class AdaptiveLimit:
    """A gate for requests: ``started = acquire()`` before one, ``release(started, outcome)``
    after it, outcome "ok", "busy" (HTTP 429) or "error" (anything else: no signal)."""

    def __init__(self, ceiling: int, start: int = START, slow_factor: float = 3.0, slow_margin: float = 0.5,
                 clock: Callable[[], float] = time.monotonic,
                 on_change: Callable[[int, int, str], None] | None = None):
        self.ceiling = max(1, ceiling)
        self.limit = min(start, self.ceiling)
        self.slow_factor, self.slow_margin = slow_factor, slow_margin
        self.in_flight = 0
        self.history: deque[tuple[float, int]] = deque(maxlen=100_000)  # (seconds since start, limit)
        self._clock = clock
        self._began = self._decreased_at = clock()
        self._slow_start = True
        self._credit = 0  # answers since the last increase
        self._latencies: deque[float] = deque(maxlen=101)
        self._on_change = on_change
        self._cond = threading.Condition()
        self.history.append((0.0, self.limit))

    def acquire(self) -> float:
        with self._cond:
            while self.in_flight >= self.limit:
                self._cond.wait()
            self.in_flight += 1
        return self._clock()

    def release(self, started: float, outcome: str) -> None:
        now = self._clock()
        with self._cond:
            self.in_flight -= 1
            if outcome == "busy":
                self._decrease(started, "the server is rate limiting (HTTP 429)")
            elif outcome == "ok":
                seconds = now - started
                if self._slow(seconds):
                    self._decrease(started, f"an answer took {seconds:.1f} s")
                else:
                    self._latencies.append(seconds)
                    self._increase()
            self._cond.notify_all()

    def _slow(self, seconds: float) -> bool:
        if len(self._latencies) < 20:
            return False
        median = statistics.median(self._latencies)
        return seconds > self.slow_factor * median and seconds > median + self.slow_margin

    def _increase(self) -> None:
        self._credit += 1
        if self.limit >= self.ceiling or (not self._slow_start and self._credit < self.limit):
            return
        self._credit = 0
        self._set(self.limit + 1, "")

    def _decrease(self, started: float, reason: str) -> None:
        if started < self._decreased_at:  # on its way before the last decrease: already answered for
            return
        self._slow_start = False
        self._credit = 0
        self._decreased_at = self._clock()
        self._set(max(1, self.limit // 2), reason)

    def _set(self, limit: int, reason: str) -> None:
        if limit == self.limit:
            return
        before, self.limit = self.limit, limit
        self.history.append((round(self._clock() - self._began, 3), limit))
        if self._on_change is not None:
            self._on_change(before, limit, reason)
