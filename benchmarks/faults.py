"""Fault injection and signals: `summarizer batch` (a real process, the CLI's own defaults)
against the loopback OpenAI-compatible server (tests/openai_server.py) with scripted faults.

    python benchmarks/faults.py [--articles 200] [--only faults|signals]

Prints two tables. Faults: for each fault mix, articles ok / error / not done, requests the
server saw, wall seconds, exit code. Signals: for each signal sent to a `--refresh` rerun of a
complete batch, records in the output before and after, exit code, seconds from the signal to
the exit, files left behind right after (partial and temp files) and once the next run ends.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from batch_throughput import make_articles  # noqa: E402  (the same small articles)
from openai_server import LoopbackOpenAI  # noqa: E402

MIXED = ("429", "500", "slow", "badjson", "invalid")


def command(folder: Path, out: Path, url: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "summarizer", "batch", str(folder), "--out", str(out),
            "--base-url", url, "--model", "fake", *extra]


def environment(home: Path) -> dict[str, str]:
    return {**os.environ, "SUMMARIZER_HOME": str(home), "PYTHONPATH": str(ROOT)}


def records(out: Path) -> list[dict]:
    if not out.exists():
        return []
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]


def leftovers(out: Path, home: Path) -> int:
    found = list(out.parent.glob(out.name + ".partial.*")) + list(out.parent.glob(f".{out.name}.*.tmp"))
    found += list((home / "results").glob("??/.*.tmp"))
    return len(found)


# ------------------------------------------------------------------------------ faults


def mixed(request_number: int) -> str | None:
    """30% of requests get one of the five faults, drawn independently for each request."""
    rng = random.Random(request_number)  # one generator per request: reproducible, uncorrelated
    return rng.choice(MIXED) if rng.random() < 0.3 else None


def fault_rows(tmp: Path, n: int) -> list[tuple[str, dict]]:
    """(label, settings): a rule for every request, or a dead / slow server."""
    rows = [("none", {})]
    rows.append(("30% mixed (429, 500, timeout, bad JSON, schema)", {"rule": mixed, "args": ("--timeout", "1")}))
    for kind, label in (("429", "429 rate limited"), ("500", "HTTP 500"), ("slow", "timeout"),
                        ("badjson", "invalid JSON"), ("invalid", "schema violation"), ("fence", "```json fence"),
                        ("html200", "HTML page with 200"), ("notchat", "JSON, not a completion"),
                        ("502html", "502 HTML page"), ("ctx400", "context-length 400"), ("drop", "connection dropped")):
        rows.append((f"100% {label}", {"rule": lambda _k, kind=kind: kind,
                                       "args": ("--timeout", "1") if kind == "slow" else ()}))
    rows.append(("dead server (nothing listening)", {"dead": True}))
    rows.append(("slow server (0.5 s per answer, concurrency 8)", {"latency": 0.5, "args": ("--concurrency", "8")}))
    return rows


def run_faults(tmp: Path, n: int) -> None:
    folder = tmp / "articles"
    make_articles(folder, n)
    print(f"\nFaults: {n} articles, `summarizer batch` with its defaults (concurrency 4, 5 transport retries, "
          "1 s backoff), every request answered as listed")
    print("| fault mix | ok | error | not done | requests | wall s | exit |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    notes: list[str] = []
    for number, (label, settings) in enumerate(fault_rows(tmp, n)):
        home, out = tmp / f"home-f{number}", tmp / f"f{number}.jsonl"
        with LoopbackOpenAI(latency=settings.get("latency", 0.0)) as server:
            server.slow_seconds = 3.0
            if "rule" in settings:
                server.fault_rule = lambda k, _r, rule=settings["rule"]: rule(k)
            url = server.base_url
            if settings.get("dead"):
                server.__exit__()
            started = time.perf_counter()
            proc = subprocess.run(command(folder, out, url, *settings.get("args", ())), env=environment(home),
                                  capture_output=True, text=True)
            seconds = time.perf_counter() - started
        done = records(out)
        ok = sum(r["status"] == "ok" for r in done)
        errors = len(done) - ok
        print(f"| {label} | {ok} | {errors} | {n - len(done)} | {server.requests} | {seconds:.1f} | {proc.returncode} |")
        kinds = sorted({r["error"]["type"] for r in done if r["status"] == "error"})
        notes.append(f"{label}: errors {', '.join(kinds) or '-'}; last line: {proc.stderr.strip().splitlines()[-1][:150]}")
        if "Traceback" in proc.stderr or proc.returncode == 70:
            notes.append(f"  TRACEBACK or exit 70 in {label}: {proc.stderr[-500:]}")
    print()
    for note in notes:
        print(f"- {note}")


# ------------------------------------------------------------------------------ signals


def run_signals(tmp: Path, n: int) -> None:
    folder = tmp / "articles"
    make_articles(folder, n)
    print(f"\nSignals: {n} articles; a complete output first, then a `--refresh` rerun (0.05 s per answer, "
          "concurrency 4) signalled at the point given (after its Nth record, or seconds after start); "
          "'next run' is the same command without --refresh")
    print("| signal | records before | records after | exit | s to exit | traceback | leftovers after signal "
          "| leftovers after next run |")
    print("| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |")
    rng = random.Random(16)
    with LoopbackOpenAI() as server:
        scenarios = [
            ("SIGINT once, after 20 records", 20, [(0.0, signal.SIGINT)], 0.05),
            ("SIGINT twice, after 20 records, 0.2 s apart", 20, [(0.0, signal.SIGINT), (0.2, signal.SIGINT)], 0.05),
            ("SIGTERM after 20 records", 20, [(0.0, signal.SIGTERM)], 0.05),
            ("SIGINT with 15 s answers in flight", 0, [(0.0, signal.SIGINT)], 15.0),
            ("SIGINT during start-up (0.3 s)", None, [(0.3, signal.SIGINT)], 0.05),
            ("SIGKILL after 20 records", 20, [(0.0, signal.SIGKILL)], 0.05),
        ]
        # one random point in each 1.2 s stretch of the run: start-up, the first records, later
        scenarios += [(f"SIGKILL at a random point ({t:.1f} s after start)", None, [(t, signal.SIGKILL)], 0.05)
                      for t in (rng.uniform(low, low + 1.2) for low in (0.3, 1.5, 2.7, 3.9, 5.1))]
        for number, (label, after_records, sends, latency) in enumerate(scenarios):
            home, out = tmp / f"home-s{number}", tmp / f"s{number}.jsonl"
            server.latency = 0.0
            subprocess.run(command(folder, out, server.base_url, "--concurrency", "16"), env=environment(home),
                           capture_output=True, check=True)
            before = len(records(out))
            server.latency = latency
            proc = subprocess.Popen(command(folder, out, server.base_url, "--refresh", "--timeout", "60"),
                                    env=environment(home), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                    text=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
            started = time.perf_counter()
            if after_records is not None:  # mid-run: once the rerun has recorded that many
                while proc.poll() is None and not (partial_records(out) >= after_records if after_records
                                                   else server.in_flight >= 4):
                    time.sleep(0.01)
                started = time.perf_counter()
            ended: list[float] = []
            waiter = threading.Thread(target=lambda: (proc.wait(), ended.append(time.perf_counter())))
            waiter.start()
            sent_at = None
            for at, sig in sends:
                time.sleep(max(0.0, at - (time.perf_counter() - started)))
                if proc.poll() is None:
                    proc.send_signal(sig)
                    sent_at = sent_at or time.perf_counter()
            waiter.join()
            err = proc.stderr.read()
            to_exit = ended[0] - (sent_at or started)
            after = len(records(out))
            left = leftovers(out, home)
            server.latency = 0.0
            subprocess.run(command(folder, out, server.base_url), env=environment(home), capture_output=True)
            print(f"| {label} | {before} | {after} | {proc.returncode} | {to_exit:.2f} | "
                  f"{'yes' if 'Traceback' in err else 'no'} | {left} | {leftovers(out, home)} |")
        # repeated: five kills in a row on a fresh output, then a plain run
        home, out = tmp / "home-repeat", tmp / "repeat.jsonl"
        server.latency = 0.05
        kills = []
        for _ in range(5):
            proc = subprocess.Popen(command(folder, out, server.base_url), env=environment(home),
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(1.0, 6.0))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            kills.append(len(list((home / "results").glob("??/*.json"))))
        left = leftovers(out, home)
        server.latency = 0.0
        final = subprocess.run(command(folder, out, server.base_url), env=environment(home), capture_output=True,
                               text=True)
        print(f"| SIGKILL 5 times in a row on a fresh run (cached after each: {', '.join(map(str, kills))}), "
              f"then a plain run | 0 | {len(records(out))} | {final.returncode} | | "
              f"{'yes' if 'Traceback' in final.stderr else 'no'} | {left} | {leftovers(out, home)} |")


def partial_records(out: Path) -> int:
    return sum(len(p.read_text().splitlines()) for p in out.parent.glob(out.name + ".partial.*"))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--only", choices=("faults", "signals"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.only in (None, "faults"):
            run_faults(Path(tmp), args.articles)
        if args.only in (None, "signals"):
            run_signals(Path(tmp), args.articles)
    return 0


if __name__ == "__main__":
    sys.exit(main())
