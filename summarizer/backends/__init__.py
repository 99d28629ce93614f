"""Model backends behind one small interface (``Backend.create``)."""

from __future__ import annotations

from pathlib import Path

from .base import Backend, Usage

__all__ = ["Backend", "Usage", "make_backend"]


def make_backend(
    model: str | None = None,
    base_url: str | None = None,
    model_path: str | Path | None = None,
    timeout: float = 120.0,
    api_key: str | None = None,
    context_tokens: int | None = None,
    **embedded_options: object,
) -> Backend:
    """Choose a backend from what the user typed.

    --base-url (with --model) -> that OpenAI-compatible server; --model NAME alone -> OpenAI;
    --model-path FILE.gguf, or nothing -> the embedded llama.cpp model.
    """
    if base_url or (model and not model.endswith(".gguf")):
        from .openai_compat import OpenAIBackend

        return OpenAIBackend(model=model or "", base_url=base_url, timeout=timeout, api_key=api_key,
                             context_tokens=context_tokens)
    from .embedded import EmbeddedBackend

    return EmbeddedBackend(model_path=model_path or model, **embedded_options)  # type: ignore[arg-type]
