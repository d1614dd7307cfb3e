"""Cybercrime leads on cases and requests: recorded with a TLP marking, listed and exported only
where the marking allows, exchanged as STIX 2.1 bundles.

A lead belongs to the party that recorded it. Who else sees it follows TLP 2.0
(``domain/leads.py``): a red lead never leaves its party; amber reaches the parties taking part
(the case's owner and grantees, the two sides of a sent request); amber+strict only the direct
counterpart; clear and green any party that sees the case or request. An export names its
recipient (a party, or none for outside the platform) and carries only what may reach it; a
party passes on other parties' leads only when they are clear or green.

Leads on a case are governed by their marking, not by the case's field-by-field share: a grantee
that sees the case at all sees the leads the marking gives it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from lawbridge.domain.clocks import SYSTEM_CLOCK, Clock, not_in_future
from lawbridge.domain.leads import (
    Audience,
    Indicator,
    Tlp,
    clean_indicator,
    may_release,
    parse_tlp,
)
from lawbridge.domain.requests import RequestStatus
from lawbridge.domain.roles import Permission
from lawbridge.errors import Conflict, InvalidInput
from lawbridge.store.cases_models import CooperationRequest, FugitiveCase, LeadIndicator
from lawbridge.store.models import Share
from lawbridge.workflows import cases, requests
from lawbridge.workflows.case_sharing import OBJECT_TYPE as CASE_TYPE
from lawbridge.workflows.parties import get_party
from lawbridge.workflows.unit import Unit

LEAD_TYPE = "lead_indicator"
MAX_SOURCE = 300
LEAD_KEYS = frozenset({"kind", "value", "chain", "tlp", "source", "description", "valid_from"})


@dataclass(frozen=True, slots=True)
class Target:
    """The case or the request leads are attached to, with the parties taking part in it."""

    case: FugitiveCase | None
    request: CooperationRequest | None
    hub: str  # the case's owner; for a request, either side (two parties only)
    participants: frozenset[str]

    @property
    def object_type(self) -> str:
        return CASE_TYPE if self.case is not None else requests.REQUEST_TYPE

    @property
    def object_id(self) -> str:
        found = self.case or self.request
        assert found is not None
        return found.id

    def column(self) -> Any:
        if self.case is not None:
            return LeadIndicator.case_id == self.case.id
        return LeadIndicator.request_id == self.object_id


def _case_participants(unit: Unit, case: FugitiveCase) -> frozenset[str]:
    grantees = select(Share.grantee_party_id).where(
        Share.object_type == CASE_TYPE, Share.object_id == case.id, Share.revoked_at.is_(None)
    )
    return frozenset({case.party_id, *unit.session.scalars(grantees)})


def get_target(
    unit: Unit, *, case_id: str | None = None, request_id: str | None = None, write: bool = False
) -> Target:
    """The case or request (exactly one), as the actor may see (or change) it; NotFound otherwise."""
    if (case_id is None) == (request_id is None):
        raise InvalidInput("name a case or a request (one of them)", {"field": "case_id"})
    if case_id is not None:
        case = cases.get_case(unit, case_id, write=write)
        return Target(case, None, case.party_id, _case_participants(unit, case))
    request = requests.get_request(unit, str(request_id), write=write)
    sides = {request.party_id}
    if request.status != RequestStatus.DRAFT.value:
        sides.add(request.recipient_party_id)
    return Target(None, request, request.party_id, frozenset(sides))


def audience(target: Target, lead: LeadIndicator, party_id: str | None) -> Audience:
    """Who ``party_id`` is to the recorder of ``lead`` within ``target`` (None: off-platform)."""
    if party_id is not None and party_id == lead.party_id:
        return Audience.OWN
    if party_id is None or party_id not in target.participants:
        return Audience.COMMUNITY
    if target.request is not None or target.hub in (party_id, lead.party_id):
        return Audience.COUNTERPART
    return Audience.PARTICIPANT


def visible_to(target: Target, lead: LeadIndicator, party_id: str | None) -> bool:
    return may_release(lead.tlp, audience(target, lead, party_id))


def releasable(unit: Unit, target: Target, lead: LeadIndicator, recipient: str | None) -> bool:
    """Whether the actor may pass ``lead`` (which it sees) on to ``recipient`` (None: off-platform)."""
    actor = unit.actor.party_id
    if recipient is not None and recipient == actor:
        return True
    own = lead.party_id == actor
    return may_release(lead.tlp, audience(target, lead, recipient), own=own)


def list_leads(unit: Unit, target: Target) -> list[LeadIndicator]:
    """The leads of ``target`` the actor's party may see, oldest first."""
    unit.require(Permission.READ_RECORDS)
    query = select(LeadIndicator).where(target.column())
    found = unit.session.scalars(query.order_by(LeadIndicator.created_at, LeadIndicator.id))
    if unit.actor.is_system:
        return list(found)
    return [lead for lead in found if visible_to(target, lead, unit.actor.party_id)]


def duplicate(unit: Unit, target: Target, indicator: Indicator) -> LeadIndicator | None:
    query = select(LeadIndicator).where(
        target.column(),
        LeadIndicator.party_id == unit.actor.party_id,
        LeadIndicator.kind == indicator.kind.value,
        LeadIndicator.value == indicator.value,
    )
    return unit.session.scalars(query).first()


def clean_source(source: Any) -> str:
    text = cases.clean_text(source, "source", MAX_SOURCE)
    if text is None:
        raise InvalidInput("a lead needs its source", {"field": "source"})
    return text


def insert(
    unit: Unit,
    target: Target,
    indicator: Indicator,
    *,
    tlp: Tlp,
    source: str,
    description: str,
    valid_from: datetime,
    origin: str | None,
    now: datetime,
) -> LeadIndicator:
    lead = LeadIndicator(
        party_id=unit.actor.party_id,
        case_id=target.case.id if target.case is not None else None,
        request_id=target.request.id if target.request is not None else None,
        kind=indicator.kind.value,
        value=indicator.value,
        chain=indicator.chain.value if indicator.chain else None,
        tlp=tlp.value,
        source=source,
        description=description,
        origin_stix_id=origin,
        valid_from=valid_from,
        created_by=unit.actor.account_id,
        created_at=now,
    )
    unit.session.add(lead)
    unit.session.flush()
    return lead


def add_lead(
    unit: Unit, target: Target, data: Mapping[str, Any], *, clock: Clock = SYSTEM_CLOCK
) -> LeadIndicator:
    """Record one indicator on ``target`` (opened for writing) for the actor's party.

    ``data``: kind, value, chain (wallets; guessed from the address when absent), tlp, source,
    description, valid_from (not in the future). The same indicator twice on one target is a
    Conflict.
    """
    if unit.actor.party_id is None:
        raise InvalidInput("leads belong to a party; the operator has none")
    unit.require(Permission.WRITE_RECORDS)
    unknown = sorted(set(data) - LEAD_KEYS)
    if unknown:
        raise InvalidInput(f"unknown lead fields: {', '.join(unknown)}", {"unknown": unknown})
    indicator = clean_indicator(str(data.get("kind", "")), data.get("value", ""), data.get("chain"))
    tlp = parse_tlp(str(data.get("tlp", "")))
    now = clock.now()
    valid_from = not_in_future(data.get("valid_from") or now, now, "valid_from")
    if duplicate(unit, target, indicator) is not None:
        raise Conflict(f"this {indicator.kind.value} is already a lead here")
    lead = insert(
        unit,
        target,
        indicator,
        tlp=tlp,
        source=clean_source(data.get("source")),
        description=cases.clean_text(data.get("description"), "description") or "",
        valid_from=valid_from,
        origin=None,
        now=now,
    )
    record_lead(unit, target, "lead.add", lead)
    return lead


def record_lead(unit: Unit, target: Target, action: str, lead: LeadIndicator) -> None:
    """Audit a lead by kind, marking and the SHA-256 of its value (the value stays out of the log)."""
    digest = hashlib.sha256(lead.value.encode()).hexdigest()
    payload = {
        target.object_type: target.object_id,
        "kind": lead.kind,
        "tlp": lead.tlp,
        "value_sha256": digest,
    }
    unit.record(action, LEAD_TYPE, lead.id, payload)


def recipient_party(unit: Unit, recipient: str | None) -> str | None:
    """A recipient party's id (by id or slug); None for a recipient outside the platform."""
    if recipient is None or not recipient.strip():
        return None
    return get_party(unit, recipient.strip()).id
