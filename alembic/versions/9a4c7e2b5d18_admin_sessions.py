"""Back-office sessions of their own: a cookie's hashed token, its agent, its times.

Revision ID: 9a4c7e2b5d18
Revises: 6e2f8a4c1d93
Create Date: 2026-11-30 12:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = "9a4c7e2b5d18"
down_revision: Union[str, Sequence[str], None] = "6e2f8a4c1d93"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "admin_session",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_index("ix_admin_session_created_at", "admin_session", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_admin_session_created_at", table_name="admin_session")
    op.drop_table("admin_session")
