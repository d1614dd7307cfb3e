"""What an attacker with rights on the database could do to the audit tables, for the tamper tests.

Each function works on SQLite and PostgreSQL and commits on its own, outside lawbridge's units.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from lawbridge.domain import audit as rules
from lawbridge.store import audit_log
from lawbridge.store.db import Database
from lawbridge.store.models import AuditCheckpoint, AuditEvent, AuditHead

APPEND_ONLY = ("audit_event", "audit_checkpoint")
DROP_TRIGGERS = {
    "sqlite": [f"DROP TRIGGER {t}_no_{verb}" for t in APPEND_ONLY for verb in ("update", "delete")],
    "postgresql": [
        f"DROP TRIGGER {t}_no_{what} ON {t}" for t in APPEND_ONLY for what in ("change", "truncate")
    ],
}
# Far above any test chain, so that renumbering in two steps never collides with a live seq.
PARK = 1_000_000


def drop_triggers(db: Database) -> None:
    """Remove the append-only triggers, as an attacker with DDL rights would."""
    with db.engine.begin() as connection:
        for statement in DROP_TRIGGERS[db.dialect]:
            connection.execute(text(statement))


def execute(db: Database, sql: str, **params: Any) -> None:
    with db.engine.begin() as connection:
        connection.execute(text(sql), params)


def edit(db: Database, change: Callable[[Session], None]) -> None:
    with Session(db.engine) as session, session.begin():
        change(session)


def event(session: Session, index: int) -> AuditEvent:
    found = session.get(AuditEvent, index)
    assert found is not None
    return found


def rehash(row: AuditEvent) -> None:
    """Make ``row`` self-consistent again: payload hash and chain hash from its fields."""
    row.payload_hash = rules.sha256_hex(row.payload.encode("utf-8"))
    leaf = rules.leaf_hash(audit_log.fields_of(row).entry())
    row.chain_hash = rules.chain_hash(bytes.fromhex(row.prev_hash), leaf).hex()


def shift_from(db: Database, index: int, by: int) -> None:
    """Renumber events ``index ..`` by ``by`` (in two steps: the primary key is checked per row)."""
    execute(db, "UPDATE audit_event SET seq = seq + :park WHERE seq >= :i", park=PARK, i=index)
    execute(
        db, "UPDATE audit_event SET seq = seq - :park + :by WHERE seq >= :park", park=PARK, by=by
    )


def swap(db: Database, first: int, second: int) -> None:
    execute(db, "UPDATE audit_event SET seq = :park WHERE seq = :a", park=PARK, a=first)
    execute(db, "UPDATE audit_event SET seq = :a WHERE seq = :b", a=first, b=second)
    execute(db, "UPDATE audit_event SET seq = :b WHERE seq = :park", b=second, park=PARK)


def forge(session: Session, index: int, previous_chain_hash: str) -> AuditEvent:
    """A well-formed event at ``index`` that links to ``previous_chain_hash``."""
    row = AuditEvent(
        seq=index,
        occurred_at=rules.as_utc(event(session, 0).occurred_at),
        actor_id=None,
        actor_label="mallory",
        party_id=None,
        action="forged.event",
        object_type=None,
        object_id=None,
        payload="{}",
        payload_hash="",
        prev_hash=previous_chain_hash,
        chain_hash="",
    )
    rehash(row)
    session.add(row)
    return row


def truncate_and_fix_head(db: Database, size: int) -> None:
    """Delete events ``size ..`` and rewrite the head so that it describes what is left."""
    execute(db, "DELETE FROM audit_event WHERE seq >= :size", size=size)

    def fix(session: Session) -> None:
        frontier: list[bytes] = []
        for row in audit_log.iter_events(session):
            leaf = rules.leaf_hash(audit_log.fields_of(row).entry())
            frontier = rules.frontier_append(frontier, row.seq, leaf)
        head = session.get(AuditHead, audit_log.CHAIN)
        assert head is not None
        head.size = size
        head.chain_hash = event(session, size - 1).chain_hash
        head.frontier = [h.hex() for h in frontier]

    edit(db, fix)


def checkpoint(session: Session, tree_size: int) -> AuditCheckpoint:
    found = session.get(AuditCheckpoint, tree_size)
    assert found is not None
    return found
