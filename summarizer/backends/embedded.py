"""The embedded default: a GGUF model run in-process by llama-cpp-python.

llama-cpp-python 0.3.36 applies a JSON-schema grammar only for
``response_format={"type": "json_object", "schema": ...}``; it silently ignores OpenAI's
``{"type": "json_schema", ...}``, which is what instructor's JSON_SCHEMA mode sends. Unconstrained,
a small model loops or writes Markdown, so ``create`` rewrites the request before it reaches
llama.cpp (see ``bridge_response_format``); a test with the real model proves the grammar holds.

The model is loaded once per process and shared; calls are serialized by a lock, since one
llama.cpp context cannot serve two requests at once. Consecutive calls that share a prompt prefix
(the article) reuse llama.cpp's evaluated prefix instead of reading the article again.
"""

from __future__ import annotations

import atexit
import json
import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from openai.types.chat import ChatCompletion, ChatCompletionMessage
from openai.types.chat.chat_completion import Choice
from openai.types.completion_usage import CompletionUsage, PromptTokensDetails

from .. import config
from ..errors import BackendError, ContextLengthError, ModelFileError, UsageError
from ..files import atomic_write
from .base import Backend
from . import grammar_first
from .cpu import extra_buffers_safe
from .model_files import DEFAULT_MODEL, ensure_model, file_sha256, stderr_progress
from .repeats import closed, end_of_new_rows, rows_are_arrays

_LOADED: dict[tuple, Any] = {}
LLAMA_SETTINGS: dict[str, Any] = {"n_batch": 512, "n_ubatch": 512, "flash_attn": False}
_LOAD_LOCK = threading.Lock()


@atexit.register
def _close_models() -> None:
    """Free llama.cpp models before interpreter teardown; freeing them during it raises
    'NoneType object is not callable' noise from llama-cpp-python's finalizer."""
    while _LOADED:
        _key, llama = _LOADED.popitem()
        llama.close()


def response_schema(kwargs: dict[str, Any]) -> dict[str, Any] | None:
    """The JSON schema the answer must follow: OpenAI's ``json_schema`` response format (what
    instructor sends), or llama-cpp-python's own ``json_object`` + schema."""
    fmt = kwargs.get("response_format")
    if not isinstance(fmt, dict):
        return None
    if fmt.get("type") == "json_schema":
        schema = (fmt.get("json_schema") or {}).get("schema")
        if not schema:
            raise UsageError("json_schema response format without a schema")
        return schema
    return fmt.get("schema") if fmt.get("type") == "json_object" else None


def bridge_response_format(kwargs: dict[str, Any]) -> dict[str, Any]:
    """The request with the answer's schema as a llama.cpp grammar (``json_grammar``), which
    llama-cpp-python applies when no ``response_format`` says otherwise."""
    schema = response_schema(kwargs)
    if schema is None:
        return kwargs
    from llama_cpp.llama_grammar import LlamaGrammar

    rest = {k: v for k, v in kwargs.items() if k != "response_format"}
    return {**rest, "grammar": LlamaGrammar.from_string(json_grammar(schema), verbose=False)}


# JSON's own rule for a string's characters. llama-cpp-python 0.3.36 writes 'char ::= [^"\\] | ...',
# which lets a raw line break into a string: on a 100,000-character article the model broke an
# agreement's title over two lines, and the answer was no JSON (llama.cpp's own converter
# excludes control characters, as JSON does).
_JSON_STRING_CHAR = r'char ::= [^"\\\x7F\x00-\x1F] | "\\" (["\\/bfnrt] | "u" [0-9a-fA-F] [0-9a-fA-F] [0-9a-fA-F] [0-9a-fA-F])'


def json_grammar(schema: dict[str, Any]) -> str:
    """The GBNF grammar of answers that follow ``schema``, strings as JSON allows them."""
    from llama_cpp.llama_grammar import json_schema_to_gbnf

    rules = json_schema_to_gbnf(json.dumps(schema)).splitlines()
    return "\n".join(_JSON_STRING_CHAR if rule.startswith("char ::=") else rule for rule in rules)


class EmbeddedBackend(Backend):
    name = "embedded"
    concurrent = False
    constrained = True  # the JSON-schema grammar (see bridge_response_format)
    open_speakers = "nearest"  # see Backend.open_speakers; README, Measured, Session 12

    def __init__(
        self,
        model_path: str | Path | None = None,
        n_ctx: int = 16384,
        n_threads: int | None = None,
        max_output_tokens: int = 1024,
        llama_settings: dict[str, Any] | None = None,
    ):
        self._explicit_path = Path(model_path).expanduser() if model_path else None
        if self._explicit_path is None and os.environ.get(config.MODEL_ENV):
            self._explicit_path = Path(os.environ[config.MODEL_ENV]).expanduser()
        if self._explicit_path is not None and not self._explicit_path.is_file():
            raise ModelFileError(f"model file not found: {self._explicit_path}")
        self.n_ctx = n_ctx
        self.n_threads = n_threads or max(1, min(os.cpu_count() or 1, 8))
        self.max_output_tokens = max_output_tokens
        # llama.cpp settings that change speed, and with them the numerics of the evaluation
        # (so they are part of the cache key); measured by benchmarks/llama_settings.py
        self.llama_settings = {**LLAMA_SETTINGS, **(llama_settings or {})}
        self._model_id: str | None = None
        self._resolved_path: Path | None = None
        self._lock = threading.Lock()
        self._fresh_start = False

    # -- identity -------------------------------------------------------------------------

    @property
    def path(self) -> Path:
        """The GGUF file; the embedded default is assembled and checked on first use, once."""
        if self._resolved_path is None:
            self._resolved_path = self._explicit_path or ensure_model()
        return self._resolved_path

    @property
    def model_id(self) -> str:
        if self._model_id is None:
            if self._explicit_path is None:
                self._model_id = f"{DEFAULT_MODEL.name}@sha256:{DEFAULT_MODEL.sha256[:16]}"
            else:
                digest = _cached_file_hash(self._explicit_path)
                self._model_id = f"{self._explicit_path.name}@sha256:{digest[:16]}"
        return self._model_id

    def generation_params(self) -> dict[str, Any]:
        # stop_repeated_rows: a list answer ends at its first repeated row (repeats.py)
        return {"temperature": 0.0, "repeat_penalty": 1.0, "seed": 0, "stop_repeated_rows": True,
                "extra_buffers": extra_buffers_safe(), **self.llama_settings}

    @property
    def context_tokens(self) -> int:
        return self.n_ctx

    def count_tokens(self, text: str) -> int:
        return len(self.llama.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    # -- the model ------------------------------------------------------------------------

    @property
    def llama(self) -> Any:
        key = (str(self.path), self.n_ctx, tuple(sorted(self.llama_settings.items())))
        with _LOAD_LOCK:
            if key not in _LOADED:
                _LOADED[key] = self._load(Path(key[0]))
            return _LOADED[key]

    def _load(self, path: Path) -> Any:
        try:
            from llama_cpp import Llama
        except ImportError:
            raise BackendError(
                "the embedded backend needs llama-cpp-python: pip install 'llama-cpp-python==0.3.36'"
            ) from None
        started = time.perf_counter()
        stderr_progress(f"loading model {path.name} ...")
        try:
            with llama_model_params(use_extra_bufts=extra_buffers_safe()):  # see cpu.py
                llama = Llama(
                    model_path=str(path),
                    n_ctx=self.n_ctx,
                    n_threads=self.n_threads,
                    seed=0,
                    verbose=False,
                    **self.llama_settings,
                )
        except (ValueError, RuntimeError) as e:
            raise ModelFileError(f"cannot load {path} as a GGUF model: {e}") from None
        grammar_first.install(llama)  # the same tokens, 30% sooner under a grammar
        self.load_seconds = time.perf_counter() - started
        stderr_progress(f"loaded model {path.name} in {self.load_seconds:.1f}s\n")
        return llama

    def start_document(self) -> None:
        """The next request evaluates its whole prompt. Within an article the questions share
        the article's evaluated prefix (the speed-up); across articles, and between two runs
        on the same article, reusing it would change the numerics of the evaluation (batches
        split at other places) and so, at times, the answer: the seed came back with one
        participant fewer on a second run in the same process."""
        self._fresh_start = True

    def create(self, **kwargs: Any) -> ChatCompletion:
        schema = response_schema(kwargs)
        kwargs = bridge_response_format(kwargs)
        kwargs.pop("model", None)
        kwargs.setdefault("max_tokens", self.max_output_tokens)
        params = self.generation_params()
        kwargs.setdefault("temperature", params["temperature"])
        kwargs.setdefault("repeat_penalty", params["repeat_penalty"])
        kwargs.setdefault("seed", params["seed"])
        watch_rows = params["stop_repeated_rows"] and rows_are_arrays(schema)
        llama = self.llama
        with self._lock:
            if self._fresh_start:
                llama.reset()
                self._fresh_start = False
            before = list(llama.input_ids[: llama.n_tokens])
            try:
                if watch_rows:
                    response = _stopping_at_a_repeated_row(llama, kwargs)
                else:
                    response = llama.create_chat_completion_openai_v1(**kwargs)
            except ValueError as e:  # e.g. "Requested tokens exceed context window"
                if "context" in str(e).lower():  # the article's fault, not the model's: exit 2
                    raise ContextLengthError(f"the article is too long for the model's context ({e})") from None
                raise BackendError(f"embedded model: {e}") from None
            return _with_reused_tokens(response, before, list(llama.input_ids[: llama.n_tokens]))


@contextmanager
def llama_model_params(**fields: Any):
    """llama.cpp model parameters that llama-cpp-python 0.3.36's ``Llama()`` does not take: set
    on the defaults it starts from, while a model loads (under ``_LOAD_LOCK``)."""
    import llama_cpp.llama_cpp as low

    defaults = low.llama_model_default_params

    def params():
        p = defaults()
        for name, value in fields.items():
            setattr(p, name, value)
        return p

    low.llama_model_default_params = params
    try:
        yield
    finally:
        low.llama_model_default_params = defaults


def _stopping_at_a_repeated_row(llama: Any, kwargs: dict[str, Any]) -> ChatCompletion:
    """The answer written token by token, ended at the first row that repeats an earlier one
    (``repeats.py``); the same tokens as without watching, up to there."""
    text, generated, finish, prompt = "", 0, "length", None
    stream = llama.create_chat_completion(**kwargs, stream=True)
    try:
        for chunk in stream:
            choice = chunk["choices"][0]
            piece = (choice.get("delta") or {}).get("content")
            if piece is not None:
                prompt = llama.n_tokens if prompt is None else prompt  # the prompt, evaluated; no answer token yet
                text += piece
                generated += 1
            if choice.get("finish_reason"):
                finish = choice["finish_reason"]
                break
            if piece and "]" in piece:
                cut = end_of_new_rows(text)
                if cut is not None:
                    text, finish = closed(text, cut), "stop"
                    break
    finally:
        stream.close()
    prompt = prompt or llama.n_tokens
    return ChatCompletion(
        id=f"embedded-{time.time_ns()}", object="chat.completion", created=int(time.time()), model="embedded",
        choices=[Choice(index=0, finish_reason=finish, message=ChatCompletionMessage(role="assistant", content=text))],
        usage=CompletionUsage(prompt_tokens=prompt, completion_tokens=generated, total_tokens=prompt + generated),
    )


def _with_reused_tokens(response: ChatCompletion, before: list[int], after: list[int]) -> ChatCompletion:
    """Report, as OpenAI's ``prompt_tokens_details.cached_tokens``, how many prompt tokens
    llama.cpp reused from what it had evaluated before (the article's prefix) instead of
    evaluating them again."""
    if response.usage is None:
        return response
    prompt = after[: response.usage.prompt_tokens]
    reused = 0
    for a, b in zip(before, prompt):
        if a != b:
            break
        reused += 1
    reused = min(reused, max(0, len(prompt) - 1))  # llama.cpp evaluates the last prompt token again
    response.usage.prompt_tokens_details = PromptTokensDetails(cached_tokens=reused)
    return response


def _cached_file_hash(path: Path) -> str:
    """sha256 of a user-chosen GGUF file, remembered by (path, size, mtime)."""
    index_path = config.models_dir() / "file-hashes.json"
    stat = path.stat()
    key = f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    try:
        index = json.loads(index_path.read_text())
    except (OSError, ValueError):
        index = {}
    if key not in index:
        index[key] = file_sha256(path)
        try:
            index_path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(index_path, json.dumps(index))
        except OSError:
            pass  # only a speed-up; the hash is still right
    return index[key]
