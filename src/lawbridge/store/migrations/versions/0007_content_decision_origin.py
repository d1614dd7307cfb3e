"""content decisions: origin (provider or state_order) and the takedown order they execute

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 09:55:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("content_decision", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("origin", sa.String(length=16), server_default="provider", nullable=False)
        )
        batch_op.add_column(sa.Column("order_id", sa.String(length=36), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_content_decision_order_id"), ["order_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("content_decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_content_decision_order_id"))
        batch_op.drop_column("order_id")
        batch_op.drop_column("origin")
