"""Transparency reports of a provider party, computed from the audit log at a fixed tree size.

What is counted is what the audit log holds below the tree size: an item exists only through its
events (``seq < tree_size``), and whatever else it needs is read from columns written once when
the item was made (a request's type, elements and clock times, a takedown's statement of reasons,
a package's items, an authority's country) or from the events' own payloads and times. Events
appended later therefore never change a report asked at an older tree size: it regenerates
byte for byte. Periods: a request by its ``received_at`` (the workflows' clock); a refused
submission and moderation by the time of their event.

Before anything is counted, the rows below the first committed tree head covering the tree size
(a checkpoint, or the chain's head) must hash to that head's root; otherwise
:class:`AuditIntegrityError`. Proofs are computed with ``domain/audit.py`` at any tree size up to
the head: inclusion of a party's event, consistency between two sizes (two reports' tree heads).

Who may ask: the operator (system actor), or members of the provider party with
``read_records``; another party, or one that does not exist, is :class:`NotFound` alike.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from lawbridge.domain import audit as rules
from lawbridge.domain import transparency as report_rules
from lawbridge.domain.content import dsa_category
from lawbridge.domain.roles import PartyKind, Permission
from lawbridge.domain.transparency import Kind, Outcome
from lawbridge.errors import AuditIntegrityError, InvalidInput, NotFound
from lawbridge.store import audit_log
from lawbridge.store.content_models import ContentTakedown
from lawbridge.store.models import AuditEvent, Party
from lawbridge.store.provider_models import Authority, ProviderRequest, ResponsePackage
from lawbridge.workflows.audit import ConsistencyProof, InclusionProof
from lawbridge.workflows.unit import Unit

CHUNK = 500
DateLike = str | datetime | date | None


@dataclass(frozen=True, slots=True)
class Event:
    """One of the party's events below the tree size, as the report reads it."""

    index: int
    action: str
    object_id: str | None
    occurred_at: datetime
    payload: dict[str, Any]


# --- Access and the log ---------------------------------------------------------------------------


def provider(unit: Unit, ref: str) -> Party:
    """The provider party ``ref`` (id or slug) the actor may report on; NotFound otherwise."""
    found = unit.session.scalar(select(Party).where((Party.id == ref) | (Party.slug == ref)))
    own = found is not None and (unit.actor.is_system or unit.actor.party_id == found.id)
    if found is None or not own:
        raise NotFound(f"no party '{ref}'")
    if not unit.actor.is_system:
        unit.require(Permission.READ_RECORDS)
    if found.kind != PartyKind.PROVIDER.value:
        raise InvalidInput("transparency reports are made for provider parties")
    return found


def head_size(unit: Unit) -> int:
    head = audit_log.head(unit.session, refresh=True)
    return head.size if head is not None else 0


def _tree_size(unit: Unit, wanted: int | None, field: str = "tree_size") -> int:
    current = head_size(unit)
    size = current if wanted is None else wanted
    if not 1 <= size <= current:
        raise InvalidInput(f"{field} must be between 1 and {current}", {"field": field})
    return size


def _committed(unit: Unit, size: int) -> tuple[int, bytes]:
    """The first committed tree head covering ``size`` events: (its size, its root)."""
    checkpoint = audit_log.checkpoint_covering(unit.session, size - 1)
    if checkpoint is not None:
        return checkpoint.tree_size, bytes.fromhex(checkpoint.root_hash)
    head = audit_log.head(unit.session, refresh=True)
    if head is None or head.size < size:
        raise AuditIntegrityError(f"no committed tree head covers {size} events")
    return head.size, rules.frontier_root([bytes.fromhex(h) for h in head.frontier])


def _walk(unit: Unit, size: int, party_id: str | None) -> tuple[list[bytes], list[Event]]:
    """Leaf hashes of events ``0 .. size - 1`` checked against the committed head covering
    them, and the events of ``party_id`` among them."""
    committed, root = _committed(unit, size)
    leaves: list[bytes] = []
    events: list[Event] = []
    for row in audit_log.iter_events(unit.session, stop=committed):
        if row.seq != len(leaves):
            break
        leaves.append(rules.leaf_hash(audit_log.fields_of(row).entry()))
        if party_id is not None and row.seq < size and row.party_id == party_id:
            events.append(_event(row))
    if len(leaves) != committed or rules.merkle_root(leaves) != root:
        raise AuditIntegrityError(
            f"events below {committed} no longer hash to their committed Merkle root",
            {"tree_size": committed},
        )
    return leaves[:size], events


def _event(row: AuditEvent) -> Event:
    payload = json.loads(row.payload)
    return Event(
        row.seq,
        row.action,
        row.object_id,
        rules.as_utc(row.occurred_at),
        payload if isinstance(payload, dict) else {},
    )


def _rows(unit: Unit, model: Any, column: Any, ids: Sequence[str]) -> Iterator[Any]:
    for start in range(0, len(ids), CHUNK):
        yield from unit.session.scalars(select(model).where(column.in_(ids[start : start + CHUNK])))


# --- Items: lawful requests ----------------------------------------------------------------------


def _by_object(events: Iterable[Event], prefix: str) -> dict[str, list[Event]]:
    grouped: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        if event.action.startswith(prefix) and event.object_id is not None:
            grouped[event.object_id].append(event)
    return grouped


def _first(events: Iterable[Event], *actions: str) -> Event | None:
    return next((e for e in events if e.action in actions), None)


def _outcome(
    request: ProviderRequest, done: Event | None, package: ResponsePackage | None
) -> Outcome:
    if done is None:
        return Outcome.PENDING
    if done.action == "provider_request.reject":
        return Outcome.REJECTED
    if request.type == "preservation":
        return Outcome.PRESERVED
    produced = {str(item.get("subject")) for item in package.items} if package else set()
    wanted = set(request.fields.get("subjects", []))
    if not produced:
        return Outcome.NONE
    return Outcome.PRODUCED if wanted <= produced else Outcome.PARTLY


def _request_item(
    request: ProviderRequest, country: str, events: list[Event], package: ResponsePackage | None
) -> dict[str, Any]:
    received = _first(events, "provider_request.receive")
    acknowledged = _first(events, "provider_request.acknowledge")
    done = _first(events, "provider_request.reject", "provider_request.respond")
    packaged = _first(events, "provider_request.package") if done else None
    outcome = _outcome(request, done, package if packaged else None)
    used = [e for e in (received, acknowledged, packaged, done) if e is not None]
    return {
        "kind": Kind.REQUEST.value,
        "leaves": sorted(e.index for e in used),
        "type": request.type,
        "country": country,
        "legal_process": request.fields.get("legal_process") or "unspecified",
        "outcome": outcome.value,
        "accounts": len(request.fields.get("subjects", [])),
        "hours_to_acknowledge": report_rules.hours_between(
            request.received_at, request.acknowledged_at if acknowledged else None
        ),
        "hours_to_act": report_rules.hours_between(
            request.received_at, request.closed_at if done else None
        ),
    }


def request_items(
    unit: Unit, events: Sequence[Event], period: tuple[datetime, datetime]
) -> list[dict[str, Any]]:
    grouped = _by_object(events, "provider_request.")
    received = [oid for oid, evs in grouped.items() if _first(evs, "provider_request.receive")]
    requests = [
        r
        for r in _rows(unit, ProviderRequest, ProviderRequest.id, sorted(received))
        if report_rules.within(r.received_at, period)
    ]
    authority_ids = sorted({r.authority_id for r in requests})
    countries = {a.id: a.country for a in _rows(unit, Authority, Authority.id, authority_ids)}
    ids = sorted(r.id for r in requests)
    packages = {
        p.request_id: p for p in _rows(unit, ResponsePackage, ResponsePackage.request_id, ids)
    }
    items = [
        _request_item(r, countries.get(r.authority_id, "ZZ"), grouped[r.id], packages.get(r.id))
        for r in requests
    ]
    for event in events:
        if event.action == "provider_request.reject_submission" and report_rules.within(
            event.occurred_at, period
        ):
            failure = str(event.payload.get("failure", "unknown"))
            items.append({"kind": Kind.REFUSED.value, "leaves": [event.index], "failure": failure})
    return items


# --- Items: content moderation -------------------------------------------------------------------


def _yes(value: Any) -> str:
    return "Yes" if value is True or value == "Yes" else "No"


def _category(value: Any) -> str:
    try:
        return dsa_category(str(value))[0]
    except InvalidInput:
        return "STATEMENT_CATEGORY_OTHER"


def _decision_item(event: Event) -> dict[str, Any]:
    return {
        "kind": Kind.DECISION.value,
        "leaves": [event.index],
        "category": _category(event.payload.get("category")),
        "automated_detection": _yes(event.payload.get("automated_detection")),
        "automated_decision": str(event.payload.get("automated_decision", "")),
        # provider (own initiative) or state_order: kept apart (DSA Art. 15(1)(a) vs (c))
        "origin": str(event.payload.get("origin", "provider")),
    }


def _restriction_items(unit: Unit, takedown_events: list[Event]) -> Iterator[dict[str, Any]]:
    listed = [(e, t) for e in takedown_events for t in e.payload.get("takedowns", [])]
    ids = sorted({str(t.get("takedown")) for _, t in listed})
    statements = {t.id: t.statement for t in _rows(unit, ContentTakedown, ContentTakedown.id, ids)}
    for event, entry in listed:
        statement = statements.get(str(entry.get("takedown")), {})
        visibility = statement.get("decision_visibility") or ["unknown"]
        yield {
            "kind": Kind.RESTRICTION.value,
            "leaves": [event.index],
            "category": str(statement.get("category", "unknown")),
            "automated_detection": _yes(statement.get("automated_detection")),
            "automated_decision": str(statement.get("automated_decision", "unknown")),
            "decision_visibility": str(visibility[0]),
            "source_type": str(statement.get("source_type", "unknown")),
            "detection_route": str(entry.get("via", "unknown")),
        }


def _complaint_item(filed: Event, later: list[Event]) -> dict[str, Any]:
    decided = _first(later, "content.appeal.decide")
    used = [filed] if decided is None else [filed, decided]
    payload = decided.payload if decided else {}
    return {
        "kind": Kind.COMPLAINT.value,
        "leaves": [e.index for e in used],
        "outcome": str(payload.get("status", "open")),
        "restored": len(payload.get("restored_posts", [])),
        "hours_to_decide": report_rules.hours_between(
            filed.occurred_at, decided.occurred_at if decided else None
        ),
    }


def moderation_items(
    unit: Unit, events: Sequence[Event], period: tuple[datetime, datetime]
) -> list[dict[str, Any]]:
    in_period = [e for e in events if report_rules.within(e.occurred_at, period)]
    items = [_decision_item(e) for e in in_period if e.action == "content.decide"]
    taken = [e for e in in_period if e.action == "content.takedown"]
    items += list(_restriction_items(unit, taken))
    appeals = _by_object(events, "content.appeal.")
    for event in in_period:
        if event.action == "content.appeal.file" and event.object_id is not None:
            items.append(_complaint_item(event, appeals[event.object_id]))
    return items


# --- Reports and proofs ---------------------------------------------------------------------------


def build_report(
    unit: Unit, party_ref: str, start: DateLike, end: DateLike, *, tree_size: int | None = None
) -> dict[str, Any]:
    """The report of provider ``party_ref`` for ``[start, end)`` at ``tree_size`` (default: the
    chain's head now)."""
    party = provider(unit, party_ref)
    period = report_rules.parse_period(start, end)
    size = _tree_size(unit, tree_size)
    leaves, events = _walk(unit, size, party.id)
    items = request_items(unit, events, period) + moderation_items(unit, events, period)
    paths = report_rules.inclusion_paths(report_rules.leaves_of(items), leaves)
    evidence = [
        {"index": i, "leaf_hash": leaves[i].hex(), "path": [h.hex() for h in path]}
        for i, path in paths.items()
    ]
    root = rules.merkle_root(leaves).hex()
    who = {"party_id": party.id, "slug": party.slug, "name": party.name}
    return report_rules.assemble(who, period, (size, root), items, evidence)


def inclusion_at(
    unit: Unit, party_ref: str, index: int, *, tree_size: int | None = None
) -> InclusionProof:
    """Proof that the party's event ``index`` is in the tree of ``tree_size`` events."""
    party = provider(unit, party_ref)
    event = unit.session.get(AuditEvent, index)
    if event is None or event.party_id != party.id:
        raise NotFound(f"no audit event {index}")
    size = _tree_size(unit, tree_size)
    if index >= size:
        raise InvalidInput(f"event {index} is not in a tree of {size}", {"field": "tree_size"})
    leaves, _ = _walk(unit, size, None)
    return InclusionProof(
        index=index,
        leaf_hash=leaves[index].hex(),
        tree_size=size,
        root_hash=rules.merkle_root(leaves).hex(),
        path=[h.hex() for h in rules.inclusion_path(index, leaves)],
        checkpoint=False,
    )


def consistency_between(
    unit: Unit, party_ref: str, first: int | None, second: int | None = None
) -> ConsistencyProof:
    """RFC 6962 proof that the tree of ``first`` events is a prefix of the tree of ``second``
    (default: the head now), e.g. between two reports' tree heads."""
    provider(unit, party_ref)
    later = _tree_size(unit, second, "second")
    if first is None or not 1 <= first <= later:
        raise InvalidInput("need 1 <= first <= second", {"first": first, "second": later})
    leaves, _ = _walk(unit, later, None)
    return ConsistencyProof(
        first=first,
        second=later,
        first_root=rules.merkle_root(leaves[:first]).hex(),
        second_root=rules.merkle_root(leaves).hex(),
        path=[h.hex() for h in rules.consistency_path(first, leaves)],
    )


def verify_against_log(unit: Unit, report: dict[str, Any]) -> list[str]:
    """What is wrong with ``report`` beyond :func:`check_report`: regenerated at its tree size it
    must give the same bytes, and the log now must extend its tree head."""
    problems = report_rules.check_report(report)
    head = report["tree_head"]
    size = int(head["tree_size"])
    party = str(report["provider"]["party_id"])
    period = report["period"]
    try:
        again = build_report(unit, party, period["start"], period["end"], tree_size=size)
        proof = consistency_between(unit, party, size)
    except AuditIntegrityError as exc:
        return [*problems, f"the audit log fails its own check: {exc.message}"]
    if report_rules.report_bytes(again) != report_rules.report_bytes(report):
        problems.append("regenerated at its tree size, the report differs")
    path = [bytes.fromhex(h) for h in proof.path]
    old_root, new_root = bytes.fromhex(head["root_hash"]), bytes.fromhex(proof.second_root)
    if not rules.verify_consistency(size, proof.second, old_root, new_root, path):
        problems.append(f"the log of {proof.second} events does not extend the report's tree head")
    return problems
