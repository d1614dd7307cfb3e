"""``lawbridge party|account|token``: JSON Lines out, JSON Lines in, exit 2 on bad input."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from lawbridge.cli.main import cli
from lawbridge.store.db import Database
from lawbridge.workflows import auth
from lawbridge.workflows.unit import Context
from tests.conftest import SYSTEM, World

Invoke = Callable[..., Result]


@pytest.fixture
def invoke(db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    """Run the CLI against the test database, as the operator would from a shell."""
    monkeypatch.chdir(tmp_path)  # no stray .env
    env = {"LAWBRIDGE_DATABASE_URL": db.url, "LAWBRIDGE_ENV": "test"}

    def run(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(cli, list(args), input=input, env=env)

    return run


def lines(result: Result) -> list[dict[str, Any]]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def assert_bad_input(result: Result, *fragments: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: "), result.stderr
    for fragment in fragments:
        assert fragment in result.stderr
    assert "Traceback" not in result.output and result.stdout == ""


PARTY = ["party", "create", "--slug", "fr-police", "--name", "Police", "--kind", "agency"]


def test_party_create_and_list(invoke: Invoke, tmp_path: Path) -> None:
    created = invoke(*PARTY, "--jurisdiction", "fr", "--name-local", "Police nationale")
    assert created.exit_code == 0, created.output
    [record] = lines(created)
    assert record["slug"] == "fr-police" and record["jurisdiction"] == "FR"
    listed = invoke("party", "list")
    assert [p["slug"] for p in lines(listed)] == ["fr-police"]
    out = tmp_path / "parties.jsonl"
    assert invoke("party", "list", "-o", str(out)).exit_code == 0
    assert json.loads(out.read_text())["id"] == record["id"]


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        (["--jurisdiction", "UK"], "ISO 3166-1"),
        (["--jurisdiction", "FR", "--slug", "Bad Slug"], "slug"),
    ],
)
def test_party_create_bad_input(invoke: Invoke, extra: list[str], fragment: str) -> None:
    assert_bad_input(invoke(*PARTY, *extra), fragment)
    assert lines(invoke("party", "list")) == []


def test_party_create_duplicate(invoke: Invoke) -> None:
    assert invoke(*PARTY, "--jurisdiction", "FR").exit_code == 0
    assert_bad_input(invoke(*PARTY, "--jurisdiction", "FR"), "exists")


def test_account_create_and_list(invoke: Invoke, world: World) -> None:
    created = invoke(
        "account", "create", "--party", "us-agency", "--username", "New.One",
        "--role", "analyst", "--role", "reviewer", "--locale", "en",
    )  # fmt: skip
    assert created.exit_code == 0, created.output
    assert lines(created)[0]["roles"] == ["analyst", "reviewer"]
    listed = lines(invoke("account", "list", "--party", "us-agency"))
    assert "new.one" in [a["username"] for a in listed]
    assert {a["party_id"] for a in listed} == {world.us.id}
    assert len(lines(invoke("account", "list"))) == 13


def test_account_create_in_unknown_party(invoke: Invoke, world: World) -> None:
    result = invoke(
        "account", "create", "--party", "nowhere", "--username", "x1", "--role", "admin"
    )
    assert_bad_input(result, "no party 'nowhere'")


def _record(username: str, **extra: Any) -> str:
    return json.dumps({"party": "cn-agency", "username": username, "roles": ["analyst"]} | extra)


def test_account_import_from_stdin(invoke: Invoke, world: World) -> None:
    batch = "\n".join(
        [_record("imp-1"), "", _record("imp-2", display_name="二号", password="long enough pw")]
    )
    result = invoke("account", "import", "-i", "-", input=batch + "\n")
    assert result.exit_code == 0, result.output
    assert [a["username"] for a in lines(result)] == ["imp-1", "imp-2"]
    assert lines(result)[1]["display_name"] == "二号"


def test_account_import_from_file(invoke: Invoke, world: World, tmp_path: Path) -> None:
    source = tmp_path / "accounts.jsonl"
    source.write_text(_record("from-file") + "\n", encoding="utf-8")
    result = invoke("account", "import", "--input", str(source))
    assert result.exit_code == 0, result.output
    assert lines(result)[0]["username"] == "from-file"


@pytest.mark.parametrize(
    ("bad", "fragment"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "JSON object"),
        (_record("imp-3", colour="red"), "unknown fields ['colour']"),
        (_record("imp-3", roles=["root"]), "roles"),
        (_record("imp-3", roles="analyst"), "roles"),
        (_record("imp-3", password=12345678901), "password"),
        (_record("imp-1"), "taken"),  # duplicate of line 1, inside the batch
        (_record("imp-3", party="nowhere"), "no party"),
        (_record("imp\u00003"), "NUL"),
        (_record("x"), "username"),
    ],
)
def test_account_import_stops_at_a_bad_line(
    invoke: Invoke, world: World, context: Context, bad: str, fragment: str
) -> None:
    batch = "\n".join([_record("imp-1"), _record("imp-2"), bad, _record("imp-4")])
    result = invoke("account", "import", input=batch + "\n")
    assert_bad_input(result, "line 3", fragment)
    listed = [a["username"] for a in lines(invoke("account", "list"))]
    assert not any(name.startswith("imp") for name in listed)


def test_account_import_bad_utf8(invoke: Invoke, world: World, tmp_path: Path) -> None:
    source = tmp_path / "latin1.jsonl"
    source.write_bytes(_record("imp-1").encode() + b"\n" + b'{"username": "\xe9"}\n')
    assert_bad_input(invoke("account", "import", "-i", str(source)), "UTF-8")


def test_token_issue_list_revoke(invoke: Invoke, world: World, context: Context) -> None:
    issued = invoke("token", "issue", "--account", "reviewer@provider", "--name", "ci")
    assert issued.exit_code == 0, issued.output
    [record] = lines(issued)
    secret = record["token"]
    with context.read(SYSTEM) as unit:
        assert auth.authenticate_token(unit, secret).party_id == world.provider.id
    listed = invoke("token", "list", "--account", "reviewer@provider")
    assert record["id"] in [t["id"] for t in lines(listed)]
    assert secret not in listed.stdout and "token" not in lines(listed)[0]
    revoked = invoke("token", "revoke", record["id"])
    assert revoked.exit_code == 0 and lines(revoked)[0]["revoked_at"] is not None
    with context.read(SYSTEM) as unit:
        with pytest.raises(Exception, match="invalid or expired"):
            auth.authenticate_token(unit, secret)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["token", "issue", "--account", "ghost", "--name", "x"], "no account"),
        (["token", "issue", "--account", "admin@provider", "--name", " "], "name"),
        (["token", "issue", "--account", "admin@provider", "--name", "x", "--expires-in-days", "0"], "expires"),
        (["token", "list", "--account", "ghost"], "no account"),
        (["token", "revoke", "00000000-0000-0000-0000-000000000000"], "no token"),
    ],
)  # fmt: skip
def test_token_bad_input(invoke: Invoke, world: World, args: list[str], fragment: str) -> None:
    assert_bad_input(invoke(*args), fragment)
