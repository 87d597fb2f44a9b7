"""Outbox rows name the worker pass that claimed them: only that pass may deliver them.

Revision ID: 3b7d9e1f4a20
Revises: 8f3a6c2e9d71
Create Date: 2026-11-30 09:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = "3b7d9e1f4a20"
down_revision: Union[str, Sequence[str], None] = "8f3a6c2e9d71"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_by", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_column("claimed_by")
