"""``lawbridge pii scan-table`` / ``redact-table``: reports, redacted copies, exit 2 on bad sources."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from lawbridge.cli.main import cli

CSV = "姓名,邮箱,电话\n李娜,li.na@example.cn,13800138000\n张伟,zhang.wei@example.com,13912345678\n"


def test_scan_table_reports_columns_with_masked_examples(tmp_path: Path) -> None:
    source = tmp_path / "customers.csv"
    source.write_text(CSV, encoding="utf-8")
    result = CliRunner().invoke(cli, ["pii", "scan-table", str(source)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    columns = {c["column"]: c for c in report["columns"]}
    assert columns["邮箱"]["types"]["EMAIL"]["share"] == 1.0
    assert columns["电话"]["types"]["PHONE"]["rows"] == 2
    assert "13800138000" not in result.stdout
    assert "2 rows, 0 unreadable" in result.stderr


def test_redact_table_writes_a_redacted_copy_and_the_report(tmp_path: Path) -> None:
    source, target, report = tmp_path / "in.csv", tmp_path / "out.csv", tmp_path / "report.json"
    source.write_text(CSV, encoding="utf-8")
    args = ["pii", "redact-table", str(source), "-o", str(target), "--report", str(report)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    out = target.read_text(encoding="utf-8")
    assert "li.na@example.cn" not in out and "13912345678" not in out
    assert out.splitlines()[0] == "姓名,邮箱,电话" and "<EMAIL>" in out
    assert json.loads(report.read_text(encoding="utf-8"))["rows"] == 2


def test_unusable_sources_exit_2_with_a_message(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(cli, ["pii", "scan-table", str(tmp_path / "nope.csv")])
    assert missing.exit_code == 2 and "cannot read" in missing.stderr
    binary = tmp_path / "x.csv"
    binary.write_bytes(b"\x00\x01\x02")
    assert runner.invoke(cli, ["pii", "scan-table", str(binary)]).exit_code == 2
    no_table = runner.invoke(cli, ["pii", "scan-table", f"sqlite:///{tmp_path / 'db.sqlite'}"])
    assert no_table.exit_code == 2 and "table" in no_table.stderr
    target = tmp_path / "out.csv"
    failed = runner.invoke(cli, ["pii", "redact-table", str(binary), "-o", str(target)])
    assert failed.exit_code == 2 and not target.exists()
