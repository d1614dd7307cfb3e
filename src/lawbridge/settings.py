"""Configuration: every setting is a ``LAWBRIDGE_*`` environment variable (or a line in ``.env``).

Settings are read once at a process edge (the CLI, ``create_app``) and passed down explicitly; engines
never read them, and tests build a fresh :class:`Settings` instead of mutating a global.
Every field here is documented in ``docs/configuration.md`` (a test checks it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from lawbridge.errors import ConfigError

DEFAULT_DATABASE_URL = "sqlite:///var/lawbridge.db"
PLACEHOLDER_SECRETS = frozenset({"", "changethis", "change-me", "secret"})
# Longest retention period accepted, in days (100 years): a cutoff is always a valid date.
MAX_RETENTION_DAYS = 36_500
# What LAWBRIDGE_RETENTION_*_DAYS may say to keep records for ever (the rule is off).
KEEP_FOREVER = frozenset({"", "keep", "none"})


class Settings(BaseSettings):
    """lawbridge's settings. Field names map to ``LAWBRIDGE_<NAME>`` variables."""

    model_config = SettingsConfigDict(env_prefix="LAWBRIDGE_", env_file=".env", extra="ignore")

    env: Literal["development", "test", "production"] = Field(
        "development", description="Deployment environment; production refuses placeholder secrets."
    )
    database_url: str = Field(
        DEFAULT_DATABASE_URL,
        description="SQLAlchemy URL: sqlite:///path (embedded, default) or postgresql+psycopg://…",
    )
    secret_key: str = Field(
        "changethis",
        description="Secret for signing browser cookies (CSRF of the login form). Set in production.",
    )
    cookie_secure: bool | None = Field(
        None,
        description="Mark cookies Secure. Default: on when the request arrives over HTTPS.",
    )
    session_ttl_minutes: int = Field(
        480, ge=5, description="Lifetime of a browser session (sliding window not applied)."
    )
    login_max_failures: int = Field(
        5, ge=1, description="Failed sign-ins per account or client address before a lockout."
    )
    login_failure_window_minutes: int = Field(
        15, ge=1, description="Window in which failed sign-ins are counted, in minutes."
    )
    login_lockout_minutes: int = Field(
        15, ge=1, description="How long sign-in stays refused after too many failures, in minutes."
    )
    api_token_max_failures: int = Field(
        20,
        ge=1,
        description="Failed API tokens one client address may present per window, in each API "
        "process, before its requests are refused with 429 without their token being checked.",
    )
    api_token_failure_window_seconds: int = Field(
        60, ge=1, description="Window in which failed API tokens are counted, in seconds."
    )
    max_body_bytes: int = Field(
        1_048_576, ge=1024, description="Largest request body the API accepts, in bytes."
    )
    audit_checkpoint_every: int = Field(
        256,
        ge=1,
        description="Write a Merkle checkpoint (tree size, root, chain hash) after every N audit events.",
    )
    default_locale: Literal["en", "zh_Hans"] = Field(
        "en", description="UI language when neither the account nor the browser names one."
    )
    log_json: bool = Field(False, description="Log JSON lines instead of plain text.")
    log_level: str = Field("INFO", description="Root log level (DEBUG, INFO, WARNING …).")
    db_pool_size: int = Field(
        5, ge=1, description="Connections each process keeps open to PostgreSQL (its pool's size)."
    )
    db_max_overflow: int = Field(
        10, ge=0, description="Extra PostgreSQL connections a process may open beyond the pool."
    )
    warm_indexes: bool = Field(
        False,
        description="Build every watchlist's index at start-up (readiness waits for it) and refresh "
        "changed lists in the background. `lawbridge serve` turns it on.",
    )
    index_refresh_seconds: float = Field(
        30.0,
        ge=1.0,
        le=86_400.0,
        description="With warm_indexes: how often a process looks for changed lists (±20 % jitter).",
    )

    retention_web_session_days: int | None = Field(
        30,
        ge=1,
        le=MAX_RETENTION_DAYS,
        description="`lawbridge db purge` deletes browser sessions this many days after they "
        "expired or were signed out ('keep': never).",
    )
    retention_login_throttle_days: int | None = Field(
        1,
        ge=1,
        le=MAX_RETENTION_DAYS,
        description="`lawbridge db purge` deletes failed sign-in counters this many days after "
        "their window and lockout ended ('keep': never).",
    )
    retention_idempotency_days: int | None = Field(
        30,
        ge=1,
        le=MAX_RETENTION_DAYS,
        description="`lawbridge db purge` deletes stored Idempotency-Key answers this many days "
        "after they were stored; a retry after that runs as new ('keep': never).",
    )
    retention_api_token_days: int | None = Field(
        None,
        ge=1,
        le=MAX_RETENTION_DAYS,
        description="`lawbridge db purge` deletes API tokens this many days after they expired or "
        "were revoked. Default: kept.",
    )
    retention_unmatched_screening_days: int | None = Field(
        None,
        ge=1,
        le=MAX_RETENTION_DAYS,
        description="`lawbridge db purge` deletes screened records that never raised a potential "
        "match this many days after the screening. Default: kept.",
    )

    retention_content_post_days: int | None = Field(
        None,
        ge=1,
        le=MAX_RETENTION_DAYS,
        description="`lawbridge db purge` deletes users' posts this many days after they were "
        "stored, unless moderation ever touched them or a kept post reshares or replies to them. "
        "Default: kept.",
    )

    @field_validator(
        "retention_web_session_days",
        "retention_login_throttle_days",
        "retention_idempotency_days",
        "retention_api_token_days",
        "retention_unmatched_screening_days",
        "retention_content_post_days",
        mode="before",
    )
    @classmethod
    def _keep_forever(cls, value: object) -> object:
        if isinstance(value, str) and value.strip().lower() in KEEP_FOREVER:
            return None
        return value

    @model_validator(mode="after")
    def _refuse_placeholder_secrets(self) -> Settings:
        if self.env == "production" and self.secret_key in PLACEHOLDER_SECRETS:
            raise ConfigError("LAWBRIDGE_SECRET_KEY must be set to a real secret in production")
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def sqlite_path(self) -> Path | None:
        """The database file of a ``sqlite:///`` URL, or None for other databases or memory."""
        if not self.is_sqlite:
            return None
        path = self.database_url.split(":///", 1)[-1]
        return None if path in ("", ":memory:") else Path(path)
