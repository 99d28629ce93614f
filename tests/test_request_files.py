"""Any engine that reads the Batch file format: --export-requests, a fake engine that answers
the file, --import-results, round after round; the same results as the live path."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from conftest import SEED
from openai_server import LoopbackOpenAI, simple_model
from test_batch import make_articles, read_jsonl
from test_rounds import flaky, unsaved
from summarizer.cli import Env, main
from summarizer.request_files import SplitWriter, request_ids, work_dir


def engine(requests: Path, results: Path, responder=simple_model) -> int:
    """What vLLM's batch runner does with a request file: answer each line, write the results."""
    lines = [json.loads(line) for line in requests.read_text(encoding="utf-8").splitlines()]
    with open(results, "w", encoding="utf-8") as f:
        for n, line in enumerate(lines):
            assert line["method"] == "POST" and line["url"] == "/v1/chat/completions"
            body = {"id": f"cmpl-{n}", "object": "chat.completion", "created": 0, "model": line["body"]["model"],
                    "choices": [{"index": 0, "finish_reason": "stop",
                                 "message": {"role": "assistant", "content": responder(line["body"])}}],
                    "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120}}
            f.write(json.dumps({"id": f"vllm-{n}", "custom_id": line["custom_id"],
                                "response": {"status_code": 200, "request_id": f"r{n}", "body": body}, "error": None}) + "\n")
    return len(lines)


def run(*args: str) -> tuple[int, str]:
    err = io.StringIO()
    code = main(["batch", *args], Env(stdout=io.StringIO(), stderr=err))
    return code, err.getvalue()


def corpus(folder: Path) -> None:
    make_articles(folder, 12)
    (folder / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "copy-of-seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")


def comparable(record: dict) -> dict:
    return {"source": record["source"], "status": record["status"], "summary": record["summary"],
            "warnings": unsaved(record["warnings"]), "usage": record["usage"]}


def test_export_engine_import_two_rounds_gives_the_live_results(tmp_path):
    folder = tmp_path / "in"
    corpus(folder)
    out = tmp_path / "results.jsonl"
    code, err = run(str(folder), "--out", str(out), "--model", "fake", "--export-requests", str(tmp_path / "r1.jsonl"))
    assert code == 0 and "round 1:" in err and "14 articles not done" in err
    first = engine(tmp_path / "r1.jsonl", tmp_path / "r1.out.jsonl", flaky)
    assert first == 2 * 12 + 3  # participants and summary for each; the seed (twice, one text) three questions

    code, err = run(str(folder), "--out", str(out), "--model", "fake", "--import-results", str(tmp_path / "r1.out.jsonl"),
                    "--export-requests", str(tmp_path / "r2.jsonl"))
    assert code == 0 and "round 2: 13 requests for 13 articles" in err  # each participants answer re-asked
    assert all(r.attempt == 1 for r in request_ids(tmp_path / "r2.jsonl"))
    engine(tmp_path / "r2.jsonl", tmp_path / "r2.out.jsonl", flaky)

    code, err = run(str(folder), "--out", str(out), "--model", "fake", "--import-results", str(tmp_path / "r2.out.jsonl"))
    assert code == 0, err
    assert "articles 14 · ok 14 · errors 0" in err and "round 2: 13 requests" in err and "price unknown for fake" in err
    assert "round 1: 27 requests" in err and "3.08 requests per article (40 requests for the 13 articles" in err  # the seed twice: one text
    assert not work_dir(out).exists()  # every article done: the kept results are gone
    batch = read_jsonl(out)

    with LoopbackOpenAI(responder=flaky) as server:
        code, err = run(str(folder), "--out", str(tmp_path / "live.jsonl"), "--base-url", server.base_url, "--model", "fake")
    assert code == 0, err
    live = read_jsonl(tmp_path / "live.jsonl")
    assert [comparable(r) for r in batch] == [comparable(r) for r in live]
    assert batch[0]["model"] == "batch-file#fake"

    code, err = run(str(folder), "--out", str(out), "--model", "fake", "--export-requests", str(tmp_path / "r3.jsonl"))
    assert code == 0 and "nothing left to ask" in err and "from cache 14" in err  # a rerun asks nothing
    assert (tmp_path / "r3.jsonl").read_text() == ""


def test_results_of_other_articles_and_torn_lines_are_ignored(tmp_path):
    folder = tmp_path / "in"
    make_articles(folder, 3)
    out = tmp_path / "o.jsonl"
    run(str(folder), "--out", str(out), "--model", "fake", "--export-requests", str(tmp_path / "r1.jsonl"))
    engine(tmp_path / "r1.jsonl", tmp_path / "r1.out.jsonl")
    text = (tmp_path / "r1.out.jsonl").read_text()
    stray = json.loads(text.splitlines()[0])
    stray["custom_id"] = "f" * 32 + "-0-0-0"
    (tmp_path / "r1.out.jsonl").write_text(json.dumps(stray) + "\n" + text + '{"custom_id": "torn', encoding="utf-8")
    code, err = run(str(folder), "--out", str(out), "--model", "fake", "--import-results", str(tmp_path / "r1.out.jsonl"))
    assert code == 0 and "ok 3" in err
    assert [r["status"] for r in read_jsonl(out)] == ["ok"] * 3


def test_engine_options_are_checked(tmp_path):
    folder = tmp_path / "in"
    make_articles(folder, 1)
    out = str(tmp_path / "o.jsonl")
    cases = [
        ((str(folder), "--out-dir", str(tmp_path / "d"), "--model", "m", "--export-requests", "x.jsonl"), "beside the output"),
        ((str(folder), "--out", out, "--export-requests", "x.jsonl"), "--model"),
        ((str(folder), "--out", out, "--model", "m", "--via", "batch-api", "--import-results", out), "sends the requests itself"),
        ((str(folder), "--out", out, "--model", "m", "--cancel", "--export-requests", "x.jsonl"), "--cancel is for"),
        ((str(folder), "--out", out, "--model", "m", "--import-results", "nope.jsonl"), "no such file"),
        ((str(folder), "--out", out, "--model", "m", "--export-requests", "x.jsonl", "--no-cache"), "drop --no-cache"),
        ((str(folder), "--out", out, "--model", "m", "--via", "batch-api", "--poll-interval", "0"), "more than 0"),
        ((str(folder), "--out", out, "--model", "gpt-4o-mini", "--via", "batch-api"), "OPENAI_API_KEY"),
    ]
    for args, message in cases:
        code, err = run(*args)
        assert code == 2 and message in err, (args, err)


def test_request_files_are_split_at_the_limits_and_never_split_an_article(tmp_path):
    writer = SplitWriter(tmp_path, "r1", max_lines=5, max_bytes=10_000)
    ids = [[f"{'a' * 31}{k}-{q}-0-0" for q in range(3)] for k in range(4)]
    for article in ids:
        writer.add([json.dumps({"custom_id": i, "body": {"x": "y" * 100}}) for i in article])
    files = writer.close()
    assert [n for _, n in files] == [3, 3, 3, 3]  # 3 + 3 > 5: one article a file
    assert [str(r) for r in request_ids(files[1][0])] == ids[1]
    writer = SplitWriter(tmp_path, "r2", max_lines=100, max_bytes=1100)
    for article in ids:
        writer.add([json.dumps({"custom_id": i, "body": {"x": "y" * 100}}) for i in article])
    assert [n for _, n in writer.close()] == [6, 6]  # by bytes
    assert not list(tmp_path.glob(".*.tmp"))
    assert re.match(r"r1-\d\.jsonl", files[0][0].name)
