"""``--engine local`` for ``screen`` and ``pii scan``, and ``content hash``: Parquet or JSON Lines in
and out, the same answers as the in-process commands, bad files refused with exit 2."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner, Result

from lawbridge.cli.main import cli
from lawbridge.jobs import synthetic


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def write_jsonl(path: Path, rows: list[Any], extra: str = "") -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows) + extra, "utf-8"
    )
    return path


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    entries = synthetic.watchlist(200)
    queries = synthetic.queries(80, entries)
    queries[3]["id"] = 3  # a number stays a number in JSON Lines
    bad = '{"id": "x", "record": {"name": ""}}\nnot json\n{"id": true, "record": {}}\n'
    return {
        "list": write_jsonl(tmp_path / "list.jsonl", entries),
        "queries": write_jsonl(tmp_path / "q.jsonl", queries, bad),
        "qparquet": _parquet(tmp_path / "q.parquet", synthetic.queries(80, entries)),
        "docs": _parquet(tmp_path / "docs.parquet", synthetic.documents(40)),
    }


def _parquet(path: Path, rows: list[dict[str, Any]]) -> Path:
    pq.write_table(pa.Table.from_pylist(rows), path)
    return path


def test_screen_engine_local_writes_what_screen_writes(
    files: dict[str, Path], tmp_path: Path
) -> None:
    base = ("screen", "--list", str(files["list"]), "-i", str(files["queries"]), "--limit", "3")
    plain = invoke(*base, "-o", str(tmp_path / "a.jsonl"))
    pooled = invoke(*base, "-o", str(tmp_path / "b.jsonl"), "--engine", "local")
    assert plain.exit_code == 0 and pooled.exit_code == 0, pooled.output
    expected = (tmp_path / "a.jsonl").read_text("utf-8")
    assert (tmp_path / "b.jsonl").read_text("utf-8") == expected
    lines = [json.loads(line) for line in expected.splitlines()]
    assert lines[3]["query_id"] == 3
    assert [line.get("error", "")[:7] for line in lines[-3:]] == ["line 81", "line 82", "line 83"]
    assert "83 queries, 3 failed" in pooled.output


def test_screen_parquet_in_and_out(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "hits.parquet"
    result = invoke(
        "screen", "--list", str(files["list"]), "-i", str(files["qparquet"]), "-o", str(out),
        "--engine", "local",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    table = pq.read_table(out)
    assert table.column_names == ["query_id", "candidates", "threshold", "error"]
    assert table.num_rows == 80 and table.column("error").null_count == 80


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PAR1 this is not parquet", "not a readable Parquet file"),
        (None, "needs a 'record' column"),
    ],
)
def test_bad_parquet_is_an_error_with_exit_2(
    files: dict[str, Path], tmp_path: Path, content: bytes | None, message: str
) -> None:
    bad = tmp_path / "bad.parquet"
    if content is None:
        pq.write_table(pa.table({"id": ["1"], "nom": ["Wang Wei"]}), bad)
    else:
        bad.write_bytes(content)
    out = tmp_path / "out.parquet"
    result = invoke(
        "screen", "--list", str(files["list"]), "-i", str(bad), "-o", str(out), "--engine", "local"
    )
    assert result.exit_code == 2
    assert result.output.startswith("error: ") and message in result.output
    assert not out.exists()


def test_engine_needs_a_list_file(files: dict[str, Path]) -> None:
    result = invoke("screen", "--watchlist", "w1", "--engine", "local", "-i", str(files["queries"]))
    assert result.exit_code == 2 and "--engine applies to --list" in result.output


def test_pii_scan_engine_local_matches_the_plain_scan(tmp_path: Path) -> None:
    docs = write_jsonl(
        tmp_path / "docs.jsonl",
        [{"id": 1, "text": "电话 13812345678"}, {"id": "b", "text": 5}, {"id": [1], "text": "x"}],
        "oops\n",
    )
    plain = invoke("pii", "scan", "-i", str(docs), "-o", str(tmp_path / "a.jsonl"))
    pooled = invoke(
        "pii", "scan", "-i", str(docs), "-o", str(tmp_path / "b.jsonl"), "--engine", "local"
    )
    assert plain.exit_code == 0 and pooled.exit_code == 0, pooled.output
    a = [json.loads(x) for x in (tmp_path / "a.jsonl").read_text("utf-8").splitlines()]
    b = [json.loads(x) for x in (tmp_path / "b.jsonl").read_text("utf-8").splitlines()]
    for span in b[0]["spans"]:
        assert span.pop("recognizer")
    assert a == b


def test_pii_scan_parquet_with_redaction(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "found.parquet"
    result = invoke(
        "pii", "scan", "-i", str(files["docs"]), "-o", str(out), "--engine", "local", "--redact"
    )
    assert result.exit_code == 0, result.output
    rows = pq.read_table(out).to_pylist()
    assert len(rows) == 40 and all(row["error"] is None for row in rows)
    assert any("<PHONE>" in row["text_redacted"] for row in rows)
    missing = invoke(
        "pii", "scan", "-i", str(files["docs"]), "-o", str(out), "--engine", "local",
        "--column", "body",
    )  # fmt: skip
    assert missing.exit_code == 2 and "missing column(s) body" in missing.output


def test_column_and_redact_need_an_engine(tmp_path: Path) -> None:
    docs = write_jsonl(tmp_path / "d.jsonl", [{"id": 1, "text": "x"}])
    result = invoke("pii", "scan", "-i", str(docs), "--redact")
    assert result.exit_code == 2 and "apply with --engine" in result.output


def test_content_hash_parquet_with_a_bank(tmp_path: Path) -> None:
    posts = tmp_path / "posts.parquet"
    pq.write_table(
        pa.Table.from_pylist(
            [
                {
                    "id": "p1",
                    "text": "hello world",
                    "links": ["https://bad.example/x?utm_source=y"],
                },
                {"id": "p2", "text": None, "links": None},
                {"id": None, "text": "no id", "links": None},
            ]
        ),
        posts,
    )
    bank = tmp_path / "bank.txt"
    bank.write_text("url https://bad.example/x\n", "utf-8")
    out = tmp_path / "signals.parquet"
    result = invoke("content", "hash", "-i", str(posts), "-o", str(out), "--bank", str(bank))
    assert result.exit_code == 0, result.output
    rows = pq.read_table(out).to_pylist()
    assert rows[0]["matches"][0]["signal_type"] == "url_canonical"
    assert rows[1]["error"] is None and rows[1]["text_sha256"] is None
    assert rows[2]["error"] == "each post needs an 'id'"
    assert "3 posts, 1 failed" in result.output


def test_content_hash_refuses_a_bad_bank_and_a_post_file_without_content(tmp_path: Path) -> None:
    posts = tmp_path / "posts.parquet"
    pq.write_table(pa.table({"id": ["p1"]}), posts)
    out = str(tmp_path / "s.parquet")
    no_content = invoke("content", "hash", "-i", str(posts), "-o", out)
    assert no_content.exit_code == 2 and "'text', 'image' or 'links'" in no_content.output
    bank = tmp_path / "bank.txt"
    bank.write_text("mystery abc\n", "utf-8")
    bad_bank = invoke("content", "hash", "-i", str(posts), "-o", out, "--bank", str(bank))
    assert bad_bank.exit_code == 2 and "bank line 1" in bad_bank.output
