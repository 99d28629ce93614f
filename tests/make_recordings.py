"""Re-record the model answers the fast tests replay (run after changing prompts or schemas).

    python tests/make_recordings.py

Runs the real embedded model on each seed article and saves every raw answer, in order, to
tests/recordings/<seed>.embedded.json. Review the diff: the fast tests assert on these.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.article import read  # noqa: E402
from summarizer.backends.embedded import EmbeddedBackend  # noqa: E402
from summarizer.backends.replay import RecordingBackend  # noqa: E402
from summarizer.pipeline import Options, summarize  # noqa: E402


def main() -> None:
    backend = EmbeddedBackend()
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        recorder = RecordingBackend(backend)
        summarize(read(seed), recorder, None, Options(use_cache=False))
        target = ROOT / "tests" / "recordings" / f"{seed.stem}.embedded.json"
        recorder.save(target)
        print(f"{target.relative_to(ROOT)}: {len(recorder.exchanges)} exchanges")


if __name__ == "__main__":
    main()
