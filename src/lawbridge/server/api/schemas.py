"""Request and response schemas of the JSON API (pydantic, ``extra="forbid"`` on every input)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


def refuse_nul(value: object) -> object:
    """NUL characters are never meaningful input, and PostgreSQL cannot store them in text."""
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("must not contain NUL characters")
    if isinstance(value, list):
        for item in value:
            refuse_nul(item)
    return value


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid", str_max_length=200_000)

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: object) -> object:
        return refuse_nul(value)


class Output(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Problem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class ErrorPublic(BaseModel):
    """The one error shape of every 4xx and 5xx answer (``server/errors.py``)."""

    ok: Literal[False]
    status: int
    code: str = Field(description="Stable machine-readable code, e.g. not_found, invalid_input.")
    error: str = Field(description="A message for people.")
    errors: list[Problem] = Field(description="Field-level problems; empty when there are none.")


class Health(Output):
    ok: bool
    version: str


IndexesState = Literal["not warmed", "warming", "warm"]


class Ready(Output):
    ok: bool
    database: str
    schema_revision: str | None
    expected_revision: str | None
    indexes: IndexesState = Field(
        "not warmed",
        description="Screening indexes: 'not warmed' when the process does not warm them "
        "(readiness does not wait), else 'warming' (503) until every list's index is built.",
    )


class PartyPublic(Output):
    id: str
    slug: str
    name: str
    name_local: str | None
    kind: str
    jurisdiction: str


class AccountPublic(Output):
    id: str
    party_id: str
    username: str
    display_name: str
    roles: list[str]
    locale: str | None
    active: bool
    created_at: datetime


class Me(Output):
    account: AccountPublic
    party: PartyPublic
    permissions: list[str]


class AccountCreate(Input):
    username: str = Field(min_length=2, max_length=119)
    display_name: str = Field("", max_length=200)
    roles: list[Literal["admin", "analyst", "reviewer", "auditor"]] = Field(min_length=1)
    password: str | None = Field(None, min_length=10, max_length=200)
    locale: Literal["en", "zh_Hans"] | None = None


class AccountUpdate(Input):
    roles: list[Literal["admin", "analyst", "reviewer", "auditor"]] | None = Field(
        None, min_length=1
    )
    active: bool | None = None
    display_name: str | None = Field(None, max_length=200)
    password: str | None = Field(None, min_length=10, max_length=200)


class TokenCreate(Input):
    name: str = Field(min_length=1, max_length=120)
    expires_in_days: int | None = Field(None, ge=1, le=3650)


class TokenPublic(Output):
    id: str
    account_id: str
    name: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None


class TokenIssued(TokenPublic):
    token: str = Field(description="The secret, shown this once; store it now.")


class DocumentCreate(Input):
    title: str = Field(min_length=1, max_length=300)
    body: str = Field("", max_length=200_000)
    reference: str | None = Field(None, max_length=120)


class DocumentUpdate(Input):
    expected_version: int = Field(ge=1)
    title: str | None = Field(None, min_length=1, max_length=300)
    body: str | None = Field(None, max_length=200_000)


class DocumentPublic(Output):
    id: str
    party_id: str
    title: str
    body: str
    reference: str | None
    version: int
    created_by: str
    created_at: datetime
    updated_at: datetime


class ShareCreate(Input):
    party: str = Field(min_length=1, max_length=64, description="Grantee party id or slug")
    permission: Literal["read", "write"] = "read"


class SharePublic(Output):
    id: str
    object_type: str
    object_id: str
    owner_party_id: str
    grantee_party_id: str
    permission: str
    created_at: datetime
    revoked_at: datetime | None


class AuditEventPublic(Output):
    index: int = Field(validation_alias="seq")
    occurred_at: datetime
    actor_id: str | None
    actor_label: str
    party_id: str | None
    action: str
    object_type: str | None
    object_id: str | None
    payload: str
    payload_hash: str
    prev_hash: str
    chain_hash: str


class VerifyPublic(Output):
    ok: bool
    size: int
    checkpoints: int
    root_hash: str
    first_bad_index: int | None
    reason: str | None


class InclusionProofPublic(Output):
    index: int
    leaf_hash: str
    tree_size: int
    root_hash: str
    path: list[str]
    checkpoint: bool


class TreeHeadPublic(Output):
    tree_size: int
    root_hash: str
    chain_hash: str
    checkpoint: bool = Field(description="False for the chain's head as it stands now")


class ConsistencyProofPublic(Output):
    first: int
    second: int
    first_root: str
    second_root: str
    path: list[str]
