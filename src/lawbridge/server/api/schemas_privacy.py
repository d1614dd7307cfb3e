"""API schemas of the processing register and the transfer guard (``extra="forbid"`` on inputs).

Enumerations are checked by the workflows (``domain/privacy.py``), so an unknown legal basis or
category is a 422 in the one error shape with the list of choices.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from lawbridge.server.api.schemas import Input, Output

Operator = Literal["replace", "mask", "hmac_pseudonym", "fake", "encrypt"]


class RecipientIn(Input):
    name: str = Field(min_length=1, max_length=200)
    country: str = Field(min_length=2, max_length=2, description="ISO 3166-1 alpha-2")


class ActivityCreate(Input):
    name: str = Field(min_length=1, max_length=200)
    purpose: str = Field(min_length=1, max_length=20_000)
    legal_basis: str = Field(max_length=40, description="PIPL Art. 13 basis, e.g. separate_consent")
    categories: list[str] = Field(min_length=1, max_length=13, description="e.g. PHONE, EMAIL")
    retention_days: int = Field(ge=1, le=36_500)
    recipients: list[RecipientIn] = Field(default_factory=list, max_length=100)
    cross_border_mechanism: str = Field("none_domestic", max_length=40)
    allow_redaction: bool = False

    def to_fields(self) -> dict[str, Any]:
        return self.model_dump()


class ActivityUpdate(Input):
    expected_version: int = Field(ge=1, le=2**31 - 1)
    name: str | None = Field(None, min_length=1, max_length=200)
    purpose: str | None = Field(None, min_length=1, max_length=20_000)
    legal_basis: str | None = Field(None, max_length=40)
    categories: list[str] | None = Field(None, min_length=1, max_length=13)
    retention_days: int | None = Field(None, ge=1, le=36_500)
    recipients: list[RecipientIn] | None = Field(None, max_length=100)
    cross_border_mechanism: str | None = Field(None, max_length=40)
    allow_redaction: bool | None = None


class ActivityPublic(Output):
    id: str
    party_id: str
    name: str
    purpose: str
    legal_basis: str
    categories: list[str]
    retention_days: int
    recipients: list[dict[str, str]]
    cross_border_mechanism: str
    allow_redaction: bool
    status: str
    version: int
    created_at: datetime
    updated_at: datetime


class TransferCheck(Input):
    """An outgoing payload: ``payload`` (any JSON value) or ``text``, exactly one."""

    recipient: str = Field(min_length=1, max_length=200)
    country: str = Field(min_length=2, max_length=2, description="ISO 3166-1 alpha-2")
    payload: Any = None
    text: str | None = Field(None, max_length=1_000_000)
    operator: Operator = "replace"


class TransferDecisionPublic(Output):
    id: str
    party_id: str
    recipient: str
    country: str
    decision: str
    reasons: list[str]
    categories: dict[str, int]
    redacted_categories: list[str]
    activity_id: str | None
    activity_version: int | None
    payload_sha256: str
    payload_size: int
    created_at: datetime


class TransferCheckPublic(BaseModel):
    decision: TransferDecisionPublic
    redacted_payload: Any = Field(None, description="The payload to send, when redacted")
