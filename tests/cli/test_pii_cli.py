"""``lawbridge pii scan``: one output line per input line, in order; bad lines reported; exit 2."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from lawbridge.cli.main import cli

GOOD = {"id": "d1", "text": "联系人：张伟，手机13800138000"}


def run(data: bytes, *args: str) -> tuple[list[dict[str, object]], str, int]:
    result = CliRunner().invoke(cli, ["pii", "scan", *args], input=data)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    return lines, result.stderr, result.exit_code


def test_scans_documents_in_order_with_character_offsets() -> None:
    other = {"id": 7, "text": "nothing personal here"}
    data = (json.dumps(GOOD, ensure_ascii=False) + "\n\n" + json.dumps(other) + "\n").encode()
    lines, err, code = run(data)
    assert code == 0
    assert [line["id"] for line in lines] == ["d1", 7]
    assert lines[0]["spans"] == [
        {"start": 4, "end": 6, "type": "PERSON", "score": 0.85},
        {"start": 9, "end": 20, "type": "PHONE", "score": 1.0},
    ]
    assert lines[1]["spans"] == []
    assert "2 documents, 0 failed" in err


def test_bad_lines_become_errors_and_the_batch_goes_on() -> None:
    bad = [
        b"{not json",
        json.dumps({"id": "no-text"}).encode(),
        json.dumps({"id": "number", "text": 5}).encode(),
        json.dumps({"id": ["list"], "text": "x"}).encode(),
        json.dumps(["a", "list"]).encode(),
        b'{"id": "utf8", "text": "\xff\xfe"}',
    ]
    good = json.dumps(GOOD, ensure_ascii=False).encode()
    lines, err, code = run(b"\n".join([*bad, good]) + b"\n")
    assert code == 0
    assert [line.get("id") for line in lines] == [
        None,
        "no-text",
        "number",
        None,
        None,
        "utf8",
        "d1",
    ]
    assert all("error" in line for line in lines[:-1]) and "spans" in lines[-1]
    assert "not valid UTF-8" in str(lines[5]["error"])
    assert "7 documents, 6 failed" in err


def test_files_in_and_out(tmp_path: Path) -> None:
    source, target = tmp_path / "docs.jsonl", tmp_path / "found.jsonl"
    source.write_text(json.dumps(GOOD, ensure_ascii=False) + "\n", encoding="utf-8")
    _, _, code = run(b"", "-i", str(source), "-o", str(target))
    assert code == 0
    (line,) = [json.loads(x) for x in target.read_text(encoding="utf-8").splitlines()]
    assert [span["type"] for span in line["spans"]] == ["PERSON", "PHONE"]


def test_unusable_arguments_exit_2(tmp_path: Path) -> None:
    assert run(b"", "-i", str(tmp_path / "missing.jsonl"))[2] == 2
    assert run(b"", "--threshold", "2")[2] == 2
    assert run(b"", "--no-such-option")[2] == 2
