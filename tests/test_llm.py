"""The attempt loop (summarizer/llm.py) asks what instructor's JSON_SCHEMA mode asks: the same
requests, message for message, and the same answer, with instructor's own retry loop run
beside it on the same scripted answers. If an upgrade of instructor changes its requests,
these tests say so."""

from __future__ import annotations

import json
import random

import instructor
import pytest
from instructor.templating import handle_templating
from openai.types.chat import ChatCompletion

from summarizer.backends.base import Usage
from summarizer.errors import ModelOutputError
from summarizer.grounding import validation_context
from summarizer.llm import rendered, settle
from summarizer.schemas import ParticipantsAnswer, SummaryAnswer

ARTICLE = "Anna Berg met Tom Lind in Oslo.\n\n\"We will publish soon,\" Lind said."
MESSAGES = [
    {"role": "system", "content": "You read news.\n"},
    {"role": "user", "content": f"  Article:\r\n  {ARTICLE}\n  {{{{ not a variable }}}} {{% endraw %}}"},
]


def verbatim(message: dict[str, str]) -> dict[str, str]:
    """How a message reaches instructor's Jinja rendering unharmed: inside a raw block."""
    content = message["content"].replace("{% endraw %}", "{% endraw %}{{ '{% endraw %}' }}{% raw %}")
    return {**message, "content": "{% raw %}" + content + "{% endraw %}"}


def instructor_rendered(message: dict[str, str]) -> str:
    kwargs = handle_templating({"messages": [verbatim(message)]}, mode=instructor.Mode.JSON_SCHEMA,
                               context={"article": ARTICLE})
    return kwargs["messages"][0]["content"]


def completion(content: str, finish_reason: str = "stop") -> ChatCompletion:
    return ChatCompletion.model_validate({
        "id": "x", "object": "chat.completion", "created": 0, "model": "fake",
        "choices": [{"index": 0, "finish_reason": finish_reason, "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 3, "total_tokens": 13},
    })


def scripted(answers: list[str]):
    """A create function that answers from a script and keeps every request it was sent."""
    sent: list[dict] = []

    def create(**kwargs):
        sent.append(json.loads(json.dumps(kwargs)))
        return completion(answers[len(sent) - 1])

    return create, sent


@pytest.mark.parametrize("content", [
    "plain", "", "\n", "line\r\nends\rof every kind\n", "    indented\n    alike\n", "  mixed\n indent",
    "{{ x }} {% if %} {# c #}", "{% endraw %}", "{% raw %}{% endraw %}", "trailing newline\n\n",
    "\ttab\n\ttab", "quotes \u201clike this\u201d and \u2028 a line separator",
])
def test_messages_are_rendered_as_instructor_renders_them(content):
    message = {"role": "user", "content": content}
    assert rendered(message)["content"] == instructor_rendered(message)


def test_rendering_matches_instructor_on_random_text():
    random.seed(7)
    pieces = ["a", " ", "  ", "\n", "\r", "\r\n", "\t", "{{", "}}", "{%", "%}", "{#", "#}", "{% endraw %}",
              "{% raw %}", "-", "\u00e9", "'", '"', "\x0b", "\x0c", "\x85"]
    for _ in range(2000):
        content = "".join(random.choice(pieces) for _ in range(random.randint(0, 25)))
        message = {"role": "user", "content": content}
        assert rendered(message)["content"] == instructor_rendered(message), repr(content)


def run_instructor(answers: list[str], model, max_retries: int):
    create, sent = scripted(answers)
    patched = instructor.patch(create=create, mode=instructor.Mode.JSON_SCHEMA)
    try:
        result = patched(response_model=model, messages=[verbatim(m) for m in MESSAGES],
                         context=validation_context(ARTICLE), max_retries=max_retries, max_tokens=99)
    except Exception as e:  # noqa: BLE001 - compared with ours below
        result = e
    return result, sent


def run_ours(answers: list[str], model, max_reasks: int):
    create, sent = scripted(answers)
    usage = Usage()
    try:
        result = settle(model, MESSAGES, validation_context(ARTICLE), 99, max_reasks, usage,
                        answer=lambda attempt, build: create(**build()), save=lambda c, e: None)
    except ModelOutputError as e:
        result = e
    return result, sent, usage


INVENTED = json.dumps({"participants": [["Zed Nobody", "person", "", ""]]})
REAL = json.dumps({"participants": [["Anna Berg", "person", "", ""], ["Tom Lind", "person", "", ""]]})


@pytest.mark.parametrize("answers", [
    [REAL],
    [INVENTED, REAL],
    ["not json", '{"participants": "none"}', REAL],
    ['{"participants": [["Anna Berg", "alien", "", ""]]}', REAL],
], ids=["first", "invented-then-real", "twice-wrong", "bad-kind"])
def test_the_attempt_loop_sends_instructors_requests_and_gets_its_answer(answers):
    theirs, their_requests = run_instructor(answers, ParticipantsAnswer, max_retries=2)
    ours, our_requests, usage = run_ours(answers, ParticipantsAnswer, max_reasks=2)
    assert our_requests == their_requests
    assert ours.model_dump() == theirs.model_dump()
    assert usage.calls == len(answers) and usage.reasks == len(answers) - 1
    assert usage.prompt_tokens == 10 * len(answers)


def test_a_spent_budget_fails_where_instructor_fails_and_asks_the_same():
    answers = ['{"summary": "short"}'] * 3
    theirs, their_requests = run_instructor(answers, SummaryAnswer, max_retries=2)
    ours, our_requests, usage = run_ours(answers, SummaryAnswer, max_reasks=2)
    assert isinstance(theirs, Exception) and isinstance(ours, ModelOutputError)
    assert our_requests == their_requests and len(our_requests) == 3
    assert "failed validation 3 times: summary: String should have at least 20 characters" in str(ours)
    assert usage.reasks == 2


def test_a_list_answer_keeps_its_valid_rows_once_the_budget_is_spent():
    mixed = json.dumps({"participants": [["Anna Berg", "person", "", ""], ["Zed Nobody", "person", "", ""]]})
    warnings: list[str] = []
    create, sent = scripted([mixed, mixed])
    answer = settle(ParticipantsAnswer, MESSAGES, validation_context(ARTICLE), 99, 1, Usage(),
                    answer=lambda attempt, build: create(**build()), save=lambda c, e: None, warnings=warnings)
    assert [row[0] for row in answer.participants] == ["Anna Berg"]
    assert len(sent) == 2 and any("Zed Nobody" in w for w in warnings)


def test_an_answer_cut_off_is_not_asked_again():
    sent: list[dict] = []
    saved: list[Exception] = []

    def create(**kwargs):
        sent.append(kwargs)
        return completion('{"summary": "Anna Berg met Tom', finish_reason="length")

    with pytest.raises(ModelOutputError, match="cut off at 99 tokens"):
        settle(SummaryAnswer, MESSAGES, validation_context(ARTICLE), 99, 2, Usage(),
               answer=lambda attempt, build: create(**build()), save=lambda c, e: saved.append(e))
    assert len(sent) == 1 and len(saved) == 1


def test_a_fenced_answer_is_tidied_before_it_is_validated_and_costs_no_reask():
    create, sent = scripted(['```json\n{"summary": "Anna Berg met Tom Lind in Oslo to talk."}\n```'])
    usage = Usage()
    answer = settle(SummaryAnswer, MESSAGES, validation_context(ARTICLE), 99, 2, usage,
                    answer=lambda attempt, build: create(**build()), save=lambda c, e: None)
    assert answer.summary.startswith("Anna Berg") and usage.reasks == 0 and len(sent) == 1


def test_the_embedded_grammar_keeps_control_characters_out_of_strings():
    # llama-cpp-python 0.3.36's own rule ('char ::= [^"\\] | ...') lets a raw line break into a
    # string, and the answer is then no JSON (seen on a 100,000-character article)
    from summarizer.backends.embedded import bridge_response_format, json_grammar
    from summarizer.schemas import AgreementsAnswer

    grammar = json_grammar(AgreementsAnswer.model_json_schema())
    rules = [line for line in grammar.splitlines() if line.startswith("char ::=")]
    assert rules == [r'char ::= [^"\\\x7F\x00-\x1F] | "\\" (["\\/bfnrt] | "u" [0-9a-fA-F] [0-9a-fA-F] [0-9a-fA-F] [0-9a-fA-F])']
    request = bridge_response_format({"messages": [], "response_format": {
        "type": "json_schema", "json_schema": {"name": "A", "schema": AgreementsAnswer.model_json_schema()}}})
    assert "response_format" not in request and request["grammar"] is not None  # llama.cpp would build its own
