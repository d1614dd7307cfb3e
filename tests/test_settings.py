from __future__ import annotations

from pathlib import Path

import pytest

from lawbridge.errors import ConfigError
from lawbridge.settings import DEFAULT_DATABASE_URL, Settings


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
