"""``Unit.lock``: a row read again under a lock, once per transaction, keeping what the transaction
already changed in it (SQLite and PostgreSQL; the concurrency it serves is tested where each
workflow uses it: ``test_*`` ``…at_once…``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event

from lawbridge.store.models import Document
from lawbridge.workflows import documents
from lawbridge.workflows.unit import Context
from tests.conftest import World


def test_a_lock_keeps_the_transactions_own_change_and_is_taken_once(
    context: Context, world: World
) -> None:
    actor = world.cn["analyst"].actor
    with context.write(actor) as unit:
        document_id = documents.create_document(unit, title="Letter", reference="R-1").id
    with context.write(actor) as unit:
        document = unit.session.get_one(Document, document_id)
        document.title = "Changed before the lock"  # not flushed yet
        statements: list[str] = []

        def seen(*args: Any) -> None:
            statements.append(str(args[2]))

        engine = unit.session.get_bind().engine
        event.listen(engine, "before_cursor_execute", seen)
        try:
            assert unit.lock(document) is document
            assert document.title == "Changed before the lock"
            taken = len(statements)
            assert unit.lock(document) is document  # the second time: nothing sent
            assert len(statements) == taken
        finally:
            event.remove(engine, "before_cursor_execute", seen)
        assert any(s.lstrip().upper().startswith("UPDATE") for s in statements)  # flushed first
        locking = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
        assert len(locking) == 1
        if not context.settings.is_sqlite:
            assert "FOR UPDATE" in locking[0]
    with context.read(actor) as unit:
        assert unit.session.get_one(Document, document_id).title == "Changed before the lock"
