"""The loopback server (tests/openai_server.py) with OpenAI's Files and Batches endpoints, for
tests and benchmarks: upload, create, retrieve, list, cancel, file content.

A job walks through scripted states, one step per retrieve (``script``, or ``scripts`` one per
job in the order they are created): "validating", "in_progress", "finalizing", then how it
ends: "completed" (every request answered), "failed" (validation failed: nothing answered),
"expired" (the first ``partial`` share answered, the rest in the error file as expired),
"cancelled" (after a cancel: the same share answered). Each request is answered by the
server's responder, the same as a live request; ``line_fault(custom_id, body)`` may make one a
result line with an error ("error") or a 500 ("500"). ``submitted`` counts each custom_id in
every job created: a request paid for twice shows as 2.

    with LoopbackBatches() as server:
        server.script = ["validating", "in_progress", "completed"]
        ... summarizer batch DIR --via batch-api --base-url server.base_url --model fake ...
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import Counter, deque
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any, Callable

from openai_server import LoopbackOpenAI, simple_model

USAGE = {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120}


class LoopbackBatches(LoopbackOpenAI):
    def __init__(self, responder=simple_model, latency: float = 0.0):
        super().__init__(responder, latency)
        self.files: dict[str, bytes] = {}
        self.jobs: dict[str, dict[str, Any]] = {}
        self.script = ["validating", "in_progress", "completed"]
        self.scripts: deque[list[str]] = deque()
        self.partial = 0.5
        self.expired_lines = True  # an expired job lists what it did not do in its error file (else: left out)
        self.line_fault: Callable[[str, dict[str, Any]], str | None] | None = None
        self.submitted: Counter[str] = Counter()
        self.calls: Counter[str] = Counter()  # endpoint -> requests
        self.create_delay = 0.0  # seconds between making a job and answering its create
        self.creating = threading.Event()  # set while a create is made and not yet answered
        self._batch_lock = threading.Lock()

    # ------------------------------------------------------------------ endpoints

    def batch_request(self, method: str, path: str, headers: Any, body: bytes) -> tuple[int, Any]:
        path = path.split("?")[0].removeprefix("/v1")
        with self._batch_lock:
            self.calls[f"{method} {re.sub(r'/(file|batch)[-_][^/]+', '/ID', path)}"] += 1
            if method == "POST" and path == "/files":
                return self._upload(headers, body)
            if method == "GET" and path.startswith("/files/") and path.endswith("/content"):
                data = self.files.get(path.split("/")[2])
                return (200, data) if data is not None else (404, {"error": {"message": "no such file"}})
            if method == "POST" and path == "/batches":
                return self._create(json.loads(body))
            if method == "GET" and path == "/batches":
                return 200, {"object": "list", "data": [self._public(j) for j in self.jobs.values()], "has_more": False}
            if path.startswith("/batches/"):
                job = self.jobs.get(path.split("/")[2])
                if job is None:
                    return 404, {"error": {"message": "no such batch"}}
                if method == "POST" and path.endswith("/cancel"):
                    job["script"] = ["cancelling", "cancelled"]
                    job["status"] = "cancelling"
                    return 200, self._public(job)
                return 200, self._step(job)
        return 404, {"error": {"message": "not found"}}

    def _upload(self, headers: Any, body: bytes) -> tuple[int, Any]:
        message = BytesParser(policy=HTTP).parsebytes(
            f"Content-Type: {headers['Content-Type']}\r\n\r\n".encode() + body)
        parts = {part.get_param("name", header="content-disposition"): part for part in message.iter_parts()}
        data = parts["file"].get_payload(decode=True)
        file_id = f"file-{len(self.files) + 1}"
        self.files[file_id] = data
        return 200, {"id": file_id, "object": "file", "bytes": len(data), "created_at": int(time.time()),
                     "filename": parts["file"].get_filename() or "upload.jsonl", "purpose": "batch"}

    def _create(self, request: dict[str, Any]) -> tuple[int, Any]:
        lines = [json.loads(line) for line in self.files[request["input_file_id"]].decode().splitlines() if line]
        batch_id = f"batch_{len(self.jobs) + 1}"
        for line in lines:
            self.submitted[line["custom_id"]] += 1
        script = list(self.scripts.popleft() if self.scripts else self.script)
        self.jobs[batch_id] = {"id": batch_id, "input_file_id": request["input_file_id"], "lines": lines,
                               "script": script, "status": script[0], "metadata": request.get("metadata"),
                               "output_file_id": None, "error_file_id": None, "done": 0, "failed": 0}
        if self.create_delay:
            self.creating.set()
            self._batch_lock.release()
            try:
                time.sleep(self.create_delay)  # made, not yet answered: a kill now loses the answer
            finally:
                self._batch_lock.acquire()
                self.creating.clear()
        return 200, self._public(self.jobs[batch_id])

    def _step(self, job: dict[str, Any]) -> dict[str, Any]:
        """One step along the job's script per retrieve; at its end, the files."""
        if job["script"] and job["status"] not in ("completed", "failed", "expired", "cancelled"):
            job["status"] = job["script"].pop(0)
            if job["status"] == "in_progress":
                job["done"] = len(job["lines"]) // 2
            if job["status"] in ("completed", "expired", "cancelled"):
                self._finish(job, len(job["lines"]) if job["status"] == "completed" else int(len(job["lines"]) * self.partial))
        return self._public(job)

    def _finish(self, job: dict[str, Any], answered: int) -> None:
        out, errors = [], []
        for n, line in enumerate(job["lines"]):
            if n >= answered:
                if not self.expired_lines:
                    continue
                errors.append({"id": f"req_{n}", "custom_id": line["custom_id"], "response": None,
                               "error": {"code": "batch_expired", "message": "This request could not be executed "
                                         "before the completion window expired."}})
                continue
            fault = self.line_fault(line["custom_id"], line["body"]) if self.line_fault else None
            if fault == "error":
                errors.append({"id": f"req_{n}", "custom_id": line["custom_id"], "response": None,
                               "error": {"code": "server_error", "message": "boom"}})
            elif fault == "500":
                errors.append({"id": f"req_{n}", "custom_id": line["custom_id"], "error": None, "response": {
                    "status_code": 500, "request_id": f"r{n}", "body": {"error": {"message": "internal"}}}})
            else:
                out.append(self._answer(n, line))
        job["done"], job["failed"] = len(out), len(errors)
        job["output_file_id"] = self._store(out)
        job["error_file_id"] = self._store(errors)

    def _answer(self, n: int, line: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            self.served += 1
        content = self.responder(line["body"])
        body = {"id": f"chatcmpl-b{n}", "object": "chat.completion", "created": int(time.time()),
                "model": line["body"].get("model", "fake"), "usage": USAGE,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}]}
        return {"id": f"req_{n}", "custom_id": line["custom_id"],
                "response": {"status_code": 200, "request_id": f"r{n}", "body": body}, "error": None}

    def _store(self, records: list[dict[str, Any]]) -> str | None:
        if not records:
            return None
        file_id = f"file-{len(self.files) + 1}"
        self.files[file_id] = "".join(json.dumps(r) + "\n" for r in records).encode()
        return file_id

    def _public(self, job: dict[str, Any]) -> dict[str, Any]:
        total = len(job["lines"])
        return {"id": job["id"], "object": "batch", "endpoint": "/v1/chat/completions", "errors": None,
                "input_file_id": job["input_file_id"], "completion_window": "24h", "status": job["status"],
                "output_file_id": job["output_file_id"], "error_file_id": job["error_file_id"],
                "created_at": 0, "metadata": job["metadata"],
                "request_counts": {"total": total, "completed": job["done"], "failed": job["failed"]}}

    # ------------------------------------------------------------------ plumbing

    def _handler(self):
        base = super()._handler()
        server = self

        class Handler(base):  # type: ignore[misc, valid-type]
            def do_GET(self) -> None:  # noqa: N802
                if "/files" in self.path or "/batches" in self.path:
                    return self._batch("GET")
                return super().do_GET()

            def do_POST(self) -> None:  # noqa: N802
                if "/files" in self.path or "/batches" in self.path:
                    return self._batch("POST")
                return super().do_POST()

            def _batch(self, method: str) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                status, answer = server.batch_request(method, self.path, self.headers, body)
                if isinstance(answer, bytes):
                    return self._send_raw(status, answer, "application/octet-stream")
                return self._send(status, answer)

        return Handler
