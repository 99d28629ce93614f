"""One article's questions through the rounds of a batch engine: what ``pipeline.extract``
does live, for engines that answer a whole file of requests at once (a Batch API, vLLM's
batch runner).

Every question of an article is known before any is asked (plan.py), so the first round asks
them all. An answer that fails validation is asked again in the next round, with the re-ask
the live path would send, through the live path's own attempt loop (``llm.settle``), within
the same budget (``questions.reask_budget``); a list answer keeps its valid rows once the
budget is spent; a speakers question that fails leaves its quotations out, any other failure
fails the article (as live); a long article's summary of its parts is asked once the parts'
summaries are in.

The only state is the replies that came back: ``progress`` replays them from the first
question on, every time. A resumed run needs nothing else, and a batch and a live run given
the same answers give the same summary, warnings and usage (tests/test_rounds.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from .article import Article
from .backends.base import Backend, Usage
from .errors import BackendError, ModelOutputError, SummarizerError
from .grounding import validation_context
from .llm import save_failure, settle
from .pipeline import Options, open_speakers, quotes_left_out, result_meta
from .plan import Ask, finish, part_summaries, plan, summary_of_parts
from .questions import reask_budget, unmarked
from .request_files import Reply, RequestId
from .schemas import ArticleSummary, ListAnswer

# An engine's failure on one request (an error line, a job that ended before answering it):
# the request is sent this many times in all before its article fails.
MAX_TRIES = 3


@dataclass
class Request:
    """A request the article still needs: its id and, built when asked for, its body
    (without the model's name and temperature, which the engine's side adds)."""

    id: RequestId
    build: Callable[[], dict[str, Any]]


@dataclass
class Progress:
    """Where the article stands after the replies so far: finished (``summary``), failed
    (``error``) or waiting for ``requests``."""

    usage: Usage
    warnings: list[str] = field(default_factory=list)
    summary: ArticleSummary | None = None
    error: SummarizerError | None = None
    requests: list[Request] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return self.summary is not None or self.error is not None


class _Pending(Exception):
    def __init__(self, request: Request):
        self.request = request


class ArticleRounds:
    def __init__(self, article: Article, key: str, backend: Backend, options: Options):
        self.article, self.key, self.backend, self.options = article, key, backend, options
        self.plan = plan(article, backend.count_tokens, backend.context_tokens, options.chunk_tokens,
                         options.statements, open_speakers(backend, options))
        self.context = validation_context(article.text)
        self.replies: dict[tuple[int, int], dict[int, Reply]] = {}

    def add(self, request_id: RequestId, reply: Reply) -> None:
        self.replies.setdefault((request_id.ask, request_id.attempt), {})[request_id.tries] = reply

    def progress(self) -> Progress:
        """Replay every reply from the first question on."""
        result = Progress(Usage())
        answers: dict[int, Any] = {}
        for i, a in enumerate(self.plan.asks):
            try:
                answers[i] = self._settle(i, a, result)
            except _Pending as p:
                result.requests.append(p.request)
            except ModelOutputError as e:
                if a.kind != "speakers":
                    result.error = e
                    return result
                result.warnings.append(quotes_left_out(a, e))
            except SummarizerError as e:
                result.error = e
                return result
        try:
            summary = self._summary(answers, result)  # asked once the parts' summaries are in
            if not result.requests:
                result.summary = finish(self.plan, answers, summary, result.warnings)
        except _Pending as p:
            result.requests.append(p.request)
        except SummarizerError as e:
            result.error = e
        return result

    def meta(self, progress: Progress, seconds: float = 0.0) -> dict[str, Any]:
        return result_meta(self.article, self.backend, progress.usage, progress.warnings, seconds)

    def _summary(self, answers: dict[int, Any], result: Progress) -> str | None:
        notes = part_summaries(self.plan, answers)
        if len(notes) == 1:
            return notes[0]
        if len(notes) < len(self.plan.parts):
            return None  # a part's summary is still to come
        return self._settle(len(self.plan.asks), summary_of_parts(notes), result).summary

    def _settle(self, index: int, a: Ask, result: Progress) -> Any:
        """The answer to one question from its replies, through the live path's attempt loop
        (``llm.settle``); raises _Pending with the request it needs next, or the live path's error."""
        budget = reask_budget(self.options.max_reasks, self.backend.constrained, issubclass(a.model, ListAnswer))
        q = a.question
        return settle(a.model, q.messages, self.context, q.max_tokens, budget, result.usage,
                      answer=lambda attempt, build: self._reply(index, attempt, build).completion(),
                      save=lambda completion, error: self._save(index, a, completion, error),
                      warnings=result.warnings, tidy=unmarked, question=q.name)

    def _save(self, index: int, a: Ask, completion: Any, error: Exception) -> str | None:
        """The failed output, saved once whatever the replays: named for the article and question."""
        name = f"batch-{self.key[:16]}-{index}-{a.model.__name__}.json"
        return save_failure(a.model, a.question.messages, completion, error, name=name)

    def _reply(self, index: int, attempt: int, build: Callable[[], dict[str, Any]]) -> Reply:
        tries = self.replies.get((index, attempt), {})
        for reply in tries.values():
            if reply.error is None:
                return reply
        if len(tries) >= MAX_TRIES:
            last = tries[max(tries)].error
            raise BackendError(f"the batch engine failed this article's request {len(tries)} times ({last})")
        raise _Pending(Request(RequestId(self.key, index, attempt, max(tries, default=-1) + 1), build))

