"""Speculative decoding by prompt lookup (llama-cpp-python's ``LlamaPromptLookupDecoding``) on
the embedded model: does drafting tokens from the prompt speed up answers that copy the article?

    python benchmarks/prompt_lookup.py [--runs 2] [--draft 10]

Runs the seed article through the pipeline with the default embedded backend and with the same
model given a prompt-lookup draft model, alternating, in the same run (the machine is noisy).
Prints seconds per run, the peak resident memory after each setting, and whether the answers
are identical (greedy decoding with a draft must give the same tokens).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.article import read  # noqa: E402
from summarizer.backends.embedded import EmbeddedBackend  # noqa: E402
from summarizer.pipeline import Options, summarize  # noqa: E402

SEED = ROOT / "seeds" / "turkey-south-korea-seoul-talks.txt"


class PromptLookupBackend(EmbeddedBackend):
    """The embedded backend with a prompt-lookup draft model. llama-cpp-python then keeps the
    logits of every position (``logits_all``): n_ctx x 151,936 floats reserved, the rows of
    every evaluated token written."""

    def __init__(self, draft_tokens: int, **kwargs: Any):
        super().__init__(**kwargs)
        self.draft_tokens = draft_tokens
        self._own: Any = None

    @property
    def llama(self) -> Any:
        if self._own is None:
            from llama_cpp import Llama
            from llama_cpp.llama_speculative import LlamaPromptLookupDecoding

            from summarizer.backends.cpu import extra_buffers_safe
            from summarizer.backends.embedded import llama_model_params

            with llama_model_params(use_extra_bufts=extra_buffers_safe()):  # AMX builds: see cpu.py
                self._own = Llama(
                    model_path=str(self.path), n_ctx=self.n_ctx, n_threads=self.n_threads, n_batch=512, seed=0,
                    verbose=False, draft_model=LlamaPromptLookupDecoding(num_pred_tokens=self.draft_tokens),
                    # 0.3.36 sizes its logits buffer by this argument, not by the logits_all a draft
                    # model forces: without it, any prompt past n_batch (512) tokens fails with
                    # 'could not broadcast input array from shape (...) into shape (0,)'
                    logits_all=True,
                )
        return self._own


def peak_rss_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20  # KiB on Linux


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--draft", type=int, default=10, help="tokens drafted per step")
    args = parser.parse_args()
    article = read(SEED)
    plain = EmbeddedBackend()
    plain.llama  # noqa: B018 - load before timing
    print(f"peak RSS with the default model loaded: {peak_rss_gib():.2f} GiB")
    lookup = PromptLookupBackend(args.draft)
    lookup.llama  # noqa: B018
    print(f"peak RSS with the prompt-lookup model loaded too: {peak_rss_gib():.2f} GiB")

    seconds: dict[str, list[float]] = {"default": [], "prompt lookup": []}
    answers: dict[str, list[str]] = {"default": [], "prompt lookup": []}
    for run in range(1, args.runs + 1):
        for label, backend in (("default", plain), ("prompt lookup", lookup)):
            started = time.perf_counter()
            result = summarize(article, backend, None, Options(use_cache=False))
            seconds[label].append(time.perf_counter() - started)
            answers[label].append(result.summary.model_dump_json())
            usage = result.meta["usage"]
            print(f"run {run} {label:>13}: {seconds[label][-1]:.1f}s, {usage['completion_tokens']} output tokens")
    base, draft = statistics.median(seconds["default"]), statistics.median(seconds["prompt lookup"])
    print(f"median seconds: default {base:.1f}, prompt lookup {draft:.1f} (ratio {draft / base:.2f})")
    print(f"same answers: {answers['default'] == answers['prompt lookup']}")
    print(f"peak RSS at the end: {peak_rss_gib():.2f} GiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
