"""Reading and checking the audit log: scoped listing, verification, inclusion and consistency proofs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lawbridge.domain import audit as rules
from lawbridge.domain.roles import Permission
from lawbridge.errors import AuditIntegrityError, InvalidInput, NotFound
from lawbridge.store import audit_log
from lawbridge.store.models import AuditCheckpoint, AuditEvent, AuditHead
from lawbridge.workflows.unit import Unit


@dataclass(slots=True)
class VerifyReport:
    """The outcome of checking the whole chain; ``first_bad_index`` is None when it verifies.

    ``first_bad_index`` is the first event that does not extend the verified prefix ``0 .. i-1``.
    Rows with unkeyed hashes cannot tell which of two neighbours changed: a row edited *and*
    re-hashed still links to its predecessor, so the break shows at the next event, or at the
    checkpoint or head covering it (reported at the last event they cover). ``size`` counts the
    events walked and linked before any stop, ``root_hash`` is their Merkle root and
    ``checkpoints`` counts the checkpoints that matched them.
    """

    ok: bool
    size: int
    checkpoints: int
    root_hash: str
    first_bad_index: int | None = None
    reason: str | None = None


Problem = tuple[int, str]


@dataclass(slots=True)
class _Walk:
    """The state of a walk along the chain: last link, the one before it, frontier, next index."""

    previous: bytes = rules.GENESIS
    before_previous: bytes | None = None
    frontier: list[bytes] = field(default_factory=list)
    size: int = 0
    checkpoints: int = 0

    def step(self, event: AuditEvent) -> Problem | None:
        """Check ``event`` as the next link and advance; what is wrong (index, reason), or None."""
        index = self.size
        if event.seq != index:
            return index, f"event {index} is missing (next stored is {event.seq})"
        fields = audit_log.fields_of(event)
        if fields.payload_hash != event.payload_hash:
            return index, "payload does not match its hash"
        if event.prev_hash != self.previous.hex():
            return self._broken_link(event)
        leaf = rules.leaf_hash(fields.entry())
        linked = rules.chain_hash(self.previous, leaf)
        if event.chain_hash != linked.hex():
            return index, "event fields do not match their chain hash"
        self.frontier = rules.frontier_append(self.frontier, index, leaf)
        self.before_previous, self.previous, self.size = self.previous, linked, index + 1
        return None

    def _broken_link(self, event: AuditEvent) -> Problem:
        index = self.size
        if self.before_previous is not None and event.prev_hash == self.before_previous.hex():
            return index, f"event {index} links past event {index - 1} (inserted, or moved?)"
        return index, "link to the previous event is broken"

    def check_checkpoint(self, checkpoint: AuditCheckpoint | None) -> Problem | None:
        """Compare the checkpoint over the events walked so far (if there is one) with them."""
        if checkpoint is None:
            return None
        if checkpoint.root_hash != rules.frontier_root(self.frontier).hex():
            return self.size - 1, f"Merkle root differs from checkpoint {self.size}"
        if checkpoint.chain_hash != self.previous.hex():
            return self.size - 1, f"chain hash differs from checkpoint {self.size}"
        self.checkpoints += 1
        return None

    def check_head(self, head: AuditHead | None) -> Problem | None:
        if head is None:
            if self.size:
                return self.size, "events exist but the chain's head is missing"
            return None
        if head.size != self.size:
            return self.size, f"chain ends at {self.size} but its head records {head.size} events"
        if head.chain_hash != self.previous.hex():
            return max(self.size - 1, 0), "the last event does not match the head's chain hash"
        if head.frontier != [h.hex() for h in self.frontier]:
            return self.size, "the head's Merkle frontier does not match the events"
        return None


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
    """Recompute every link, every checkpoint root and the head; report the first bad index.

    Reads checkpoints, then the head, then the events the head covers, so appends committed while
    it runs (on PostgreSQL each statement sees the latest commits) are never mistaken for tampering.
    """
    _scope(unit)
    checkpoints = {c.tree_size: c for c in audit_log.checkpoints(unit.session)}
    head, stop = _read_head(unit.session)
    walk = _Walk()
    problem: Problem | None = None
    for event in audit_log.iter_events(unit.session, stop=stop):
        problem = walk.step(event) or walk.check_checkpoint(checkpoints.get(walk.size))
        if problem is not None:
            break
        if progress is not None:
            progress(walk.size)
    if problem is None:
        problem = (
            walk.check_head(head)
            or _check_beyond(checkpoints, walk.size)
            or _check_outside(unit.session, walk.size)
        )
    report = VerifyReport(
        ok=problem is None,
        size=walk.size,
        checkpoints=walk.checkpoints,
        root_hash=rules.frontier_root(walk.frontier).hex(),
    )
    if problem is not None:
        report.first_bad_index, report.reason = problem
    return report


def _read_head(session: Session) -> tuple[AuditHead | None, int | None]:
    """The head, and where the walk stops: at the head, or (no head, yet events) at the end."""
    head = audit_log.head(session, refresh=True)
    if head is None:
        if not audit_log.has_events(session):
            return None, 0  # empty when looked at: a first append committed later is not ours
        # The first append commits its head with its event: a head still missing is tampering.
        head = audit_log.head(session, refresh=True)
    return head, head.size if head is not None else None


def _check_beyond(checkpoints: dict[int, AuditCheckpoint], size: int) -> Problem | None:
    beyond = [tree_size for tree_size in checkpoints if tree_size > size]
    if beyond:
        return size, f"checkpoint {min(beyond)} covers events that are gone"
    return None


def _check_outside(session: Session, size: int) -> Problem | None:
    """Rows the head does not cover (inserted past it, or numbered below 0), which listings would
    show. Rows are read before the head is re-read: an append commits its row with its head, so
    one committed meanwhile is covered by the head read after it and is not mistaken for these."""
    lowest, highest = session.execute(
        select(func.min(AuditEvent.seq), func.max(AuditEvent.seq))
    ).one()
    if lowest is not None and lowest < 0:
        return 0, f"event {lowest} lies before the chain's first event"
    head = audit_log.head(session, refresh=True)
    covered = head.size if head is not None else 0
    if highest is not None and highest >= covered:
        return max(size, covered), f"event {highest} lies past the chain's head ({covered} events)"
    return None


def inclusion_proof(unit: Unit, index: int) -> InclusionProof:
    """Proof that event ``index`` is in the tree of the first checkpoint covering it (or the head).

    The root is the committed one (the checkpoint's, or the head's frontier), never one recomputed
    from the rows: if the rows no longer hash to it, :class:`AuditIntegrityError` is raised.
    """
    _scope(unit)
    event = unit.session.get(AuditEvent, index)
    if event is None or not (unit.actor.is_system or event.party_id == unit.actor.party_id):
        raise NotFound(f"no audit event {index}")
    checkpoint = audit_log.checkpoint_covering(unit.session, index)
    if checkpoint is not None:
        tree_size, root = checkpoint.tree_size, bytes.fromhex(checkpoint.root_hash)
    else:
        head = audit_log.head(unit.session, refresh=True)
        if head is None or head.size <= index:
            raise AuditIntegrityError(f"the chain's head does not cover event {index}")
        tree_size = head.size
        root = rules.frontier_root([bytes.fromhex(h) for h in head.frontier])
    leaves = _leaves(unit, tree_size)
    if rules.merkle_root(leaves) != root:
        raise AuditIntegrityError(
            f"events below {tree_size} no longer hash to their committed Merkle root",
            {"tree_size": tree_size},
        )
    return InclusionProof(
        index=index,
        leaf_hash=leaves[index].hex(),
        tree_size=tree_size,
        root_hash=root.hex(),
        path=[h.hex() for h in rules.inclusion_path(index, leaves)],
        checkpoint=checkpoint is not None,
    )


def _leaves(unit: Unit, tree_size: int) -> list[bytes]:
    """Leaf hashes of events ``0 .. tree_size - 1``, recomputed from the rows."""
    leaves: list[bytes] = []
    for event in audit_log.iter_events(unit.session, stop=tree_size):
        if event.seq != len(leaves):
            break
        leaves.append(rules.leaf_hash(audit_log.fields_of(event).entry()))
    if len(leaves) != tree_size:
        raise AuditIntegrityError(f"audit event {len(leaves)} is missing", {"index": len(leaves)})
    return leaves


@dataclass(slots=True, frozen=True)
class TreeHead:
    """A committed Merkle tree head: a checkpoint, or the chain's head as it stands now."""

    tree_size: int
    root_hash: str
    chain_hash: str
    checkpoint: bool


@dataclass(slots=True, frozen=True)
class ConsistencyProof:
    first: int
    second: int
    first_root: str
    second_root: str
    path: list[str]


def tree_heads(unit: Unit) -> list[TreeHead]:
    """Every checkpoint, then the current head: the roots a partner may keep and check later."""
    _scope(unit)
    heads = [
        TreeHead(c.tree_size, c.root_hash, c.chain_hash, checkpoint=True)
        for c in audit_log.checkpoints(unit.session)
    ]
    current = current_tree_head(unit)
    if current is not None and not current.checkpoint:
        heads.append(current)
    return heads


def current_tree_head(unit: Unit) -> TreeHead | None:
    """The chain's head as committed now, read from the head row alone (no walk)."""
    _scope(unit)
    head = audit_log.head(unit.session, refresh=True)
    if head is None or not head.size:
        return None
    root = rules.frontier_root([bytes.fromhex(h) for h in head.frontier]).hex()
    latest = audit_log.checkpoint_covering(unit.session, head.size - 1)
    return TreeHead(
        head.size, root, head.chain_hash, latest is not None and latest.tree_size == head.size
    )


def consistency_proof(unit: Unit, first: int, second: int) -> ConsistencyProof:
    """RFC 6962 proof that the tree of ``first`` events is a prefix of the tree of ``second``.

    Both sizes must be committed tree heads (see :func:`tree_heads`); the roots returned are the
    committed ones, and :class:`AuditIntegrityError` is raised if the rows no longer hash to them.
    """
    if not 0 < first <= second:
        raise InvalidInput("need 0 < first <= second", {"first": first, "second": second})
    roots = {h.tree_size: bytes.fromhex(h.root_hash) for h in tree_heads(unit)}
    missing = [size for size in (first, second) if size not in roots]
    if missing:
        raise NotFound(f"no committed tree head of size {missing[0]}", {"size": missing[0]})
    leaves = _leaves(unit, second)
    for size in (first, second):
        if rules.merkle_root(leaves[:size]) != roots[size]:
            raise AuditIntegrityError(
                f"events below {size} no longer hash to their committed Merkle root",
                {"tree_size": size},
            )
    return ConsistencyProof(
        first=first,
        second=second,
        first_root=roots[first].hex(),
        second_root=roots[second].hex(),
        path=[h.hex() for h in rules.consistency_path(first, leaves)],
    )
