"""Partition functions over Arrow batches: the same answers as the in-process commands, one row
out per row in, per-row errors, engines built once per process and rebuilt when the file changes."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from lawbridge.cli.screening import load_list, screen_lines
from lawbridge.engines.names import MatchConfig, Matcher
from lawbridge.engines.pii import Analyzer
from lawbridge.engines.signals import PdqSignal
from lawbridge.engines.signals.synthetic import apply_edit, make_scene
from lawbridge.errors import InvalidInput
from lawbridge.jobs import batch, synthetic
from lawbridge.jobs.batch import HashJob, PiiJob, ScreenJob, run_batch
from lawbridge.jobs.local import run_local, run_table

SCAM = "Congratulations! You won a prize, send your bank card number to claim it today please"


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


@pytest.fixture(scope="module")
def entries() -> list[dict[str, Any]]:
    return synthetic.watchlist(300)


@pytest.fixture
def list_file(tmp_path: Path, entries: list[dict[str, Any]]) -> Path:
    return write_jsonl(tmp_path / "list.jsonl", entries)


def test_screen_batch_gives_what_lawbridge_screen_gives(
    list_file: Path, entries: list[dict[str, Any]]
) -> None:
    queries = synthetic.queries(120, entries)
    out = run_batch(pa.RecordBatch.from_pylist(queries), ScreenJob(str(list_file), 0.75, 5))
    with list_file.open(encoding="utf-8") as stream:
        index = load_list(stream, Matcher(MatchConfig(threshold=0.75)))
    lines = [(n, json.dumps(q, ensure_ascii=False)) for n, q in enumerate(queries, 1)]
    expected = list(screen_lines(lines, index, 0.75, 5))
    got = [{k: v for k, v in row.items() if k != "error"} for row in out.to_pylist()]
    assert got == expected
    assert sum(bool(row["candidates"]) for row in got) >= 30  # a quarter are listed people


def test_screen_accepts_flat_record_columns_and_parquet_lists(
    tmp_path: Path, entries: list[dict[str, Any]]
) -> None:
    listed = tmp_path / "list.parquet"
    pq.write_table(pa.Table.from_pylist(entries), listed)
    entry = entries[7]
    flat = pa.RecordBatch.from_pylist(
        [{"id": 1, "name": entry["name"], "birth_date": entry["birth_date"]}]
    )
    row = run_batch(flat, ScreenJob(str(listed))).to_pylist()[0]
    assert row["query_id"] == "1"
    assert row["candidates"][0] == {"id": entry["id"], "score": 1.0}


def test_a_bad_query_row_is_reported_and_the_batch_goes_on(list_file: Path) -> None:
    rows = [
        {"id": "a", "record": {"name": ""}},
        {"id": None, "record": {"name": "Wang Wei"}},
        {"id": "c", "record": None},
        {"id": "d", "record": {"name": "Wang Wei", "birth_date": "yesterday"}},
        {"id": "e", "record": {"name": "Wang Wei"}},
    ]
    table = pa.Table.from_pylist(
        [{**r, "record": None if r["record"] is None else json.dumps(r["record"])} for r in rows]
    )
    out = run_table(ScreenJob(str(list_file)), table, workers=1).to_pylist()
    assert [r["query_id"] for r in out] == ["a", None, "c", "d", "e"]
    assert [r["error"] is not None for r in out] == [True, True, True, True, False]
    assert "name" in out[0]["error"] and "birth_date" in out[3]["error"]
    assert out[0]["candidates"] is None and out[4]["candidates"] is not None


def test_inputs_without_the_needed_columns_are_refused(list_file: Path) -> None:
    with pytest.raises(InvalidInput, match="missing column"):
        run_batch(pa.RecordBatch.from_pylist([{"name": "x"}]), ScreenJob(str(list_file)))
    with pytest.raises(InvalidInput, match="record"):
        run_batch(pa.RecordBatch.from_pylist([{"id": "x"}]), ScreenJob(str(list_file)))
    with pytest.raises(InvalidInput, match="body"):
        run_batch(pa.RecordBatch.from_pylist([{"text": "x"}]), PiiJob(("body",)))
    with pytest.raises(InvalidInput, match="'text', 'image' or 'links'"):
        run_batch(pa.RecordBatch.from_pylist([{"id": "x"}]), HashJob())


def test_the_list_is_loaded_once_per_process_and_again_when_it_changes(
    list_file: Path, entries: list[dict[str, Any]]
) -> None:
    job = ScreenJob(str(list_file))
    first = batch.screen_index(job)
    assert batch.screen_index(job) is first
    write_jsonl(list_file, entries[:10])
    os.utime(list_file, ns=(1, 1))
    second = batch.screen_index(job)
    assert second is not first and len(second) < len(first)


def test_pii_scan_gives_the_analyzer_findings_per_row_and_redacts() -> None:
    docs = [{**doc, "note": None} for doc in synthetic.documents(60)]
    docs[3]["text"] = None
    docs[4]["note"] = "电话 13812345678"
    table = pa.Table.from_pylist(docs)
    out = run_table(PiiJob(("text", "note"), redacted=True), table, workers=1).to_pylist()
    analyzer = Analyzer()
    for doc, row in zip(docs, out, strict=True):
        assert row["id"] == doc["id"] and row["error"] is None
        found = analyzer.analyze(doc["text"]) if doc["text"] else []
        text_findings = [f for f in row["findings"] if f["column"] == "text"]
        assert [(f["type"], f["start"], f["end"], f["recognizer"]) for f in text_findings] == [
            (f.type, f.start, f.end, f.recognizer) for f in found
        ]
    assert out[3]["findings"] == [] and out[3]["text_redacted"] is None
    assert [f["type"] for f in out[4]["findings"] if f["column"] == "note"] == ["PHONE"]
    assert out[4]["note_redacted"] == "电话 <PHONE>"
    assert all("@example" not in (row["text_redacted"] or "") for row in out)


def test_hashing_gives_every_signal_and_the_bank_matches(tmp_path: Path) -> None:
    scene = make_scene(3)
    original, edited = apply_edit(scene, "jpeg40"), apply_edit(scene, "resize")
    bank = tmp_path / "bank.txt"
    bank.write_text(
        f"text {SCAM}\nurl https://scam.example/claim\npdq {PdqSignal().hash(original)}\n", "utf-8"
    )
    posts = [
        {"id": "p1", "text": SCAM + "!!", "image": None, "links": ["https://www.scam.example/claim?utm_source=x"]},
        {"id": "p2", "text": "hello there", "image": edited, "links": None},
        {"id": "p3", "text": None, "image": b"not an image", "links": ["http://"]},
        {"id": None, "text": "x", "image": None, "links": None},
    ]  # fmt: skip
    out = run_table(HashJob(str(bank)), pa.Table.from_pylist(posts), workers=1).to_pylist()
    kinds = [sorted(m["signal_type"] for m in row["matches"] or []) for row in out]
    assert kinds[0] == ["text_near_dup", "url_canonical"]
    assert kinds[1] == ["pdq"]
    assert out[0]["links"] == ["http://scam.example/claim"] and out[0]["text_sha256"]
    assert out[1]["pdq"] and out[1]["image_multicrop"] and out[1]["image_sha256"]
    assert out[2]["error"] is None and len(out[2]["warnings"]) == 2 and out[2]["pdq"] is None
    assert out[3]["error"] == "each post needs an 'id'"


def test_a_bad_bank_line_is_refused_with_its_number(tmp_path: Path) -> None:
    bank = tmp_path / "bank.txt"
    bank.write_text("url https://ok.example/\nnonsense value\n", "utf-8")
    with pytest.raises(InvalidInput, match="bank line 2"):
        batch.load_bank(str(bank))


@pytest.mark.slow
def test_the_process_pool_gives_the_rows_in_input_order(list_file: Path) -> None:
    queries = synthetic.queries(300, synthetic.watchlist(300))
    table = pa.Table.from_pylist(queries)
    job = ScreenJob(str(list_file))
    pooled = list(run_local(job, table.to_batches(), workers=2, chunk_rows=37))
    assert len(pooled) == 9  # 300 rows in chunks of 37
    together = pa.Table.from_batches(pooled)
    assert together.equals(run_table(job, table, workers=1))
    assert together.column("query_id").to_pylist() == [q["id"] for q in queries]
