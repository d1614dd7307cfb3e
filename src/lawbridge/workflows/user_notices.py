"""User notice: a subject of a request is told before their data is disclosed, unless a
non-disclosure order bars it; when the order expires, the notice goes out on its own.

One notice per subject of a request. While a non-disclosure order is in force a notice is
``barred`` and due at the order's expiry instant; otherwise it is ``pending`` and due at once.
:func:`due_notices` sends every notice due at ``now`` whose request is no longer under an order:
at ``expiry - 1 s`` nothing goes out, at ``expiry`` it does. It is idempotent — a notice is sent
once, and a second call at the same or a later time sends nothing new. "Sent" records that the
notice was handed to the user-messaging channel (the channel itself is outside lawbridge).

Before disclosure (``workflows/responses.py``) every notice must have been sent, unless the order
is in force; an emergency disclosure goes ahead and its notices are due at once, after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select

from lawbridge.domain.clocks import SYSTEM_CLOCK, Clock, as_utc
from lawbridge.domain.provider_requests import RequestType, nondisclosure_in_force
from lawbridge.domain.roles import Permission
from lawbridge.domain.screening import parse_enum
from lawbridge.errors import InvalidInput, InvalidTransition, NotFound
from lawbridge.store.provider_models import ProviderRequest, UserNotice
from lawbridge.workflows.cases import clean_text
from lawbridge.workflows.provider_requests import REQUEST_TYPE, get_request
from lawbridge.workflows.unit import Unit

NOTICE_TYPE = "user_notice"


class NoticeStatus(StrEnum):
    PENDING = "pending"
    BARRED = "barred"
    SENT = "sent"


@dataclass(frozen=True, slots=True)
class NoticeSent:
    notice_id: str
    request_id: str
    subject: str
    sent_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "notice_id": self.notice_id,
            "request_id": self.request_id,
            "subject": self.subject,
            "sent_at": self.sent_at.isoformat(),
        }


def notices_of(unit: Unit, request: ProviderRequest) -> list[UserNotice]:
    query = select(UserNotice).where(UserNotice.request_id == request.id)
    return list(unit.session.scalars(query.order_by(UserNotice.subject)))


def list_notices(unit: Unit, status: str | None = None) -> list[UserNotice]:
    """The provider's notices, soonest due first (``status``: pending, barred or sent)."""
    unit.require(Permission.READ_RECORDS)
    query = select(UserNotice).where(UserNotice.party_id == unit.actor.party_id)
    if status is not None:
        query = query.where(UserNotice.status == parse_enum(NoticeStatus, status, "status").value)
    order = (UserNotice.due_at, UserNotice.request_id, UserNotice.subject)
    return list(unit.session.scalars(query.order_by(*order)))


def _record(unit: Unit, action: str, notice: UserNotice, extra: dict[str, Any]) -> None:
    payload = {"request": notice.request_id, "subject": notice.subject} | extra
    unit.record(action, NOTICE_TYPE, notice.id, payload, party_id=notice.party_id)


def ensure_notices(unit: Unit, request: ProviderRequest, now: datetime) -> list[UserNotice]:
    """The request's notices, one per subject, created where missing (barred under an order)."""
    existing = {n.subject: n for n in notices_of(unit, request)}
    barred = nondisclosure_in_force(request.nondisclosure_until, now)
    for subject in request.fields.get("subjects", []):
        if subject in existing:
            continue
        notice = UserNotice(
            party_id=request.party_id,
            request_id=request.id,
            subject=subject,
            status=(NoticeStatus.BARRED if barred else NoticeStatus.PENDING).value,
            due_at=request.nondisclosure_until if barred else now,
            created_at=now,
        )
        unit.session.add(notice)
        unit.session.flush()
        _record(unit, "user_notice.create", notice, {"status": notice.status})
        existing[subject] = notice
    return sorted(existing.values(), key=lambda n: n.subject)


def prepare_notices(
    unit: Unit, request_id: str, *, clock: Clock = SYSTEM_CLOCK
) -> list[UserNotice]:
    """Create the notices a request owes (idempotent)."""
    request = get_request(unit, request_id, write=True)
    return ensure_notices(unit, request, clock.now())


def _send(unit: Unit, notice: UserNotice, now: datetime) -> NoticeSent:
    notice.status, notice.sent_at = NoticeStatus.SENT.value, now
    _record(unit, "user_notice.send", notice, {"sent_at": now.isoformat()})
    return NoticeSent(notice.id, notice.request_id, notice.subject, now)


def send_notice(unit: Unit, notice_id: str, *, clock: Clock = SYSTEM_CLOCK) -> NoticeSent:
    """Send one notice now; refused while an order bars it or once it is sent."""
    notice = unit.session.get(UserNotice, notice_id)
    if notice is None or notice.party_id != unit.actor.party_id:
        raise NotFound(f"no {NOTICE_TYPE} '{notice_id}'")
    unit.require(Permission.WRITE_RECORDS)
    request = unit.session.get(ProviderRequest, notice.request_id)
    assert request is not None  # noqa: S101 - foreign key
    now = clock.now()
    if notice.status == NoticeStatus.SENT.value:
        raise InvalidTransition("the notice has already been sent")
    if nondisclosure_in_force(request.nondisclosure_until, now):
        raise InvalidTransition("a non-disclosure order bars this notice until it expires")
    return _send(unit, notice, now)


def due_notices(unit: Unit, now: datetime) -> list[NoticeSent]:
    """Send every notice due at ``now`` that no order bars any longer (the actor's party; the
    system actor: every party). Returns what this call sent."""
    unit.require(Permission.WRITE_RECORDS)
    moment = as_utc(now)
    query = (
        select(UserNotice, ProviderRequest)
        .join(ProviderRequest, ProviderRequest.id == UserNotice.request_id)
        .where(UserNotice.status != NoticeStatus.SENT.value, UserNotice.due_at <= moment)
    )
    if not unit.actor.is_system:
        query = query.where(UserNotice.party_id == unit.actor.party_id)
    order = (UserNotice.due_at, UserNotice.request_id, UserNotice.subject)
    rows = unit.session.execute(query.order_by(*order))
    sent = []
    for notice, request in rows:
        if not nondisclosure_in_force(request.nondisclosure_until, moment):
            sent.append(_send(unit, notice, moment))
    return sent


def extend_nondisclosure(
    unit: Unit,
    request_id: str,
    until: datetime,
    reference: str,
    *,
    clock: Clock = SYSTEM_CLOCK,
) -> ProviderRequest:
    """A new or renewed non-disclosure order (its reference) barring notice until ``until``."""
    request = get_request(unit, request_id, write=True)
    now, end = clock.now(), as_utc(until)
    text = clean_text(reference, "reference", 200)
    if text is None:
        raise InvalidInput("a non-disclosure order has a reference", {"field": "reference"})
    if end <= now:
        raise InvalidInput("the order must run into the future", {"field": "until"})
    request.nondisclosure_until = end
    for notice in notices_of(unit, request):
        if notice.status != NoticeStatus.SENT.value:
            notice.status, notice.due_at = NoticeStatus.BARRED.value, end
    payload = {"until": end.isoformat(), "reference": text}
    unit.record("provider_request.nondisclosure", REQUEST_TYPE, request.id, payload)
    return request


def disclosure_block(unit: Unit, request: ProviderRequest, now: datetime) -> str | None:
    """Why the request's data may not be disclosed yet for want of notice (None: it may)."""
    if request.type == RequestType.EMERGENCY_DISCLOSURE.value:
        return None
    if nondisclosure_in_force(request.nondisclosure_until, now):
        return None
    owed = [n for n in notices_of(unit, request) if n.status != NoticeStatus.SENT.value]
    if owed:
        return f"notify the user before disclosure: {len(owed)} notice(s) not sent"
    return None
