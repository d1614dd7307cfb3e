"""Shared fixtures: every store-backed test runs on SQLite and on PostgreSQL.

PostgreSQL comes from ``LAWBRIDGE_TEST_DATABASE_URL`` (default: this machine's server on
127.0.0.1:5432, database ``test``); each test gets a schema of its own, dropped afterwards. Without a
server the PostgreSQL variants skip with the reason, and under ``CI=true`` such a skip (or a skipped
browser test) is turned into a failure, so CI proves both suites ran.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from lawbridge.domain.actor import Actor
from lawbridge.settings import Settings
from lawbridge.store import migrate
from lawbridge.store.db import Database, scratch_schema
from lawbridge.workflows import accounts, auth, parties, passwords, screening, screening_index
from lawbridge.workflows.screening_index import IndexCache
from lawbridge.workflows.unit import Context

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PG_URL = os.environ.get("LAWBRIDGE_TEST_DATABASE_URL", DEFAULT_PG)
pytest_plugins = ["tests.plugins.ci_guard", "pytester"]


def _pg_unavailable() -> str | None:
    try:
        engine = create_engine(PG_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except OperationalError as exc:
        return f"no PostgreSQL at {PG_URL}: {str(exc.orig).strip().splitlines()[0]}"


PG_SKIP_REASON = _pg_unavailable()


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 at production cost makes each account ~100 ms; tests check behaviour, not cost."""
    monkeypatch.setattr(passwords, "PASSWORDS", PasswordHasher(time_cost=1, memory_cost=1024))
    monkeypatch.setattr(passwords, "TOKENS", PasswordHasher(time_cost=1, memory_cost=1024))


@contextlib.contextmanager
def database(kind: str, tmp_path: Path) -> Iterator[Database]:
    """A migrated, empty database of ``kind`` ("sqlite" or "postgresql"), removed afterwards."""
    if kind == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 'lawbridge.db'}")
        migrate.upgrade(db)
        yield db
        db.dispose()
        return
    if PG_SKIP_REASON:
        pytest.skip(PG_SKIP_REASON)
    with scratch_schema(PG_URL, "t") as url:
        db = Database(url)
        try:
            migrate.upgrade(db)
            yield db
        finally:
            db.dispose()


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """The same test on embedded SQLite and on PostgreSQL."""
    with database(request.param, tmp_path) as built:
        yield built


@pytest.fixture
def settings(db: Database) -> Settings:
    return Settings(env="test", database_url=db.url, audit_checkpoint_every=8)


@pytest.fixture
def context(settings: Settings, db: Database) -> Context:
    return Context(settings, db)


SYSTEM = Actor.system("test")


@dataclass
class Member:
    """One account of a test party, with the actor it acts as and an API token."""

    username: str
    account_id: str
    actor: Actor
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class TestParty:
    id: str
    slug: str
    members: dict[str, Member]

    def __getitem__(self, role: str) -> Member:
        return self.members[role]


def make_party(context: Context, slug: str, kind: str, jurisdiction: str) -> TestParty:
    members: dict[str, Member] = {}
    with context.write(SYSTEM) as unit:
        party = parties.create_party(
            unit, slug=slug, name=f"{slug} (test)", kind=kind, jurisdiction=jurisdiction
        )
        for role in ("admin", "analyst", "reviewer", "auditor"):
            account = accounts.create_account(
                unit,
                party=party.id,
                username=f"{role}@{slug}",
                display_name=f"{role} of {slug}",
                roles=[role],
                password=PASSWORD,
            )
            _, token = auth.issue_token(unit, account.id, "test")
            members[role] = Member(account.username, account.id, accounts.actor_for(account), token)
        return TestParty(party.id, slug, members)


PASSWORD = "correct horse battery"


@dataclass
class World:
    """Two agencies and a provider, each with one account per role."""

    cn: TestParty
    us: TestParty
    provider: TestParty


@pytest.fixture
def index_cache(monkeypatch: pytest.MonkeyPatch) -> IndexCache:
    """A fresh screening-index cache, used by screening and by refreshers built without one."""
    fresh = IndexCache()
    monkeypatch.setattr(screening, "INDEXES", fresh)
    monkeypatch.setattr(screening_index, "INDEXES", fresh)
    return fresh


@pytest.fixture
def world(context: Context) -> World:
    return World(
        cn=make_party(context, "cn-agency", "agency", "CN"),
        us=make_party(context, "us-agency", "agency", "US"),
        provider=make_party(context, "provider", "provider", "CN"),
    )
