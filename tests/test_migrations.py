"""The Alembic migrations build exactly the schema the models describe, on both dialects."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from lawbridge.store import migrate
from lawbridge.store.db import Database
from lawbridge.store.models import Base


def test_models_match_migrations(db: Database) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_upgrade_is_at_head_and_repeatable(db: Database) -> None:
    assert migrate.current_revision(db) == migrate.head_revision(db)
    migrate.upgrade(db)  # a second upgrade is a no-op, not an error
    assert migrate.current_revision(db) == migrate.head_revision(db)


def test_downgrade_to_base_and_back(db: Database) -> None:
    migrate.downgrade(db, "base")
    assert "audit_event" not in inspect(db.engine).get_table_names()
    migrate.upgrade(db)
    assert "audit_event" in inspect(db.engine).get_table_names()
