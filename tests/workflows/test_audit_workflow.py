"""Reading the audit log: verification, inclusion proofs, party scoping and permissions."""

from __future__ import annotations

import pytest

from lawbridge.domain import audit as rules
from lawbridge.domain.actor import Actor
from lawbridge.errors import AuditIntegrityError, InvalidInput, NotFound, PermissionDenied
from lawbridge.store import audit_log
from lawbridge.store.db import Database
from lawbridge.workflows import audit
from lawbridge.workflows.audit import InclusionProof
from lawbridge.workflows.unit import Context
from tests.conftest import World
from tests.store import audit_tamper as t

SYSTEM = Actor.system("test")


def committed_roots(db: Database) -> dict[int, bytes]:
    """Tree size -> Merkle root, for every checkpoint and for the head."""
    with db.reading() as session:
        roots = {c.tree_size: bytes.fromhex(c.root_hash) for c in audit_log.checkpoints(session)}
        head = audit_log.head(session)
        assert head is not None
        roots[head.size] = rules.frontier_root([bytes.fromhex(h) for h in head.frontier])
    return roots


def holds(proof: InclusionProof, roots: dict[int, bytes]) -> bool:
    path = [bytes.fromhex(h) for h in proof.path]
    leaf = bytes.fromhex(proof.leaf_hash)
    return rules.verify_inclusion(proof.index, proof.tree_size, leaf, path, roots[proof.tree_size])


def test_an_empty_chain_verifies(context: Context) -> None:
    with context.read(SYSTEM) as unit:
        report = audit.verify_chain(unit)
    assert (report.ok, report.size, report.checkpoints, report.first_bad_index) == (
        True,
        0,
        0,
        None,
    )
    assert report.root_hash == rules.sha256_hex(b"")


def test_the_world_verifies_and_reports_progress(context: Context, world: World) -> None:
    seen: list[int] = []
    with context.read(SYSTEM) as unit:
        report = audit.verify_chain(unit, seen.append)
        size = audit.count_events(unit)
    assert report.ok and report.size == size > 8
    assert seen == list(range(1, size + 1))
    assert report.checkpoints == size // 8
    assert report.root_hash == committed_roots(context.db)[size].hex()


def test_every_event_has_a_proof_under_its_committed_root(context: Context, world: World) -> None:
    roots = committed_roots(context.db)
    size = max(roots)
    last_checkpoint = size // 8 * 8
    with context.read(SYSTEM) as unit:
        proofs = [audit.inclusion_proof(unit, index) for index in range(size)]
    for proof in proofs:
        assert holds(proof, roots), proof.index
        assert proof.root_hash == roots[proof.tree_size].hex()
        assert proof.checkpoint == (proof.index < last_checkpoint)
        # The smallest committed tree that holds the event.
        assert proof.tree_size == min(s for s in roots if s > proof.index)


def test_a_proof_does_not_hold_for_another_event(context: Context, world: World) -> None:
    roots = committed_roots(context.db)
    with context.read(SYSTEM) as unit:
        proof = audit.inclusion_proof(unit, 3)
        other = audit.inclusion_proof(unit, 4)
    moved = InclusionProof(4, proof.leaf_hash, proof.tree_size, proof.root_hash, proof.path, True)
    swapped = InclusionProof(3, other.leaf_hash, proof.tree_size, proof.root_hash, proof.path, True)
    assert holds(proof, roots) and holds(other, roots)
    assert not holds(moved, roots)
    assert not holds(swapped, roots)


def test_no_proof_is_given_for_rows_that_no_longer_match(context: Context, db: Database) -> None:
    for i in range(10):
        with context.write(SYSTEM) as unit:
            unit.record("thing.touch", "thing", str(i))
    t.drop_triggers(db)
    t.execute(db, "UPDATE audit_event SET object_id = 'x' WHERE seq = 9")
    with context.read(SYSTEM) as unit:
        # Checkpoint 8 still commits to events 0-7; the head's tree holds the edited event 9.
        assert holds(audit.inclusion_proof(unit, 5), committed_roots(db))
        with pytest.raises(AuditIntegrityError, match="no longer hash"):
            audit.inclusion_proof(unit, 8)
    t.execute(db, "DELETE FROM audit_event WHERE seq = 3")
    with context.read(SYSTEM) as unit, pytest.raises(AuditIntegrityError, match="3 is missing"):
        audit.inclusion_proof(unit, 5)


def test_an_auditor_sees_and_proves_only_their_own_partys_events(
    context: Context, world: World
) -> None:
    auditor = world.cn["auditor"].actor
    with context.read(auditor) as unit:
        mine = audit.list_events(unit, limit=500)
        assert mine and {e.party_id for e in mine} == {world.cn.id}
        assert [e.seq for e in mine] == sorted((e.seq for e in mine), reverse=True)
        assert audit.count_events(unit) == len(mine)
        assert audit.inclusion_proof(unit, mine[0].seq).index == mine[0].seq
        with context.read(SYSTEM) as system:
            theirs = audit.list_events(system, limit=500)
        other = next(e for e in theirs if e.party_id == world.us.id)
        with pytest.raises(NotFound):
            audit.inclusion_proof(unit, other.seq)
        with pytest.raises(NotFound):
            audit.inclusion_proof(unit, 10_000)


def test_listing_filters_and_bounds(context: Context, world: World) -> None:
    with context.read(SYSTEM) as unit:
        created = audit.list_events(unit, action="party.create")
        assert [e.object_id for e in created] == [world.provider.id, world.us.id, world.cn.id]
        older = audit.list_events(unit, before=created[1].seq, limit=1)
        assert [e.seq for e in older] == [created[1].seq - 1]
        for limit in (0, 501):
            with pytest.raises(InvalidInput):
                audit.list_events(unit, limit=limit)


@pytest.mark.parametrize("role", ["analyst", "reviewer"])
def test_reading_the_log_needs_the_audit_permission(
    context: Context, world: World, role: str
) -> None:
    with context.read(world.cn[role].actor) as unit:
        for read in (
            audit.verify_chain,
            audit.list_events,
            audit.count_events,
            lambda u: audit.inclusion_proof(u, 0),
        ):
            with pytest.raises(PermissionDenied):
                read(unit)


def touch(context: Context, count: int) -> None:
    for i in range(count):
        with context.write(SYSTEM) as unit:
            unit.record("thing.touch", "thing", str(i))


def test_tree_heads_are_the_checkpoints_then_the_head(context: Context, db: Database) -> None:
    touch(context, 19)  # checkpoints every 8 in tests: at 8 and 16, head at 19
    with context.read(SYSTEM) as unit:
        heads = audit.tree_heads(unit)
    assert [(h.tree_size, h.checkpoint) for h in heads] == [(8, True), (16, True), (19, False)]
    assert [bytes.fromhex(h.root_hash) for h in heads] == [
        committed_roots(db)[h.tree_size] for h in heads
    ]
    touch(context, 5)  # the head lands on checkpoint 24 and is not listed twice
    with context.read(SYSTEM) as unit:
        assert [h.tree_size for h in audit.tree_heads(unit)] == [8, 16, 24]


def test_consistency_proofs_join_every_pair_of_tree_heads(context: Context) -> None:
    touch(context, 19)
    with context.read(SYSTEM) as unit:
        heads = audit.tree_heads(unit)
        for old in heads:
            for new in heads[heads.index(old) :]:
                proof = audit.consistency_proof(unit, old.tree_size, new.tree_size)
                assert (proof.first_root, proof.second_root) == (old.root_hash, new.root_hash)
                assert rules.verify_consistency(
                    old.tree_size,
                    new.tree_size,
                    bytes.fromhex(old.root_hash),
                    bytes.fromhex(new.root_hash),
                    [bytes.fromhex(h) for h in proof.path],
                )


def test_consistency_needs_committed_sizes_in_order(context: Context) -> None:
    touch(context, 10)
    with context.read(SYSTEM) as unit:
        with pytest.raises(NotFound, match="size 5"):
            audit.consistency_proof(unit, 5, 10)
        for first, second in ((10, 8), (0, 8)):
            with pytest.raises(InvalidInput):
                audit.consistency_proof(unit, first, second)


def test_no_consistency_proof_over_rewritten_history(context: Context, db: Database) -> None:
    touch(context, 17)
    t.drop_triggers(db)
    t.execute(db, "UPDATE audit_event SET object_id = 'x' WHERE seq = 3")
    with context.read(SYSTEM) as unit, pytest.raises(AuditIntegrityError, match="below 8"):
        audit.consistency_proof(unit, 8, 16)


def test_tree_heads_need_the_audit_permission(context: Context, world: World) -> None:
    with context.read(world.cn["analyst"].actor) as unit, pytest.raises(PermissionDenied):
        audit.tree_heads(unit)
