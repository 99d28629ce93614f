"""The model behind a request file: whatever engine answers a Batch-format file that
``summarizer batch --export-requests`` wrote (vLLM's batch runner on a GPU or a Ray cluster,
a provider's batch service). Nothing is asked from here; this names the model for the cache
key and the requests, and counts tokens as a served model does.

With ``base_url`` (the server the file's engine stands for) the key is the one a live run
against that server uses, so the two share their results; without it, the key names the model
and a request file.
"""

from __future__ import annotations

from typing import Any

from ..errors import UsageError
from .base import Backend


class FileEngine(Backend):
    name = "openai"  # the requests are OpenAI chat completions, whoever answers them
    concurrent = True

    def __init__(self, model: str, base_url: str | None = None, context_tokens: int | None = None):
        if not model:
            raise UsageError("--model is required with --export-requests and --import-results: "
                             "the model the engine runs, as it names it")
        self.model = model
        self.base_url = base_url
        self._context_tokens = context_tokens

    @property
    def model_id(self) -> str:
        return f"{self.base_url or 'batch-file'}#{self.model}"

    @property
    def context_tokens(self) -> int | None:
        return self._context_tokens

    def create(self, **kwargs: Any):
        raise UsageError("a request file is answered by its engine: export it, run it, import the results")
