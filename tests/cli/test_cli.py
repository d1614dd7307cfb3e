"""The ``lawbridge`` group: db upgrade, demo, serve, error reporting and --debug."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from fastapi.testclient import TestClient

from lawbridge import __version__
from lawbridge.cli.main import cli
from lawbridge.errors import InvalidInput
from lawbridge.store import migrate
from lawbridge.store.db import Database


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A fresh, un-migrated SQLite file."""
    monkeypatch.chdir(tmp_path)
    url = f"sqlite:///{tmp_path / 'sub' / 'cli.db'}"
    return {"LAWBRIDGE_DATABASE_URL": url, "LAWBRIDGE_ENV": "test"}


def run(env: dict[str, str], *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, env=env)


def _upgraded(env: dict[str, str]) -> None:
    result = run(env, "db", "upgrade")
    assert result.exit_code == 0, result.output


def test_help_and_version_touch_no_database(env: dict[str, str], tmp_path: Path) -> None:
    assert run(env, "--help").exit_code == 0
    version = run(env, "--version")
    assert version.exit_code == 0 and __version__ in version.output
    assert not (tmp_path / "sub").exists()


def test_db_upgrade_creates_and_is_repeatable(env: dict[str, str]) -> None:
    db = Database(env["LAWBRIDGE_DATABASE_URL"])
    try:
        head = migrate.head_revision(db)
        for _ in range(2):
            result = run(env, "db", "upgrade")
            assert result.exit_code == 0, result.output
            assert result.stdout.strip() == f"database at revision {head}"
        assert run(env, "db", "current").stdout.strip() == head
    finally:
        db.dispose()


def test_unmigrated_database_is_a_clear_error(env: dict[str, str]) -> None:
    Path(env["LAWBRIDGE_DATABASE_URL"].removeprefix("sqlite:///")).parent.mkdir()
    result = run(env, "party", "list")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("error: database error:")
    assert "db upgrade" in result.stderr and "Traceback" not in result.output


def test_demo_is_idempotent(env: dict[str, str]) -> None:
    _upgraded(env)
    first = run(env, "demo")
    assert first.exit_code == 0, first.output
    assert "demo data loaded" in first.stdout and "analyst@cn-mps" in first.stdout
    second = run(env, "demo")
    assert second.exit_code == 0 and "already present" in second.stdout
    parties = [json.loads(line) for line in run(env, "party", "list").stdout.splitlines()]
    assert sorted(p["slug"] for p in parties) == ["cn-mps", "example-net", "us-doj"]
    verify = run(env, "audit", "verify")
    assert verify.exit_code == 0 and "ok: " in verify.stdout, verify.output


def test_bad_input_exits_2_without_traceback(env: dict[str, str]) -> None:
    _upgraded(env)
    result = run(env, "token", "revoke", "no-such-token")
    assert result.exit_code == 2
    assert result.stderr == "error: no token 'no-such-token'\n"
    assert "Traceback" not in result.output


def test_debug_shows_the_traceback(env: dict[str, str]) -> None:
    _upgraded(env)
    args = ["party", "create", "--slug", "xx", "--name", "X", "--kind", "agency"]
    result = run(env, "--debug", *args, "--jurisdiction", "QQ")
    assert isinstance(result.exception, InvalidInput)  # propagated, so Python prints it
    assert result.exit_code == 1 and "error: " not in result.stderr


def test_invalid_settings_exit_2(env: dict[str, str]) -> None:
    result = run(env | {"LAWBRIDGE_MAX_BODY_BYTES": "12"}, "party", "list")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: invalid settings")


def test_unexpected_error_exits_1(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    from lawbridge.workflows import parties

    def explode(*_args: object) -> None:
        raise RuntimeError("internals")

    _upgraded(env)
    monkeypatch.setattr(parties, "list_parties", explode)
    result = run(env, "party", "list")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: unexpected RuntimeError")
    assert "Traceback" not in result.output


def test_serve_builds_the_app(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    seen: dict[str, Any] = {}

    def fake_run(app: object, **kwargs: object) -> None:
        seen.update(kwargs, app=app)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    result = run(env, "serve", "--port", "8123")
    assert result.exit_code == 0, result.output
    assert seen["port"] == 8123 and seen["host"] == "127.0.0.1"
    assert "/api/v1/docs" in result.stdout
    with TestClient(seen["app"]) as client:
        assert client.get("/api/v1/health").json()["ok"] is True


def test_a_closed_pipe_ends_the_command_quietly(tmp_path: Path) -> None:
    env = {**os.environ, "LAWBRIDGE_DATABASE_URL": f"sqlite:///{tmp_path / 'pipe.db'}"}
    lawbridge = str(Path(sys.executable).with_name("lawbridge"))
    subprocess.run([lawbridge, "db", "upgrade"], env=env, check=True, capture_output=True)
    create = ["party", "create", "--slug", "p1", "--name", "P", "--kind", "agency"]
    subprocess.run([lawbridge, *create, "--jurisdiction", "FR"], env=env, check=True)
    listing = subprocess.Popen(
        [lawbridge, "party", "list"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert listing.stdout is not None
    listing.stdout.close()  # the reader is gone before the first line, as with `| head -0`
    _, err = listing.communicate(timeout=60)
    assert listing.returncode == 1
    assert err == b""


def test_a_command_imports_only_its_own_family() -> None:
    """Command families load when one of their commands runs (``cli/main.py``, ``LAZY_COMMANDS``):
    ``content --help`` in a fresh interpreter leaves the other families unimported, and the
    top-level help still lists every command."""
    probe = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from lawbridge.cli.main import cli, LAZY_COMMANDS\n"
        "assert CliRunner().invoke(cli, ['content', '--help']).exit_code == 0\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('lawbridge.cli.'))\n"
        "print(','.join(loaded))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    loaded = set(done.stdout.strip().split(","))
    assert "lawbridge.cli.content" in loaded
    for family in ("cases", "requests", "provider", "watchlist", "transparency", "privacy"):
        assert f"lawbridge.cli.{family}" not in loaded
    listed = CliRunner().invoke(cli, ["--help"]).output
    for name in ("content", "case", "request", "provider", "watchlist", "db", "screen"):
        assert f"  {name} " in listed


def test_content_replay_imports_neither_the_stream_nor_the_batch_jobs() -> None:
    """``content``'s commands from other modules (``EXTRA_SUBCOMMANDS``) load when one of them
    runs: a replay does not pay for the names and pii engines the batch jobs import, and
    ``content --help`` still lists them."""
    probe = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from lawbridge.cli.main import cli\n"
        "assert CliRunner().invoke(cli, ['content', 'replay', '--help']).exit_code == 0\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith('lawbridge.'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    loaded = set(done.stdout.strip().split(","))
    assert "lawbridge.cli.content" in loaded
    for module in ("cli.stream", "cli.jobs", "cli.screening", "jobs.batch", "engines.names"):
        assert f"lawbridge.{module}" not in loaded
    listed = CliRunner().invoke(cli, ["content", "--help"]).output
    for name in ("consume", "publish", "hash", "replay"):
        assert f"  {name} " in listed
    hashed = CliRunner().invoke(cli, ["content", "hash", "--help"])
    assert hashed.exit_code == 0 and "Usage: cli content hash" in hashed.output
