"""API schemas of content monitoring: banks, posts, review queue, decisions, takedowns (with
their DSA statement of reasons), notices and appeals (``extra="forbid"`` on inputs)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from lawbridge.server.api.schemas import Input, Output

Modality = Literal["text", "image", "link"]
HashFormat = Literal["txt", "csv", "tsv"]


class BankCreate(Input):
    name: str = Field(min_length=1, max_length=200)
    kind: Literal["block", "allow"] = "block"
    category: str = Field("illegal", max_length=80)
    legal_ground: str = Field("", max_length=500)
    confirmed: bool = False
    thresholds: dict[str, float] = Field(default_factory=dict)
    auto_block: list[str] | None = Field(None, max_length=10)
    flood_window: int = Field(1000, ge=10, le=10_000_000)
    flood_ratio: float = Field(0.2, gt=0, le=1)
    flood_min: int = Field(50, ge=1, le=10_000_000)


class BankUpdate(Input):
    name: str | None = Field(None, min_length=1, max_length=200)
    enabled: bool | None = None
    confirmed: bool | None = None
    legal_ground: str | None = Field(None, max_length=500)
    thresholds: dict[str, float] | None = None
    auto_block: list[str] | None = Field(None, max_length=10)
    flood_window: int | None = Field(None, ge=10, le=10_000_000)
    flood_ratio: float | None = Field(None, gt=0, le=1)
    flood_min: int | None = Field(None, ge=1, le=10_000_000)


class BankPublic(Output):
    id: str
    party_id: str
    name: str
    kind: str
    enabled: bool
    confirmed: bool
    system: bool
    category: str
    legal_ground: str
    thresholds: dict[str, float]
    auto_block: list[str]
    flood_window: int
    flood_ratio: float
    flood_min: int
    version: int
    created_at: datetime
    updated_at: datetime


class EntryCreate(Input):
    """A signal as it is (``signal``) or the content it is computed from (``content``: a text or a
    URL; ``image_base64``: image bytes)."""

    signal_type: str = Field(max_length=40)
    signal: str | None = Field(None, max_length=100_000)
    content: str | None = Field(None, max_length=100_000)
    image_base64: str | None = Field(None, max_length=30_000_000)
    tags: list[str] = Field(default_factory=list, max_length=20)


class EntryStatusChange(Input):
    status: Literal["active", "quarantined", "removed"]
    reason: str = Field("", max_length=2000)


class EntryPublic(Output):
    id: str
    bank_id: str
    signal_type: str
    signal: str
    source: str
    tags: list[str]
    decision_id: str | None
    status: str
    match_count: int
    created_at: datetime


class BankImportIn(Input):
    format: HashFormat = "txt"
    text: str = Field(max_length=20_000_000)
    signal_type: str | None = Field(None, max_length=40)


class BankImportPublic(BaseModel):
    bank_id: str
    version: int
    added: int
    unchanged: int
    failed: int
    errors: list[dict[str, Any]]


class PostCreate(Input):
    id: str = Field(min_length=1, max_length=200, description="The platform's own post id")
    author: str = Field(min_length=1, max_length=200)
    ts: datetime
    lang: str | None = Field(None, max_length=16)
    text: str = Field("", max_length=100_000)
    image_base64: str | None = Field(None, max_length=30_000_000)
    links: list[str] = Field(default_factory=list, max_length=50)
    reshare_of: str | None = Field(None, max_length=200)
    reply_to: str | None = Field(None, max_length=200)


class PostPublic(Output):
    id: str
    external_id: str
    author: str
    posted_at: datetime
    lang: str | None
    text: str
    links: list[str]
    image_sha256: str | None
    reshare_of: str | None
    reply_to: str | None
    state: str
    created_at: datetime


class IngestOutcome(BaseModel):
    post: PostPublic
    action: Literal["published", "blocked", "review"]
    matches: list[dict[str, Any]]
    takedown_id: str | None
    review_id: str | None
    warnings: list[str]


class ReviewPublic(Output):
    id: str
    post_id: str
    matches: list[dict[str, Any]]
    status: str
    note: str | None
    created_at: datetime
    decided_at: datetime | None


class ReviewDismiss(Input):
    note: str = Field(min_length=1, max_length=20_000)


class DecisionCreate(Input):
    category: str = Field(max_length=80)
    legal_ground: str = Field(min_length=1, max_length=500)
    explanation: str = Field(min_length=1, max_length=2000)
    modalities: list[Modality] | None = None
    automated_detection: bool = False
    automated_decision: Literal[
        "AUTOMATED_DECISION_FULLY",
        "AUTOMATED_DECISION_PARTIALLY",
        "AUTOMATED_DECISION_NOT_AUTOMATED",
    ] = "AUTOMATED_DECISION_NOT_AUTOMATED"


class DecisionPublic(Output):
    id: str
    post_id: str
    category: str
    legal_ground: str
    explanation: str
    decider: str
    automated_detection: bool
    automated_decision: str
    modalities: list[str]
    status: str
    takedowns: int
    created_at: datetime
    reversed_at: datetime | None


class TakedownPublic(Output):
    id: str
    post_id: str
    decision_id: str | None
    bank_entry_id: str | None
    via: str
    source_post_id: str | None
    signal: str | None
    distance: float | None
    match: dict[str, Any]
    evidence_sha256: str
    state: str
    created_at: datetime
    reversed_at: datetime | None
    statement: dict[str, Any] = Field(description="DSA Transparency Database statement of reasons")


class TakedownDetail(TakedownPublic):
    evidence: dict[str, Any]


class DecisionOutcome(BaseModel):
    decision: DecisionPublic
    takedowns: list[TakedownPublic]


class NoticePublic(Output):
    id: str
    post_id: str
    takedown_id: str | None
    appeal_id: str | None
    author: str
    kind: str
    body: str
    created_at: datetime


class AppealCreate(Input):
    reason: str = Field(min_length=1, max_length=20_000)


class AppealDecision(Input):
    upheld: bool
    decision_wrong: bool = False
    reason: str = Field(min_length=1, max_length=20_000)


class AppealPublic(Output):
    id: str
    takedown_id: str
    post_id: str
    author: str
    reason: str
    status: str
    decision_wrong: bool | None
    outcome: str | None
    restored: int
    created_at: datetime
    decided_at: datetime | None
