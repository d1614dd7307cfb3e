"""Shared set-up for the provider-side lawful-request tests (synthetic authorities and people)."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select

from lawbridge.domain.audit import format_time
from lawbridge.domain.authorities import encode_public_key, signed_envelope
from lawbridge.domain.clocks import SimulatedClock
from lawbridge.store.models import AuditEvent
from lawbridge.store.provider_models import ResponsePackage
from lawbridge.workflows import authorities, provider_requests
from lawbridge.workflows.provider_requests import IntakeResult
from lawbridge.workflows.unit import Context
from tests.conftest import SYSTEM, Member

T0 = datetime(2026, 3, 2, 9, 0, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
CN_CONTACT = {"phone": "+86 10 0000 0001", "email": "liaison@mps.example.cn"}
US_CONTACT = {"phone": "+1 202 555 0100", "email": "lers@fbi.example.gov"}


@dataclass
class Registered:
    """An authority in the provider's registry with the private half of its key."""

    id: str
    key_id: str
    private: Ed25519PrivateKey


def register(
    context: Context,
    member: Member,
    clock: SimulatedClock,
    *,
    name: str,
    country: str,
    contact: dict[str, str],
    key_id: str,
    valid_from: datetime | None = None,
    valid_until: datetime | None = None,
) -> Registered:
    private = Ed25519PrivateKey.generate()
    with context.write(member.actor) as unit:
        authority = authorities.create_authority(
            unit, {"name": name, "country": country, "kind": "police", "contact": contact}
        )
        authorities.add_key(
            unit,
            authority.id,
            key_id,
            encode_public_key(private.public_key()),
            valid_from or clock.now() - DAY,
            valid_until,
        )
        return Registered(authority.id, key_id, private)


def disclosure(subjects: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    """A complete data-disclosure request (invented case)."""
    return {
        "type": "data_disclosure",
        "reference": "REQ-2026-0042",
        "legal_basis": "18 U.S.C. § 2703(d) (invented order)",
        "legal_process": "court_order_2703d",
        "issuing_authority": "Field Office (invented)",
        "validating_authority": "Magistrate Judge (invented)",
        "offence": "wire fraud",
        "reasons": "the account received proceeds of an invented fraud",
        "territorial_scope": ["US"],
        "subjects": subjects or ["user:alice.sample"],
        "data_categories": ["subscriber", "traffic"],
        "time_start": "2026-01-01T00:00:00Z",
        "time_end": "2026-02-01T00:00:00Z",
    } | extra


def emergency(**extra: Any) -> dict[str, Any]:
    return {
        "type": "emergency_disclosure",
        "legal_basis": "18 U.S.C. § 2702(b)(8), (c)(4)",
        "legal_process": "emergency",
        "issuing_authority": "Duty officer (invented)",
        "reasons": "credible threat of self-harm (invented)",
        "emergency_attestation": "danger of death or serious physical injury (invented)",
        "territorial_scope": ["US"],
        "subjects": ["user:bob.sample"],
        "data_categories": ["subscriber", "content"],
        "time_start": "2026-02-28T00:00:00Z",
        "time_end": "2026-03-02T00:00:00Z",
        "offence": "threat to life",
    } | extra


def envelope(
    authority: Registered,
    request: dict[str, Any],
    issued_at: datetime,
    *,
    nonce: str | None = None,
    private: Ed25519PrivateKey | None = None,
    key_id: str | None = None,
) -> dict[str, Any]:
    body = request | {
        "authority": authority.id,
        "nonce": nonce or secrets.token_hex(12),
        "issued_at": format_time(issued_at),
    }
    return signed_envelope(private or authority.private, key_id or authority.key_id, body)


def receive(
    context: Context, member: Member, env: Any, clock: SimulatedClock, **kw: Any
) -> IntakeResult:
    with context.write(member.actor) as unit:
        result = provider_requests.receive_signed(unit, env, clock=clock, **kw)
        if result.request is not None:
            unit.session.expunge(result.request)
        return result


def audit_actions(context: Context, object_id: str) -> list[str]:
    with context.read(SYSTEM) as unit:
        query = select(AuditEvent.action).where(AuditEvent.object_id == object_id)
        return list(unit.session.scalars(query.order_by(AuditEvent.seq)))


def audit_payloads(context: Context, action: str) -> list[dict[str, Any]]:
    with context.read(SYSTEM) as unit:
        query = select(AuditEvent.payload).where(AuditEvent.action == action)
        return [json.loads(p) for p in unit.session.scalars(query.order_by(AuditEvent.seq))]


def disclosures(context: Context) -> int:
    """Packages built for any request: what 'nothing disclosed' is measured by."""
    with context.read(SYSTEM) as unit:
        return int(unit.session.scalar(select(func.count()).select_from(ResponsePackage)) or 0)
