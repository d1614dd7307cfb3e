"""Reading and checking the audit log: scoped listing, full-chain verification, inclusion proofs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select

from lawbridge.domain import audit as rules
from lawbridge.domain.roles import Permission
from lawbridge.errors import InvalidInput, NotFound
from lawbridge.store import audit_log
from lawbridge.store.models import AuditEvent
from lawbridge.workflows.unit import Unit


@dataclass(slots=True)
class VerifyReport:
    """The outcome of checking the whole chain; ``first_bad_index`` is None when it verifies."""

    ok: bool
    size: int
    checkpoints: int
    root_hash: str
    first_bad_index: int | None = None
    reason: str | None = None


@dataclass(slots=True, frozen=True)
class InclusionProof:
    index: int
    leaf_hash: str
    tree_size: int
    root_hash: str
    path: list[str]
    checkpoint: bool


def _scope(unit: Unit) -> None:
    if not unit.actor.is_system:
        unit.require(Permission.READ_AUDIT)


def list_events(
    unit: Unit, *, limit: int = 50, before: int | None = None, action: str | None = None
) -> list[AuditEvent]:
    """Newest first; an auditor sees the events of their own party only."""
    _scope(unit)
    if not 1 <= limit <= 500:
        raise InvalidInput("limit must be between 1 and 500")
    query = select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(limit)
    if not unit.actor.is_system:
        query = query.where(AuditEvent.party_id == unit.actor.party_id)
    if before is not None:
        query = query.where(AuditEvent.seq < before)
    if action:
        query = query.where(AuditEvent.action == action)
    return list(unit.session.scalars(query))


def count_events(unit: Unit) -> int:
    _scope(unit)
    query = select(func.count()).select_from(AuditEvent)
    if not unit.actor.is_system:
        query = query.where(AuditEvent.party_id == unit.actor.party_id)
    return int(unit.session.scalar(query) or 0)


def verify_chain(unit: Unit, progress: Callable[[int], None] | None = None) -> VerifyReport:
    """Recompute every link, every checkpoint root and the head; report the first bad index."""
    _scope(unit)
    checkpoints = {c.tree_size: c for c in audit_log.checkpoints(unit.session)}
    head = audit_log.head(unit.session)
    previous, frontier, expected = rules.GENESIS, list[bytes](), 0
    report = VerifyReport(ok=True, size=0, checkpoints=0, root_hash=rules.frontier_root([]).hex())

    def fail(index: int, reason: str) -> VerifyReport:
        report.ok, report.first_bad_index, report.reason = False, index, reason
        return report

    for event in audit_log.iter_events(unit.session):
        if event.seq != expected:
            return fail(expected, f"event {expected} is missing (next stored is {event.seq})")
        fields = audit_log.fields_of(event)
        if fields.payload_hash != event.payload_hash:
            return fail(expected, "payload does not match its hash")
        if event.prev_hash != previous.hex():
            return fail(expected, "link to the previous event is broken")
        leaf = rules.leaf_hash(fields.entry())
        linked = rules.chain_hash(previous, leaf)
        if event.chain_hash != linked.hex():
            return fail(expected, "event fields do not match their chain hash")
        frontier = rules.frontier_append(frontier, expected, leaf)
        previous, expected = linked, expected + 1
        checkpoint = checkpoints.get(expected)
        if checkpoint is not None:
            report.checkpoints += 1
            if checkpoint.root_hash != rules.frontier_root(frontier).hex():
                return fail(expected - 1, f"Merkle root differs from checkpoint {expected}")
            if checkpoint.chain_hash != linked.hex():
                return fail(expected - 1, f"chain hash differs from checkpoint {expected}")
        if progress is not None:
            progress(expected)
    report.size, report.root_hash = expected, rules.frontier_root(frontier).hex()
    if head is not None and (head.size != expected or head.chain_hash != previous.hex()):
        return fail(expected, f"chain ends at {expected} but its head records {head.size} events")
    beyond = [size for size in checkpoints if size > expected]
    if beyond:
        return fail(expected, f"checkpoint {min(beyond)} covers events that are gone")
    return report


def inclusion_proof(unit: Unit, index: int) -> InclusionProof:
    """Proof that event ``index`` is in the tree of the first checkpoint covering it (or the head)."""
    _scope(unit)
    event = unit.session.get(AuditEvent, index)
    if event is None or not (unit.actor.is_system or event.party_id == unit.actor.party_id):
        raise NotFound(f"no audit event {index}")
    checkpoint = next((c for c in audit_log.checkpoints(unit.session) if c.tree_size > index), None)
    head = audit_log.head(unit.session)
    tree_size = checkpoint.tree_size if checkpoint else (head.size if head else index + 1)
    leaves = [
        rules.leaf_hash(audit_log.fields_of(e).entry())
        for e in audit_log.iter_events(unit.session)
        if e.seq < tree_size
    ]
    root = rules.merkle_root(leaves)
    return InclusionProof(
        index=index,
        leaf_hash=leaves[index].hex(),
        tree_size=tree_size,
        root_hash=root.hex(),
        path=[h.hex() for h in rules.inclusion_path(index, leaves)],
        checkpoint=checkpoint is not None,
    )
