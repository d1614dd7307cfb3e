"""Models of agency cooperation (issue 6): fugitive cases and their timeline, field-by-field case
shares, cooperation requests with their events, messages, attachments and legal clocks, and assets
with their stages.

Imported at the end of ``store/models.py`` so that ``Base.metadata`` (Alembic, the migration test)
always holds these tables. Amounts are stored as decimal **text**: exact on both dialects (SQLite has
no decimal type and would round through a float); sums are made in Python with ``Decimal``, per
currency. Attachments are stored in the database as bytes, with their SHA-256 and size (see
``workflows/requests.py`` for why).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lawbridge.store.models import Base, new_id, utcnow


class FugitiveCase(Base):
    """A person sought by ``party`` (the requesting party), possibly located in a host state.

    The host is a party on the platform (``host_party_id``) or only named (``host_name``,
    ``host_country``). ``last_activity_at`` moves with every timeline event (stale-case query);
    ``closed_at`` is when the case reached a returned or closed status (statistics per period).
    """

    __tablename__ = "fugitive_case"
    __table_args__ = (Index("ix_fugitive_case_party_status", "party_id", "status"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    party_id: Mapped[str] = mapped_column(ForeignKey("party.id"))
    reference: Mapped[str | None] = mapped_column(String(120))
    subject_name: Mapped[str] = mapped_column(String(500))
    subject: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    watchlist_id: Mapped[str | None] = mapped_column(ForeignKey("watchlist.id"), index=True)
    watchlist_entry_id: Mapped[str | None] = mapped_column(
        ForeignKey("watchlist_entry.id"), index=True
    )
    offences: Mapped[list[str]] = mapped_column(JSON, default=list)
    warrant_reference: Mapped[str | None] = mapped_column(String(200))
    charge: Mapped[str | None] = mapped_column(Text)
    law: Mapped[str | None] = mapped_column(Text)
    max_penalty_months: Mapped[int | None] = mapped_column(Integer)
    sought_for: Mapped[str | None] = mapped_column(String(16))
    host_party_id: Mapped[str | None] = mapped_column(ForeignKey("party.id"))
    host_name: Mapped[str | None] = mapped_column(String(200))
    host_country: Mapped[str | None] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(32))
    listed_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    last_activity_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(ForeignKey("account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class CaseEvent(Base):
    """One entry of a case's timeline: who (party and account) said or did what, and when.

    ``occurred_at`` is when it happened (never in the future), ``recorded_at`` when it was written.
    """

    __tablename__ = "case_event"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    case_id: Mapped[str] = mapped_column(ForeignKey("fugitive_case.id"), index=True)
    party_id: Mapped[str | None] = mapped_column(ForeignKey("party.id"))
    actor_id: Mapped[str | None] = mapped_column(String(36))
    actor_label: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")
    occurred_at: Mapped[datetime]
    recorded_at: Mapped[datetime]


class CaseShareFields(Base):
    """Which fields of a shared case its grantee sees (one row per live ``share`` of a case)."""

    __tablename__ = "case_share_fields"
    share_id: Mapped[str] = mapped_column(ForeignKey("share.id"), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("fugitive_case.id"), index=True)
    fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class CooperationRequest(Base):
    """A request from ``party`` (requester) to ``recipient_party``; the recipient sees it once sent.

    ``form`` holds the kind's typed elements, ``article3`` the neutrality answers, ``warnings`` the
    eligibility warnings computed at sending, with who acknowledged them and when.
    """

    __tablename__ = "cooperation_request"
    __table_args__ = (
        Index("ix_cooperation_request_party_status", "party_id", "status"),
        Index("ix_cooperation_request_recipient_status", "recipient_party_id", "status"),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    party_id: Mapped[str] = mapped_column(ForeignKey("party.id"))
    recipient_party_id: Mapped[str] = mapped_column(ForeignKey("party.id"))
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(24))
    title: Mapped[str] = mapped_column(String(300))
    reference: Mapped[str | None] = mapped_column(String(120))
    legal_basis: Mapped[str | None] = mapped_column(Text)
    urgency: Mapped[str] = mapped_column(String(16))
    case_id: Mapped[str | None] = mapped_column(ForeignKey("fugitive_case.id"), index=True)
    form: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    article3: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    clock_days: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    warnings: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    warnings_acknowledged_by: Mapped[str | None] = mapped_column(String(36))
    warnings_acknowledged_at: Mapped[datetime | None]
    refusal_ground: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    created_by: Mapped[str] = mapped_column(ForeignKey("account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class RequestEvent(Base):
    """A status change or milestone of a request, with the party and account that made it."""

    __tablename__ = "request_event"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    request_id: Mapped[str] = mapped_column(ForeignKey("cooperation_request.id"), index=True)
    party_id: Mapped[str | None] = mapped_column(ForeignKey("party.id"))
    actor_id: Mapped[str | None] = mapped_column(String(36))
    actor_label: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(40))
    from_status: Mapped[str | None] = mapped_column(String(24))
    to_status: Mapped[str | None] = mapped_column(String(24))
    note: Mapped[str] = mapped_column(Text, default="")
    occurred_at: Mapped[datetime]
    recorded_at: Mapped[datetime]


class RequestMessage(Base):
    """A message between the two parties of a sent request."""

    __tablename__ = "request_message"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    request_id: Mapped[str] = mapped_column(ForeignKey("cooperation_request.id"), index=True)
    party_id: Mapped[str] = mapped_column(ForeignKey("party.id"))
    author_id: Mapped[str | None] = mapped_column(String(36))
    author_label: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]


class RequestAttachment(Base):
    """A file attached to a request (optionally to one message): bytes, SHA-256 and size."""

    __tablename__ = "request_attachment"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    request_id: Mapped[str] = mapped_column(ForeignKey("cooperation_request.id"), index=True)
    message_id: Mapped[str | None] = mapped_column(ForeignKey("request_message.id"))
    party_id: Mapped[str] = mapped_column(ForeignKey("party.id"))
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_by: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime]


class LegalClock(Base):
    """One running (or stopped) deadline of a request, from the catalogue in ``domain/clocks.py``.

    ``reminded_at`` and ``overdue_at`` are set once, when the reminder and the overdue state are
    first computed (and audited): computing due clocks again records nothing new.
    """

    __tablename__ = "legal_clock"
    __table_args__ = (Index("ix_legal_clock_open_remind", "stopped_at", "remind_at"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    request_id: Mapped[str] = mapped_column(ForeignKey("cooperation_request.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    basis: Mapped[str] = mapped_column(Text)
    days: Mapped[int] = mapped_column(Integer)
    extensions: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime]
    remind_at: Mapped[datetime]
    due_at: Mapped[datetime]
    stopped_at: Mapped[datetime | None]
    stop_reason: Mapped[str | None] = mapped_column(String(40))
    reminded_at: Mapped[datetime | None]
    overdue_at: Mapped[datetime | None]


class Asset(Base):
    """A traced asset of ``party``, linked to a case and/or a request; ``stage`` is the latest."""

    __tablename__ = "asset"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    party_id: Mapped[str] = mapped_column(ForeignKey("party.id"), index=True)
    case_id: Mapped[str | None] = mapped_column(ForeignKey("fugitive_case.id"), index=True)
    request_id: Mapped[str | None] = mapped_column(ForeignKey("cooperation_request.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text)
    holder: Mapped[str | None] = mapped_column(String(300))
    beneficial_owner: Mapped[str | None] = mapped_column(String(300))
    location: Mapped[str | None] = mapped_column(String(300))
    country: Mapped[str | None] = mapped_column(String(2))
    stage: Mapped[str] = mapped_column(String(16))
    stage_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(ForeignKey("account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class AssetStageRecord(Base):
    """One stage an asset reached: when, and its value then (decimal text + ISO 4217 currency)."""

    __tablename__ = "asset_stage_record"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    asset_id: Mapped[str] = mapped_column(ForeignKey("asset.id"), index=True)
    stage: Mapped[str] = mapped_column(String(16))
    occurred_at: Mapped[datetime]
    amount: Mapped[str | None] = mapped_column(String(40))
    currency: Mapped[str | None] = mapped_column(String(3))
    note: Mapped[str] = mapped_column(Text, default="")
    party_id: Mapped[str | None] = mapped_column(ForeignKey("party.id"))
    actor_id: Mapped[str | None] = mapped_column(String(36))
    recorded_at: Mapped[datetime]


class LeadIndicator(Base):
    """A cybercrime lead: one indicator attached to a case or a request, with its TLP marking.

    ``party_id`` is the party that recorded it (its owner under TLP: a red lead never leaves that
    party); exactly one of ``case_id`` and ``request_id`` is set. ``value`` is canonical
    (``domain/leads.py``); ``origin_stix_id`` keeps the id of the STIX indicator it was imported
    from, ``source`` where it came from.
    """

    __tablename__ = "lead_indicator"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    party_id: Mapped[str] = mapped_column(ForeignKey("party.id"), index=True)
    case_id: Mapped[str | None] = mapped_column(ForeignKey("fugitive_case.id"), index=True)
    request_id: Mapped[str | None] = mapped_column(ForeignKey("cooperation_request.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(Text)
    chain: Mapped[str | None] = mapped_column(String(16))
    tlp: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    origin_stix_id: Mapped[str | None] = mapped_column(String(100))
    valid_from: Mapped[datetime]
    created_by: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime]
