"""``Unit.lock``: a row read again under a lock, once per transaction, keeping what the transaction
already changed in it (SQLite and PostgreSQL; the concurrency it serves is tested where each
workflow uses it: ``test_*`` ``…at_once…``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from lawbridge.store.models import Document
from lawbridge.workflows import documents
from lawbridge.workflows.unit import Context, Unit
from tests.conftest import World
from tests.workflows.meanwhile import meanwhile


@contextmanager
def sent(unit: Unit) -> Iterator[list[str]]:
    """The SQL statements ``unit`` sends inside the block."""
    statements: list[str] = []

    def seen(*args: Any) -> None:
        statements.append(str(args[2]))

    engine = unit.session.get_bind().engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", seen)


def test_a_lock_keeps_the_transactions_own_change_and_is_taken_once(
    context: Context, world: World
) -> None:
    actor = world.cn["analyst"].actor
    with context.write(actor) as unit:
        document_id = documents.create_document(unit, title="Letter", reference="R-1").id
    with context.write(actor) as unit:
        document = unit.session.get_one(Document, document_id)
        document.title = "Changed before the lock"  # not flushed yet
        with sent(unit) as statements:
            assert unit.lock(document) is document
            assert document.title == "Changed before the lock"
            taken = len(statements)
            assert unit.lock(document) is document  # the second time: nothing sent
            assert len(statements) == taken
        assert any(s.lstrip().upper().startswith("UPDATE") for s in statements)  # flushed first
        locking = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
        assert len(locking) == 1
        if not context.settings.is_sqlite:
            assert "FOR NO KEY UPDATE" in locking[0]
    with context.read(actor) as unit:
        assert unit.session.get_one(Document, document_id).title == "Changed before the lock"


def test_a_named_lock_is_taken_once_per_mode_and_waits_only_for_an_exclusive_one(
    context: Context, world: World
) -> None:
    """Shared holders go together; an exclusive holder makes others wait (PostgreSQL); a
    transaction's shared lock upgraded to exclusive does not wait for itself; each (name, mode)
    is sent once per transaction, and not at all on SQLite (one writer at a time)."""
    actor = world.cn["analyst"].actor
    postgres = not context.settings.is_sqlite
    with context.write(actor) as unit:
        with sent(unit) as statements:
            for shared in (True, True, False, False, True):
                unit.lock_name("test-lock", shared=shared)
        advisory = [s for s in statements if "advisory" in s]
        if postgres:
            assert [("shared" in s) for s in advisory] == [True, False]
        else:
            assert advisory == []
        if postgres:
            waited: list[bool] = []

            def other(shared: bool) -> None:
                with context.write(actor) as other_unit:
                    other_unit.lock_name("test-lock", shared=shared)
                    waited.append(shared)

            thread, errors = meanwhile(lambda: other(True))
            thread.join(0.5)
            assert thread.is_alive() and waited == []  # held exclusively here: it waits
    if postgres:
        thread.join(30)
        assert errors == [] and waited == [True]
        with context.write(actor) as unit:
            unit.lock_name("test-lock", shared=True)
            thread, errors = meanwhile(lambda: other(True))
            thread.join(30)
            assert not thread.is_alive() and waited == [True, True]  # shared beside shared
            assert errors == []
