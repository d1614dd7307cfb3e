"""Shared set-up for the agency-cooperation workflow tests (synthetic, invented people)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from lawbridge.domain.clocks import SimulatedClock
from lawbridge.store.cases_models import CooperationRequest, FugitiveCase
from lawbridge.store.models import AuditEvent
from lawbridge.workflows import cases, requests
from lawbridge.workflows.unit import Context
from tests.conftest import SYSTEM, Member

T0 = datetime(2026, 1, 5, 8, 0, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)
DAY = timedelta(days=1)
NEUTRAL = {
    q: {"has_character": False, "note": "ordinary-law fraud"}
    for q in ("political", "military", "religious", "racial")
}
EXTRADITION_FORM: dict[str, Any] = {
    "subject_name": "Zhao Minghui",
    "offences": ["embezzlement"],
    "sought_for": "prosecution",
    "penalty_max_months": 120,
    "offence_description": "Embezzlement of public funds",
    "facts_summary": "Transferred 3,000,000 CNY of a state fund abroad (invented).",
    "legal_provisions": "PRC Criminal Law Art. 382",
    "warrant_reference": "W-2025-001",
}
FORMS: dict[str, dict[str, Any]] = {
    "extradition": EXTRADITION_FORM,
    "provisional_arrest": EXTRADITION_FORM
    | {"subject_location": "Los Angeles (invented)", "extradition_to_follow": True},
    "mutual_legal_assistance": {
        "authority": "Procuratorate (invented)",
        "offence_description": "fraud",
        "facts_summary": "invented facts",
        "assistance_sought": "bank records",
        "purpose": "prosecution",
    },
    "asset_recovery": {
        "asset_description": "a flat",
        "asset_location": "Vancouver (invented)",
        "holder": "Shell Co (invented)",
        "offence_description": "bribery",
        "order_reference": "CONF-1",
    },
    "deportation": {
        "subject_name": "Qian Lihua",
        "nationality": "CN",
        "identity_evidence": "copy of an expired passport (invented)",
        "removal_order_reference": "A-000-000-001",
    },
    "information_exchange": {
        "subject_matter": "a fraud ring",
        "information_sought": "company registrations",
        "purpose": "investigation",
    },
    "preservation": {
        "authority": "Cyber police (invented)",
        "offence_description": "intrusion",
        "facts_summary": "invented",
        "data_description": "mailbox x@example.com",
        "custodian": "Example Mail Inc.",
        "necessity": "risk of deletion",
        "mla_to_follow": True,
        "regime": "us_2703f",
    },
}


def audit_count(context: Context, object_id: str | None = None) -> int:
    with context.read(SYSTEM) as unit:
        query = select(func.count()).select_from(AuditEvent)
        if object_id is not None:
            query = query.where(AuditEvent.object_id == object_id)
        return int(unit.session.scalar(query) or 0)


def actions(context: Context, object_id: str) -> list[str]:
    with context.read(SYSTEM) as unit:
        query = select(AuditEvent.action).where(AuditEvent.object_id == object_id)
        return list(unit.session.scalars(query.order_by(AuditEvent.seq)))


def open_case(context: Context, member: Member, clock: SimulatedClock, **data: Any) -> FugitiveCase:
    fields: dict[str, Any] = {"subject_name": "Sun Jiayi", "offences": ["fraud"]} | data
    with context.write(member.actor) as unit:
        case = cases.create_case(unit, fields, clock=clock)
        unit.session.expunge(case)
        return case


def draft(
    context: Context,
    member: Member,
    recipient: str,
    kind: str,
    clock: SimulatedClock,
    **data: Any,
) -> CooperationRequest:
    fields: dict[str, Any] = {
        "kind": kind,
        "recipient": recipient,
        "title": f"{kind} request",
        "legal_basis": "Reciprocity (invented)",
        "form": FORMS[kind],
    } | data
    if kind in ("extradition", "provisional_arrest") and "article3" not in data:
        fields["article3"] = NEUTRAL
    with context.write(member.actor) as unit:
        request = requests.create_request(unit, fields, clock=clock)
        unit.session.expunge(request)
        return request


def sent(
    context: Context, member: Member, recipient: str, kind: str, clock: SimulatedClock, **data: Any
) -> CooperationRequest:
    request = draft(context, member, recipient, kind, clock, **data)
    with context.write(member.actor) as unit:
        requests.send_request(unit, request.id, clock=clock)
    return request
