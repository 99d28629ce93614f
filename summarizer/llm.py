"""One structured question to a backend, asked as instructor's JSON_SCHEMA mode asks it.

The answer is validated against the pydantic model with the article as validation context,
and re-asked with the validation error, up to a bounded number of times. Transport retries are
the backend's business and never spend this budget. Usage is counted on every raw response,
failed attempts included.

``settle`` is the one attempt loop, for a live backend (``ask``) and for a batch engine's
replies (rounds.py). Its requests are instructor's own: the answer's JSON schema and the re-ask
message come from instructor's JSON_SCHEMA handlers, and the messages are rendered as instructor
renders them with a context (``rendered``); tests/test_llm.py runs instructor's own retry loop
beside ``settle`` and compares every request. The loop is ours because instructor rebuilds the
answer model and compiles each message as a Jinja template on every call: 36% of a served
batch's CPU (py-spy, 2,000 articles against the loopback server).
"""

from __future__ import annotations

import json
import re
import textwrap
import time
import uuid
from functools import lru_cache
from typing import Any, Callable, TypeVar

import instructor
from pydantic import BaseModel, ValidationError

from . import config
from .backends.base import Backend, Usage
from .errors import ModelOutputError
from .files import atomic_write

T = TypeVar("T", bound=BaseModel)

#: answer(attempt, build) -> the completion of that attempt's request (``build()`` makes it)
Answerer = Callable[[int, Callable[[], dict[str, Any]]], Any]
#: save(completion, error) -> where the failed output was saved, if it was
Saver = Callable[[Any, Exception], "str | None"]


def ask(
    backend: Backend, messages: list[dict[str, str]], response_model: type[T], context: dict[str, Any],
    usage: Usage, max_reasks: int = 2, max_tokens: int = 768, warnings: list[str] | None = None,
    tidy: Callable[[str], str] | None = None, question: str = "",
) -> T:
    """``tidy`` rewrites the raw answer before it is validated (a marker the model copied, and
    always a Markdown fence around the JSON), so it costs no re-ask; ``question`` names the
    call in the usage breakdown."""
    return settle(response_model, messages, context, max_tokens, max_reasks, usage,
                  answer=lambda attempt, build: backend.create(**build()),
                  save=lambda completion, error: save_failure(response_model, messages, completion, error),
                  warnings=warnings, tidy=tidy, question=question)


def settle(
    response_model: type[T], messages: list[dict[str, str]], context: dict[str, Any], max_tokens: int,
    max_reasks: int, usage: Usage, answer: Answerer, save: Saver, warnings: list[str] | None = None,
    tidy: Callable[[str], str] | None = None, question: str = "",
) -> T:
    """The validated answer to one question, attempt by attempt: the first request, then a
    re-ask carrying the invalid answer and its validation error, ``max_reasks`` times at most.
    An answer cut off at ``max_tokens`` is not re-asked (it would be cut off again); a list
    answer keeps its valid rows once the budget is spent (``salvage``). Whatever ``answer``
    raises (a transport failure, a batch engine's answer not in yet) goes to the caller."""
    build: Callable[[], dict[str, Any]] = lambda: first_request(messages, response_model, max_tokens)
    completion: Any = None
    error: Exception | None = None
    answered = 0
    try:
        for attempt in range(max_reasks + 1):
            if attempt:
                build = _again(build, completion, error)
            started = time.perf_counter()
            completion = answer(attempt, build)
            usage.add_response(completion, question, time.perf_counter() - started)
            answered += 1
            content = _tidy_in_place(completion, tidy)
            if _finish_reason(completion) == "length":
                raise cut_off(response_model, max_tokens, save(completion, ValueError("cut off")))
            try:
                return response_model.model_validate_json(content or "", context=context, strict=True)
            except ValidationError as e:
                error = e
    finally:
        usage.reasks += max(0, answered - 1)
    salvaged = salvage(response_model, completion, context, warnings)
    if salvaged is not None:
        return salvaged
    assert error is not None
    raise failed_validation(response_model, max_reasks + 1, error, save(completion, error))


def _again(previous: Callable[[], dict[str, Any]], completion: Any, error: Exception) -> Callable[[], dict[str, Any]]:
    return lambda: reask_request(previous(), completion, error)


def _tidy_in_place(completion: Any, tidy: Callable[[str], str] | None) -> str | None:
    """The answer as it is validated, written back into the completion: a re-ask quotes it, and
    a list answer's rows are salvaged from it."""
    content = _content(completion)
    if content:
        content = completion.choices[0].message.content = tidied(content, tidy)
    return content


def _finish_reason(completion: Any) -> str | None:
    try:
        return completion.choices[0].finish_reason
    except (AttributeError, IndexError):
        return None


def salvage(response_model: type[BaseModel], completion: Any, context: dict[str, Any],
            warnings: list[str] | None = None):
    """List answers keep their valid rows once the re-ask budget is spent: one invented name
    should not cost the whole article. Invalid rows are dropped, never kept, and named in
    ``warnings``. Returns the kept answer, or None when this is no list answer, or not even a list."""
    rows_field = getattr(response_model, "rows_field", None)
    content = _content(completion)
    if rows_field is None or content is None:
        return None
    try:
        rows = json.loads(content)[rows_field]
        assert isinstance(rows, list)
    except (ValueError, KeyError, TypeError, AssertionError):
        return None
    keeps_positions = getattr(response_model, "keeps_positions", False)
    kept, dropped = [], []
    for row in rows:
        if _row_is_valid(response_model, rows_field, row, context):
            kept.append(row)
            continue
        dropped.append(json.dumps(row, ensure_ascii=False)[:120])
        if keeps_positions:  # the rows answer numbered questions: a blank keeps the others in place
            kept.append(response_model.blank_row)
    answer = response_model.model_validate({rows_field: kept}, context=context)
    if warnings is not None:
        warnings += [f"dropped from {response_model.__name__} (not grounded): {d}" for d in dropped]
    return answer


def _row_is_valid(response_model: type[BaseModel], rows_field: str, row: Any, context: dict[str, Any]) -> bool:
    try:
        response_model.row_model().model_validate({rows_field: [row]}, context=context)
        return True
    except ValidationError:
        return False


def _content(completion: Any) -> str | None:
    try:
        return completion.choices[0].message.content if completion is not None else None
    except (AttributeError, IndexError):
        return None


# A whole answer inside one Markdown code fence: ```json\n{...}\n``` (any language tag, or none).
_FENCE = re.compile(r"\A\s*```[\w+-]*[ \t]*\n(?P<body>.*?)\n?[ \t]*```\s*\Z", re.DOTALL)


def unfenced(answer: str) -> str:
    """The JSON inside a Markdown code fence, else the answer as it is."""
    match = _FENCE.match(answer)
    return match.group("body") if match else answer


def tidied(content: str | None, tidy: Callable[[str], str] | None = None) -> str | None:
    """The raw answer as it is validated: out of its code fence, then ``tidy`` (an empty
    answer stays as it is)."""
    if not content:
        return content
    content = unfenced(content)
    return tidy(content) if tidy is not None else content


def failed_validation(response_model: type[BaseModel], attempts: int, cause: BaseException,
                      saved: str | None) -> ModelOutputError:
    return ModelOutputError(f"{response_model.__name__}: the model's answer failed validation "
                            f"{attempts} times: {first_line(cause)}", saved_to=saved)


def cut_off(response_model: type[BaseModel], max_tokens: int, saved: str | None) -> ModelOutputError:
    return ModelOutputError(f"{response_model.__name__}: the model's answer was cut off at {max_tokens} tokens",
                            saved_to=saved)


# The same question for a batch engine (a Batch API file, vLLM's batch runner): the requests
# ``ask`` would send, built by instructor's own JSON_SCHEMA handler, so a batch and a live run
# ask the very same thing and re-ask with the very same words.


@lru_cache(maxsize=1)
def _handlers():
    from instructor.v2.core.providers import Provider
    from instructor.v2.core.registry import mode_registry

    return mode_registry.get_handlers(Provider.OPENAI, instructor.Mode.JSON_SCHEMA)


@lru_cache(maxsize=256)
def _response_format(response_model: type[BaseModel]) -> str:
    from instructor.v2.core.response_model import prepare_response_model

    prepared = prepare_response_model(response_model)
    return json.dumps(_handlers().request_handler(response_model=prepared, kwargs={"messages": []})[1]["response_format"])


def first_request(messages: list[dict[str, str]], response_model: type[BaseModel], max_tokens: int) -> dict[str, Any]:
    """The arguments of the first attempt (the backend adds the model and temperature): the
    messages as instructor renders them, the answer's JSON schema as instructor sends it."""
    return {"messages": [rendered(m) for m in messages], "max_tokens": max_tokens,
            "response_format": json.loads(_response_format(response_model))}


def rendered(message: dict[str, str]) -> dict[str, str]:
    """A message as instructor sends it when a validation context is given: it renders the
    content as a Jinja template (ours passed through a raw block, since articles may contain
    '{{'), which normalizes line ends, then dedents it. The same bytes, without a template
    compiled per message; tests/test_llm.py compares this with instructor's own rendering."""
    content = message["content"].replace("\r\n", "\n").replace("\r", "\n")
    return {**message, "content": textwrap.dedent(content)}


def reask_request(request: dict[str, Any], completion: Any, error: Exception) -> dict[str, Any]:
    """The next attempt's arguments after ``completion`` failed validation with ``error``, as
    instructor builds them: the answer, then 'Correct your JSON ONLY RESPONSE ...' and the error."""
    again = _handlers().reask_handler(kwargs={**request, "messages": list(request["messages"])},
                                      response=completion, exception=error)
    return {**request, "messages": again["messages"]}


def first_line(error: BaseException) -> str:
    """The reason a user can act on: pydantic's first error as 'field: message', never the
    documentation link pydantic closes its text with."""
    if isinstance(error, ValidationError) and error.errors():
        first = error.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ()))
        message = str(first.get("msg", "")).removeprefix("Value error, ")
        return f"{where}: {message}"[:300] if where else message[:300]
    text = str(error)
    lines = [ln.strip() for ln in text.splitlines()
             if ln.strip() and not ln.strip().startswith("For further information")]
    # pydantic: "1 validation error for X\nfield\n  Value error, <reason> [type=...]"
    for line in lines:
        if line.startswith("Value error,"):
            return line.removeprefix("Value error,").split(" [type=")[0].strip()
    return (lines[-1].split(" [type=")[0] if lines else type(error).__name__)[:300]


def save_failure(
    response_model: type[BaseModel], messages: list[dict[str, str]], completion: Any, error: Exception,
    name: str | None = None,
) -> str | None:
    """Keep the last invalid output where the error message says, for the user to inspect
    (under ``name``, when the same failure may be saved again: a batch engine's replays)."""
    content = _content(completion)
    record = {
        "question": response_model.__name__,
        "error": str(error),
        "last_output": content,
        "messages": messages,
        "saved_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    try:
        directory = config.failures_dir()
        directory.mkdir(parents=True, exist_ok=True)
        # unique per failure: many articles fail in the same second of one process, and an
        # error record must point at its own article's output
        path = directory / (name or f"{time.strftime('%Y%m%d-%H%M%S')}-{response_model.__name__}-{uuid.uuid4().hex[:12]}.json")
        atomic_write(path, json.dumps(record, indent=1, ensure_ascii=False))
        return str(path)
    except OSError:
        return None

