"""Greedy decoding under a grammar, with the grammar checked against the model's best token first.

llama-cpp-python 0.3.36 samples through llama.cpp's sampler chain, whose grammar stage tests
every token of the vocabulary (151,936 for Qwen2.5) against the grammar at every step: here 40
of the 140 ms each answer token took (benchmarks/grammar_sampling.py). At temperature 0 the
answer's next token is the best one the grammar allows. When the model's best token is allowed,
that is it; in a JSON answer it nearly always is (3 of the seed's 159 participants tokens were
not), and only otherwise is the whole vocabulary tested. llama.cpp's own command-line sampler
does the same (common_sampler_sample). The tokens are the same ones by construction, ties
included (both take the lowest token id among equal best logits); a real-model test compares
the two on the seed.
"""

from __future__ import annotations

import ctypes
import math
from typing import Any


class GrammarFirstGreedy:
    """Stands in for llama-cpp-python's sampler chain (``Llama._sampler``): ``sample`` returns
    the next token and accepts it into the grammar, as ``llama_sampler_sample`` does."""

    def __init__(self, llama: Any, grammar: Any):
        import llama_cpp as low
        import numpy as np

        self._low, self._np = low, np
        self.n_vocab = llama.n_vocab()
        self.grammar = low.llama_sampler_init_grammar(
            llama._model.vocab, grammar._grammar.encode("utf-8"), grammar._root.encode("utf-8")
        )
        if not self.grammar:
            raise ValueError("llama.cpp could not parse the grammar")
        self._best = (low.llama_token_data * 1)()
        self._every = (low.llama_token_data * self.n_vocab)()
        self._every_view = np.ctypeslib.as_array(self._every)
        self._every_view["id"] = np.arange(self.n_vocab, dtype=np.int32)
        self.tokens = 0  # tokens sampled, and of those ...
        self.whole_vocabulary = 0  # ... the ones whose best token the grammar refused

    def sample(self, ctx: Any, idx: int = -1) -> int:
        np = self._np
        logits = np.ctypeslib.as_array(self._low.llama_get_logits_ith(ctx.ctx, idx), shape=(self.n_vocab,))
        token = int(np.argmax(logits))
        self._best[0].id, self._best[0].logit, self._best[0].p = token, float(logits[token]), 0.0
        self._apply_grammar(self._best, 1)
        self.tokens += 1
        if self._best[0].logit == -math.inf:
            self.whole_vocabulary += 1
            self._every_view["logit"] = logits
            self._apply_grammar(self._every, self.n_vocab)
            token = int(np.argmax(self._every_view["logit"]))
        self._low.llama_sampler_accept(self.grammar, token)
        return token

    def _apply_grammar(self, data: Any, size: int) -> None:
        """Sets the logit of every candidate the grammar refuses here to -inf."""
        low = self._low
        candidates = low.llama_token_data_array(
            data=ctypes.cast(data, low.llama_token_data_p), size=size, selected=-1, sorted=False
        )
        low.llama_sampler_apply(self.grammar, ctypes.byref(candidates))

    def close(self) -> None:
        if getattr(self, "grammar", None):
            self._low.llama_sampler_free(self.grammar)
            self.grammar = None

    def __del__(self) -> None:
        self.close()


def is_greedy_under_a_grammar(settings: dict[str, Any]) -> bool:
    """Whether a generation's sampler settings are plain greedy decoding under a grammar: no
    temperature, no penalties, no logits processors (anything else keeps llama.cpp's chain)."""
    return (
        settings.get("grammar") is not None
        and settings.get("temp") == 0.0
        and settings.get("logits_processor") is None
        and settings.get("repeat_penalty", 1.0) == 1.0
        and not settings.get("frequency_penalty")
        and not settings.get("presence_penalty")
    )


def install(llama: Any) -> None:
    """From now on ``llama`` decodes greedily under a grammar with ``GrammarFirstGreedy``."""
    chain = type(llama)._init_sampler.__get__(llama)

    def init_sampler(**settings: Any) -> Any:
        if is_greedy_under_a_grammar(settings):
            return GrammarFirstGreedy(llama, settings["grammar"])
        return chain(**settings)

    llama._init_sampler = init_sampler


def uninstall(llama: Any) -> None:
    """Back to llama-cpp-python's own sampler chain (tests and benchmarks compare the two)."""
    llama.__dict__.pop("_init_sampler", None)
