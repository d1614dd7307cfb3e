"""Lawful requests received by a provider: the inbox with its deadlines (soonest first, overdue
marked), one request's file (verification, the conflict-of-laws gate's findings with their basis,
call-backs, approvals, notices, package, and the actions open now) and the user notices.

Deadlines are computed on the server's clock when a page is shown; showing a page records nothing
(``lawbridge provider clocks run`` sends the notices whose order lapsed, audited).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from lawbridge.domain.conflict_of_laws import CATALOGUE, ApprovalKind
from lawbridge.domain.content import CATEGORY_NAMES
from lawbridge.domain.provider_requests import TRANSITIONS, Action, RequestType, Status
from lawbridge.domain.roles import Permission
from lawbridge.errors import Conflict, InvalidInput, InvalidTransition
from lawbridge.server.deps import ContextDep
from lawbridge.server.web.i18n import N_
from lawbridge.server.web.page import render_page
from lawbridge.server.web.session import UserDep, WebUser
from lawbridge.server.web.views.content import CATEGORY_LABELS
from lawbridge.server.web.views.cooperation import clock_of
from lawbridge.store.provider_models import ProviderRequest
from lawbridge.workflows import authorities, provider_file, provider_requests, responses
from lawbridge.workflows import user_notices as notices
from lawbridge.workflows.unit import Unit

router = APIRouter()
ACTIVE = "requests"
BASE = "/provider/requests"
PAGE_SIZE = 50
BAD = (InvalidInput, InvalidTransition, Conflict)

STATUS_LABELS = {
    "received": N_("Received: awaiting verification"),
    "verified": N_("Verified"),
    "gate_checked": N_("Passed the gate"),
    "blocked": N_("Blocked by the gate"),
    "approved": N_("Approved"),
    "responded": N_("Answered"),
    "rejected": N_("Rejected"),
}
TYPE_LABELS = {
    "data_disclosure": N_("Data disclosure"),
    "preservation": N_("Preservation"),
    "takedown_order": N_("Takedown order"),
    "technical_assistance": N_("Technical assistance"),
    "emergency_disclosure": N_("Emergency disclosure"),
}
CHANNEL_LABELS = {"signed": N_("Signed by API"), "staff": N_("Entered by staff")}
OUTCOME_LABELS = {
    "confirmed": N_("Confirmed"),
    "denied": N_("Denied (forged)"),
    "no_answer": N_("No answer"),
    "pass": N_("Passes"),
    "block": N_("Blocks"),
    "note": N_("Note"),
}
NOTICE_LABELS = {"pending": N_("Due now"), "barred": N_("Barred by an order"), "sent": N_("Sent")}
FIELD_LABELS = {
    "reference": N_("Reference"),
    "legal_basis": N_("Legal basis"),
    "legal_process": N_("Legal process"),
    "issuing_authority": N_("Issuing authority"),
    "validating_authority": N_("Validating authority"),
    "offence": N_("Offence"),
    "reasons": N_("Reasons"),
    "assistance": N_("Assistance asked"),
    "emergency_attestation": N_("Emergency attestation"),
    "subjects": N_("Subjects"),
    "items": N_("Items"),
    "data_categories": N_("Data categories"),
    "territorial_scope": N_("Territorial scope"),
}
APPROVAL_LABELS = {"cn_competent_authority": N_("Competent Chinese authority")}


def labels() -> dict[str, Any]:
    return {
        "status_labels": STATUS_LABELS,
        "type_labels": TYPE_LABELS,
        "channel_labels": CHANNEL_LABELS,
        "outcome_labels": OUTCOME_LABELS,
        "notice_labels": NOTICE_LABELS,
        "field_labels": FIELD_LABELS,
        "approval_labels": APPROVAL_LABELS,
    }


def _inbox_rows(
    unit: Unit, status: str, now: datetime
) -> list[tuple[ProviderRequest, dict[str, Any]]]:
    """Open requests first, the soonest deadline first; then the closed ones, latest first."""
    found = provider_requests.list_requests(unit, status or None)
    ids = {r.id for r in found}
    first = [(r, d) for r, d in provider_file.open_deadlines(unit, now) if r.id in ids]
    open_ids = {r.id for r, _ in first}
    closed = [r for r in found if r.id not in open_ids]
    closed.sort(key=lambda r: r.closed_at or r.updated_at, reverse=True)
    return first + [(r, responses.deadlines(r, now)) for r in closed]


@router.get(BASE)
def inbox(
    request: Request,
    context: ContextDep,
    user: UserDep,
    status: Annotated[str, Query(max_length=30)] = "",
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    chosen = status if status in STATUS_LABELS else ""
    now = clock_of(request).now()
    with context.read(user.actor) as unit:
        rows = _inbox_rows(unit, chosen, now)
        names = {a.id: a.name for a in authorities.list_authorities(unit)}
        return render_page(
            request,
            user,
            "pages/provider_requests.html",
            active=ACTIVE,
            rows=rows[offset : offset + PAGE_SIZE],
            overdue=sum(1 for _, d in rows if provider_file.is_overdue(d)),
            request_status=chosen,
            authority_names=names,
            now=now,
            newer=max(offset - PAGE_SIZE, 0) if offset else None,
            older=offset + PAGE_SIZE if len(rows) > offset + PAGE_SIZE else None,
            **labels(),
        )


def allowed(request: ProviderRequest, user: WebUser) -> dict[str, bool]:
    """Which forms the file shows: the status machine's next steps the user's roles allow."""
    status = Status(request.status)
    write = user.actor.can(Permission.WRITE_RECORDS)
    review = user.actor.can(Permission.REVIEW)
    takedown = request.type == RequestType.TAKEDOWN_ORDER.value
    return {
        "acknowledge": write and request.acknowledged_at is None and request.closed_at is None,
        "callback": write and request.channel == "staff" and status is Status.RECEIVED,
        "gate": write and status in (Status.VERIFIED, Status.GATE_CHECKED, Status.BLOCKED),
        "approval": review and status is Status.BLOCKED,
        "approve": review and (status, Action.APPROVE) in TRANSITIONS,
        "reject": write and (status, Action.REJECT) in TRANSITIONS,
        "respond": write and status is Status.APPROVED and not takedown,
        "execute": review and status is Status.APPROVED and takedown,
    }


def detail(
    request: Request, context: ContextDep, user: WebUser, request_id: str, **extra: Any
) -> Response:
    """The request's file; ``extra`` carries a refusal's error and the values to show again."""
    with context.read(user.actor) as unit:
        found = provider_file.request_file(unit, request_id, clock_of(request).now())
        return render_page(
            request,
            user,
            "pages/provider_request.html",
            active=ACTIVE,
            status=extra.pop("status", 200),
            file=found,
            req=found.request,
            can=allowed(found.request, user),
            rules=CATALOGUE,
            approval_kinds=[k.value for k in ApprovalKind],
            categories=CATEGORY_NAMES,
            category_labels=CATEGORY_LABELS,
            **{"values": {}, "error": ""} | extra,
            **labels(),
        )


@router.get(f"{BASE}/{{request_id}}")
def show_request(request_id: str, request: Request, context: ContextDep, user: UserDep) -> Response:
    return detail(request, context, user, request_id)


def notices_page(
    request: Request, context: ContextDep, user: WebUser, wanted: str = "", **extra: Any
) -> Response:
    chosen = wanted if wanted in NOTICE_LABELS else ""
    with context.read(user.actor) as unit:
        return render_page(
            request,
            user,
            "pages/provider_notices.html",
            active=ACTIVE,
            status=extra.pop("status", 200),
            notices=notices.list_notices(unit, chosen or None),
            notice_status=chosen,
            now=clock_of(request).now(),
            can_write=user.actor.can(Permission.WRITE_RECORDS),
            **{"error": ""} | extra,
            **labels(),
        )


@router.get("/provider/notices")
def notice_list(
    request: Request,
    context: ContextDep,
    user: UserDep,
    status: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    return notices_page(request, context, user, status)
