"""API schemas of the provider side of lawful requests (``extra="forbid"`` on inputs).

Vocabularies (request types, legal processes, data categories, approval kinds) are checked by the
domain rules, so an unknown value is a 422 in the one error shape, exactly as from the CLI.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field, RootModel

from lawbridge.server.api.params import OffsetDateTime
from lawbridge.server.api.schemas import Input, Output

Text = Field(None, max_length=20_000)
Codes = Field(None, max_length=50, description="ISO 3166-1 alpha-2 codes")


class AuthorityKeyCreate(Input):
    key_id: str = Field(min_length=1, max_length=120, description="Unique in the registry")
    public_key: str = Field(
        min_length=1, max_length=64, description="The raw 32-byte Ed25519 public key, base64"
    )
    valid_from: OffsetDateTime | None = Field(None, description="Default: now")
    valid_until: OffsetDateTime | None = Field(None, description="Exclusive; none: until retired")


class AuthorityCreate(Input):
    name: str = Field(min_length=1, max_length=300)
    country: str = Field(min_length=2, max_length=2, description="ISO 3166-1 alpha-2")
    kind: str | None = Field(None, max_length=40, description="police, court, prosecutor …")
    contact: dict[str, str] = Field(description="phone, email, address, portal (call-backs)")
    keys: list[AuthorityKeyCreate] = Field(default_factory=list, max_length=10)


class KeyRotateCreate(Input):
    new_key_id: str = Field(min_length=1, max_length=120)
    public_key: str = Field(min_length=1, max_length=64)


class KeyRevokeCreate(Input):
    reason: str = Field(min_length=1, max_length=2000)


class AuthorityKeyPublic(Output):
    id: str
    authority_id: str
    key_id: str
    public_key: str
    valid_from: datetime
    valid_until: datetime | None
    revoked_at: datetime | None


class AuthorityPublic(Output):
    id: str
    name: str
    country: str
    kind: str
    contact: dict[str, Any]
    created_at: datetime
    keys: list[AuthorityKeyPublic] = Field(default_factory=list)


class SignedRequestCreate(Input):
    """A request as the authority signed it (``domain/authorities.py``): the signature covers the
    canonical JSON (RFC 8785) of ``body``, which carries ``authority``, ``nonce`` and
    ``issued_at`` besides the request's elements. Unsigned, forged, replayed, stale or unknown-key
    submissions are refused with their reason and audited."""

    key_id: str | None = Field(None, max_length=200)
    signature: str | None = Field(None, max_length=200)
    body: dict[str, Any]


class StaffRequestCreate(Input):
    """A request received on paper, by e-mail or fax, entered by staff (verified by call-back)."""

    authority: str = Field(min_length=1, max_length=64, description="Registry id of the sender")
    type: str = Field(min_length=1, max_length=32, description="data_disclosure, preservation …")
    received_via: str | None = Field(None, max_length=300)
    document_reference: str | None = Field(None, max_length=300)
    reference: str | None = Field(None, max_length=300)
    legal_basis: str | None = Text
    legal_process: str | None = Field(None, max_length=40)
    issuing_authority: str | None = Text
    validating_authority: str | None = Text
    offence: str | None = Text
    reasons: str | None = Text
    assistance: str | None = Text
    emergency_attestation: str | None = Text
    territorial_scope: list[str] | None = Codes
    subjects: list[str] | None = Field(None, max_length=1000)
    items: list[str] | None = Field(None, max_length=5000)
    data_categories: list[str] | None = Field(None, max_length=10)
    time_start: OffsetDateTime | None = None
    time_end: OffsetDateTime | None = None
    nondisclosure: bool | None = None
    nondisclosure_until: OffsetDateTime | None = None
    linked_request_id: str | None = Field(None, max_length=36)


class CallbackCreate(Input):
    contact_called: str = Field(min_length=1, max_length=300, description="From the registry")
    person_reached: str | None = Field(None, max_length=300)
    called_at: OffsetDateTime | None = Field(None, description="Default: now; not in the future")
    outcome: Literal["confirmed", "denied", "no_answer"]
    note: str | None = Field(None, max_length=2000)


class GateCheck(Input):
    data_locations: list[str] = Field(
        min_length=1, max_length=20, description="Where the data asked for is stored (alpha-2)"
    )


class GateApprovalCreate(Input):
    kind: str = Field(min_length=1, max_length=40, description="e.g. cn_competent_authority")
    approving_authority: str = Field(min_length=1, max_length=300)
    reference: str = Field(min_length=1, max_length=300)
    approved_at: OffsetDateTime | None = None


class RejectCreate(Input):
    reason: str = Field(min_length=1, max_length=2000)


class OrderExecute(Input):
    """How to decide on the posts a takedown order names (its legal ground is the order)."""

    category: str = Field("illegal", min_length=1, max_length=64, description="DSA category")
    modalities: list[str] | None = Field(None, max_length=10)


class OrderExecutedPublic(Output):
    request_id: str
    status: str
    decisions: list[str] = Field(description="Ids of the content decisions, one per post found")
    taken_down: int = Field(description="Posts taken down: the named ones, copies and reshares")
    missing: list[str] = Field(description="Items of the order that name no stored post")
    deleted: list[str] = Field(description="Items whose post was already deleted")


class NondisclosureCreate(Input):
    until: OffsetDateTime
    reference: str = Field(min_length=1, max_length=200)


class PackageCreate(Input):
    records: list[dict[str, Any]] = Field(
        max_length=100_000, description="{id, category, timestamp, subject, data} each"
    )
    own_values: dict[str, list[str]] | None = Field(
        None, description="Per subject: its own identifiers, kept unredacted"
    )


class DeliverCreate(Input):
    via: str = Field(min_length=1, max_length=120, description="Channel and reference")


class ReceiptCreate(Input):
    received_by: str = Field(min_length=1, max_length=300)
    received_at: OffsetDateTime | None = None
    manifest_sha256: str = Field(min_length=64, max_length=64)
    signature: str | None = Field(None, max_length=200)
    key_id: str | None = Field(None, max_length=120)


class CallbackPublic(Output):
    id: str
    called_by: str | None
    contact_called: str
    person_reached: str | None
    called_at: datetime
    outcome: str
    note: str
    recorded_at: datetime


class GateApprovalPublic(Output):
    id: str
    kind: str
    approving_authority: str
    reference: str
    approved_at: datetime
    recorded_at: datetime


class NoticePublic(Output):
    id: str
    request_id: str
    subject: str
    status: str
    due_at: datetime
    sent_at: datetime | None


class NoticeListPublic(RootModel[list[NoticePublic]]):
    """A list of notices (the answer of a POST)."""


class NoticeSentPublic(Output):
    notice_id: str
    request_id: str
    subject: str
    sent_at: datetime


class PackagePublic(Output):
    id: str
    request_id: str
    manifest: dict[str, Any]
    manifest_sha256: str
    signature: str
    key_id: str
    public_key: str
    created_at: datetime
    delivered_at: datetime | None
    delivered_via: str | None
    receipt: dict[str, Any] | None
    receipted_at: datetime | None


class PackageDownload(Output):
    """What the requester receives: check it with ``verify_package`` (no database needed)."""

    manifest: dict[str, Any]
    items: list[dict[str, Any]]
    signature: str
    key_id: str
    public_key: str
    algorithm: Literal["Ed25519"] = "Ed25519"


class ProviderRequestPublic(Output):
    id: str
    party_id: str
    authority_id: str
    type: str
    status: str
    channel: str
    fields: dict[str, Any]
    time_start: datetime | None
    time_end: datetime | None
    nondisclosure_until: datetime | None
    linked_request_id: str | None
    verification: dict[str, Any]
    gate: dict[str, Any]
    rejection_reason: str | None
    received_at: datetime
    acknowledged_at: datetime | None
    ack_due_at: datetime
    response_due_at: datetime
    preserved_at: datetime | None
    preservation_extensions: int
    closed_at: datetime | None
    deadlines: dict[str, Any] = Field(default_factory=dict)


class RequestFilePublic(Output):
    request: ProviderRequestPublic
    authority: AuthorityPublic
    disclosure_verified: bool
    callbacks: list[CallbackPublic]
    approvals: list[GateApprovalPublic]
    notices: list[NoticePublic]
    package: PackagePublic | None


class SigningKeyPublic(Output):
    key_id: str
    public_key: str
    algorithm: Literal["Ed25519"] = "Ed25519"


class GateRulePublic(Output):
    id: str
    basis: str
    clears_with: str | None


class ProviderSweepPublic(Output):
    now: datetime
    notices_sent: list[NoticeSentPublic]
    overdue: list[dict[str, Any]]
