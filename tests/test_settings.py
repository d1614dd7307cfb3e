from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.pool import QueuePool

from lawbridge.errors import ConfigError
from lawbridge.settings import DEFAULT_DATABASE_URL, Settings
from lawbridge.workflows.unit import Context


def test_defaults_to_embedded_sqlite(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LAWBRIDGE_DATABASE_URL", raising=False)
    settings = Settings(_env_file=None)
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.sqlite_path() == Path("var/lawbridge.db")


def test_reads_prefixed_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAWBRIDGE_DATABASE_URL", "postgresql+psycopg://u@h/db")
    monkeypatch.setenv("LAWBRIDGE_MAX_BODY_BYTES", "2048")
    settings = Settings(_env_file=None)
    assert settings.database_url == "postgresql+psycopg://u@h/db"
    assert settings.sqlite_path() is None
    assert settings.max_body_bytes == 2048


def test_production_refuses_placeholder_secret() -> None:
    with pytest.raises(ConfigError):
        Settings(_env_file=None, env="production", secret_key="changethis")
    assert Settings(_env_file=None, env="production", secret_key="x" * 40).env == "production"


def test_every_process_edge_pools_postgresql_connections_as_configured(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The server, the CLI and each stream worker build their database through Context."""
    monkeypatch.setenv("LAWBRIDGE_DATABASE_URL", "postgresql+psycopg://u@h/db")
    monkeypatch.setenv("LAWBRIDGE_DB_POOL_SIZE", "3")
    monkeypatch.setenv("LAWBRIDGE_DB_MAX_OVERFLOW", "0")
    context = Context(Settings(_env_file=None))  # builds the engine; connects only when used
    try:
        pool = context.db.engine.pool
        assert isinstance(pool, QueuePool)
        assert (pool.size(), pool._max_overflow) == (3, 0)
    finally:
        context.close()
