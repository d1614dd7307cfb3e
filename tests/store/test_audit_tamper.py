"""Every way of changing the audit tables behind lawbridge's back is caught by verify_chain.

The append-only triggers are dropped first, as an attacker with rights on the database would.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from lawbridge.domain import audit as rules
from lawbridge.domain.actor import Actor
from lawbridge.store import audit_log
from lawbridge.store.db import Database
from lawbridge.store.models import AuditHead
from lawbridge.workflows import audit
from lawbridge.workflows.audit import VerifyReport
from lawbridge.workflows.unit import Context
from tests.store import audit_tamper as t

SYSTEM = Actor.system("test")
SIZE = 20  # checkpoints (every 8) at 8 and 16, then 4 events only the head covers
PARTIES = ("party-a", "party-b")


def write_events(context: Context, count: int) -> None:
    for i in range(count):
        with context.write(SYSTEM) as unit:
            unit.record("thing.touch", "thing", f"t{i}", {"i": i}, party_id=PARTIES[i % 2])


def verify(context: Context) -> VerifyReport:
    with context.read(SYSTEM) as unit:
        return audit.verify_chain(unit)


@pytest.fixture
def chain(context: Context, db: Database) -> Context:
    """A verified chain of SIZE events whose triggers are gone."""
    write_events(context, SIZE)
    assert verify(context).ok
    t.drop_triggers(db)
    return context


def _set(index: int, **values: object) -> Callable[[Session], None]:
    def change(session: Session) -> None:
        row = t.event(session, index)
        for name, value in values.items():
            setattr(row, name, value)

    return change


def _shift_time(session: Session) -> None:
    row = t.event(session, 5)
    row.occurred_at = row.occurred_at + timedelta(microseconds=1)


def _rewrite(index: int) -> Callable[[Session], None]:
    """Change a row's action and make the row itself consistent again (hashes recomputed)."""

    def change(session: Session) -> None:
        row = t.event(session, index)
        row.action, row.payload = "thing.erase", '{"i":-1}'
        t.rehash(row)

    return change


FIELD_EDITS = {
    "action": _set(5, action="thing.erase"),
    "payload": _set(5, payload='{"i":500}'),
    "actor_label": _set(5, actor_label="someone else"),
    "actor_id": _set(5, actor_id="00000000-0000-0000-0000-000000000000"),
    "party_id": _set(5, party_id="party-c"),
    "object_type": _set(5, object_type="case"),
    "object_id": _set(5, object_id="t999"),
    "occurred_at": _shift_time,
    "payload_hash": _set(5, payload_hash=rules.sha256_hex(b"{}")),
    "prev_hash": _set(5, prev_hash="00" * 32),
    "chain_hash": _set(5, chain_hash="00" * 32),
    "payload_with_its_hash": _set(
        5, payload='{"i":500}', payload_hash=rules.sha256_hex(b'{"i":500}')
    ),
}


@pytest.mark.parametrize("edit", FIELD_EDITS.values(), ids=FIELD_EDITS.keys())
def test_editing_a_field_is_caught_at_its_index(
    chain: Context, db: Database, edit: Callable[[Session], None]
) -> None:
    t.edit(db, edit)
    report = verify(chain)
    assert not report.ok
    assert report.first_bad_index == 5
    assert report.size == 5


def test_a_rewritten_self_consistent_row_breaks_the_next_link(chain: Context, db: Database) -> None:
    # The row's own hashes were recomputed, so the chain breaks where the next event links to it.
    t.edit(db, _rewrite(5))
    report = verify(chain)
    assert (report.ok, report.first_bad_index) == (False, 6)
    assert report.reason == "link to the previous event is broken"


def test_rewriting_the_last_row_is_caught_by_the_head(chain: Context, db: Database) -> None:
    t.edit(db, _rewrite(SIZE - 1))
    report = verify(chain)
    assert (report.ok, report.first_bad_index) == (False, SIZE - 1)


def test_rewriting_a_row_before_a_checkpoint_is_caught_by_the_checkpoint(
    chain: Context, db: Database
) -> None:
    t.edit(db, _rewrite(7))  # event 8 links past it too, but checkpoint 8 is checked first
    report = verify(chain)
    assert (report.ok, report.first_bad_index) == (False, 7)
    assert report.reason == "Merkle root differs from checkpoint 8"


def test_deleting_a_row_is_caught_at_its_index(chain: Context, db: Database) -> None:
    t.execute(db, "DELETE FROM audit_event WHERE seq = 10")
    report = verify(chain)
    assert (report.ok, report.first_bad_index) == (False, 10)
    assert report.reason == "event 10 is missing (next stored is 11)"


def test_deleting_a_row_and_renumbering_the_rest_is_caught(chain: Context, db: Database) -> None:
    t.execute(db, "DELETE FROM audit_event WHERE seq = 10")
    t.shift_from(db, 11, -1)
    report = verify(chain)
    assert (report.ok, report.first_bad_index) == (False, 10)


def test_inserting_a_forged_row_is_caught_right_after_it(chain: Context, db: Database) -> None:
    t.shift_from(db, 10, +1)
    t.edit(db, lambda session: t.forge(session, 10, t.event(session, 9).chain_hash))
    report = verify(chain)
    # A well-formed forgery extends the chain; the renumbered original after it cannot.
    assert (report.ok, report.first_bad_index) == (False, 11)
    assert report.reason == "event 11 links past event 10 (inserted, or moved?)"


def test_inserting_a_malformed_row_is_caught_at_its_index(chain: Context, db: Database) -> None:
    t.shift_from(db, 10, +1)
    t.edit(db, lambda session: t.forge(session, 10, "00" * 32))
    report = verify(chain)
    assert (report.ok, report.first_bad_index) == (False, 10)


@pytest.mark.parametrize(("first", "second"), [(3, 12), (6, 7), (0, SIZE - 1)])
def test_reordering_rows_is_caught_at_the_first_moved(
    chain: Context, db: Database, first: int, second: int
) -> None:
    t.swap(db, first, second)
    report = verify(chain)
    assert (report.ok, report.first_bad_index) == (False, first)


def test_truncating_the_tail_is_caught_by_the_head(chain: Context, db: Database) -> None:
    t.execute(db, "DELETE FROM audit_event WHERE seq >= 17")
    report = verify(chain)
    assert (report.ok, report.first_bad_index) == (False, 17)
    assert report.reason == "chain ends at 17 but its head records 20 events"


def test_truncating_past_a_checkpoint_is_caught_even_with_the_head_fixed(
    chain: Context, db: Database
) -> None:
    t.truncate_and_fix_head(db, 12)
    report = verify(chain)
    assert (report.ok, report.first_bad_index) == (False, 12)
    assert report.reason == "checkpoint 16 covers events that are gone"


def test_truncating_everything_is_caught(chain: Context, db: Database) -> None:
    t.execute(db, "DELETE FROM audit_event")
    report = verify(chain)
    assert (report.ok, report.first_bad_index, report.size) == (False, 0, 0)


@pytest.mark.parametrize("column", ["root_hash", "chain_hash"])
def test_editing_a_checkpoint_is_caught(chain: Context, db: Database, column: str) -> None:
    t.edit(db, lambda session: setattr(t.checkpoint(session, 16), column, "ab" * 32))
    report = verify(chain)
    assert (report.ok, report.first_bad_index, report.checkpoints) == (False, 15, 1)


def test_deleting_the_head_is_caught(chain: Context, db: Database) -> None:
    t.execute(db, "DELETE FROM audit_head")
    report = verify(chain)
    assert (report.ok, report.first_bad_index) == (False, SIZE)


def test_editing_the_head_frontier_is_caught(chain: Context, db: Database) -> None:
    def change(session: Session) -> None:
        head = session.get(AuditHead, audit_log.CHAIN)
        assert head is not None
        head.frontier = [*head.frontier[:-1], "cd" * 32]

    t.edit(db, change)
    report = verify(chain)
    assert (report.ok, report.first_bad_index) == (False, SIZE)
    assert report.reason == "the head's Merkle frontier does not match the events"


def test_an_untouched_chain_verifies_with_every_checkpoint(chain: Context) -> None:
    report = verify(chain)
    assert (report.ok, report.size, report.checkpoints) == (True, SIZE, 2)
    assert report.first_bad_index is None and report.reason is None


# The triggers themselves: without DDL rights, nobody can change or remove an audit row.


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_event SET action = 'x' WHERE seq = 1",
        "UPDATE audit_event SET seq = seq + 100",
        "DELETE FROM audit_event WHERE seq = 1",
        "UPDATE audit_checkpoint SET root_hash = 'x'",
        "DELETE FROM audit_checkpoint",
    ],
)
def test_the_database_refuses_to_change_audit_rows(
    context: Context, db: Database, statement: str
) -> None:
    write_events(context, 9)  # past the first checkpoint (every 8 in tests)
    with pytest.raises(DBAPIError, match="append-only"):
        t.execute(db, statement)
    assert verify(context).ok


def test_the_database_refuses_to_empty_the_table(context: Context, db: Database) -> None:
    # SQLite has no TRUNCATE; its unqualified DELETE takes a fast path that must still fire the trigger.
    write_events(context, 9)
    for table in ("audit_event", "audit_checkpoint"):
        statement = f"TRUNCATE {table}" if db.dialect == "postgresql" else f"DELETE FROM {table}"
        with pytest.raises(DBAPIError, match="append-only"):
            t.execute(db, statement)
    assert verify(context).ok and verify(context).checkpoints == 1
