"""retention: index the columns the purge ages rows by (web sessions, idempotency records, screenings)

``lawbridge db purge`` deletes in batches of 500 rows found by these timestamps; without an index
each batch scans the whole table.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27 18:35:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("web_session", "expires_at"),
    ("idempotency_record", "created_at"),
    ("screening", "created_at"),
)


def upgrade() -> None:
    for table, column in INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def downgrade() -> None:
    for table, column in reversed(INDEXES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_{column}"))
