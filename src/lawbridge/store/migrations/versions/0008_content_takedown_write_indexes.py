"""content takedowns and notices: drop two indexes no query reads (bank_entry_id, takedown_id)

A decision writes a takedown and a notice per post it takes down (10,000 in one transaction);
every index is one more insert per row. No query looks a takedown up by its bank entry (only
``bank_entry_id IS NULL`` filters, on rows found by other columns) or a notice by its takedown.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27 13:20:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("content_takedown", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_content_takedown_bank_entry_id"))
    with op.batch_alter_table("content_notice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_content_notice_takedown_id"))


def downgrade() -> None:
    with op.batch_alter_table("content_notice", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_content_notice_takedown_id"), ["takedown_id"], unique=False
        )
    with op.batch_alter_table("content_takedown", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_content_takedown_bank_entry_id"), ["bank_entry_id"], unique=False
        )
