"""API schemas of watchlists, screenings and potential matches (``extra="forbid"`` on inputs).

Person records are checked by the names engine (``PersonRecord.from_dict``) inside the workflows, so
an empty name, a date such as ``1985-13-40`` or an unknown country is a 422 in the one error shape.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from lawbridge.server.api.schemas import Input, Output

Kind = Literal["red_notice", "fugitive_list", "sanctions", "internal"]
Format = Literal["lawbridge", "csv", "ftm", "interpol"]
Route = Literal[
    "returned_extradited",
    "returned_removed",
    "returned_surrendered",
    "withdrawn",
    "deceased",
    "other",
]


class RecordIn(Input):
    """A RECORD: any field but name may be missing."""

    name: str = Field(max_length=500)
    aliases: list[str] = Field(default_factory=list, max_length=100)
    birth_date: str | None = Field(None, max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD")
    nationality: str | None = Field(None, max_length=2, description="ISO 3166-1 alpha-2")
    gender: str | None = Field(None, max_length=20)
    id_number: str | None = Field(None, max_length=100)

    def to_record_dict(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


class WatchlistCreate(Input):
    name: str = Field(min_length=1, max_length=200)
    kind: Kind
    description: str = Field("", max_length=20_000)
    threshold: float | None = Field(None, gt=0, le=1)
    default_legal_basis: str | None = Field(None, max_length=20_000)


class WatchlistPublic(Output):
    id: str
    party_id: str
    name: str
    kind: str
    description: str
    threshold: float | None
    effective_threshold: float
    default_legal_basis: str | None
    version: int
    created_at: datetime
    updated_at: datetime


class WatchlistImport(Input):
    """Either ``records`` (decoded JSON items) or ``text`` (the file's content) in ``format``."""

    format: Format = "lawbridge"
    records: list[dict[str, Any]] | None = Field(None, max_length=100_000)
    text: str | None = Field(None, max_length=20_000_000)
    source: str | None = Field(None, max_length=500)


class ItemErrorPublic(BaseModel):
    line: int | None
    external_id: str | None
    error: str


class ImportReportPublic(BaseModel):
    watchlist_id: str
    version: int
    added: int
    updated: int
    unchanged: int
    delisted_kept: int
    failed: int
    skipped: dict[str, int]
    errors: list[ItemErrorPublic]


class WatchlistVersionPublic(Output):
    version: int
    change: str
    source: str | None
    counts: dict[str, Any]
    created_at: datetime


class EntryPublic(Output):
    id: str
    watchlist_id: str
    external_id: str
    name: str
    record: dict[str, Any]
    legal_basis: str | None
    source: str | None
    extra: dict[str, Any]
    content_hash: str
    added_version: int
    changed_version: int
    status: str
    delisted_at: datetime | None
    delist_reason: str | None
    delist_route: str | None
    updated_at: datetime


class EntryDelist(Input):
    reason: str = Field(min_length=1, max_length=20_000)
    route: Route | None = None


class ScreeningCreate(Input):
    record: RecordIn
    watchlist_ids: list[str] | None = Field(None, max_length=100)
    subject_ref: str | None = Field(None, max_length=200)
    limit: int = Field(10, ge=1, le=100)


class HitPublic(BaseModel):
    watchlist_id: str
    entry_id: str
    external_id: str
    score: float
    threshold: float
    alert: bool
    match_id: str | None
    match_status: str | None
    new: bool


class HitDetail(HitPublic):
    name: str
    explanation: dict[str, Any]


class ScreeningPublic(Output):
    id: str
    party_id: str
    subject_ref: str | None
    record: dict[str, Any]
    fingerprint: str
    watchlists: list[str]
    matcher: str
    config_hash: str
    created_at: datetime
    results: list[HitPublic]


class ScreeningOutcome(BaseModel):
    """The answer to a screening: the stored screening and its candidates with explanations."""

    screening: ScreeningPublic
    candidates: list[HitDetail]
    alerts: int
    new_alerts: int


class PotentialMatchPublic(Output):
    id: str
    party_id: str
    screening_id: str
    watchlist_id: str
    entry_id: str
    score: float
    threshold: float
    status: str
    matcher: str
    config_hash: str
    created_at: datetime
    decided_at: datetime | None
    decided_by: str | None
    decision_reason: str | None


class DecisionPublic(Output):
    decision: str
    from_status: str
    to_status: str
    reason: str
    decided_by: str | None
    matcher: str
    config_hash: str
    created_at: datetime


class PotentialMatchDetail(BaseModel):
    """A potential match for side-by-side review."""

    match: PotentialMatchPublic
    query_record: dict[str, Any]
    entry_record: dict[str, Any]
    entry: EntryPublic
    watchlist: WatchlistPublic
    explanation: dict[str, Any]
    decisions: list[DecisionPublic]


class DecisionCreate(Input):
    decision: Literal["confirm", "dismiss", "escalate", "reopen"]
    reason: str = Field(min_length=1, max_length=20_000)
