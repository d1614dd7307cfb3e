"""Read views of lawful requests for the faces (API, CLI, web): a request's whole file, the inbox's
deadlines, and the sweep a cron job runs (notices whose non-disclosure order lapsed go out; overdue
deadlines are reported).

Only :func:`sweep` writes, through ``user_notices.due_notices`` (each notice sent once, audited).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from lawbridge.domain.clocks import as_utc
from lawbridge.domain.provider_requests import TERMINAL, Status
from lawbridge.store.provider_models import (
    Authority,
    CallbackCheck,
    GateApproval,
    ProviderRequest,
    ResponsePackage,
    UserNotice,
)
from lawbridge.workflows import provider_requests, responses, user_notices
from lawbridge.workflows.unit import Unit

OPEN = frozenset(s.value for s in Status if s not in TERMINAL)


@dataclass(frozen=True, slots=True)
class RequestFile:
    """A request with everything recorded about it."""

    request: ProviderRequest
    authority: Authority
    deadlines: dict[str, Any]
    callbacks: list[CallbackCheck]
    approvals: list[GateApproval]
    notices: list[UserNotice]
    package: ResponsePackage | None
    disclosure_verified: bool


def callbacks_of(unit: Unit, request: ProviderRequest) -> list[CallbackCheck]:
    query = select(CallbackCheck).where(CallbackCheck.request_id == request.id)
    return list(unit.session.scalars(query.order_by(CallbackCheck.recorded_at)))


def approvals_of(unit: Unit, request: ProviderRequest) -> list[GateApproval]:
    query = select(GateApproval).where(GateApproval.request_id == request.id)
    return list(unit.session.scalars(query.order_by(GateApproval.recorded_at)))


def request_file(unit: Unit, request_id: str, now: datetime) -> RequestFile:
    """The request ``request_id`` of the actor's provider party (NotFound for any other)."""
    request = provider_requests.get_request(unit, request_id)
    authority = unit.session.get(Authority, request.authority_id)
    assert authority is not None  # noqa: S101 - foreign key
    return RequestFile(
        request=request,
        authority=authority,
        deadlines=responses.deadlines(request, now),
        callbacks=callbacks_of(unit, request),
        approvals=approvals_of(unit, request),
        notices=user_notices.notices_of(unit, request),
        package=responses.package_of(unit, request),
        disclosure_verified=provider_requests.disclosure_verified(request),
    )


def is_overdue(deadlines: dict[str, Any]) -> bool:
    return bool(deadlines["acknowledgement_overdue"] or deadlines["response_overdue"])


def open_deadlines(unit: Unit, now: datetime) -> list[tuple[ProviderRequest, dict[str, Any]]]:
    """Open requests with their deadlines, the soonest due first (overdue ones lead)."""
    found = [r for r in provider_requests.list_requests(unit) if r.status in OPEN]
    rows = [(r, responses.deadlines(r, now)) for r in found]
    return sorted(rows, key=lambda row: (as_utc(_next_due(row[0])), row[0].id))


def _next_due(request: ProviderRequest) -> datetime:
    if request.acknowledged_at is None:
        return min(request.ack_due_at, request.response_due_at)
    return request.response_due_at


@dataclass(frozen=True, slots=True)
class Sweep:
    now: datetime
    notices_sent: list[user_notices.NoticeSent]
    overdue: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "now": self.now.isoformat(),
            "notices_sent": [n.to_dict() for n in self.notices_sent],
            "overdue": self.overdue,
        }


def _overdue_rows(unit: Unit, now: datetime) -> list[dict[str, Any]]:
    query = select(ProviderRequest).where(ProviderRequest.status.in_(sorted(OPEN)))
    if not unit.actor.is_system:
        query = query.where(ProviderRequest.party_id == unit.actor.party_id)
    rows = []
    for request in unit.session.scalars(query.order_by(ProviderRequest.response_due_at)):
        view = responses.deadlines(request, now)
        if is_overdue(view):
            head = {"request_id": request.id, "party_id": request.party_id}
            rows.append(head | {"type": request.type, "status": request.status} | view)
    return rows


def sweep(unit: Unit, now: datetime) -> Sweep:
    """Send the notices due at ``now`` (an order lapsed: they go out on their own) and list the
    overdue deadlines (the actor's party; the system actor: every provider)."""
    sent = user_notices.due_notices(unit, now)
    return Sweep(as_utc(now), sent, _overdue_rows(unit, now))
