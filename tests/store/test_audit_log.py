"""Appending to the audit chain: what each row, the head and the checkpoints hold; atomicity."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from lawbridge.domain import audit as rules
from lawbridge.domain.actor import Actor
from lawbridge.errors import InvalidInput
from lawbridge.store import audit_log
from lawbridge.store.db import Database
from lawbridge.store.models import AuditCheckpoint, AuditEvent, Party
from lawbridge.workflows import audit, parties
from lawbridge.workflows.unit import Context

SYSTEM = Actor.system("test")


def write_events(context: Context, count: int) -> None:
    for i in range(count):
        with context.write(SYSTEM) as unit:
            unit.record("thing.touch", "thing", f"t{i}", {"i": i, "tags": ["a", "b"]})


def leaves_of(db: Database) -> list[bytes]:
    with db.reading() as session:
        return [
            rules.leaf_hash(audit_log.fields_of(e).entry()) for e in audit_log.iter_events(session)
        ]


def test_rows_link_and_the_head_and_checkpoints_commit_to_them(
    context: Context, db: Database
) -> None:
    write_events(context, 19)
    leaves = leaves_of(db)
    with db.reading() as session:
        events = list(audit_log.iter_events(session, batch=4))
        head = audit_log.head(session)
        checkpoints = audit_log.checkpoints(session)
    assert [e.seq for e in events] == list(range(19))
    previous = rules.GENESIS.hex()
    for event, leaf in zip(events, leaves, strict=True):
        assert event.prev_hash == previous
        assert event.chain_hash == rules.chain_hash(bytes.fromhex(previous), leaf).hex()
        assert event.payload == f'{{"i":{event.seq},"tags":["a","b"]}}'
        previous = event.chain_hash
    assert head is not None and (head.size, head.chain_hash) == (19, previous)
    frontier = [bytes.fromhex(h) for h in head.frontier]
    assert rules.frontier_root(frontier) == rules.merkle_root(leaves)
    assert [c.tree_size for c in checkpoints] == [8, 16]
    for checkpoint in checkpoints:
        size = checkpoint.tree_size
        assert checkpoint.root_hash == rules.merkle_root(leaves[:size]).hex()
        assert checkpoint.chain_hash == events[size - 1].chain_hash


def test_iter_events_stops_before_stop(context: Context, db: Database) -> None:
    write_events(context, 7)
    with db.reading() as session:
        assert [e.seq for e in audit_log.iter_events(session, batch=2, stop=5)] == [0, 1, 2, 3, 4]
        found = audit_log.checkpoint_covering(session, 3)
        assert found is None  # the first checkpoint comes at 8


def test_times_in_any_zone_are_stored_as_the_same_instant(context: Context, db: Database) -> None:
    # SQLite drops a time's offset, so a +08:00 time stored as-is read back eight hours off.
    shanghai = datetime(2024, 3, 1, 20, 30, 0, 123456, tzinfo=timezone(timedelta(hours=8)))
    naive_utc = datetime(2024, 3, 1, 12, 30, 0, 654321)
    with db.writing() as session:
        for moment in (shanghai, naive_utc):
            audit_log.append(
                session,
                actor_id=None,
                actor_label="test",
                party_id=None,
                action="thing.touch",
                object_type=None,
                object_id=None,
                payload={},
                checkpoint_every=8,
                occurred_at=moment,
            )
    with db.reading() as session:
        stored = [rules.as_utc(e.occurred_at) for e in audit_log.iter_events(session)]
    assert stored == [shanghai, naive_utc.replace(tzinfo=UTC)]
    with context.read(SYSTEM) as unit:
        assert audit.verify_chain(unit).ok


def test_appending_outside_a_write_unit_is_refused(context: Context, db: Database) -> None:
    with context.read(SYSTEM) as unit, pytest.raises(RuntimeError, match="write unit"):
        unit.record("thing.touch", None, None)
    if db.dialect == "sqlite":
        # A plain SQLite transaction does not hold the writer lock, so two could fork the chain.
        with db.reading() as session, pytest.raises(RuntimeError, match="Database.writing"):
            audit_log.append(
                session,
                actor_id=None,
                actor_label="test",
                party_id=None,
                action="thing.touch",
                object_type=None,
                object_id=None,
                payload={},
                checkpoint_every=8,
            )
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_payloads_that_json_cannot_say_exactly_are_refused(context: Context, db: Database) -> None:
    with pytest.raises(ValueError), context.write(SYSTEM) as unit:
        unit.record("thing.touch", None, None, {"x": float("nan")})
    with db.reading() as session:
        assert audit_log.head(session) is None


class Boom(Exception):
    pass


def test_a_failing_workflow_leaves_neither_change_nor_event(context: Context, db: Database) -> None:
    write_events(context, 7)  # the next event would write checkpoint 8 too
    with pytest.raises(Boom), context.write(SYSTEM) as unit:
        party = parties.create_party(
            unit, slug="doomed", name="Doomed", kind="agency", jurisdiction="FR"
        )
        assert party.id
        raise Boom
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Party)) == 0
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 7
        assert session.scalar(select(func.count()).select_from(AuditCheckpoint)) == 0
        head = audit_log.head(session)
        assert head is not None and head.size == 7
    write_events(context, 1)  # the chain carries on from where the committed work left it
    with context.read(SYSTEM) as unit:
        report = audit.verify_chain(unit)
    assert (report.ok, report.size, report.checkpoints) == (True, 8, 1)


def test_a_refused_change_writes_no_event(context: Context, db: Database) -> None:
    with pytest.raises(InvalidInput), context.write(SYSTEM) as unit:
        parties.create_party(unit, slug="ok-slug", name="A", kind="agency", jurisdiction="FR")
        parties.create_party(unit, slug="Not A Slug", name="B", kind="agency", jurisdiction="FR")
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 0
        assert session.scalar(select(func.count()).select_from(Party)) == 0
