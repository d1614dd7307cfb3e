"""``lawbridge db purge [--dry-run]``: counts per rule, one audit event per rule, errors as exit 2."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select

from lawbridge.cli.main import cli
from lawbridge.settings import Settings
from lawbridge.store.db import Database
from lawbridge.store.models import AuditEvent, WebSession, utcnow
from lawbridge.workflows import accounts, parties, retention
from lawbridge.workflows.unit import Context
from tests.conftest import SYSTEM


def lawbridge(url: str, *args: str, **env: str) -> Result:
    environment = {"LAWBRIDGE_ENV": "test", "LAWBRIDGE_DATABASE_URL": url} | env
    return CliRunner().invoke(cli, list(args), env=environment, catch_exceptions=False)


@pytest.fixture
def sessions(db: Database) -> Context:
    """One session expired 31 days ago (past the default 30) and one live."""
    context = Context(Settings(env="test", database_url=db.url), db)
    with context.write(SYSTEM) as unit:
        party = parties.create_party(
            unit, slug="purge-p", name="P", kind="agency", jurisdiction="CN"
        )
        account = accounts.create_account(
            unit, party=party.id, username="a@purge-p", display_name="A", roles=["admin"]
        )
        for name, expires in (("old", timedelta(days=-31)), ("live", timedelta(hours=8))):
            unit.session.add(
                WebSession(
                    id=name, account_id=account.id, csrf_token="c", expires_at=utcnow() + expires
                )
            )
    return context


def state(context: Context) -> tuple[set[str], int]:
    with context.read(SYSTEM) as unit:
        ids = set(unit.session.scalars(select(WebSession.id)))
        events = select(AuditEvent).where(AuditEvent.action == retention.ACTION)
        return ids, len(list(unit.session.scalars(events)))


def test_purge_dry_run_then_purge_then_nothing(db: Database, sessions: Context) -> None:
    dry = lawbridge(db.url, "db", "purge", "--dry-run")
    assert dry.exit_code == 0, dry.output
    lines = dry.stdout.splitlines()
    assert lines[0].startswith("web_session: 1 due (before ")
    assert "api_token: kept (LAWBRIDGE_RETENTION_API_TOKEN_DAYS not set)" in lines
    assert len(lines) == len(retention.RULES)
    assert state(sessions) == ({"old", "live"}, 0)

    done = lawbridge(db.url, "db", "purge")
    assert done.exit_code == 0, done.output
    assert done.stdout.splitlines()[0].startswith("web_session: 1 deleted (before ")
    assert state(sessions) == ({"live"}, 1)

    again = lawbridge(db.url, "db", "purge")
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines()[0].startswith("web_session: 0 deleted")
    assert state(sessions) == ({"live"}, 1)


def test_purge_honours_the_settings(db: Database, sessions: Context) -> None:
    kept = lawbridge(db.url, "db", "purge", LAWBRIDGE_RETENTION_WEB_SESSION_DAYS="keep")
    assert kept.exit_code == 0, kept.output
    assert "web_session: kept (LAWBRIDGE_RETENTION_WEB_SESSION_DAYS not set)" in kept.stdout
    longer = lawbridge(db.url, "db", "purge", LAWBRIDGE_RETENTION_WEB_SESSION_DAYS="60")
    assert longer.stdout.splitlines()[0].startswith("web_session: 0 deleted")
    assert state(sessions) == ({"old", "live"}, 0)


def test_purge_refuses_bad_settings_without_a_traceback(db: Database, sessions: Context) -> None:
    bad = lawbridge(db.url, "db", "purge", LAWBRIDGE_RETENTION_WEB_SESSION_DAYS="0")
    assert bad.exit_code == 2
    assert bad.stderr.startswith("error: invalid settings: ")
    assert "Traceback" not in bad.output
    assert state(sessions) == ({"old", "live"}, 0)


def test_purge_without_a_schema_fails_cleanly(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    failed = lawbridge(url, "db", "purge")
    assert failed.exit_code == 1
    assert failed.stderr.startswith("error: database error: ")
    assert "Traceback" not in failed.output
