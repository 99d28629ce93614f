"""A real HTTP server on 127.0.0.1 that speaks OpenAI chat completions, for tests and benchmarks.

It answers like a (very simple) model: it reads the question in the last user message and the
article in the prompt, and returns JSON that fits the question's schema. Faults can be scripted
(``FAULTS``): 429 with Retry-After, 500, a slow answer past the client's timeout, invalid JSON,
answers that violate the schema or the grounding rules, and what misconfigured or overloaded
servers send: an HTML page with 200, JSON that is not a chat completion, a 502 HTML error page,
a context-length 400, an answer in a Markdown code fence, a connection closed without an answer.

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
FAULTS = ("429", "500", "slow", "badjson", "invalid", "html200", "notchat", "502html", "ctx400", "fence", "drop")
HTML_PAGE = b"<!DOCTYPE html><html><head><title>Welcome</title></head><body><h1>It works!</h1></body></html>"
BAD_GATEWAY = (b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway"
               b"</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n")
_NAME = re.compile(r"\b([A-Z][a-z]+ [A-Z][a-z]+)\b")


def article_of(request: dict[str, Any]) -> str:
    user = [m["content"] for m in request["messages"] if m["role"] == "user" and "ARTICLE:" in m["content"]]
    content = user[0] if user else request["messages"][-1]["content"]
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


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up (a timeout, an interrupted batch) is normal here: no traceback."""
        import sys

        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


class LoopbackOpenAI:
    def __init__(self, responder: Responder = simple_model, latency: float = 0.0):
        self.responder = responder
        self.latency = latency
        self.faults: deque[str] = deque()  # consumed one per request, one of FAULTS
        self.fault_rule: Callable[[int, dict[str, Any]], str | None] | None = None
        self.requests = 0
        self.served = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.slow_seconds = 3.0
        self.retry_after = "0.05"
        self.authorizations: list[str | None] = []  # the Authorization header of every request
        self.max_model_len: int | None = None  # the context the models list reports, as vLLM does
        self._lock = threading.Lock()
        self._server = _QuietServer(("127.0.0.1", 0), self._handler())
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
            disable_nagle_algorithm = True  # headers and body leave at once: no 40 ms delayed-ACK stall per answer

            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # noqa: N802 - the models list, with the context a vLLM server reports
                if not self.path.endswith("/models"):
                    return self._send(404, {"error": {"message": "not found"}})
                model = {"id": "fake", "object": "model", "created": 0, "owned_by": "loopback"}
                if server.max_model_len:
                    model["max_model_len"] = server.max_model_len
                return self._send(200, {"object": "list", "data": [model]})

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length", 0))
                request = json.loads(self.rfile.read(length) or b"{}")
                with server._lock:
                    server.authorizations.append(self.headers.get("Authorization"))
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
                if fault == "html200":
                    return self._send_raw(200, HTML_PAGE, "text/html; charset=utf-8")
                if fault == "notchat":
                    return self._send(200, {"object": "list", "data": [{"id": "fake", "object": "model"}]})
                if fault == "502html":
                    return self._send_raw(502, BAD_GATEWAY, "text/html")
                if fault == "ctx400":
                    return self._send(400, {"error": {
                        "message": "This model's maximum context length is 4096 tokens. However, you requested "
                                   "9120 tokens (8096 in the messages, 1024 in the completion).",
                        "type": "invalid_request_error", "code": "context_length_exceeded"}})
                if fault == "drop":  # a server that dies mid-request: no status line at all
                    self.close_connection = True
                    try:
                        self.connection.shutdown(2)
                    except OSError:
                        pass
                    return None
                content = server.responder(request)
                if fault == "badjson":
                    content = content[: len(content) // 2]
                elif fault == "invalid":
                    content = json.dumps({"unexpected": True})
                elif fault == "fence":
                    content = f"```json\n{content}\n```"
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
                self._send_raw(status, json.dumps(body).encode(), "application/json", headers)

            def _send_raw(self, status: int, data: bytes, content_type: str,
                          headers: dict[str, str] | None = None) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(data)))
                    for k, v in (headers or {}).items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout): fine

        return Handler


def main() -> None:
    """Serve from a process of its own (benchmarks): prints the address, serves until killed.

        python tests/openai_server.py [--latency S] [--rate-limit SHARE --from N --to M]
    """
    import argparse
    import random
    import sys

    parser = argparse.ArgumentParser()
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--rate-limit", type=float, default=0.0, help="share of requests refused with 429")
    parser.add_argument("--from", dest="first", type=int, default=0, help="from this request on")
    parser.add_argument("--to", dest="last", type=int, default=10**12, help="up to this request")
    parser.add_argument("--retry-after", default="0.05")
    args = parser.parse_args()
    rng = random.Random(14)
    with LoopbackOpenAI(latency=args.latency) as server:
        server.retry_after = args.retry_after
        if args.rate_limit:
            server.fault_rule = lambda n, _r: "429" if args.first <= n < args.last and rng.random() < args.rate_limit else None
        print(server.base_url, flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        print(f"requests {server.requests}, max in flight {server.max_in_flight}", file=sys.stderr)


if __name__ == "__main__":
    main()
