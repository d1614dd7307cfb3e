"""Structured scans and redaction of CSV, JSON Lines, Parquet and SQL tables (issue 4, deliverable 3).

A small regex detector stands in for the engine here, so these tests pin the scanning and rewriting
logic alone; tests/engines/pii covers detection itself.
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lawbridge.errors import InvalidInput
from lawbridge.workflows import datascan
from lawbridge.workflows.datascan import header_hint, redact, redact_cell, scan

PATTERNS = [
    ("PHONE", re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")),
    ("EMAIL", re.compile(r"[\w.]+@[\w.]+\.\w+")),
    ("CN_RESIDENT_ID", re.compile(r"(?<!\d)\d{17}[\dX](?!\d)")),
    ("PERSON", re.compile(r"张伟|李娜|John Smith")),
]


def fake_detect(text: str) -> list[tuple[str, int, int]]:
    return [(kind, m.start(), m.end()) for kind, rx in PATTERNS for m in rx.finditer(text)]


def leaks(text: str) -> list[tuple[str, int, int]]:
    return fake_detect(text)


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


PEOPLE = [
    ["姓名", "手机号", "备注"],
    ["张伟", "13800138000", "VIP"],
    ["李娜", "13912345678", "邮箱 li.na@example.cn"],
    ["王小明", "", ""],
]


def test_header_hints_name_types_in_both_languages() -> None:
    assert header_hint("客户手机号") == "PHONE"
    assert header_hint("user_email") == "EMAIL"
    assert header_hint("Email Address") == "EMAIL"
    assert header_hint("身份证号") == "CN_RESIDENT_ID"
    assert header_hint("home_address") == "ADDRESS"
    assert header_hint("order_total") is None


def test_csv_scan_reports_types_share_and_masked_examples(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "people.csv", PEOPLE)
    report = scan(str(path), detect=fake_detect).to_dict()
    assert report["rows"] == 3 and report["failed"] == 0
    columns = {c["column"]: c for c in report["columns"]}
    assert columns["姓名"]["header_hint"] == "PERSON"
    assert columns["姓名"]["types"]["PERSON"]["rows"] == 2
    assert columns["姓名"]["types"]["PERSON"]["share"] == pytest.approx(2 / 3, abs=1e-4)
    phone = columns["手机号"]["types"]["PHONE"]
    assert phone == {"rows": 2, "share": 1.0, "examples": ["*********00", "*********78"]}
    assert columns["备注"]["types"]["EMAIL"]["rows"] == 1
    assert "13800138000" not in json.dumps(report)


def test_cells_are_read_behind_their_header(tmp_path: Path) -> None:
    seen: list[str] = []

    def spy(text: str) -> list[tuple[str, int, int]]:
        seen.append(text)
        return [("PHONE", 0, 3)]  # a span inside the header is not the cell's

    path = write_csv(tmp_path / "t.csv", [["电话"], ["12345"]])
    report = scan(str(path), detect=spy)
    assert seen == ["电话: 12345"]
    assert report.columns["电话"].rows_by_type == {}


def test_ragged_and_invalid_rows_are_reported_and_the_scan_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(
        "姓名,手机号\n张伟,13800138000,extra 13912345678\n李娜\n".encode()
        + b"\xff\xfe,13800138000\n"
        + "李娜,13700000000\n".encode()
    )
    report = scan(str(path), detect=fake_detect)
    assert report.rows == 4 and report.failed == 3
    assert [e["row"] for e in report.errors] == [2, 3, 4]
    assert "ragged" in report.errors[0]["error"] and "UTF-8" in report.errors[2]["error"]
    assert report.columns["_extra_1"].rows_by_type["PHONE"] == 1  # scanned all the same
    assert report.columns["手机号"].rows_by_type["PHONE"] == 2


def test_csv_redaction_leaves_no_detected_span_and_keeps_the_shape(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "people.csv", PEOPLE)
    target = tmp_path / "out.csv"
    redact(str(source), str(target), detect=fake_detect)
    rows = list(csv.reader(target.read_text(encoding="utf-8").splitlines()))
    assert rows[0] == PEOPLE[0] and len(rows) == len(PEOPLE)
    assert rows[1] == ["<PERSON>", "<PHONE>", "VIP"]
    assert rows[2][2] == "邮箱 <EMAIL>"
    # 王小明 is not found by the detector, but the 姓名 column is a column of names.
    assert rows[3] == ["<PERSON>", "", ""]
    assert not any(leaks(cell) for row in rows for cell in row)


def test_redaction_is_idempotent(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "people.csv", PEOPLE)
    once, twice = tmp_path / "once.csv", tmp_path / "twice.csv"
    redact(str(source), str(once), detect=fake_detect)
    redact(str(once), str(twice), detect=fake_detect)
    assert once.read_bytes() == twice.read_bytes()


def test_invalid_utf8_rows_are_kept_redacted_as_text(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes("备注\n".encode() + b"\xff call 13800138000\n")
    target = tmp_path / "out.csv"
    redact(str(path), str(target), detect=fake_detect)
    text = target.read_text(encoding="utf-8")
    assert "13800138000" not in text and "<PHONE>" in text


def test_jsonl_nested_keys_are_columns_and_bad_lines_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    lines = [
        json.dumps({"user": {"name": "张伟", "phones": ["13800138000", "13912345678"]}, "n": 1}),
        "{not json 13700000000",
        json.dumps({"user": {"name": "李娜"}, "note": "id 11010519491231002X"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = scan(str(path), detect=fake_detect)
    assert report.rows == 3 and report.failed == 1 and report.errors[0]["row"] == 2
    assert report.columns["user.phones[]"].rows_by_type["PHONE"] == 1  # one row, two phones
    assert report.columns["note"].rows_by_type["CN_RESIDENT_ID"] == 1
    target = tmp_path / "out.jsonl"
    redact(str(path), str(target), detect=fake_detect)
    out = target.read_text(encoding="utf-8").splitlines()
    first = json.loads(out[0])
    assert first == {"user": {"name": "<PERSON>", "phones": ["<PHONE>", "<PHONE>"]}, "n": 1}
    assert out[1] == "{not json <PHONE>"
    assert not any(leaks(line) for line in out)


def test_parquet_scan_and_redaction_turn_number_columns_holding_phones_into_text(
    tmp_path: Path,
) -> None:
    pa = pytest.importorskip("pyarrow")
    parquet = pytest.importorskip("pyarrow.parquet")
    table = pa.table(
        {"name": ["张伟", "李娜", None], "phone": [13800138000, 13912345678, None], "n": [1, 2, 3]}
    )
    source = tmp_path / "people.parquet"
    parquet.write_table(table, source)
    report = scan(str(source), detect=fake_detect)
    assert report.columns["phone"].rows_by_type["PHONE"] == 2
    target = tmp_path / "out.parquet"
    redact(str(source), str(target), detect=fake_detect)
    out = parquet.read_table(target)
    assert out.column("phone").to_pylist() == ["<PHONE>", "<PHONE>", None]
    assert out.column("name").to_pylist() == ["<PERSON>", "<PERSON>", None]
    assert out.column("n").to_pylist() == [1, 2, 3] and out.schema.field("n").type == pa.int64()


def test_sql_tables_are_read_by_url_and_redacted_to_json_lines(tmp_path: Path) -> None:
    db = tmp_path / "crm.db"
    with sqlite3.connect(db) as connection:
        connection.execute("create table customer (id integer, 姓名 text, mobile text)")
        connection.executemany(
            "insert into customer values (?, ?, ?)",
            [(1, "张伟", "13800138000"), (2, "李娜", None)],
        )
    url = f"sqlite:///{db}"
    report = scan(url, table="customer", detect=fake_detect)
    assert report.format == "sql" and report.rows == 2
    assert report.columns["mobile"].rows_by_type["PHONE"] == 1
    target = tmp_path / "customer.jsonl"
    redact(url, str(target), table="customer", detect=fake_detect)
    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert rows == [
        {"id": 1, "姓名": "<PERSON>", "mobile": "<PHONE>"},
        {"id": 2, "姓名": "<PERSON>", "mobile": None},
    ]


def test_unreadable_sources_are_clear_errors(tmp_path: Path) -> None:
    binary = tmp_path / "image.csv"
    binary.write_bytes(b"\x89PNG\x00\x00\x00")
    with pytest.raises(InvalidInput, match="not a text file"):
        scan(str(binary), detect=fake_detect)
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InvalidInput, match="empty"):
        scan(str(empty), detect=fake_detect)
    with pytest.raises(InvalidInput, match="cannot read"):
        scan(str(tmp_path / "missing.csv"), detect=fake_detect)
    with pytest.raises(InvalidInput, match="no_such_table"):
        scan(f"sqlite:///{tmp_path / 'x.db'}", table="no_such_table", detect=fake_detect)
    with pytest.raises(InvalidInput, match="Parquet"):
        scan(str(write_csv(tmp_path / "t.parquet", [["a"], ["b"]])), detect=fake_detect)
    with pytest.raises(InvalidInput, match="format"):
        scan(str(tmp_path / "notes.docx"), detect=fake_detect)


def test_a_failing_redaction_writes_nothing(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "people.csv", PEOPLE)
    target = tmp_path / "out.csv"
    calls = 0

    def flaky(text: str) -> list[tuple[str, int, int]]:
        nonlocal calls
        calls += 1
        if calls > 8:  # dies in the writing pass
            raise RuntimeError("detector crashed")
        return fake_detect(text)

    with pytest.raises(RuntimeError):
        redact(str(source), str(target), detect=flaky)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["people.csv"]


def test_a_sample_scan_stops_after_limit_rows(tmp_path: Path) -> None:
    rows = [["phone"]] + [[f"138{i:08d}"] for i in range(5000)]
    path = write_csv(tmp_path / "many.csv", rows)
    counted: list[int] = []
    report = scan(str(path), detect=fake_detect, limit=1500, progress=counted.append)
    assert report.rows == 1500 and report.columns["phone"].rows_by_type["PHONE"] == 1500
    assert counted == [1000]


def test_database_urls_lose_their_password_in_reports(tmp_path: Path) -> None:
    assert datascan._safe_url("postgresql://app:s3cret@db/crm") == "postgresql://app:***@db/crm"


@settings(derandomize=True, deadline=None, max_examples=200)
@given(
    st.lists(
        st.sampled_from(["张伟", "13800138000", " x ", "李娜", "a@b.cn", "1", "\n", "John Smith"]),
        max_size=8,
    )
)
def test_redacted_cells_carry_no_detected_span(parts: list[str]) -> None:
    value = "".join(parts)
    once = redact_cell(fake_detect, "备注", value, None, datascan.tag_replacer)
    assert not leaks(once)
    assert redact_cell(fake_detect, "备注", once, None, datascan.tag_replacer) == once


def test_segments_cut_a_text_at_its_findings_for_highlighting() -> None:
    text = "call 张伟 at 13800138000."
    cut = datascan.segments(text, fake_detect(text))
    assert "".join(s.text for s in cut) == text
    assert [(s.text, s.type) for s in cut if s.type] == [
        ("张伟", "PERSON"),
        ("13800138000", "PHONE"),
    ]
    assert datascan.segments("", []) == []
    overlapping = datascan.segments("abcdef", [("A", 0, 4), ("B", 2, 6)])
    assert [(s.text, s.type) for s in overlapping] == [("abcdef", "A")]
