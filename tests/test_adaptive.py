"""Adaptive concurrency (AIMD) for served models: the limit, and a batch against the loopback
server that rate-limits for a while."""

from __future__ import annotations

import random

from test_batch import fast_backend, make_articles

from openai_server import LoopbackOpenAI
from summarizer.adaptive import AdaptiveLimit
from summarizer.batch import BatchOptions, run_batch


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def answer(limit: AdaptiveLimit, clock: Clock, seconds: float = 0.01, outcome: str = "ok") -> None:
    started = limit.acquire()
    clock.now += seconds
    limit.release(started, outcome)


def test_slow_start_then_halving_on_429_then_one_more_per_round_trip():
    clock = Clock()
    limit = AdaptiveLimit(ceiling=32, clock=clock)
    assert limit.limit == 4
    for _ in range(10):
        answer(limit, clock)
    assert limit.limit == 14  # one more per answer while nothing went wrong
    answer(limit, clock, outcome="busy")
    assert limit.limit == 7
    for _ in range(6):
        answer(limit, clock)
    assert limit.limit == 7  # now one more per `limit` answers
    answer(limit, clock)
    assert limit.limit == 8
    for _ in range(1000):
        answer(limit, clock)
    assert limit.limit == 32  # never above the ceiling
    for _ in range(10):
        answer(limit, clock, outcome="busy")
    assert limit.limit == 1  # never below one
    answer(limit, clock, outcome="error")
    assert limit.limit == 1  # another failure is no signal either way


def test_one_decrease_per_round_trip():
    clock = Clock()
    limit = AdaptiveLimit(ceiling=16, start=16, clock=clock)
    started = [limit.acquire() for _ in range(8)]  # 8 requests on their way together
    clock.now += 0.1
    for s in started:
        limit.release(s, "busy")  # all refused: the limit is halved once, not eight times
    assert limit.limit == 8
    answer(limit, clock, outcome="busy")  # sent after the halving: halves again
    assert limit.limit == 4


def test_a_slow_answer_halves_but_not_a_small_jitter():
    clock = Clock()
    limit = AdaptiveLimit(ceiling=64, start=32, clock=clock)
    for _ in range(30):
        answer(limit, clock, seconds=0.2)
    peak = limit.limit
    answer(limit, clock, seconds=0.5)  # over 2x the median but less than 0.5 s more: jitter
    assert limit.limit == min(64, peak + 1)
    answer(limit, clock, seconds=3.0)  # 15x the median: the server is queueing
    assert limit.limit == min(64, peak + 1) // 2
    assert [l for _, l in limit.history][-1] == limit.limit


def test_batch_backs_off_on_429s_and_recovers(tmp_path):
    make_articles(tmp_path / "in", 400)
    rng = random.Random(14)
    with LoopbackOpenAI(latency=0.005) as server:
        server.retry_after = "0.02"
        # a spell of rate limiting in the middle: 1 request in 2 refused from the 250th to the 450th
        server.fault_rule = lambda n, _req: "429" if 250 <= n < 450 and rng.random() < 0.5 else None
        backend = fast_backend(server)
        report = run_batch(tmp_path / "in", backend, None, BatchOptions(out=tmp_path / "o.jsonl", concurrency=16))
    assert report.ok == 400 and report.errors == 0
    limits = [limit for _, limit in report.concurrency_history]
    climbed = next(i for i, limit in enumerate(limits) if limit >= 12)  # up towards the ceiling first
    low = min(range(climbed, len(limits)), key=lambda i: limits[i])
    assert limits[low] <= 4  # backed off
    # and climbed back once the 429s stopped: at least to twice the low (12 or more on a quiet
    # machine; on a starved one an answer now and then is slow enough to halve the limit again)
    assert max(limits[low:]) >= 8
    assert backend.gate is None  # the gate is the batch's, gone after it
