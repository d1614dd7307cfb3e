"""Legal clocks of cooperation requests: started and stopped by request events, extended where
their basis allows, and computed as reminders and overdues by :func:`due_clocks`.

:func:`due_clocks` is idempotent: the first computation that finds a clock in its reminder window
(or past its due instant) sets ``reminded_at`` (``overdue_at``) and writes one audit event into each
party's view of the log; computing again at the same or a later time records nothing new for
that phase. Time always comes from the caller (``now``) or an injected clock, never from the wall.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select

from lawbridge.domain.clocks import (
    ClockKind,
    ClockPhase,
    Deadline,
    as_utc,
    configured_days,
    deadline,
    phase,
    rule_for,
)
from lawbridge.domain.requests import RequestStatus
from lawbridge.domain.roles import Permission
from lawbridge.errors import InvalidTransition
from lawbridge.store.cases_models import CooperationRequest, LegalClock
from lawbridge.workflows.unit import Unit

CLOCK_TYPE = "legal_clock"


@dataclass(frozen=True, slots=True)
class ClockAlert:
    """A clock in its reminder window or overdue at ``now``; ``recorded`` if this call audited it."""

    clock_id: str
    request_id: str
    kind: str
    phase: ClockPhase
    due_at: datetime
    basis: str
    recorded: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "clock_id": self.clock_id,
            "request_id": self.request_id,
            "kind": self.kind,
            "phase": self.phase.value,
            "due_at": self.due_at.isoformat(),
            "basis": self.basis,
            "recorded": self.recorded,
        }


def _deadline(clock: LegalClock) -> Deadline:
    return Deadline(clock.started_at, clock.due_at, clock.remind_at)


def clock_phase(clock: LegalClock, now: datetime) -> ClockPhase:
    return phase(_deadline(clock), now, stopped=clock.stopped_at is not None)


def clock_view(clock: LegalClock, now: datetime) -> dict[str, Any]:
    """A clock as both parties see it, with its phase at ``now``."""
    return {
        "id": clock.id,
        "kind": clock.kind,
        "basis": clock.basis,
        "days": clock.days,
        "extensions": clock.extensions,
        "started_at": clock.started_at.isoformat(),
        "remind_at": clock.remind_at.isoformat(),
        "due_at": clock.due_at.isoformat(),
        "stopped_at": clock.stopped_at.isoformat() if clock.stopped_at else None,
        "stop_reason": clock.stop_reason,
        "phase": clock_phase(clock, now).value,
    }


def record_both(
    unit: Unit,
    request: CooperationRequest,
    action: str,
    object_type: str,
    object_id: str,
    payload: dict[str, Any],
) -> None:
    """One audit event in the requester's view of the log and, once sent, one in the recipient's."""
    unit.record(action, object_type, object_id, payload, party_id=request.party_id)
    if request.status != RequestStatus.DRAFT.value:
        unit.record(action, object_type, object_id, payload, party_id=request.recipient_party_id)


def running(
    unit: Unit, request: CooperationRequest, kinds: Iterable[ClockKind]
) -> list[LegalClock]:
    names = [k.value for k in kinds]
    query = select(LegalClock).where(
        LegalClock.request_id == request.id,
        LegalClock.kind.in_(names),
        LegalClock.stopped_at.is_(None),
    )
    return list(unit.session.scalars(query))


def start_clock(
    unit: Unit, request: CooperationRequest, kind: ClockKind, started_at: datetime
) -> LegalClock:
    """Start the catalogue's ``kind`` clock on ``request``, with the request's agreed period."""
    if running(unit, request, [kind]):
        raise InvalidTransition(f"the {kind.value} clock of this request is already running")
    rule = rule_for(kind.value)
    days = configured_days(rule, request.clock_days.get(kind.value))
    due = deadline(rule, started_at, days)
    clock = LegalClock(
        request_id=request.id,
        kind=kind.value,
        basis=rule.basis,
        days=days,
        extensions=0,
        started_at=due.started_at,
        remind_at=due.remind_at,
        due_at=due.due_at,
    )
    unit.session.add(clock)
    unit.session.flush()
    payload = {"request": request.id, "kind": kind.value, "due_at": due.due_at.isoformat()}
    record_both(unit, request, "clock.start", CLOCK_TYPE, clock.id, payload)
    return clock


def stop_clocks(
    unit: Unit,
    request: CooperationRequest,
    kinds: Iterable[ClockKind],
    reason: str,
    at: datetime,
) -> list[LegalClock]:
    """Stop the running clocks of ``kinds`` (none running is not an error)."""
    stopped = running(unit, request, kinds)
    for clock in stopped:
        clock.stopped_at, clock.stop_reason = as_utc(at), reason
        payload = {"request": request.id, "kind": clock.kind, "reason": reason}
        record_both(unit, request, "clock.stop", CLOCK_TYPE, clock.id, payload)
    return stopped


def extend_clock(
    unit: Unit, request: CooperationRequest, kind: ClockKind, at: datetime
) -> LegalClock:
    """Extend a running clock by its basis' extension period (e.g. § 2703(f)(2): once, 90 days).

    The renewal must come before the clock falls due: an expired period cannot be extended."""
    rule = rule_for(kind.value)
    clocks = running(unit, request, [kind])
    if not clocks:
        raise InvalidTransition(f"no running {kind.value} clock to extend")
    clock = clocks[0]
    if clock.extensions >= rule.max_extensions:
        raise InvalidTransition(
            f"the {kind.value} clock allows {rule.max_extensions} extension(s) under its basis"
        )
    if as_utc(at) >= clock.due_at:
        raise InvalidTransition(f"the {kind.value} period ended at {clock.due_at.isoformat()}")
    clock.extensions += 1
    due = deadline(rule, clock.started_at, clock.days, clock.extensions)
    clock.remind_at, clock.due_at = due.remind_at, due.due_at
    clock.reminded_at = clock.overdue_at = None
    payload = {"request": request.id, "kind": kind.value, "due_at": due.due_at.isoformat()}
    record_both(unit, request, "clock.extend", CLOCK_TYPE, clock.id, payload)
    return clock


def _candidates(unit: Unit, now: datetime) -> list[tuple[LegalClock, CooperationRequest]]:
    query = (
        select(LegalClock, CooperationRequest)
        .join(CooperationRequest, CooperationRequest.id == LegalClock.request_id)
        .where(LegalClock.stopped_at.is_(None), LegalClock.remind_at <= now)
    )
    if not unit.actor.is_system:
        party = unit.actor.party_id
        query = query.where(
            or_(
                CooperationRequest.party_id == party,
                CooperationRequest.recipient_party_id == party,
            )
        )
    rows = unit.session.execute(query.order_by(LegalClock.due_at, LegalClock.id))
    return [(clock, request) for clock, request in rows]


def _mark(unit: Unit, clock: LegalClock, request: CooperationRequest, now: datetime) -> ClockAlert:
    current = clock_phase(clock, now)
    recorded = False
    if current is ClockPhase.OVERDUE and clock.overdue_at is None:
        clock.overdue_at, recorded = now, True
    elif current is ClockPhase.REMINDER and clock.reminded_at is None:
        clock.reminded_at, recorded = now, True
    if recorded:
        payload = {"request": request.id, "kind": clock.kind, "due_at": clock.due_at.isoformat()}
        record_both(unit, request, f"clock.{current.value}", CLOCK_TYPE, clock.id, payload)
    return ClockAlert(
        clock.id, request.id, clock.kind, current, clock.due_at, clock.basis, recorded
    )


def due_clocks(unit: Unit, now: datetime) -> list[ClockAlert]:
    """Every running clock of the actor's requests (either side) in its reminder window or
    overdue at ``now``, soonest due first. Each reminder and each overdue is recorded (and
    audited for both parties) once, the first time it is computed."""
    unit.require(Permission.READ_RECORDS)
    moment = as_utc(now)
    return [_mark(unit, clock, request, moment) for clock, request in _candidates(unit, moment)]


def request_clocks(unit: Unit, request: CooperationRequest) -> list[LegalClock]:
    query = select(LegalClock).where(LegalClock.request_id == request.id)
    return list(unit.session.scalars(query.order_by(LegalClock.started_at, LegalClock.kind)))
