"""``lawbridge privacy``: activities and ``transfer-check`` (decision JSON, exit 0; bad input, 2)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from lawbridge.cli.main import cli
from lawbridge.store.db import Database
from lawbridge.workflows import privacy
from lawbridge.workflows.unit import Context
from tests.conftest import World
from tests.contracts.state import snapshot

Invoke = Callable[..., Result]
AS = ("--party", "provider", "--as", "analyst@provider")


def detect(text: str) -> list[tuple[str, int, int]]:
    patterns = {"EMAIL": r"\S+@\S+\.\w+", "PHONE": r"(?<!\d)1[3-9]\d{9}(?!\d)"}
    return [(k, m.start(), m.end()) for k, p in patterns.items() for m in re.finditer(p, text)]


@pytest.fixture
def invoke(db: Database, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(privacy, "default_detector", lambda: detect)
    env = {"LAWBRIDGE_DATABASE_URL": db.url, "LAWBRIDGE_ENV": "test"}

    def run(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(cli, list(args), input=input, env=env)

    return run


def add_activity(invoke: Invoke, *extra: str) -> dict[str, Any]:
    done = invoke(
        "privacy", "activity", "add", *AS,
        "--name", "Parcel delivery", "--purpose", "parcels", "--legal-basis", "contract_or_hr",
        "--category", "PHONE", "--category", "PERSON", "--retention-days", "90",
        "--recipient", "Acme Logistics:CN", "--allow-redaction", *extra,
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    created: dict[str, Any] = json.loads(done.stdout)
    return created


def assert_bad_input(result: Result, fragment: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: ") and fragment in result.stderr, result.stderr


def test_activity_add_list_retire(invoke: Invoke) -> None:
    created = add_activity(invoke)
    assert created["recipients"] == [{"name": "Acme Logistics", "country": "CN"}]
    listed = invoke("privacy", "activity", "list", *AS)
    assert [json.loads(line)["id"] for line in listed.stdout.splitlines()] == [created["id"]]
    retired = invoke("privacy", "activity", "retire", created["id"], *AS)
    assert retired.exit_code == 0 and json.loads(retired.stdout)["status"] == "retired"
    assert invoke("privacy", "activity", "list", *AS).stdout == ""
    assert_bad_input(invoke("privacy", "activity", "retire", created["id"], *AS), "already")
    bad = invoke(
        "privacy", "activity", "add", *AS, "--name", "x", "--purpose", "y",
        "--legal-basis", "because", "--category", "PHONE", "--retention-days", "1",
    )  # fmt: skip
    assert_bad_input(bad, "legal_basis must be one of")
    assert_bad_input(
        invoke(
            "privacy",
            "activity",
            "add",
            *AS,
            "--name",
            "x",
            "--purpose",
            "y",
            "--legal-basis",
            "consent",
            "--category",
            "PHONE",
            "--retention-days",
            "1",
            "--recipient",
            "no-country",
        ),  # fmt: skip
        "NAME:CC",
    )


def test_transfer_check_redacts_json_to_a_file(invoke: Invoke, tmp_path: Path) -> None:
    add_activity(invoke)
    source = tmp_path / "order.json"
    payload = {"phone": "13800138000", "email": "li@example.cn", "items": [1, 2]}
    source.write_text(json.dumps(payload), encoding="utf-8")
    out = tmp_path / "send.json"
    done = invoke(
        "privacy", "transfer-check", *AS, "--recipient", "Acme Logistics", "--country", "CN",
        "-i", str(source), "-o", str(out),
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    decision = json.loads(done.stdout)
    assert decision["decision"] == "redact" and decision["redacted_categories"] == ["EMAIL"]
    assert json.loads(out.read_text(encoding="utf-8")) == payload | {"email": "<EMAIL>"}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".send")] == []


def test_transfer_check_blocks_text_and_writes_nothing(invoke: Invoke, tmp_path: Path) -> None:
    source = tmp_path / "leads.txt"
    source.write_text("张伟 13800138000\n李娜 13900139000\n", encoding="utf-8")
    out = tmp_path / "sold.txt"
    done = invoke(
        "privacy", "transfer-check", *AS, "--recipient", "Data Broker", "--country", "CN",
        "-i", str(source), "-o", str(out),
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    decision = json.loads(done.stdout)
    assert decision["decision"] == "block" and decision["categories"] == {"PHONE": 2}
    assert "Data Broker" in decision["reasons"][0]
    assert not out.exists()


def test_transfer_check_reads_stdin_as_text(invoke: Invoke) -> None:
    done = invoke(
        "privacy", "transfer-check", *AS, "--recipient", "Acme", "--country", "CN",
        input="no personal information here",
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["decision"] == "allow"


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("bad.json", b"{oops", "not valid JSON"),
        ("latin1.txt", "caf\xe9".encode("latin-1"), "not valid UTF-8"),
        ("nul.txt", b"abc\x00def", "NUL"),
        ("big.txt", b"x" * 1_000_001, "larger than"),
    ],
)
def test_unusable_input_exits_2_and_stores_nothing(
    invoke: Invoke, context: Context, tmp_path: Path, name: str, content: bytes, fragment: str
) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    before = snapshot(context)
    done = invoke(
        "privacy", "transfer-check", *AS, "--recipient", "Acme", "--country", "CN",
        "-i", str(source),
    )  # fmt: skip
    assert_bad_input(done, fragment)
    assert snapshot(context) == before


def test_missing_file_and_bad_country_exit_2(invoke: Invoke, tmp_path: Path) -> None:
    missing = invoke(
        "privacy", "transfer-check", *AS, "--recipient", "A", "--country", "CN",
        "-i", str(tmp_path / "nope.json"),
    )  # fmt: skip
    assert_bad_input(missing, "cannot read")
    country = invoke(
        "privacy", "transfer-check", *AS, "--recipient", "A", "--country", "Narnia", input="x"
    )
    assert_bad_input(country, "ISO 3166-1")
