"""A real HTTP server on 127.0.0.1 that speaks OpenAI chat completions, for tests and benchmarks.

It answers like a (very simple) model: it reads the question in the last user message and the
article in the prompt, and returns JSON that fits the question's schema. Faults can be scripted:
429 with Retry-After, 500, a slow answer past the client's timeout, invalid JSON, and answers
that violate the schema or the grounding rules.

    with LoopbackOpenAI() as server:
        server.faults.extend(["429", "500"])
        ... OpenAIBackend(model="fake", base_url=server.base_url) ...
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

Responder = Callable[[dict[str, Any]], str]
_NAME = re.compile(r"\b([A-Z][a-z]+ [A-Z][a-z]+)\b")


def article_of(request: dict[str, Any]) -> str:
    user = [m["content"] for m in request["messages"] if m["role"] == "user" and "ARTICLE:" in m["content"]]
    content = user[0] if user else request["messages"][-1]["content"]
    content = content.replace("{% raw %}", "").replace("{% endraw %}", "")
    match = re.search(r"ARTICLE:\n(.*?)\n\nQUESTION:", content, re.S)
    return match.group(1) if match else content


def simple_model(request: dict[str, Any]) -> str:
    """Answers each of the pipeline's questions from the article, deterministically."""
    schema = request.get("response_format", {}).get("json_schema", {}).get("schema", {})
    fields = set(schema.get("properties", {}))
    article = re.sub(r"\[Q\d+\] ", "", article_of(request))
    names = list(dict.fromkeys(_NAME.findall(article)))
    question = request["messages"][-1]["content"].rsplit("QUESTION:", 1)[-1]
    if "participants" in fields:
        return json.dumps({"participants": [[n, "person", "", ""] for n in names[:5]]})
    if "speakers" in fields:  # one name for each quotation asked about
        asked = len(re.findall(r"^\[Q\d+\]", question, re.M))
        return json.dumps({"speakers": [names[0] if names else "-"] * asked})
    if "agreements" in fields:
        return json.dumps({"agreements": []})
    if "summary" in fields:
        first = article.split("\n")[0][:300]
        return json.dumps({"summary": f"The article reports: {first}"})
    return json.dumps({})


class LoopbackOpenAI:
    def __init__(self, responder: Responder = simple_model, latency: float = 0.0):
        self.responder = responder
        self.latency = latency
        self.faults: deque[str] = deque()  # consumed one per request: 429, 500, slow, badjson, invalid
        self.fault_rule: Callable[[int, dict[str, Any]], str | None] | None = None
        self.requests = 0
        self.served = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.slow_seconds = 3.0
        self.retry_after = "0.05"
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> LoopbackOpenAI:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _next_fault(self, number: int, request: dict[str, Any]) -> str | None:
        with self._lock:
            if self.faults:
                return self.faults.popleft()
        return self.fault_rule(number, request) if self.fault_rule else None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length", 0))
                request = json.loads(self.rfile.read(length) or b"{}")
                with server._lock:
                    server.requests += 1
                    number = server.requests
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                try:
                    self._answer(number, request)
                finally:
                    with server._lock:
                        server.in_flight -= 1

            def _answer(self, number: int, request: dict[str, Any]) -> None:
                if not self.path.endswith("/chat/completions"):
                    return self._send(404, {"error": {"message": "not found"}})
                if self.headers.get("Authorization") == "Bearer wrong-key":
                    return self._send(401, {"error": {"message": "invalid api key"}})
                fault = server._next_fault(number, request)
                if server.latency:
                    time.sleep(server.latency)
                if fault == "429":
                    return self._send(429, {"error": {"message": "rate limited"}}, {"Retry-After": server.retry_after})
                if fault == "500":
                    return self._send(500, {"error": {"message": "boom"}})
                if fault == "slow":
                    time.sleep(server.slow_seconds)
                content = server.responder(request)
                if fault == "badjson":
                    content = content[: len(content) // 2]
                elif fault == "invalid":
                    content = json.dumps({"unexpected": True})
                with server._lock:
                    server.served += 1
                body = {
                    "id": f"chatcmpl-{number}",
                    "object": "chat.completion",
                    "created": int(time.time()),
                    "model": request.get("model", "fake"),
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                                 "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
                }
                self._send(200, body)

            def _send(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
                data = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for k, v in (headers or {}).items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout): fine

        return Handler
