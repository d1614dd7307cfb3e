"""SQLAlchemy 2 typed models. Every change to them ships with an Alembic migration.

Ids of domain objects are random UUIDs (not guessable, not enumerable); audit events are numbered by
their index in the chain. Audit rows carry no foreign keys: the log outlives what it describes.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always handed back timezone-aware.

    SQLite keeps no zone and returns naive values; PostgreSQL returns the session's zone. Either way
    the application sees aware UTC datetimes, so comparisons and API output agree across dialects.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON}


class Party(Base):
    """An agency or an online service provider, in one jurisdiction (ISO 3166-1 alpha-2)."""

    __tablename__ = "party"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_local: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    jurisdiction: Mapped[str] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Account(Base):
    """A person (or service) acting for one party, with one or more roles."""

    __tablename__ = "account"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    party_id: Mapped[str] = mapped_column(ForeignKey("party.id"), index=True)
    username: Mapped[str] = mapped_column(String(120), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    locale: Mapped[str | None] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    party: Mapped[Party] = relationship(lazy="joined")


class ApiToken(Base):
    """A bearer token for the API. Only an argon2 hash of its secret is stored."""

    __tablename__ = "api_token"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    account_id: Mapped[str] = mapped_column(ForeignKey("account.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    secret_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]


class WebSession(Base):
    """A browser session. ``id`` is the SHA-256 of the cookie value, never the value itself."""

    __tablename__ = "web_session"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("account.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)  # the retention purge's age
    revoked_at: Mapped[datetime | None]


class LoginThrottle(Base):
    """Recent failed sign-ins of one account name or one client address (``workflows/auth.py``).

    ``key`` is the SHA-256 of ``account:<name>`` or ``address:<ip>``, never the name or address
    itself. Kept in the database so that every server process counts the same failures.
    """

    __tablename__ = "login_throttle"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    window_start: Mapped[datetime]
    locked_until: Mapped[datetime | None]


class Document(Base):
    """A record a party keeps and may share: a note, a letter, a piece of evidence in text."""

    __tablename__ = "document"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    party_id: Mapped[str] = mapped_column(ForeignKey("party.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    reference: Mapped[str | None] = mapped_column(String(120))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by: Mapped[str] = mapped_column(ForeignKey("account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Share(Base):
    """An explicit grant that lets ``grantee_party`` read (or write) one object of ``owner_party``."""

    __tablename__ = "share"
    __table_args__ = (Index("ix_share_object", "object_type", "object_id"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str] = mapped_column(String(36))
    owner_party_id: Mapped[str] = mapped_column(ForeignKey("party.id"))
    grantee_party_id: Mapped[str] = mapped_column(ForeignKey("party.id"), index=True)
    permission: Mapped[str] = mapped_column(String(16))
    granted_by: Mapped[str] = mapped_column(ForeignKey("account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]


class AuditEvent(Base):
    """One link of the append-only audit chain. See ``domain/audit.py`` for what is hashed."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_party", "party_id", "seq"),)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    occurred_at: Mapped[datetime]
    actor_id: Mapped[str | None] = mapped_column(String(36))
    actor_label: Mapped[str] = mapped_column(String(200))
    party_id: Mapped[str | None] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(80))
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)
    payload_hash: Mapped[str] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    chain_hash: Mapped[str] = mapped_column(String(64))


class AuditCheckpoint(Base):
    """A Merkle tree head over the first ``tree_size`` events."""

    __tablename__ = "audit_checkpoint"
    tree_size: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    root_hash: Mapped[str] = mapped_column(String(64))
    chain_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditHead(Base):
    """The chain's current length and last chain hash, updated with every append."""

    __tablename__ = "audit_head"
    chain: Mapped[str] = mapped_column(String(32), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    chain_hash: Mapped[str] = mapped_column(String(64))
    # Roots of the perfect subtrees covering the chain (hex, largest first): O(log n) Merkle appends.
    frontier: Mapped[list[str]] = mapped_column(JSON, default=list)


class IdempotencyRecord(Base):
    """The stored answer to a POST sent with an ``Idempotency-Key``, per account."""

    __tablename__ = "idempotency_record"
    __table_args__ = (UniqueConstraint("account_id", "key", name="uq_idempotency_account_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("account.id"))
    key: Mapped[str] = mapped_column(String(200))
    method: Mapped[str] = mapped_column(String(8))
    path: Mapped[str] = mapped_column(String(500))
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    response_body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)  # retention's age


# --- Watchlists and screening (issue 3) ------------------------------------------------------------


class Watchlist(Base):
    """A party's list of persons to screen against (red notices, a fugitive list, sanctions …).

    ``version`` counts content changes: every import and every delisting makes a new version, so an
    in-memory index keyed by (id, version) is never stale.
    """

    __tablename__ = "watchlist"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    party_id: Mapped[str] = mapped_column(ForeignKey("party.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text, default="")
    threshold: Mapped[float | None]
    default_legal_basis: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[str] = mapped_column(ForeignKey("account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class WatchlistVersion(Base):
    """One content change of a watchlist: an import (with its counts) or a delisting."""

    __tablename__ = "watchlist_version"
    __table_args__ = (UniqueConstraint("watchlist_id", "version", name="uq_watchlist_version"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    watchlist_id: Mapped[str] = mapped_column(ForeignKey("watchlist.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    change: Mapped[str] = mapped_column(String(16))
    source: Mapped[str | None] = mapped_column(String(500))
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_by: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WatchlistEntry(Base):
    """One person on a watchlist, keyed by the list's own (external) id. Delisted, never deleted."""

    __tablename__ = "watchlist_entry"
    __table_args__ = (
        UniqueConstraint("watchlist_id", "external_id", name="uq_watchlist_entry_external"),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    watchlist_id: Mapped[str] = mapped_column(ForeignKey("watchlist.id"), index=True)
    external_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(500))
    record: Mapped[dict[str, Any]] = mapped_column(JSON)
    legal_basis: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(500))
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    content_hash: Mapped[str] = mapped_column(String(64))
    added_version: Mapped[int] = mapped_column(Integer)
    changed_version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="active")
    delisted_at: Mapped[datetime | None]
    delist_reason: Mapped[str | None] = mapped_column(Text)
    delist_route: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Screening(Base):
    """One record screened by a party against the watchlists it can see. Never shared."""

    __tablename__ = "screening"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    party_id: Mapped[str] = mapped_column(ForeignKey("party.id"), index=True)
    subject_ref: Mapped[str | None] = mapped_column(String(200))
    record: Mapped[dict[str, Any]] = mapped_column(JSON)
    fingerprint: Mapped[str] = mapped_column(String(64))
    watchlists: Mapped[list[str]] = mapped_column(JSON, default=list)
    results: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    matcher: Mapped[str] = mapped_column(String(64))
    config_hash: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)  # retention's age


class PotentialMatch(Base):
    """A candidate at or above the list's threshold, awaiting (or holding) a reviewer's decision.

    Unique per (party, screened-record fingerprint, entry, entry content hash): screening the same
    record again finds this row instead of alerting again, until the entry's content changes.
    """

    __tablename__ = "potential_match"
    __table_args__ = (
        UniqueConstraint(
            "party_id", "fingerprint", "entry_id", "entry_hash", name="uq_potential_match_memory"
        ),
        Index("ix_potential_match_party_status", "party_id", "status"),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    party_id: Mapped[str] = mapped_column(ForeignKey("party.id"))
    screening_id: Mapped[str] = mapped_column(ForeignKey("screening.id"), index=True)
    watchlist_id: Mapped[str] = mapped_column(ForeignKey("watchlist.id"), index=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("watchlist_entry.id"), index=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))
    entry_record: Mapped[dict[str, Any]] = mapped_column(JSON)
    score: Mapped[float]
    threshold: Mapped[float]
    explanation: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="open")
    matcher: Mapped[str] = mapped_column(String(64))
    config_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[str | None] = mapped_column(String(36))
    decision_reason: Mapped[str | None] = mapped_column(Text)


class MatchDecision(Base):
    """Every reviewer decision on a potential match, in order (the match row keeps the latest)."""

    __tablename__ = "match_decision"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    match_id: Mapped[str] = mapped_column(ForeignKey("potential_match.id"), index=True)
    decision: Mapped[str] = mapped_column(String(16))
    from_status: Mapped[str] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(String(36))
    matcher: Mapped[str] = mapped_column(String(64))
    config_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# --- Processing register and transfer guard (issue 4) ----------------------------------------------


class ProcessingActivity(Base):
    """One processing activity of a party (PIPL): purpose, legal basis, categories, retention,
    recipients ``[{name, country}]`` and the cross-border mechanism. Retired, never deleted; every
    update makes a new ``version`` (the audit log keeps what changed)."""

    __tablename__ = "processing_activity"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    party_id: Mapped[str] = mapped_column(ForeignKey("party.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(Text)
    legal_basis: Mapped[str] = mapped_column(String(32))
    categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    retention_days: Mapped[int] = mapped_column(Integer)
    recipients: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    cross_border_mechanism: Mapped[str] = mapped_column(String(32))
    allow_redaction: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="active")
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by: Mapped[str] = mapped_column(ForeignKey("account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class TransferDecision(Base):
    """The transfer guard's answer for one outgoing payload. Keeps the payload's SHA-256 and size,
    never the payload itself."""

    __tablename__ = "transfer_decision"
    __table_args__ = (Index("ix_transfer_decision_party_created", "party_id", "created_at"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    party_id: Mapped[str] = mapped_column(ForeignKey("party.id"))
    recipient: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2))
    decision: Mapped[str] = mapped_column(String(8))
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    categories: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    redacted_categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    activity_id: Mapped[str | None] = mapped_column(ForeignKey("processing_activity.id"))
    activity_version: Mapped[int | None] = mapped_column(Integer)
    payload_sha256: Mapped[str] = mapped_column(String(64))
    payload_size: Mapped[int] = mapped_column(Integer)
    created_by: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# Agency cooperation (issue 6) lives in its own module; importing it here puts its tables in
# Base.metadata for Alembic and the migration test.
from lawbridge.store import cases_models as _cases_models  # noqa: E402,F401
from lawbridge.store import content_models as _content_models  # noqa: E402,F401
from lawbridge.store import provider_models as _provider_models  # noqa: E402,F401
