"""``lawbridge transparency report|verify``: JSON and CSV files, byte-identical regeneration,
verification online and offline, a consistency check against an earlier report, tampering, and
bad input (exit 2)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from lawbridge.cli.main import cli
from lawbridge.store.db import Database
from lawbridge.workflows.unit import Context
from tests.conftest import World
from tests.store import audit_tamper as t
from tests.workflows.transparency_helpers import check_evidence, load_quarter, new_clock

Invoke = Callable[..., Result]
PERIOD = ["--from", "2026-01-01", "--to", "2100-01-01"]


@pytest.fixture
def invoke(db: Database, context: Context, world: World) -> Invoke:
    load_quarter(context, world, new_clock())
    env = {
        "LAWBRIDGE_DATABASE_URL": db.url,
        "LAWBRIDGE_ENV": "test",
        "LAWBRIDGE_AUDIT_CHECKPOINT_EVERY": "8",
    }

    def run(*args: str) -> Result:
        return CliRunner().invoke(cli, ["transparency", *args], env=env)

    return run


def write(invoke: Invoke, path: Path, *extra: str) -> Path:
    done = invoke("report", "--party", "provider", *PERIOD, *extra, "-o", str(path))
    assert done.exit_code == 0, done.output
    return path


def test_report_regenerates_and_verifies(invoke: Invoke, tmp_path: Path) -> None:
    first = write(invoke, tmp_path / "q1.json")
    report = json.loads(first.read_bytes())
    check_evidence(report)
    size = str(report["tree_head"]["tree_size"])
    again = write(invoke, tmp_path / "again.json", "--tree-size", size)
    assert again.read_bytes() == first.read_bytes()
    done = invoke("verify", str(first))
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith(f"ok: {len(report['items'])} items")
    offline = invoke("verify", "--offline", str(first))
    assert offline.exit_code == 0, offline.output


def test_csv(invoke: Invoke, tmp_path: Path) -> None:
    path = write(invoke, tmp_path / "q1.csv", "--format", "csv")
    rows = path.read_text().splitlines()
    assert rows[0] == "measure,value"
    assert "requests.received,6" in rows


def test_verify_against_an_earlier_report(
    invoke: Invoke, tmp_path: Path, context: Context, world: World
) -> None:
    old = write(invoke, tmp_path / "old.json")
    load_quarter(context, world, new_clock(), "2")
    new = write(invoke, tmp_path / "new.json")
    done = invoke("verify", str(new), "--previous", str(old))
    assert done.exit_code == 0, done.output
    swapped = invoke("verify", str(old), "--previous", str(new))
    assert swapped.exit_code == 1
    assert "smaller tree size" in swapped.stderr


def test_tampering_is_found(invoke: Invoke, tmp_path: Path, db: Database) -> None:
    path = write(invoke, tmp_path / "q1.json")
    report = json.loads(path.read_bytes())
    forged = dict(report, requests=dict(report["requests"], received=99))
    (tmp_path / "forged.json").write_text(json.dumps(forged))
    done = invoke("verify", "--offline", str(tmp_path / "forged.json"))
    assert done.exit_code == 1
    assert "the requests counts are not the tally of the items" in done.stderr
    counted = report["items"][0]["leaves"][0]
    t.drop_triggers(db)

    def change(session: object) -> None:
        row = t.event(session, counted)  # type: ignore[arg-type]
        row.payload = json.dumps({"type": "preservation"})
        t.rehash(row)

    t.edit(db, change)
    assert invoke("verify", "--offline", str(path)).exit_code == 0  # the file alone still holds
    online = invoke("verify", str(path))
    assert online.exit_code == 1
    assert "no longer hash to their committed Merkle root" in online.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--party", "provider", "--from", "2026-02-30", "--to", "2026-03-01"], "start must be"),
        (["--party", "provider", "--from", "2026-03-01", "--to", "2026-02-01"], "must end after"),
        (["--party", "nobody", *PERIOD], "no party 'nobody'"),
        (["--party", "cn-agency", *PERIOD], "provider parties"),
        (["--party", "provider", *PERIOD, "--tree-size", "100000"], "tree_size must be between"),
    ],
)
def test_bad_input_exits_2(invoke: Invoke, args: list[str], message: str) -> None:
    done = invoke("report", *args)
    assert done.exit_code == 2, done.output
    assert message in done.stderr


def test_bad_report_files_exit_2(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "junk.json").write_text("{not json")
    (tmp_path / "other.json").write_text(json.dumps({"format": "something else"}))
    for name, message in (
        ("junk.json", "not a JSON report"),
        ("other.json", "not a transparency report"),
        ("missing.json", "cannot read"),
    ):
        done = invoke("verify", str(tmp_path / name))
        assert done.exit_code == 2, done.output
        assert message in done.stderr
