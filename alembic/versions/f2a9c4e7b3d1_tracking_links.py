"""One-time links « Suivre une demande »: only their token's hash, the reference, the times.

Revision ID: f2a9c4e7b3d1
Revises: e4b7a2c9f1d6
Create Date: 2026-11-30 14:40:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = "f2a9c4e7b3d1"
down_revision: Union[str, Sequence[str], None] = "e4b7a2c9f1d6"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "tracking_link",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("reference", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_index("ix_tracking_link_created_at", "tracking_link", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_tracking_link_created_at", table_name="tracking_link")
    op.drop_table("tracking_link")
