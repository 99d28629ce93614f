"""One checkout's pipeline as a long-lived process, for compare_versions.py: reads article
paths on stdin, one per line, and answers each with one JSON line (seconds, usage, calls).

    python benchmarks/version_driver.py CHECKOUT
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path


def load_as_this_build_allows() -> None:
    """A checkout older than backends/cpu.py would die at its first question on a llama.cpp
    build with AMX kernels; both sides load the model without extra buffer types there, as the
    new code does (README, 'The embedded model'), so the comparison stays like for like."""
    import llama_cpp.llama_cpp as low

    if "AMX_INT8 = 1" not in low.llama_print_system_info().decode("utf-8", errors="replace"):
        return
    defaults = low.llama_model_default_params

    def params():
        p = defaults()
        p.use_extra_bufts = False
        return p

    low.llama_model_default_params = params


def main() -> int:
    checkout = Path(sys.argv[1]).resolve()
    load_as_this_build_allows()
    sys.path.insert(0, str(checkout))
    from summarizer.article import read
    from summarizer.backends.embedded import EmbeddedBackend
    from summarizer.pipeline import Options, summarize

    import summarizer

    assert Path(summarizer.__file__).resolve().is_relative_to(checkout), summarizer.__file__
    backend = EmbeddedBackend()
    print(json.dumps({"ready": str(checkout)}), flush=True)
    for line in sys.stdin:
        path = line.strip()
        if not path:
            continue
        try:
            result = summarize(read(path), backend, None, Options(use_cache=False))
            out = {"path": path, "seconds": result.meta["seconds"], "usage": result.meta["usage"],
                   "calls": result.meta.get("calls"), "quotes": len(result.summary.quotes),
                   "participants": len(result.summary.participants)}
        except Exception as e:  # noqa: BLE001 - a failed article is a figure too
            out = {"path": path, "error": f"{type(e).__name__}: {e}"[:300]}
        print(json.dumps(out), flush=True)
    return 0


if __name__ == "__main__":
    tempfile.tempdir = None
    sys.exit(main())
