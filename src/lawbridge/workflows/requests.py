"""Cooperation requests between two parties: drafted, sent, acknowledged, worked and ended, with
milestones that drive the legal clocks (``workflows/clocks.py``).

A request belongs to its requesting party; the recipient party sees it only once it is sent (a
draft of another party, like any object not shared, is NotFound). Each action belongs to one side
(``domain/requests.py``): the requester sends and withdraws, the recipient acknowledges, works,
fulfils or refuses. Required elements are checked on send, not on draft. Before a red-notice-style
request (extradition, provisional arrest) is sent, all four INTERPOL Article 3 questions must be
answered; eligibility warnings never block, but a send with warnings needs an explicit
acknowledgement, kept with the request together with the warnings acknowledged.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select

from lawbridge.domain.clocks import (
    SYSTEM_CLOCK,
    Clock,
    ClockKind,
    configured_days,
    not_in_future,
    rule_for,
)
from lawbridge.domain.eligibility import (
    Sought,
    Warning,
    check_eligibility,
    clean_article3,
    missing_article3,
)
from lawbridge.domain.requests import (
    ACTION_SIDE,
    RED_NOTICE_KINDS,
    TERMINAL,
    RequestAction,
    RequestKind,
    RequestStatus,
    Side,
    Urgency,
    check_milestone,
    clean_form,
    clock_for,
    missing_elements,
    next_request_status,
)
from lawbridge.domain.roles import Permission
from lawbridge.domain.screening import parse_enum
from lawbridge.errors import InvalidInput, InvalidTransition, NotFound
from lawbridge.store.cases_models import CooperationRequest, FugitiveCase, RequestEvent
from lawbridge.workflows import cases
from lawbridge.workflows.clocks import extend_clock, record_both, start_clock, stop_clocks
from lawbridge.workflows.parties import get_party
from lawbridge.workflows.unit import Unit

REQUEST_TYPE = "cooperation_request"
DRAFT_KEYS = frozenset({"title", "reference", "legal_basis", "urgency", "form", "article3"})
CREATE_KEYS = DRAFT_KEYS | {"kind", "recipient", "case_id", "clock_days"}


# --- Access ------------------------------------------------------------------------------------


def side_of(unit: Unit, request: CooperationRequest) -> Side | None:
    """The actor's side of ``request`` (None for the operator)."""
    if unit.actor.party_id == request.party_id:
        return Side.REQUESTER
    if unit.actor.party_id == request.recipient_party_id:
        return Side.RECIPIENT
    return None


def get_request(unit: Unit, request_id: str, *, write: bool = False) -> CooperationRequest:
    """A request the actor's party sent, or received once sent; NotFound otherwise."""
    request = unit.session.get(CooperationRequest, request_id)
    if request is None:
        raise NotFound(f"no {REQUEST_TYPE} '{request_id}'")
    side = side_of(unit, request)
    hidden = side is Side.RECIPIENT and request.status == RequestStatus.DRAFT.value
    if (side is None and not unit.actor.is_system) or hidden:
        raise NotFound(f"no {REQUEST_TYPE} '{request_id}'")
    unit.require(Permission.WRITE_RECORDS if write else Permission.READ_RECORDS)
    return unit.lock(request) if write else request  # a step judged from the state it changes


def list_requests(
    unit: Unit, *, box: str = "outbox", status: str | None = None, limit: int = 50, offset: int = 0
) -> list[CooperationRequest]:
    """The actor's ``outbox`` (sent by its party, drafts included) or ``inbox`` (received)."""
    unit.require(Permission.READ_RECORDS)
    party = unit.actor.party_id
    if box == "outbox":
        query = select(CooperationRequest).where(CooperationRequest.party_id == party)
    elif box == "inbox":
        query = select(CooperationRequest).where(
            CooperationRequest.recipient_party_id == party,
            CooperationRequest.status != RequestStatus.DRAFT.value,
        )
    else:
        raise InvalidInput("box must be 'outbox' or 'inbox'", {"field": "box"})
    if status is not None:
        query = query.where(
            CooperationRequest.status == parse_enum(RequestStatus, status, "status").value
        )
    query = query.order_by(CooperationRequest.updated_at.desc(), CooperationRequest.id)
    return list(unit.session.scalars(query.limit(limit).offset(offset)))


# --- Drafts ------------------------------------------------------------------------------------


def _clean_clock_days(value: Any) -> dict[str, int]:
    if not isinstance(value, Mapping):
        raise InvalidInput("clock_days must map clock kinds to days", {"field": "clock_days"})
    days: dict[str, int] = {}
    for kind, count in value.items():
        if isinstance(count, bool) or not isinstance(count, int):
            raise InvalidInput("clock_days values are whole days", {"field": "clock_days"})
        days[kind] = configured_days(rule_for(str(kind)), count)
    return days


def _case_defaults(case: FugitiveCase) -> dict[str, Any]:
    values = {
        "subject_name": case.subject_name,
        "offences": list(case.offences),
        "warrant_reference": case.warrant_reference,
        "legal_provisions": case.law,
        "penalty_max_months": case.max_penalty_months,
        "sought_for": case.sought_for,
    }
    return {k: v for k, v in values.items() if v not in (None, [])}


def _draft_values(request: CooperationRequest, data: Mapping[str, Any]) -> dict[str, Any]:
    """The cleaned draft fields present in ``data``; nothing is assigned until all are valid."""
    values: dict[str, Any] = {}
    if "title" in data:
        values["title"] = cases.clean_text(data["title"], "title", 300)
        if values["title"] is None:
            raise InvalidInput("a request needs a title", {"field": "title"})
    for name, limit in (("reference", 120), ("legal_basis", cases.MAX_TEXT)):
        if name in data:
            values[name] = cases.clean_text(data[name], name, limit)
    if "urgency" in data:
        values["urgency"] = parse_enum(Urgency, str(data["urgency"]), "urgency").value
    if "form" in data:
        values["form"] = {**request.form, **clean_form(_mapping(data["form"], "form"))}
    if "article3" in data:
        answers = clean_article3(_mapping(data["article3"], "article3"))
        values["article3"] = {**request.article3, **answers}
    if "clock_days" in data:
        values["clock_days"] = _clean_clock_days(data["clock_days"])
    return values


def _apply_draft(request: CooperationRequest, data: Mapping[str, Any]) -> None:
    for name, value in _draft_values(request, data).items():
        setattr(request, name, value)


def _mapping(value: Any, field: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InvalidInput(f"{field} must be an object", {"field": field})
    return value


def _check_keys(data: Mapping[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise InvalidInput(f"unknown request fields: {', '.join(unknown)}", {"unknown": unknown})


def create_request(
    unit: Unit, data: Mapping[str, Any], *, clock: Clock = SYSTEM_CLOCK
) -> CooperationRequest:
    """A draft request from the actor's party to ``data["recipient"]`` (party id or slug).

    Other keys: kind, title, reference, legal_basis, urgency (default routine), case_id (a case of
    the actor's party: its judicial data pre-fills the form), form, article3, clock_days (agreed
    periods of configurable clocks, e.g. ``{"provisional_arrest": 40}``).
    """
    if unit.actor.party_id is None:
        raise InvalidInput("requests are sent by a party; the operator has none")
    unit.require(Permission.WRITE_RECORDS)
    _check_keys(data, CREATE_KEYS)
    kind = parse_enum(RequestKind, str(data.get("kind", "")), "kind")
    recipient = get_party(unit, str(data.get("recipient", "")))
    if recipient.id == unit.actor.party_id:
        raise InvalidInput("a request goes to another party", {"field": "recipient"})
    now = clock.now()
    request = _new_request(unit, kind, recipient.id, now)
    if data.get("case_id"):
        case = cases.get_case(unit, str(data["case_id"]), write=True)
        request.case_id, request.form = case.id, _case_defaults(case)
    _apply_draft(request, {"title": data.get("title")} | dict(data))
    unit.session.add(request)
    unit.session.flush()
    add_event(unit, request, "status", "create", now, now, to_status=request.status)
    unit.record(
        "request.create", REQUEST_TYPE, request.id, {"kind": kind.value, "to": recipient.id}
    )
    return request


def _new_request(
    unit: Unit, kind: RequestKind, recipient_id: str, now: datetime
) -> CooperationRequest:
    return CooperationRequest(
        party_id=unit.actor.party_id,
        recipient_party_id=recipient_id,
        kind=kind.value,
        status=RequestStatus.DRAFT.value,
        title="",
        urgency=Urgency.ROUTINE.value,
        form={},
        article3={},
        clock_days={},
        warnings=[],
        created_by=unit.actor.account_id or "",
        created_at=now,
        updated_at=now,
    )


def update_draft(
    unit: Unit, request_id: str, changes: Mapping[str, Any], *, clock: Clock = SYSTEM_CLOCK
) -> CooperationRequest:
    """Change a draft (requester only): title, reference, legal_basis, urgency, form, article3."""
    request = _own_draft(unit, request_id)
    _check_keys(changes, DRAFT_KEYS | {"clock_days"})
    _apply_draft(request, changes)
    request.updated_at = clock.now()
    unit.record("request.update", REQUEST_TYPE, request.id, {"fields": sorted(changes)})
    return request


def _own_draft(unit: Unit, request_id: str) -> CooperationRequest:
    request = get_request(unit, request_id, write=True)
    if side_of(unit, request) is not Side.REQUESTER:
        raise InvalidTransition("only the requesting party changes or sends its request")
    if request.status != RequestStatus.DRAFT.value:
        raise InvalidTransition(f"a {request.status} request is no longer a draft")
    return request


# --- Events ------------------------------------------------------------------------------------


def add_event(
    unit: Unit,
    request: CooperationRequest,
    kind: str,
    name: str,
    occurred_at: datetime,
    now: datetime,
    *,
    note: str = "",
    from_status: str | None = None,
    to_status: str | None = None,
) -> RequestEvent:
    event = RequestEvent(
        request_id=request.id,
        party_id=unit.actor.party_id,
        actor_id=unit.actor.account_id,
        actor_label=unit.actor.label,
        kind=kind,
        name=name,
        from_status=from_status,
        to_status=to_status,
        note=note,
        occurred_at=occurred_at,
        recorded_at=now,
    )
    unit.session.add(event)
    request.updated_at = now
    return event


def request_events(unit: Unit, request_id: str) -> list[RequestEvent]:
    """The request's timeline (status changes and milestones), each with its party and account."""
    request = get_request(unit, request_id)
    query = select(RequestEvent).where(RequestEvent.request_id == request.id)
    return list(
        unit.session.scalars(query.order_by(RequestEvent.occurred_at, RequestEvent.recorded_at))
    )


# --- Sending -----------------------------------------------------------------------------------


def eligibility_warnings(request: CooperationRequest) -> list[Warning]:
    """The red-notice warnings for ``request`` as it stands (none for other kinds)."""
    if RequestKind(request.kind) not in RED_NOTICE_KINDS:
        return []
    form = request.form
    sought = Sought(
        offences=tuple(form.get("offences", ())),
        sought_for=form.get("sought_for"),
        max_penalty_months=form.get("penalty_max_months"),
        remaining_months=form.get("sentence_remaining_months"),
    )
    return check_eligibility(sought, request.article3)


def _check_complete(request: CooperationRequest) -> None:
    missing = missing_elements(request.kind, request.form)
    if not request.legal_basis:
        missing.insert(0, "legal_basis")
    if RequestKind(request.kind) in RED_NOTICE_KINDS:
        missing += [f"article3.{q}" for q in missing_article3(request.article3)]
    if missing:
        raise InvalidInput(
            f"a {request.kind} request cannot be sent without: {', '.join(missing)}",
            {"missing": missing},
        )


def send_request(
    unit: Unit,
    request_id: str,
    *,
    acknowledge_warnings: bool = False,
    clock: Clock = SYSTEM_CLOCK,
) -> CooperationRequest:
    """Send a complete draft; starts the acknowledgement clock. Warnings need acknowledging."""
    request = _own_draft(unit, request_id)
    _check_complete(request)
    warnings = [w.to_dict() for w in eligibility_warnings(request)]
    if warnings and not acknowledge_warnings:
        codes = ", ".join(w["code"] for w in warnings)
        raise InvalidInput(
            f"eligibility warnings must be acknowledged before sending: {codes}",
            {"warnings": warnings},
        )
    now = clock.now()
    request.warnings = warnings
    if warnings:
        request.warnings_acknowledged_by, request.warnings_acknowledged_at = (
            unit.actor.account_id,
            now,
        )
    request.status, request.sent_at = RequestStatus.SENT.value, now
    add_event(unit, request, "status", "send", now, now, from_status="draft", to_status="sent")
    payload = {"kind": request.kind, "warnings": [w["code"] for w in warnings]}
    record_both(unit, request, "request.send", REQUEST_TYPE, request.id, payload)
    start_clock(unit, request, ClockKind.ACKNOWLEDGEMENT, now)
    return request


# --- The recipient's (and the requester's) actions -------------------------------------------


def act(
    unit: Unit,
    request_id: str,
    action: str,
    *,
    ground: str | None = None,
    note: str = "",
    occurred_at: datetime | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> CooperationRequest:
    """Apply acknowledge, start, fulfil, fulfil_partially, refuse (needs ``ground``) or withdraw.

    Each action belongs to one side; the other side gets InvalidTransition. Acknowledging stops
    the acknowledgement clock; an ending stops every clock still running.
    """
    chosen = parse_enum(RequestAction, action, "action")
    if chosen is RequestAction.SEND:
        return send_request(unit, request_id, clock=clock)
    request = get_request(unit, request_id, write=True)
    if side_of(unit, request) is not ACTION_SIDE[chosen]:
        raise InvalidTransition(f"'{chosen.value}' is for the {ACTION_SIDE[chosen].value}")
    new = next_request_status(request.status, chosen.value)
    now = clock.now()
    moment = _moment(request, occurred_at, now)
    text = cases.clean_text(note, "note") or ""
    if chosen is RequestAction.REFUSE:
        request.refusal_ground = _ground(ground)
    old, request.status = request.status, new.value
    status = {"from_status": old, "to_status": new.value}
    add_event(unit, request, "status", chosen.value, moment, now, note=text, **status)
    if chosen is RequestAction.ACKNOWLEDGE:
        stop_clocks(unit, request, [ClockKind.ACKNOWLEDGEMENT], "acknowledged", moment)
    if new in TERMINAL:
        request.closed_at = moment
        stop_clocks(unit, request, list(ClockKind), new.value, moment)
    payload = {"from": old, "to": new.value, "ground": request.refusal_ground}
    record_both(unit, request, f"request.{chosen.value}", REQUEST_TYPE, request.id, payload)
    return request


def _moment(request: CooperationRequest, occurred_at: datetime | None, now: datetime) -> datetime:
    """When a past event of a sent request happened: not in the future, not before the sending."""
    moment = not_in_future(occurred_at or now, now, "occurred_at")
    if request.sent_at is not None and moment < request.sent_at:
        raise InvalidInput(
            "an event cannot precede the request's sending", {"field": "occurred_at"}
        )
    return moment


def _ground(ground: str | None) -> str:
    text = cases.clean_text(ground, "ground")
    if text is None:
        raise InvalidInput("a refusal needs its ground", {"field": "ground"})
    return text


# --- Milestones --------------------------------------------------------------------------------

# A milestone that needs an earlier one (a travel document follows the identity verification).
PREREQUISITE = {
    "travel_document_issued": "identity_verified",
    "data_produced": "preservation_effected",
    "preservation_renewed": "preservation_effected",
}
# The clocks a milestone satisfies.
STOPS: dict[str, list[ClockKind]] = {
    "travel_document_issued": [ClockKind.TRAVEL_DOCUMENT],
    "formal_request_received": [ClockKind.PROVISIONAL_ARREST],
    "data_produced": [ClockKind.PRESERVATION_US, ClockKind.PRESERVATION_BUDAPEST],
}


def _milestones(unit: Unit, request: CooperationRequest) -> set[str]:
    query = select(RequestEvent.name).where(
        RequestEvent.request_id == request.id, RequestEvent.kind == "milestone"
    )
    return set(unit.session.scalars(query))


def record_milestone(
    unit: Unit,
    request_id: str,
    milestone: str,
    *,
    note: str = "",
    occurred_at: datetime | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> RequestEvent:
    """Record a milestone of an open, sent request; it starts, extends or stops its clocks.

    identity_verified starts the 30-day travel-document clock, travel_document_issued stops it;
    preservation_effected starts the preservation clock of the form's regime, preservation_renewed
    extends it (§ 2703(f)(2): once), data_produced stops it; person_arrested starts the
    provisional-arrest clock, formal_request_received stops it. Each milestone happens once.
    """
    request = get_request(unit, request_id, write=True)
    side = side_of(unit, request)
    if side is None or request.status in (RequestStatus.DRAFT.value, *(s.value for s in TERMINAL)):
        raise InvalidTransition(f"a {request.status} request takes no milestones")
    check_milestone(request.kind, milestone, side)
    done = _milestones(unit, request)
    if milestone in done:
        raise InvalidTransition(f"'{milestone}' was already recorded on this request")
    needed = PREREQUISITE.get(milestone)
    if needed is not None and needed not in done:
        raise InvalidTransition(f"'{milestone}' needs '{needed}' first")
    now = clock.now()
    moment = _moment(request, occurred_at, now)
    text = cases.clean_text(note, "note") or ""
    _clock_effects(unit, request, milestone, moment)  # may refuse: before anything is written
    event = add_event(unit, request, "milestone", milestone, moment, now, note=text)
    unit.session.flush()
    payload = {"milestone": milestone, "occurred_at": moment.isoformat(), "event": event.id}
    record_both(unit, request, "request.milestone", REQUEST_TYPE, request.id, payload)
    return event


def _clock_effects(
    unit: Unit, request: CooperationRequest, milestone: str, moment: datetime
) -> None:
    started = clock_for(request.kind, milestone, request.form)
    if started is not None:
        start_clock(unit, request, started, moment)
    if milestone == "preservation_renewed":
        extend_clock(unit, request, ClockKind.PRESERVATION_US, moment)
    if milestone in STOPS:
        stop_clocks(unit, request, STOPS[milestone], milestone, moment)
