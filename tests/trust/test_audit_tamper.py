"""Promise 1 of docs/trust.md: no audit record can be changed unnoticed.

Every kind of tampering (edit, delete, insert, reorder, truncate), done directly in the database by
someone who first dropped the append-only triggers, at every interesting position of the chain
(first event, last before a checkpoint, first after one, the tail only the head covers, the last
event), is reported by ``verify_chain`` at the index its documented rule names. Inclusion proofs for
every event and consistency proofs between committed tree heads are checked by an independent
auditor: it reads the rows with plain SQL, hashes them with ``rfc8785`` + ``hashlib`` (below) and
verifies with the RFC 9162 algorithms of ``tests.domain.merkle_reference``, sharing no code with
``lawbridge.domain.audit``.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
import rfc8785
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from lawbridge.errors import InvalidInput, NotFound
from lawbridge.store.db import Database
from lawbridge.store.models import AuditCheckpoint, AuditEvent, AuditHead
from lawbridge.workflows import audit
from lawbridge.workflows.audit import VerifyReport
from lawbridge.workflows.unit import Context
from tests.conftest import SYSTEM
from tests.domain.merkle_reference import reference_root, verify_consistency, verify_inclusion
from tests.store import audit_tamper as t

EVERY = 8  # the ``settings`` fixture's checkpoint interval
SIZE = 37  # checkpoints at 8, 16, 24, 32; events 32..36 only the head covers
# First, inside a block, last before a checkpoint, first after one, head-only tail, last.
POSITIONS = (0, 3, 7, 8, 15, 20, 31, 32, 34, SIZE - 1)
TABLES = (AuditEvent.__table__, AuditCheckpoint.__table__, AuditHead.__table__)


def write_events(context: Context, count: int, per_unit: int = 5) -> None:
    """``count`` events in units of ``per_unit`` (one transaction each), two parties alternating."""
    for start in range(0, count, per_unit):
        with context.write(SYSTEM) as unit:
            for i in range(start, min(start + per_unit, count)):
                party = ("party-a", "party-b")[i % 2]
                unit.record("thing.touch", "thing", f"t{i}", {"i": i, "名": "张三"}, party_id=party)


def verify(context: Context) -> VerifyReport:
    with context.read(SYSTEM) as unit:
        return audit.verify_chain(unit)


class Chain:
    """A verified chain without its triggers, restorable to its pristine rows between tamperings."""

    def __init__(self, context: Context, db: Database) -> None:
        self.context, self.db = context, db
        with db.engine.connect() as connection:
            self.saved = {
                table.name: [dict(row._mapping) for row in connection.execute(select(table))]
                for table in TABLES
            }

    def restore(self) -> None:
        with self.db.engine.begin() as connection:
            for table in TABLES:
                connection.execute(delete(table))
                connection.execute(insert(table), self.saved[table.name])
        assert verify(self.context).ok


@pytest.fixture
def chain(context: Context, db: Database) -> Chain:
    write_events(context, SIZE)
    report = verify(context)
    assert (report.ok, report.size, report.checkpoints) == (True, SIZE, SIZE // EVERY)
    t.drop_triggers(db)
    return Chain(context, db)


# --- Tampering, and the index at which the rules of VerifyReport say it shows ---------------------


def covered(index: int) -> bool:
    """True when a checkpoint or the head commits to the chain right after ``index``."""
    return (index + 1) % EVERY == 0 or index == SIZE - 1


def _edit_field(db: Database, i: int) -> int:
    t.edit(db, lambda s: setattr(t.event(s, i), "action", "thing.erase"))
    return i  # the row no longer hashes to its own chain hash


def _edit_payload(db: Database, i: int) -> int:
    t.edit(db, lambda s: setattr(t.event(s, i), "payload", '{"i":-1}'))
    return i


def _edit_and_rehash(db: Database, i: int) -> int:
    def change(session: Session) -> None:
        row = t.event(session, i)
        row.action, row.payload = "thing.erase", '{"i":-1}'
        t.rehash(row)

    t.edit(db, change)
    # Self-consistent: the next link breaks, unless a checkpoint or the head covers it first.
    return i if covered(i) else i + 1


def _delete(db: Database, i: int) -> int:
    t.execute(db, "DELETE FROM audit_event WHERE seq = :i", i=i)
    return i


def _delete_and_renumber(db: Database, i: int) -> int:
    t.execute(db, "DELETE FROM audit_event WHERE seq = :i", i=i)
    t.shift_from(db, i + 1, -1)
    return i


def _forge(session: Session, i: int, previous: str) -> None:
    row = AuditEvent(
        seq=i,
        occurred_at=datetime(2026, 1, 1, tzinfo=UTC),
        actor_id=None,
        actor_label="mallory",
        party_id="party-a",
        action="forged.event",
        object_type=None,
        object_id=None,
        payload="{}",
        payload_hash="",
        prev_hash=previous,
        chain_hash="",
    )
    t.rehash(row)
    session.add(row)


def _insert_well_formed(db: Database, i: int) -> int:
    t.shift_from(db, i, +1)

    def add(session: Session) -> None:
        _forge(session, i, t.event(session, i - 1).chain_hash if i else "00" * 32)

    t.edit(db, add)
    # The forgery extends the chain; the renumbered original after it no longer links.
    return i if covered(i) else i + 1


def _insert_malformed(db: Database, i: int) -> int:
    t.shift_from(db, i, +1)
    t.edit(db, lambda session: _forge(session, i, "ab" * 32))
    return i


def _insert_outside(db: Database, i: int) -> int:
    # The append-only triggers allow INSERT: a row past the head (or below 0) needs no DDL rights.
    t.edit(db, lambda session: _forge(session, i, t.event(session, SIZE - 1).chain_hash))
    return SIZE if i >= 0 else 0


def _reorder(db: Database, i: int) -> int:
    j = (i + 13) % SIZE
    t.swap(db, i, j)
    return min(i, j)


def _reorder_neighbours(db: Database, i: int) -> int:
    j = i + 1 if i < SIZE - 1 else i - 1
    t.swap(db, i, j)
    return min(i, j)


def _truncate(db: Database, i: int) -> int:
    t.execute(db, "DELETE FROM audit_event WHERE seq >= :i", i=i)
    return i  # the head records more events than remain


def _truncate_and_fix_head(db: Database, i: int) -> int:
    if i:
        t.truncate_and_fix_head(db, i)
    else:  # everything, head included
        t.execute(db, "DELETE FROM audit_event")
        t.execute(db, "DELETE FROM audit_head")
    return i  # a checkpoint above ``i`` covers events that are gone


Tamper = Callable[[Database, int], int]
# The five kinds of the issue, each in its variants: (variant, tampering, positions).
TAMPERINGS: dict[str, list[tuple[str, Tamper, tuple[int, ...]]]] = {
    "edit": [
        ("field", _edit_field, POSITIONS),
        ("payload", _edit_payload, POSITIONS),
        ("rehashed", _edit_and_rehash, POSITIONS),
    ],
    "delete": [
        ("row", _delete, POSITIONS),
        ("row-and-renumber", _delete_and_renumber, POSITIONS),
    ],
    "insert": [
        ("well-formed", _insert_well_formed, POSITIONS),
        ("malformed", _insert_malformed, POSITIONS),
        ("outside-the-chain", _insert_outside, (SIZE, SIZE + 3, -1)),
    ],
    "reorder": [
        ("swap", _reorder, POSITIONS),
        ("neighbours", _reorder_neighbours, POSITIONS),
    ],
    "truncate": [
        ("tail", _truncate, POSITIONS),
        # Below the last checkpoint; above it, see the kept tree head tests further down.
        ("tail-and-head", _truncate_and_fix_head, tuple(p for p in POSITIONS if p < 32)),
    ],
}


@pytest.mark.parametrize("kind", TAMPERINGS)
def test_every_tampering_is_caught_at_its_index(chain: Chain, db: Database, kind: str) -> None:
    expected: dict[tuple[str, int], int] = {}
    reported: dict[tuple[str, int], int | None] = {}
    for variant, tamper, positions in TAMPERINGS[kind]:
        for position in positions:
            expected[variant, position] = tamper(db, position)
            report = verify(chain.context)
            assert not report.ok, f"{kind} ({variant}) at {position} went unnoticed"
            reported[variant, position] = report.first_bad_index
            chain.restore()
    assert reported == expected


# --- An independent auditor: plain SQL rows, rfc8785 + hashlib, RFC 9162 verification ------------


def _utc(moment: datetime) -> str:
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return aware.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def independent_leaves(db: Database) -> list[bytes]:
    """Leaf hashes of the stored rows as docs/audit-log.md defines them, from plain SQL rows."""
    table = AuditEvent.__table__
    with db.engine.connect() as connection:
        rows = connection.execute(select(table).order_by(table.c.seq)).mappings().all()
    leaves = []
    for expected_seq, row in enumerate(rows):
        assert row["seq"] == expected_seq
        entry: dict[str, Any] = {
            name: row[name]
            for name in ("actor_id", "actor_label", "party_id", "action")
            + ("object_type", "object_id")
        }
        entry |= {
            "index": row["seq"],
            "occurred_at": _utc(row["occurred_at"]),
            "payload_hash": hashlib.sha256(row["payload"].encode()).hexdigest(),
        }
        leaves.append(hashlib.sha256(b"\x00" + rfc8785.dumps(entry)).digest())
    return leaves


PROOF_SIZE = 203  # 25 checkpoints (8 .. 200, powers of two among them) and a 3-event tail


@dataclass
class Proven:
    context: Context
    leaves: list[bytes]
    heads: dict[int, bytes]  # committed tree size -> root, as a partner would have kept them


@pytest.fixture
def proven(context: Context, db: Database) -> Proven:
    write_events(context, PROOF_SIZE, per_unit=50)
    with context.read(SYSTEM) as unit:
        heads = {h.tree_size: bytes.fromhex(h.root_hash) for h in audit.tree_heads(unit)}
    return Proven(context, independent_leaves(db), heads)


def test_every_inclusion_proof_verifies_independently(proven: Proven) -> None:
    # The committed roots are the RFC 6962 roots of the rows, as an outsider computes them.
    assert sorted(proven.heads) == [*range(EVERY, PROOF_SIZE, EVERY), PROOF_SIZE]
    for size, root in proven.heads.items():
        assert reference_root(proven.leaves[:size]) == root, size
    with proven.context.read(SYSTEM) as unit:
        proofs = [audit.inclusion_proof(unit, index) for index in range(PROOF_SIZE)]
    for index, proof in enumerate(proofs):
        leaf, path = proven.leaves[index], [bytes.fromhex(h) for h in proof.path]
        assert bytes.fromhex(proof.leaf_hash) == leaf
        assert bytes.fromhex(proof.root_hash) == proven.heads[proof.tree_size]
        assert verify_inclusion(index, proof.tree_size, leaf, path, proven.heads[proof.tree_size])
        # ... and the verifier is not a rubber stamp: another leaf, or a bent path, fails.
        other = proven.leaves[(index + 1) % PROOF_SIZE]
        assert not verify_inclusion(
            index, proof.tree_size, other, path, proven.heads[proof.tree_size]
        )
        if path:
            bent = [*path[:-1], hashlib.sha256(path[-1]).digest()]
            root = proven.heads[proof.tree_size]
            assert not verify_inclusion(index, proof.tree_size, leaf, bent, root)


def consistency_pairs(sizes: list[int]) -> Iterator[tuple[int, int]]:
    """Consecutive heads, the first and the last head against every other, and a spread more."""
    pairs = set(itertools.pairwise(sizes))
    pairs |= {(sizes[0], s) for s in sizes[1:]} | {(s, sizes[-1]) for s in sizes[:-1]}
    pairs |= {(a, b) for a, b in itertools.combinations(sizes, 2) if (a * 7 + b) % 5 == 0}
    pairs |= {(s, s) for s in sizes[::6]}
    return iter(sorted(pairs))


def test_consistency_proofs_between_tree_heads_verify_independently(proven: Proven) -> None:
    sizes = sorted(proven.heads)
    checked = 0
    with proven.context.read(SYSTEM) as unit:
        for first, second in consistency_pairs(sizes):
            proof = audit.consistency_proof(unit, first, second)
            path = [bytes.fromhex(h) for h in proof.path]
            roots = proven.heads[first], proven.heads[second]
            assert (bytes.fromhex(proof.first_root), bytes.fromhex(proof.second_root)) == roots
            assert verify_consistency(first, second, *roots, path), (first, second)
            if first < second:  # a different history under the old root does not verify
                assert not verify_consistency(first, second, roots[1], roots[1], path)
            checked += 1
        # Only committed tree heads have proofs.
        assert checked > 60
        with pytest.raises(NotFound):
            audit.consistency_proof(unit, 5, PROOF_SIZE)
        with pytest.raises(InvalidInput):
            audit.consistency_proof(unit, 16, 8)


# --- What the chain alone cannot see, a partner's kept tree head does ------------------------------


def _rewrite_history(db: Database, index: int) -> None:
    """Edit event ``index`` and recompute every later hash, checkpoint and the head: a chain that
    verifies on its own, as only an attacker with write access to all three tables could make."""

    def change(session: Session) -> None:
        t.event(session, index).action = "thing.erase"
        rows = list(session.scalars(select(AuditEvent).order_by(AuditEvent.seq)))
        previous, leaves = "00" * 32, []
        for row in rows:
            row.prev_hash = previous
            t.rehash(row)
            previous = row.chain_hash
            leaves.append(bytes.fromhex(_leaf_of(row)))
        for checkpoint in session.scalars(select(AuditCheckpoint)):
            checkpoint.root_hash = reference_root(leaves[: checkpoint.tree_size]).hex()
            checkpoint.chain_hash = rows[checkpoint.tree_size - 1].chain_hash
        head = session.get(AuditHead, "main")
        assert head is not None
        head.chain_hash = previous
        head.frontier = _frontier(leaves)

    t.edit(db, change)


def _leaf_of(row: AuditEvent) -> str:
    entry = {
        "index": row.seq,
        "occurred_at": _utc(row.occurred_at),
        "actor_id": row.actor_id,
        "actor_label": row.actor_label,
        "party_id": row.party_id,
        "action": row.action,
        "object_type": row.object_type,
        "object_id": row.object_id,
        "payload_hash": hashlib.sha256(row.payload.encode()).hexdigest(),
    }
    return hashlib.sha256(b"\x00" + rfc8785.dumps(entry)).hexdigest()


def _frontier(leaves: list[bytes]) -> list[str]:
    """Roots of the perfect subtrees covering ``leaves``, largest first."""
    out, start, n = [], 0, len(leaves)
    while start < n:
        width = 1 << ((n - start).bit_length() - 1)
        out.append(reference_root(leaves[start : start + width]).hex())
        start += width
    return out


def test_what_the_chain_alone_misses_a_kept_tree_head_catches(chain: Chain, db: Database) -> None:
    # 1. A consistent rewrite of history: every later hash, checkpoint and the head recomputed.
    with chain.context.read(SYSTEM) as unit:
        kept = {h.tree_size: h.root_hash for h in audit.tree_heads(unit)}  # a partner's copy
    _rewrite_history(db, 3)
    assert verify(chain.context).ok  # the chain alone is fooled: it is unkeyed ...
    with chain.context.read(SYSTEM) as unit:
        now = {h.tree_size: h.root_hash for h in audit.tree_heads(unit)}
        proof = audit.consistency_proof(unit, 16, SIZE)
    assert set(now) == set(kept) and all(now[s] != kept[s] for s in kept)
    # ... but the partner checks the proof against the roots it kept: it fails.
    path = [bytes.fromhex(h) for h in proof.path]
    new = bytes.fromhex(proof.first_root), bytes.fromhex(proof.second_root)
    assert verify_consistency(16, SIZE, *new, path)
    assert not verify_consistency(16, SIZE, bytes.fromhex(kept[16]), new[1], path)

    # 2. The tail cut after the last checkpoint, the head rewritten to match.
    chain.restore()
    with chain.context.read(SYSTEM) as unit:
        head = audit.current_tree_head(unit)
    assert head is not None and head.tree_size == SIZE and head.root_hash == kept[SIZE]
    t.truncate_and_fix_head(db, 34)  # above the last checkpoint (32): the chain alone is fooled
    assert verify(chain.context).ok
    with chain.context.read(SYSTEM) as unit:
        current = audit.current_tree_head(unit)
        assert current is not None and current.tree_size < SIZE
        with pytest.raises((NotFound, InvalidInput)):  # the log cannot prove it extends it
            audit.consistency_proof(unit, SIZE, current.tree_size)
