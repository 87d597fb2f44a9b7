"""Named agents and what they did (exports, erasures, statuses).

Revision ID: c3e8b1f6a4d2
Revises: 9a4c7e2b5d18
Create Date: 2026-11-30 12:30:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = "c3e8b1f6a4d2"
down_revision: Union[str, Sequence[str], None] = "9a4c7e2b5d18"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "agent",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "admin_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("agent", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("detail", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_admin_action_created_at", "admin_action", ["created_at"])
    op.create_index("ix_admin_action_agent", "admin_action", ["agent"])


def downgrade() -> None:
    op.drop_index("ix_admin_action_agent", table_name="admin_action")
    op.drop_index("ix_admin_action_created_at", table_name="admin_action")
    op.drop_table("admin_action")
    op.drop_table("agent")
