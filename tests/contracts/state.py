"""A whole-database snapshot: "nothing changed" means the snapshot before equals the one after."""

from __future__ import annotations

from sqlalchemy import select

from lawbridge.domain.actor import Actor
from lawbridge.store.models import Base
from lawbridge.workflows.unit import Context

Snapshot = dict[str, list[tuple[str, ...]]]


def snapshot(context: Context) -> Snapshot:
    """Every row of every table, as sorted tuples of strings."""
    with context.read(Actor.system("snapshot")) as unit:
        return {
            table.name: sorted(
                tuple(str(v) for v in row) for row in unit.session.execute(select(table))
            )
            for table in Base.metadata.sorted_tables
        }
