"""Models of content monitoring (issue 5): banks and their entries, posts with their signals, the
review queue, decisions, takedowns (evidence + DSA statement of reasons), notices and appeals.

Imported at the end of ``store/models.py`` so that ``Base.metadata`` holds these tables. A post's
integer ``seq`` orders ingestion (the in-memory indexes catch up by it); its UUID ``id`` is what
the API shows. Uploaded image bytes are not stored: a post keeps their SHA-256, size, signals and
the lossless PNG of the work image the signals were computed from (at most 128 pixels a side), which
is the evidence snapshot and what a later decision expands into a bank reference.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy import UniqueConstraint as Unique
from sqlalchemy.orm import Mapped, mapped_column

from lawbridge.store.models import Base, new_id, utcnow


class ContentBank(Base):
    """A party's bank of known content: ``block`` (known illegal) or ``allow`` (matches veto).

    ``confirmed`` banks block at upload; matches of other banks go to review. ``version`` moves
    with every change of the entries, so an index keyed by (id, version) is never stale.
    """

    __tablename__ = "content_bank"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    party_id: Mapped[str] = mapped_column(ForeignKey("party.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(8))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    system: Mapped[bool] = mapped_column(Boolean, default=False)
    category: Mapped[str] = mapped_column(String(80))
    legal_ground: Mapped[str] = mapped_column(Text, default="")
    thresholds: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    auto_block: Mapped[list[str]] = mapped_column(JSON, default=list)
    flood_window: Mapped[int] = mapped_column(Integer)
    flood_ratio: Mapped[float] = mapped_column(Float)
    flood_min: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ContentBankEntry(Base):
    """One signal of a bank. ``key`` (SHA-256 of type and signal) is unique per bank."""

    __tablename__ = "content_bank_entry"
    __table_args__ = (Unique("bank_id", "key", name="uq_content_bank_entry_key"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    bank_id: Mapped[str] = mapped_column(ForeignKey("content_bank.id"), index=True)
    signal_type: Mapped[str] = mapped_column(String(40))
    signal: Mapped[str] = mapped_column(Text)
    key: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(200), default="")
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    decision_id: Mapped[str | None] = mapped_column(String(36), index=True)
    status: Mapped[str] = mapped_column(String(16), default="active")
    match_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ContentPost(Base):
    """One uploaded post of a party's users, with every signal computed at upload."""

    __tablename__ = "content_post"
    __table_args__ = (
        Unique("party_id", "external_id", name="uq_content_post_external"),
        Index("ix_content_post_party_state", "party_id", "state"),
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True, default=new_id)
    party_id: Mapped[str] = mapped_column(ForeignKey("party.id"))
    external_id: Mapped[str] = mapped_column(String(200))
    author: Mapped[str] = mapped_column(String(200), index=True)
    posted_at: Mapped[datetime]
    lang: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text, default="")
    image_sha256: Mapped[str | None] = mapped_column(String(64))
    image_size: Mapped[int | None] = mapped_column(Integer)
    thumbnail: Mapped[bytes | None] = mapped_column(LargeBinary)
    links: Mapped[list[str]] = mapped_column(JSON, default=list)
    reshare_of: Mapped[str | None] = mapped_column(ForeignKey("content_post.id"), index=True)
    reply_to: Mapped[str | None] = mapped_column(ForeignKey("content_post.id"), index=True)
    signals: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(16), default="visible")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)  # retention's age
    state_changed_at: Mapped[datetime | None]


class ContentReview(Base):
    """A post in the review queue: the bank or rule matches that were not enough to block."""

    __tablename__ = "content_review"
    __table_args__ = (Index("ix_content_review_party_status", "party_id", "status"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    party_id: Mapped[str] = mapped_column(ForeignKey("party.id"))
    post_id: Mapped[str] = mapped_column(ForeignKey("content_post.id"), index=True)
    matches: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default="open")
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[str | None] = mapped_column(String(36))


class ContentDecision(Base):
    """A decision that a post is illegal: legal ground, decider, automation, what it propagated.

    ``origin`` tells the provider's own moderation (``provider``) from a takedown order of an
    authority (``state_order``, with the provider request it executes in ``order_id``), so that
    statistics and transparency reports count state-originated decisions apart.
    """

    __tablename__ = "content_decision"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    party_id: Mapped[str] = mapped_column(ForeignKey("party.id"), index=True)
    post_id: Mapped[str] = mapped_column(ForeignKey("content_post.id"), index=True)
    category: Mapped[str] = mapped_column(String(80))
    legal_ground: Mapped[str] = mapped_column(Text)
    explanation: Mapped[str] = mapped_column(Text)
    decider: Mapped[str] = mapped_column(String(200))
    decider_id: Mapped[str | None] = mapped_column(String(36))
    automated_detection: Mapped[bool] = mapped_column(Boolean)
    automated_decision: Mapped[str] = mapped_column(String(40))
    modalities: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default="in_force")
    takedowns: Mapped[int] = mapped_column(Integer, default=0)
    origin: Mapped[str] = mapped_column(String(16), default="provider", server_default="provider")
    order_id: Mapped[str | None] = mapped_column(String(36), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    reversed_at: Mapped[datetime | None]


class ContentTakedown(Base):
    """One post taken down (or blocked at upload), with its evidence and statement of reasons."""

    __tablename__ = "content_takedown"
    __table_args__ = (Index("ix_content_takedown_party_state", "party_id", "state"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    party_id: Mapped[str] = mapped_column(ForeignKey("party.id"))
    post_id: Mapped[str] = mapped_column(ForeignKey("content_post.id"), index=True)
    decision_id: Mapped[str | None] = mapped_column(ForeignKey("content_decision.id"), index=True)
    bank_entry_id: Mapped[str | None] = mapped_column(String(36))  # no index: never looked up
    via: Mapped[str] = mapped_column(String(16))
    source_post_id: Mapped[str | None] = mapped_column(String(36), index=True)
    signal: Mapped[str | None] = mapped_column(String(40))
    distance: Mapped[float | None] = mapped_column(Float)
    match: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    evidence_sha256: Mapped[str] = mapped_column(String(64))
    statement: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(16), default="active")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    reversed_at: Mapped[datetime | None]
    reversed_reason: Mapped[str | None] = mapped_column(Text)


class ContentNotice(Base):
    """A message to a post's author: a takedown (with how to appeal), a restoration, a rejection."""

    __tablename__ = "content_notice"
    __table_args__ = (Index("ix_content_notice_party_author", "party_id", "author"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    party_id: Mapped[str] = mapped_column(ForeignKey("party.id"))
    post_id: Mapped[str] = mapped_column(ForeignKey("content_post.id"), index=True)
    takedown_id: Mapped[str | None] = mapped_column(String(36))  # no index: never looked up
    appeal_id: Mapped[str | None] = mapped_column(String(36))
    author: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(24))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ContentAppeal(Base):
    """An author's appeal against a takedown, and its outcome."""

    __tablename__ = "content_appeal"
    __table_args__ = (Index("ix_content_appeal_party_status", "party_id", "status"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    party_id: Mapped[str] = mapped_column(ForeignKey("party.id"))
    takedown_id: Mapped[str] = mapped_column(ForeignKey("content_takedown.id"), index=True)
    post_id: Mapped[str] = mapped_column(ForeignKey("content_post.id"), index=True)
    author: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open")
    decision_wrong: Mapped[bool | None] = mapped_column(Boolean)
    outcome: Mapped[str | None] = mapped_column(Text)
    restored: Mapped[int] = mapped_column(Integer, default=0)
    decided_by: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
