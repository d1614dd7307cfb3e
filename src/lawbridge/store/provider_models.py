"""Models of the provider side of lawful requests (issue 7): the registry of authorities and their
keys, seen nonces, requests received with their call-back checks and gate approvals, response
packages and user notices.

Imported at the end of ``store/models.py`` so that ``Base.metadata`` (Alembic, the migration test)
holds these tables. Every row belongs to the provider party (``party_id``) that keeps it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lawbridge.store.models import Base, new_id, utcnow


class Authority(Base):
    """An authority known to the provider ``party``: name, country, contact on file."""

    __tablename__ = "authority"
    __table_args__ = (Index("ix_authority_party_country", "party_id", "country"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    party_id: Mapped[str] = mapped_column(ForeignKey("party.id"))
    name: Mapped[str] = mapped_column(String(300))
    country: Mapped[str] = mapped_column(String(2))
    kind: Mapped[str] = mapped_column(String(40))
    contact: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_by: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuthorityKey(Base):
    """An Ed25519 public key (raw, base64) of an authority with its validity period."""

    __tablename__ = "authority_key"
    __table_args__ = (UniqueConstraint("party_id", "key_id", name="uq_authority_key_party_key"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    party_id: Mapped[str] = mapped_column(ForeignKey("party.id"))
    authority_id: Mapped[str] = mapped_column(ForeignKey("authority.id"), index=True)
    key_id: Mapped[str] = mapped_column(String(120))
    public_key: Mapped[str] = mapped_column(String(64))
    valid_from: Mapped[datetime]
    valid_until: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SeenNonce(Base):
    """A nonce of a verified envelope: a second envelope with it is a replay."""

    __tablename__ = "seen_nonce"
    __table_args__ = (
        UniqueConstraint("authority_id", "nonce", name="uq_seen_nonce_authority_nonce"),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    authority_id: Mapped[str] = mapped_column(ForeignKey("authority.id"))
    nonce: Mapped[str] = mapped_column(String(128))
    issued_at: Mapped[datetime]
    seen_at: Mapped[datetime]


class ProviderRequest(Base):
    """A request or order received by the provider ``party`` from a registered authority."""

    __tablename__ = "provider_request"
    __table_args__ = (Index("ix_provider_request_party_status", "party_id", "status"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    party_id: Mapped[str] = mapped_column(ForeignKey("party.id"))
    authority_id: Mapped[str] = mapped_column(ForeignKey("authority.id"), index=True)
    type: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(8))
    fields: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    time_start: Mapped[datetime | None]
    time_end: Mapped[datetime | None]
    nondisclosure_until: Mapped[datetime | None]
    linked_request_id: Mapped[str | None] = mapped_column(ForeignKey("provider_request.id"))
    verification: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    gate: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    body_sha256: Mapped[str | None] = mapped_column(String(64))
    received_at: Mapped[datetime]
    acknowledged_at: Mapped[datetime | None]
    ack_due_at: Mapped[datetime]
    response_due_at: Mapped[datetime]
    preserved_at: Mapped[datetime | None]
    preservation_extensions: Mapped[int] = mapped_column(Integer, default=0)
    closed_at: Mapped[datetime | None]
    created_by: Mapped[str | None] = mapped_column(String(36))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class CallbackCheck(Base):
    """A call-back made to verify a staff-entered request: who called whom, when, the outcome."""

    __tablename__ = "callback_check"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    request_id: Mapped[str] = mapped_column(ForeignKey("provider_request.id"), index=True)
    called_by: Mapped[str | None] = mapped_column(String(36))
    contact_called: Mapped[str] = mapped_column(String(300))
    person_reached: Mapped[str | None] = mapped_column(String(300))
    called_at: Mapped[datetime]
    outcome: Mapped[str] = mapped_column(String(24))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime]


class GateApproval(Base):
    """An approval that clears a blocking gate rule (e.g. the competent Chinese authority's)."""

    __tablename__ = "gate_approval"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    request_id: Mapped[str] = mapped_column(ForeignKey("provider_request.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    approving_authority: Mapped[str] = mapped_column(String(300))
    reference: Mapped[str] = mapped_column(String(200))
    approved_at: Mapped[datetime]
    recorded_by: Mapped[str | None] = mapped_column(String(36))
    recorded_at: Mapped[datetime]


class ResponsePackage(Base):
    """The data produced for a request: items, their manifest of hashes and its signature."""

    __tablename__ = "response_package"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    party_id: Mapped[str] = mapped_column(ForeignKey("party.id"))
    request_id: Mapped[str] = mapped_column(ForeignKey("provider_request.id"), index=True)
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    manifest: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(128))
    key_id: Mapped[str] = mapped_column(String(120))
    public_key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    delivered_at: Mapped[datetime | None]
    delivered_via: Mapped[str | None] = mapped_column(String(120))
    receipt: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    receipted_at: Mapped[datetime | None]


class UserNotice(Base):
    """The notice owed to a subject of a request: barred while a non-disclosure order is in force,
    sent once (``sent_at``)."""

    __tablename__ = "user_notice"
    __table_args__ = (Index("ix_user_notice_party_status_due", "party_id", "status", "due_at"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    party_id: Mapped[str] = mapped_column(ForeignKey("party.id"))
    request_id: Mapped[str] = mapped_column(ForeignKey("provider_request.id"), index=True)
    subject: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(16))
    due_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
