"""The provider side's rows in the party-isolation table (``test_isolation.py``): the provider's
authority and key, a request answered with a package, a notice, and every endpoint taking their ids
(each with a body that would be valid for the owner)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient

from lawbridge.domain.audit import format_time
from lawbridge.domain.authorities import encode_public_key, signed_envelope
from tests.conftest import Member, World
from tests.workflows.provider_helpers import US_CONTACT, disclosure

API = "/api/v1/provider"
KEY = encode_public_key(Ed25519PrivateKey.generate().public_key())


@dataclass(frozen=True)
class Swap:
    method: str
    path: str  # as in the OpenAPI document
    json: dict[str, Any] | None = None


def _swaps() -> list[Swap]:
    authority, request = (
        f"{API}/authorities/{{authority_id}}",
        f"{API}/requests/{{provider_request_id}}",
    )
    package = f"{API}/packages/{{package_id}}"
    approval = {"kind": "cn_competent_authority", "approving_authority": "x", "reference": "y"}
    return [
        Swap("GET", authority),
        Swap("POST", f"{authority}/keys", {"key_id": "mine", "public_key": KEY}),
        Swap("POST", f"{authority}/keys/{{key_id}}/rotate", {"new_key_id": "m", "public_key": KEY}),
        Swap("POST", f"{authority}/keys/{{key_id}}/revoke", {"reason": "mine"}),
        Swap("GET", request),
        Swap("POST", f"{request}/acknowledge"),
        Swap("POST", f"{request}/callbacks", {"contact_called": "+1", "outcome": "confirmed"}),
        Swap("POST", f"{request}/gate", {"data_locations": ["US"]}),
        Swap("POST", f"{request}/gate/approvals", approval),
        Swap("POST", f"{request}/approve"),
        Swap("POST", f"{request}/reject", {"reason": "mine"}),
        Swap(
            "POST", f"{request}/nondisclosure", {"until": "2030-01-01T00:00:00Z", "reference": "x"}
        ),  # fmt: skip
        Swap("POST", f"{request}/execute-order", {}),
        Swap("POST", f"{request}/preserved"),
        Swap("POST", f"{request}/preservation/extend"),
        Swap("POST", f"{request}/package", {"records": []}),
        Swap("GET", f"{request}/notices"),
        Swap("POST", f"{request}/notices"),
        Swap("GET", package),
        Swap("GET", f"{package}/download"),
        Swap("POST", f"{package}/deliver", {"via": "mine"}),
        Swap("POST", f"{package}/receipt", {"received_by": "x", "manifest_sha256": "0" * 64}),
        Swap("POST", f"{API}/notices/{{notice_id}}/send"),
    ]


PROVIDER_SWAPS = _swaps()


def _post(client: TestClient, member: Member, path: str, body: Any, status: int = 201) -> Any:
    answer = client.post(f"{API}{path}", json=body, headers=member.headers)
    assert answer.status_code == status, answer.text
    return answer.json()


def provider_ids(client: TestClient, world: World) -> dict[str, str]:
    """The provider's authority (with a key), an approved request with its package, a notice."""
    staff = world.provider
    private = Ed25519PrivateKey.generate()
    now = datetime.now(UTC)
    key = {"key_id": "iso-key-1", "public_key": encode_public_key(private.public_key()),
           "valid_from": (now - timedelta(days=1)).isoformat()}  # fmt: skip
    body = {"name": "A's authority", "country": "US", "contact": US_CONTACT, "keys": [key]}
    authority = _post(client, staff["admin"], "/authorities", body)
    signed = disclosure() | {"authority": authority["id"], "nonce": secrets.token_hex(12),
                             "issued_at": format_time(now)}  # fmt: skip
    request = _post(client, staff["analyst"], "/requests/signed", signed_envelope(private, "iso-key-1", signed))  # fmt: skip
    rid = request["id"]
    _post(client, staff["analyst"], f"/requests/{rid}/gate", {"data_locations": ["US"]}, 200)
    _post(client, staff["reviewer"], f"/requests/{rid}/approve", None, 200)
    package = _post(client, staff["analyst"], f"/requests/{rid}/package", {"records": []})
    notices = _post(client, staff["analyst"], f"/requests/{rid}/notices", None, 200)
    return {
        "authority_id": authority["id"],
        "key_id": "iso-key-1",
        "provider_request_id": rid,
        "package_id": package["id"],
        "notice_id": notices[0]["id"],
    }
