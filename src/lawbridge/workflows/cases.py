"""Fugitive cases: opened by the requesting party, moved along the return routes, shared field by
field with a counterpart (``workflows/case_sharing.py``), with one timeline for both.

Every change writes a timeline event (party, account, when it happened, note) and an audit event in
the same transaction. Times of past events come from the caller or from the injectable
:class:`~lawbridge.domain.clocks.Clock`; an event dated in the future is refused. A refused change
(bad input, a transition the machine forbids) changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

import pycountry
from sqlalchemy import ColumnElement, or_, select, true

from lawbridge.domain.cases import (
    DELIST_ROUTE,
    OPEN,
    TERMINAL,
    CaseStatus,
    ReturnStatistics,
    SoughtFor,
    clean_offences,
    next_case_status,
    return_statistics,
)
from lawbridge.domain.clocks import SYSTEM_CLOCK, Clock, not_in_future
from lawbridge.domain.roles import Permission
from lawbridge.domain.screening import EntryStatus, parse_enum
from lawbridge.errors import InvalidInput, NotFound, PermissionDenied
from lawbridge.store.cases_models import CaseEvent, FugitiveCase
from lawbridge.store.models import WatchlistEntry
from lawbridge.workflows import shares, watchlists
from lawbridge.workflows.case_sharing import OBJECT_TYPE, granted_fields
from lawbridge.workflows.parties import get_party
from lawbridge.workflows.unit import Unit

MAX_TEXT = 20_000
MAX_SHORT = 200
# Any open status: a case returned or closed after the period counts as open within it.
STILL_OPEN = CaseStatus.WANTED.value
CASE_KEYS = frozenset(
    {
        "subject_name",
        "subject",
        "watchlist_entry_id",
        "reference",
        "offences",
        "warrant_reference",
        "charge",
        "law",
        "max_penalty_months",
        "sought_for",
        "host_party",
        "host_name",
        "host_country",
        "listed_at",
    }
)


def clean_text(value: Any, field: str, limit: int = MAX_TEXT) -> str | None:
    """Stripped text (None when empty); InvalidInput when not text or too long."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"{field} must be text", {"field": field})
    value = value.strip()
    if len(value) > limit:
        raise InvalidInput(f"{field} must be at most {limit} characters", {"field": field})
    return value or None


def _clean_months(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 12_000:
        raise InvalidInput("max_penalty_months must be a whole number of months")
    return value


def _clean_country(value: Any) -> str | None:
    code = clean_text(value, "host_country", 2)
    if code is None:
        return None
    if pycountry.countries.get(alpha_2=code.upper()) is None:
        raise InvalidInput(f"'{code}' is not an ISO 3166-1 alpha-2 country code")
    return code.upper()


def _host(unit: Unit, data: Mapping[str, Any]) -> dict[str, Any]:
    host_party_id = None
    country = _clean_country(data.get("host_country"))
    if data.get("host_party"):
        party = get_party(unit, str(data["host_party"]))
        if party.id == unit.actor.party_id:
            raise InvalidInput("the host state cannot be the requesting party itself")
        host_party_id, country = party.id, country or party.jurisdiction
    name = clean_text(data.get("host_name"), "host_name", MAX_SHORT)
    return {"host_party_id": host_party_id, "host_name": name, "host_country": country}


def _judicial(data: Mapping[str, Any]) -> dict[str, Any]:
    sought = data.get("sought_for")
    return {
        "offences": clean_offences(data.get("offences") or []),
        "reference": clean_text(data.get("reference"), "reference", 120),
        "warrant_reference": clean_text(data.get("warrant_reference"), "warrant_reference", 200),
        "charge": clean_text(data.get("charge"), "charge"),
        "law": clean_text(data.get("law"), "law"),
        "max_penalty_months": _clean_months(data.get("max_penalty_months")),
        "sought_for": parse_enum(SoughtFor, sought, "sought_for").value if sought else None,
    }


def _subject(unit: Unit, data: Mapping[str, Any]) -> dict[str, Any]:
    entry_id, watchlist_id = data.get("watchlist_entry_id"), None
    name = clean_text(data.get("subject_name"), "subject_name", 500)
    if entry_id:
        entry = watchlists.get_entry(unit, str(entry_id))
        entry_id, watchlist_id, name = entry.id, entry.watchlist_id, name or entry.name
    if name is None:
        raise InvalidInput("a case needs the subject's name", {"field": "subject_name"})
    subject = data.get("subject") or {}
    if not isinstance(subject, Mapping):
        raise InvalidInput("subject must be an object", {"field": "subject"})
    return {
        "subject_name": name,
        "subject": dict(subject),
        "watchlist_entry_id": entry_id,
        "watchlist_id": watchlist_id,
    }


def create_case(
    unit: Unit, data: Mapping[str, Any], *, clock: Clock = SYSTEM_CLOCK
) -> FugitiveCase:
    """Open a case (status ``wanted``) for the actor's party, the requesting party.

    ``data`` keys: subject_name (or a watchlist_entry_id to take it from), subject, reference,
    offences (at least one), warrant_reference, charge, law, max_penalty_months, sought_for,
    host_party (id or slug) or host_name/host_country, listed_at (not in the future).
    """
    if unit.actor.party_id is None:
        raise InvalidInput("cases belong to a party; the operator has none")
    unit.require(Permission.WRITE_RECORDS)
    unknown = sorted(set(data) - CASE_KEYS)
    if unknown:
        raise InvalidInput(f"unknown case fields: {', '.join(unknown)}", {"unknown": unknown})
    now = clock.now()
    listed = not_in_future(data.get("listed_at") or now, now, "listed_at")
    case = FugitiveCase(
        party_id=unit.actor.party_id,
        status=CaseStatus.WANTED.value,
        listed_at=listed,
        last_activity_at=listed,
        created_by=unit.actor.account_id or "",
        created_at=now,
        updated_at=now,
        **_subject(unit, data),
        **_judicial(data),
        **_host(unit, data),
    )
    unit.session.add(case)
    unit.session.flush()
    _event(unit, case, "opened", listed, now, to_status=case.status)
    payload = {"status": case.status, "offences": case.offences, "entry": case.watchlist_entry_id}
    unit.record("case.create", OBJECT_TYPE, case.id, payload)
    return case


# What the owner may correct after opening: everything but the watchlist link and the listing date.
EDITABLE_KEYS = CASE_KEYS - {"watchlist_entry_id", "listed_at"}
HOST_KEYS = frozenset({"host_party", "host_name", "host_country"})


def edit_case(
    unit: Unit, case_id: str, data: Mapping[str, Any], *, clock: Clock = SYSTEM_CLOCK
) -> FugitiveCase:
    """Correct a case's subject, judicial data (warrant, charge, law, penalty, sought for, offences)
    or host state: the owning party only. Keys absent from ``data`` keep their value; a key given as
    null clears it (offences and the subject's name cannot be cleared). The timeline and the audit
    log say which fields changed, with the old and new values. Bad input changes nothing.
    """
    case = get_case(unit, case_id, write=True)
    if case.party_id != unit.actor.party_id and not unit.actor.is_system:
        raise PermissionDenied("only the party that opened the case may edit its data")
    unknown = sorted(set(data) - EDITABLE_KEYS)
    if unknown:
        raise InvalidInput(
            f"fields that cannot be edited: {', '.join(unknown)}", {"unknown": unknown}
        )
    current: dict[str, Any] = {key: getattr(case, key) for key in _JUDICIAL_KEYS}
    changes = _judicial(current | {k: v for k, v in data.items() if k in _JUDICIAL_KEYS})
    if "subject_name" in data:
        name = clean_text(data["subject_name"], "subject_name", 500)
        if name is None:
            raise InvalidInput("a case needs the subject's name", {"field": "subject_name"})
        changes["subject_name"] = name
    if "subject" in data:
        if not isinstance(data["subject"], Mapping):
            raise InvalidInput("subject must be an object", {"field": "subject"})
        changes["subject"] = dict(data["subject"])
    if HOST_KEYS & set(data):
        host = {
            "host_party": case.host_party_id,
            "host_name": case.host_name,
            "host_country": case.host_country,
        } | {k: data[k] for k in HOST_KEYS & set(data)}
        if "host_party" in data and data["host_party"] is None:
            host["host_country"] = data.get("host_country")
        changes |= _host(unit, host)
    diff = {k: [getattr(case, k), v] for k, v in changes.items() if getattr(case, k) != v}
    if not diff:
        return case
    for key, (_, value) in diff.items():
        setattr(case, key, value)
    now = clock.now()
    note = "changed: " + ", ".join(sorted(diff))
    _event(unit, case, "edited", now, now, note=note)
    unit.record("case.edit", OBJECT_TYPE, case.id, {"changes": diff})
    return case


_JUDICIAL_KEYS = (
    "offences",
    "reference",
    "warrant_reference",
    "charge",
    "law",
    "max_penalty_months",
    "sought_for",
)


def _event(
    unit: Unit,
    case: FugitiveCase,
    kind: str,
    occurred_at: datetime,
    now: datetime,
    *,
    note: str = "",
    from_status: str | None = None,
    to_status: str | None = None,
) -> CaseEvent:
    event = CaseEvent(
        case_id=case.id,
        party_id=unit.actor.party_id,
        actor_id=unit.actor.account_id,
        actor_label=unit.actor.label,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        note=note,
        occurred_at=occurred_at,
        recorded_at=now,
    )
    unit.session.add(event)
    case.last_activity_at = max(case.last_activity_at, occurred_at)
    case.updated_at = now
    return event


def get_case(unit: Unit, case_id: str, *, write: bool = False) -> FugitiveCase:
    """A case the actor's party owns or that is shared with it; NotFound otherwise."""
    case = unit.session.get(FugitiveCase, case_id)
    if case is None:
        raise NotFound(f"no {OBJECT_TYPE} '{case_id}'")
    shares.check_access(unit, OBJECT_TYPE, case.id, case.party_id, write=write)
    return unit.lock(case) if write else case  # a transition judged from the state it changes


def visible(unit: Unit) -> ColumnElement[bool]:
    if unit.actor.is_system:
        return true()
    return or_(
        FugitiveCase.party_id == unit.actor.party_id,
        FugitiveCase.id.in_(shares.shared_ids(unit, OBJECT_TYPE)),
    )


def list_cases(
    unit: Unit, *, status: str | None = None, limit: int = 50, offset: int = 0
) -> list[FugitiveCase]:
    """Own and shared cases, newest first; a status filter applies to the actor's own cases only
    (a grantee may not be shown the status of a case it sees)."""
    unit.require(Permission.READ_RECORDS)
    query = select(FugitiveCase).where(visible(unit))
    if status is not None:
        chosen = parse_enum(CaseStatus, status, "status").value
        query = query.where(FugitiveCase.status == chosen)
        if not unit.actor.is_system:
            query = query.where(FugitiveCase.party_id == unit.actor.party_id)
    query = query.order_by(FugitiveCase.listed_at.desc(), FugitiveCase.id)
    return list(unit.session.scalars(query.limit(limit).offset(offset)))


def _when(case: FugitiveCase, occurred_at: datetime | None, now: datetime) -> datetime:
    moment = not_in_future(occurred_at or now, now, "occurred_at")
    if moment < case.listed_at:
        raise InvalidInput("an event cannot precede the case's listing", {"field": "occurred_at"})
    return moment


def move_case(
    unit: Unit,
    case_id: str,
    target: str,
    *,
    note: str = "",
    occurred_at: datetime | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> FugitiveCase:
    """Move a case to ``target`` along the machine of ``domain/cases.py`` (owner or write share).

    A returned or closed case keeps ``closed_at``, the moment it happened (statistics per period).
    When a fugitive is *returned*, the subject's watchlist entry, if any and still listed, is
    delisted by the same route (a returned person must stop alerting) — provided the actor may
    write that list; otherwise the timeline says the list's owner has to. A closed case (withdrawn,
    deceased, prosecuted in the host state) leaves the entry to a person: a withdrawal or a death
    needs its own confirmation before a notice is cancelled. InvalidTransition (e.g. returning a
    case never located) changes nothing.
    """
    case = get_case(unit, case_id, write=True)
    new = next_case_status(case.status, target)
    now = clock.now()
    moment = _when(case, occurred_at, now)
    text = clean_text(note, "note") or ""
    old = case.status
    case.status = new.value
    case.closed_at = moment if new in TERMINAL else None
    _event(unit, case, "status", moment, now, note=text, from_status=old, to_status=new.value)
    payload = {"from": old, "to": new.value, "occurred_at": moment.isoformat()}
    unit.record("case.transition", OBJECT_TYPE, case.id, payload)
    if new in DELIST_ROUTE:
        _delist_subject(unit, case, new, moment, now)
    return case


def _delist_subject(
    unit: Unit, case: FugitiveCase, status: CaseStatus, moment: datetime, now: datetime
) -> None:
    """Delist the case's watchlist entry by the route the case ended on, and say so on the timeline."""
    if case.watchlist_entry_id is None:
        return
    entry = unit.session.get(WatchlistEntry, case.watchlist_entry_id)
    if entry is None or entry.status != EntryStatus.ACTIVE:
        return
    label = case.reference or case.id
    try:
        watchlists.delist_entry(
            unit,
            entry.id,
            reason=f"case {label}: {status.value.replace('_', ' ')}",
            route=DELIST_ROUTE[status].value,
        )
    except (NotFound, PermissionDenied):
        note = "the subject's watchlist entry is still listed: its list's owner must delist it"
        _event(unit, case, "delist_pending", moment, now, note=note)
        return
    _event(unit, case, "delisted", moment, now, note=f"watchlist entry {entry.id} delisted")


def add_note(
    unit: Unit,
    case_id: str,
    note: str,
    *,
    occurred_at: datetime | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> CaseEvent:
    """Add to the case's timeline: the owner, or a grantee that sees the timeline."""
    case = get_case(unit, case_id)
    unit.require(Permission.WRITE_RECORDS)
    if "timeline" not in granted_fields(unit, case):
        raise NotFound(f"no timeline for {OBJECT_TYPE} '{case.id}'")
    text = clean_text(note, "note")
    if text is None:
        raise InvalidInput("a note must not be empty", {"field": "note"})
    now = clock.now()
    event = _event(unit, case, "note", _when(case, occurred_at, now), now, note=text)
    unit.session.flush()
    unit.record("case.note", OBJECT_TYPE, case.id, {"event": event.id, "owner": case.party_id})
    return event


def stale_cases(unit: Unit, *, now: datetime, days: int) -> list[FugitiveCase]:
    """The actor's open cases in which nothing happened for ``days`` days (exactly at the boundary)."""
    unit.require(Permission.READ_RECORDS)
    if days < 1:
        raise InvalidInput("days must be at least 1", {"field": "days"})
    cutoff = now - timedelta(days=days)
    query = select(FugitiveCase).where(
        FugitiveCase.status.in_([s.value for s in OPEN]),
        FugitiveCase.last_activity_at <= cutoff,
    )
    if not unit.actor.is_system:
        query = query.where(FugitiveCase.party_id == unit.actor.party_id)
    return list(unit.session.scalars(query.order_by(FugitiveCase.last_activity_at)))


def case_statistics(
    unit: Unit,
    *,
    watchlist_id: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> ReturnStatistics:
    """Returns by route among the actor's own cases (of one list, if given) in [start, end).

    Counted: cases listed before ``end`` and not already returned or closed before ``start``. A case
    returned or closed within the period counts by its route; one returned or closed after
    ``end`` counts as open. Only the actor's own cases count: statistics must not reveal the
    status of a case shared without its status.
    """
    unit.require(Permission.READ_RECORDS)
    query = select(FugitiveCase)
    if watchlist_id is not None:
        query = query.where(
            FugitiveCase.watchlist_id == watchlists.get_watchlist(unit, watchlist_id).id
        )
    if not unit.actor.is_system:
        query = query.where(FugitiveCase.party_id == unit.actor.party_id)
    if end is not None:
        query = query.where(FugitiveCase.listed_at < end)
    if start is not None:
        query = query.where(or_(FugitiveCase.closed_at.is_(None), FugitiveCase.closed_at >= start))
    statuses = []
    for case in unit.session.scalars(query):
        later = end is not None and case.closed_at is not None and case.closed_at >= end
        statuses.append(STILL_OPEN if later else case.status)
    return return_statistics(statuses)
