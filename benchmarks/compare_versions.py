"""Seconds per article, old pipeline beside new, in one run on this machine: each article goes
to the old checkout and to this one in turn (alternating which goes first), both models loaded
once, so the machine's noise falls on both alike. Prints per article and the ratio of totals,
and this checkout's per-call breakdown (prompt tokens evaluated and reused, output tokens,
seconds, per question).

    git worktree add ../old <commit before the change>
    python benchmarks/compare_versions.py --old ../old --articles seeds/*.txt
    python benchmarks/compare_versions.py --old ../old --dev 6      # the first 6 of each dev set

The dev articles are written to a temporary folder outside the repository and deleted after.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))


class Driver:
    def __init__(self, checkout: Path):
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "benchmarks" / "version_driver.py"), str(checkout)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )
        json.loads(self.process.stdout.readline())

    def run(self, path: Path) -> dict:
        self.process.stdin.write(f"{path}\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()


def dev_articles(folder: Path, per_set: int) -> list[Path]:
    from scoring_rules import SETS, load

    paths = []
    for name in SETS:
        for row in load(name, per_set):
            path = folder / f"{row['id']}.txt"
            path.write_text(row["text"], encoding="utf-8")
            paths.append(path)
    return paths


def breakdown(calls: list[dict]) -> str:
    return "; ".join(f"{c['question']} {c['evaluated_tokens']}+{c['reused_tokens']}r->{c['output_tokens']} "
                     f"{c['seconds']:.1f}s" for c in calls or [])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--old", type=Path, required=True, help="checkout of the commit before the change")
    parser.add_argument("--articles", type=Path, nargs="*", default=[])
    parser.add_argument("--dev", type=int, default=0, help="also the first N articles of each dev set")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = list(args.articles) + (dev_articles(Path(tmp), args.dev) if args.dev else [])
        old, new = Driver(args.old), Driver(ROOT)
        totals = {"old": 0.0, "new": 0.0}
        print(f"{'article':46}{'chars':>7}{'old s':>8}{'new s':>8}{'ratio':>7}{'old calls':>10}{'new calls':>10}")
        for n, path in enumerate(paths):
            order = [("old", old), ("new", new)] if n % 2 == 0 else [("new", new), ("old", old)]
            results = {name: driver.run(path) for name, driver in order}
            if any("error" in r for r in results.values()):
                print(f"{path.name[:45]:46} error: {[r.get('error') for r in results.values()]}")
                continue
            for name in totals:
                totals[name] += results[name]["seconds"]
            o, w = results["old"], results["new"]
            print(f"{path.name[:45]:46}{len(path.read_text(encoding='utf-8')):>7}{o['seconds']:>8.1f}{w['seconds']:>8.1f}"
                  f"{w['seconds'] / o['seconds']:>7.2f}{o['usage']['calls']:>10}{w['usage']['calls']:>10}")
            print(f"    new: {breakdown(w['calls'])}")
        old.close()
        new.close()
    if totals["old"]:
        print(f"\ntotal old {totals['old']:.0f}s, new {totals['new']:.0f}s, new/old {totals['new'] / totals['old']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
