"""API schemas of agency cooperation: cases, requests, assets, leads (``extra="forbid"`` on inputs).

Vocabularies (statuses, offences, request kinds, form elements, stages, currencies, indicator kinds,
TLP) are checked by the domain rules, so an unknown value is a 422 in the one error shape with the
list of choices, exactly as from the CLI. A case is answered as :class:`CasePublic` **with the
fields the caller may not see absent** (not null): the shared view of ``workflows/case_sharing.py``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field, RootModel

from lawbridge.server.api.params import OffsetDateTime
from lawbridge.server.api.schemas import Input, Output, SharePublic

Text = Field(None, max_length=20_000)


class CaseCreate(Input):
    subject_name: str | None = Field(None, max_length=500)
    subject: dict[str, Any] | None = None
    watchlist_entry_id: str | None = Field(None, max_length=36)
    reference: str | None = Field(None, max_length=120)
    offences: list[str] = Field(min_length=1, max_length=20, description="e.g. corruption, fraud")
    warrant_reference: str | None = Field(None, max_length=200)
    charge: str | None = Text
    law: str | None = Text
    max_penalty_months: int | None = Field(None, ge=0, le=12_000)
    sought_for: str | None = Field(None, max_length=16, description="prosecution or sentence")
    host_party: str | None = Field(None, max_length=64, description="Host party id or slug")
    host_name: str | None = Field(None, max_length=200)
    host_country: str | None = Field(None, max_length=2, description="ISO 3166-1 alpha-2")
    listed_at: OffsetDateTime | None = Field(None, description="When the person was listed (past)")


class CaseUpdate(Input):
    """Corrections to a case's subject, judicial data or host state (owner only); absent keys keep
    their value, null clears one (not offences nor the subject's name)."""

    subject_name: str | None = Field(None, max_length=500)
    subject: dict[str, Any] | None = None
    reference: str | None = Field(None, max_length=120)
    offences: list[str] | None = Field(None, min_length=1, max_length=20)
    warrant_reference: str | None = Field(None, max_length=200)
    charge: str | None = Text
    law: str | None = Text
    max_penalty_months: int | None = Field(None, ge=0, le=12_000)
    sought_for: str | None = Field(None, max_length=16, description="prosecution or sentence")
    host_party: str | None = Field(None, max_length=64, description="Host party id or slug")
    host_name: str | None = Field(None, max_length=200)
    host_country: str | None = Field(None, max_length=2, description="ISO 3166-1 alpha-2")


class CaseTransition(Input):
    status: str = Field(min_length=1, max_length=32, description="The target status")
    note: str = Field("", max_length=20_000)
    occurred_at: OffsetDateTime | None = Field(
        None, description="When it happened (not in the future)"
    )


class CaseNote(Input):
    note: str = Field(min_length=1, max_length=20_000)
    occurred_at: OffsetDateTime | None = None


class CaseEventPublic(Output):
    id: str
    kind: str
    party_id: str | None
    actor_label: str
    note: str
    occurred_at: datetime
    recorded_at: datetime
    from_status: str | None = Field(None, description="Only with the 'status' field shared")
    to_status: str | None = Field(None, description="Only with the 'status' field shared")


class HostPublic(Output):
    party_id: str | None
    name: str | None
    country: str | None


class CasePublic(Output):
    """A case as the caller's party sees it: ``id`` and ``party_id`` always; every other field
    only when the caller owns the case or it was shared with the caller's party (else absent)."""

    id: str
    party_id: str
    reference: str | None = None
    subject_name: str | None = None
    subject: dict[str, Any] | None = None
    watchlist_entry_id: str | None = None
    watchlist_id: str | None = None
    offences: list[str] | None = None
    warrant_reference: str | None = None
    charge: str | None = None
    law: str | None = None
    max_penalty_months: int | None = None
    sought_for: str | None = None
    host: HostPublic | None = None
    status: str | None = None
    closed_at: datetime | None = None
    listed_at: datetime | None = None
    last_activity_at: datetime | None = None
    created_at: datetime | None = None
    timeline: list[CaseEventPublic] | None = None


class ViewPublic(RootModel[dict[str, Any]]):
    """A serialised view answered as it is (absent fields stay absent)."""


class CaseShareCreate(Input):
    party: str = Field(min_length=1, max_length=64, description="Grantee party id or slug")
    fields: list[str] = Field(min_length=1, max_length=20, description="Shareable case fields")
    permission: Literal["read", "write"] = "read"


class CaseShareFieldsUpdate(Input):
    party: str = Field(min_length=1, max_length=64)
    fields: list[str] = Field(min_length=1, max_length=20)


class CaseShareRevoke(Input):
    party: str = Field(min_length=1, max_length=64)


class CaseSharePublic(Output):
    share: SharePublic
    fields: list[str]


class StatisticsPublic(Output):
    listed: int
    returned: int
    extradited: int
    removed: int
    surrendered: int
    closed: int
    open: int
    sentence: str


# --- Requests ---------------------------------------------------------------------------------


class RequestCreate(Input):
    kind: str = Field(min_length=1, max_length=32, description="e.g. extradition, preservation")
    recipient: str = Field(min_length=1, max_length=64, description="Recipient party id or slug")
    title: str = Field(min_length=1, max_length=300)
    reference: str | None = Field(None, max_length=120)
    legal_basis: str | None = Text
    urgency: str | None = Field(None, max_length=16, description="routine, urgent, immediate")
    case_id: str | None = Field(None, max_length=36)
    form: dict[str, Any] | None = Field(None, description="The kind's typed elements")
    article3: dict[str, Any] | None = Field(None, description="{question: {has_character, note}}")
    clock_days: dict[str, int] | None = Field(None, description="Agreed periods, e.g. 40")


class RequestUpdate(Input):
    title: str | None = Field(None, min_length=1, max_length=300)
    reference: str | None = Field(None, max_length=120)
    legal_basis: str | None = Text
    urgency: str | None = Field(None, max_length=16)
    form: dict[str, Any] | None = None
    article3: dict[str, Any] | None = None
    clock_days: dict[str, int] | None = None


class RequestSend(Input):
    acknowledge_warnings: bool = Field(False, description="A person read the warnings")
    article3: dict[str, Any] | None = Field(None, description="Article 3 answers given on send")


class RequestAct(Input):
    action: Literal["acknowledge", "start", "fulfil", "fulfil_partially", "refuse", "withdraw"]
    ground: str | None = Field(None, max_length=20_000, description="Needed to refuse")
    note: str = Field("", max_length=20_000)
    occurred_at: OffsetDateTime | None = None


class MilestoneCreate(Input):
    milestone: str = Field(min_length=1, max_length=40)
    note: str = Field("", max_length=20_000)
    occurred_at: OffsetDateTime | None = None


class RequestPublic(Output):
    id: str
    party_id: str
    recipient_party_id: str
    kind: str
    status: str
    title: str
    reference: str | None
    legal_basis: str | None
    urgency: str
    case_id: str | None
    form: dict[str, Any]
    article3: dict[str, Any]
    clock_days: dict[str, Any]
    warnings: list[dict[str, Any]]
    warnings_acknowledged_at: datetime | None
    refusal_ground: str | None
    sent_at: datetime | None
    closed_at: datetime | None
    created_at: datetime
    updated_at: datetime


class EligibilityPublic(Output):
    warnings: list[dict[str, str]]
    missing: list[str] = Field(description="What a send still lacks")


class RequestEventPublic(Output):
    id: str
    party_id: str | None
    actor_label: str
    kind: str
    name: str
    from_status: str | None
    to_status: str | None
    note: str
    occurred_at: datetime
    recorded_at: datetime


class MessageCreate(Input):
    body: str = Field(min_length=1, max_length=20_000)


class MessagePublic(Output):
    id: str
    request_id: str
    party_id: str
    author_label: str
    body: str
    created_at: datetime


class AttachmentPublic(Output):
    id: str
    request_id: str
    message_id: str | None
    party_id: str
    filename: str
    media_type: str
    size: int
    sha256: str
    created_at: datetime


class ClockPublic(Output):
    id: str
    kind: str
    basis: str
    days: int
    extensions: int
    started_at: datetime
    remind_at: datetime
    due_at: datetime
    stopped_at: datetime | None
    stop_reason: str | None
    phase: str


class ClockAlertPublic(Output):
    clock_id: str
    request_id: str
    kind: str
    phase: str
    due_at: datetime
    basis: str
    recorded: bool = Field(description="True when this run recorded (and audited) the alert")


class ClockRunPublic(Output):
    now: datetime
    alerts: list[ClockAlertPublic]


# --- Assets -----------------------------------------------------------------------------------

Amount = str | int | None


class AssetCreate(Input):
    kind: str = Field("other", max_length=32)
    description: str = Field(min_length=1, max_length=20_000)
    holder: str | None = Field(None, max_length=300)
    beneficial_owner: str | None = Field(None, max_length=300)
    location: str | None = Field(None, max_length=300)
    country: str | None = Field(None, max_length=2)
    case_id: str | None = Field(None, max_length=36)
    request_id: str | None = Field(None, max_length=36)
    occurred_at: OffsetDateTime | None = None
    amount: Amount = Field(None, description="Decimal string (never a float), e.g. '1250000.00'")
    currency: str | None = Field(None, max_length=3, description="ISO 4217, with the amount")
    note: str | None = Field(None, max_length=20_000)


class AssetStageCreate(Input):
    stage: str = Field(min_length=1, max_length=16, description="The next stage")
    occurred_at: OffsetDateTime | None = None
    amount: Amount = Field(None, description="Decimal string, e.g. '1250000.00'")
    currency: str | None = Field(None, max_length=3)
    note: str = Field("", max_length=20_000)


class AssetStagePublic(Output):
    stage: str
    occurred_at: datetime
    amount: str | None
    currency: str | None
    note: str
    party_id: str | None
    recorded_at: datetime


class AssetPublic(Output):
    id: str
    party_id: str
    case_id: str | None
    request_id: str | None
    kind: str
    description: str
    holder: str | None
    beneficial_owner: str | None
    location: str | None
    country: str | None
    stage: str
    stage_at: datetime
    created_at: datetime
    history: list[AssetStagePublic] = Field(default_factory=list)


class AssetTotalsPublic(Output):
    count: dict[str, int]
    unvalued: dict[str, int]
    values: dict[str, dict[str, str]] = Field(description="stage -> currency -> decimal string")


# --- Leads ------------------------------------------------------------------------------------


class LeadCreate(Input):
    kind: str = Field(
        max_length=16, description="ipv4, ipv6, domain, url, md5, sha1, sha256, wallet"
    )
    value: str = Field(min_length=1, max_length=2048)
    chain: str | None = Field(None, max_length=16, description="Wallets: bitcoin, ethereum, tron")
    tlp: str = Field(max_length=16, description="clear, green, amber, amber+strict, red")
    source: str = Field(min_length=1, max_length=300)
    description: str | None = Field(None, max_length=20_000)
    valid_from: OffsetDateTime | None = None


class LeadPublic(Output):
    id: str
    party_id: str
    case_id: str | None
    request_id: str | None
    kind: str
    value: str
    chain: str | None
    tlp: str
    source: str
    description: str
    origin_stix_id: str | None
    valid_from: datetime
    created_at: datetime


class LeadExport(Input):
    recipient: str | None = Field(
        None, max_length=64, description="Party id or slug; absent: outside the platform"
    )


class LeadImport(Input):
    bundle: dict[str, Any] = Field(description="A STIX 2.1 bundle")
    source: str | None = Field(None, max_length=300)
    default_tlp: str = Field("amber", max_length=16, description="For unmarked indicators")


class LeadObjectOutcome(Output):
    stix_id: str | None
    type: str | None
    outcome: Literal["imported", "duplicate", "skipped", "unsupported", "invalid"]
    reason: str
    lead_id: str | None


class LeadImportPublic(Output):
    counts: dict[str, int]
    objects: list[LeadObjectOutcome]


class LeadHitPublic(Output):
    """A lead that met one of the caller's bank entries (``how``: same URL, host, hash)."""

    lead_id: str
    lead_kind: str
    bank_id: str
    bank_name: str
    entry_id: str
    signal_type: str
    how: str


class LeadHitsPublic(RootModel[list[LeadHitPublic]]):
    """The bank entries a case's or request's leads met."""
