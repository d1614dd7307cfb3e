"""retention of posts: index what the purge of users' posts ages and probes them by

``lawbridge db purge`` (rule ``content_post``) finds posts by when they were stored and keeps any a
stored post replies to or an appeal names; without these indexes each batch would scan the posts,
and each candidate the replies and the appeals.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-27 21:50:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("content_post", "created_at"),
    ("content_post", "reply_to"),
    ("content_appeal", "post_id"),
)


def upgrade() -> None:
    for table, column in INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def downgrade() -> None:
    for table, column in reversed(INDEXES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_{column}"))
