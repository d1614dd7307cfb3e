"""The shared case view: a case reaches another party field by field, and is serialised per actor.

A case is shared through an ordinary ``share`` (so the counterpart's ids, audit trail and
revocation work as for every object) plus the list of **fields** the grantee sees
(``case_share_fields``). :func:`case_view` serialises a case for the acting party: the owner sees
everything; a grantee sees ``id``, the owner ``party_id`` and the granted fields only: every other
field is **absent** from the dict (never present as null). The timeline is a field too: both parties
see the same events, each with the party and account that wrote it; an event's statuses are shown
only to a party that may see the case's status.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from lawbridge.domain.cases import SHAREABLE_FIELDS, clean_fields
from lawbridge.errors import InvalidInput, NotFound
from lawbridge.store.cases_models import CaseEvent, CaseShareFields, FugitiveCase
from lawbridge.store.models import Share, utcnow
from lawbridge.workflows import shares
from lawbridge.workflows.parties import get_party
from lawbridge.workflows.unit import Unit

OBJECT_TYPE = "fugitive_case"
ALL_FIELDS = frozenset(SHAREABLE_FIELDS)


def granted_fields(unit: Unit, case: FugitiveCase) -> frozenset[str]:
    """The fields of ``case`` the actor's party may read (all of them for the owner)."""
    if unit.actor.is_system or unit.actor.party_id == case.party_id:
        return ALL_FIELDS
    share = shares.active_share(unit, OBJECT_TYPE, case.id, unit.actor.party_id or "")
    if share is None:
        raise NotFound(f"no {OBJECT_TYPE} '{case.id}'")
    row = unit.session.get(CaseShareFields, share.id)
    return frozenset(row.fields) if row is not None else frozenset()


def share_case(
    unit: Unit, case: FugitiveCase, *, grantee: str, fields: Iterable[str], permission: str = "read"
) -> Share:
    """Share ``case`` (owned by the actor's party) with ``grantee``, showing only ``fields``.

    ``permission`` "write" also lets the grantee move the case's status (a host agency that
    locates or arrests the person); any grantee that sees the timeline may add notes to it.
    """
    chosen = clean_fields(fields)
    share = shares.grant(
        unit,
        object_type=OBJECT_TYPE,
        object_id=case.id,
        owner_party_id=case.party_id,
        grantee=grantee,
        permission=permission,
    )
    unit.session.add(CaseShareFields(share_id=share.id, case_id=case.id, fields=chosen))
    _record_fields(unit, case, share, chosen)
    return share


def set_shared_fields(
    unit: Unit, case: FugitiveCase, *, grantee: str, fields: Iterable[str]
) -> CaseShareFields:
    """Change which fields an existing grantee sees (owner only; audited on both sides)."""
    chosen = clean_fields(fields)
    if unit.actor.party_id != case.party_id:
        raise NotFound(f"no {OBJECT_TYPE} '{case.id}'")
    target = get_party(unit, grantee)
    share = shares.active_share(unit, OBJECT_TYPE, case.id, target.id)
    if share is None:
        raise InvalidInput(f"this case is not shared with '{target.slug}'")
    row = unit.session.get_one(CaseShareFields, share.id)
    row.fields, row.updated_at = chosen, utcnow()
    _record_fields(unit, case, share, chosen)
    return row


def _record_fields(unit: Unit, case: FugitiveCase, share: Share, fields: list[str]) -> None:
    payload = {"share": share.id, "grantee": share.grantee_party_id, "fields": fields}
    unit.record("case.share_fields", OBJECT_TYPE, case.id, payload)
    unit.record(
        "case.receive_fields", OBJECT_TYPE, case.id, payload, party_id=share.grantee_party_id
    )


def _iso(value: Any) -> Any:
    return value.isoformat() if value is not None else None


def _field_values(case: FugitiveCase) -> dict[str, dict[str, Any]]:
    """Each shareable field with the keys it reveals (a field may carry companion keys)."""
    host = {"party_id": case.host_party_id, "name": case.host_name, "country": case.host_country}
    return {
        "reference": {"reference": case.reference},
        "subject_name": {"subject_name": case.subject_name},
        "subject": {"subject": dict(case.subject)},
        "watchlist_entry_id": {
            "watchlist_entry_id": case.watchlist_entry_id,
            "watchlist_id": case.watchlist_id,
        },
        "offences": {"offences": list(case.offences)},
        "warrant_reference": {"warrant_reference": case.warrant_reference},
        "charge": {"charge": case.charge},
        "law": {"law": case.law},
        "max_penalty_months": {"max_penalty_months": case.max_penalty_months},
        "sought_for": {"sought_for": case.sought_for},
        "host": {"host": host},
        "status": {"status": case.status, "closed_at": _iso(case.closed_at)},
        "listed_at": {"listed_at": _iso(case.listed_at)},
        "timeline": {"last_activity_at": _iso(case.last_activity_at)},
    }


def event_view(event: CaseEvent, fields: frozenset[str]) -> dict[str, Any]:
    """One timeline event as a party sees it; statuses only with the ``status`` field."""
    view: dict[str, Any] = {
        "id": event.id,
        "kind": event.kind,
        "party_id": event.party_id,
        "actor_label": event.actor_label,
        "note": event.note,
        "occurred_at": _iso(event.occurred_at),
        "recorded_at": _iso(event.recorded_at),
    }
    if "status" in fields:
        view["from_status"], view["to_status"] = event.from_status, event.to_status
    return view


def case_events(unit: Unit, case: FugitiveCase) -> list[CaseEvent]:
    query = select(CaseEvent).where(CaseEvent.case_id == case.id)
    return list(unit.session.scalars(query.order_by(CaseEvent.occurred_at, CaseEvent.recorded_at)))


def case_view(unit: Unit, case: FugitiveCase, *, with_timeline: bool = True) -> dict[str, Any]:
    """``case`` serialised for the actor: fields not shared with its party are absent."""
    fields = granted_fields(unit, case)
    view: dict[str, Any] = {"id": case.id, "party_id": case.party_id}
    for name, values in _field_values(case).items():
        if name in fields:
            view.update(values)
    if fields == ALL_FIELDS:
        view["created_at"] = _iso(case.created_at)
    if with_timeline and "timeline" in fields:
        view["timeline"] = [event_view(e, fields) for e in case_events(unit, case)]
    return view


@dataclass(frozen=True, slots=True)
class CaseShare:
    share: Share
    fields: list[str]


def case_shares(unit: Unit, case: FugitiveCase) -> list[CaseShare]:
    """The live shares of an own case, each with the fields its grantee sees."""
    found = shares.list_shares(unit, OBJECT_TYPE, case.id, case.party_id)
    out = []
    for share in found:
        row = unit.session.get(CaseShareFields, share.id)
        out.append(CaseShare(share, list(row.fields) if row is not None else []))
    return out
