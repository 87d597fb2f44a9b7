"""Requests remember when the team first and last replied in public, and when the customer
last read the conversation (« Nouvelle réponse », the reply-time figure).

Revision ID: b5d1e8f3a2c7
Revises: a7c3e9d2f5b8
Create Date: 2026-12-06 04:40:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = "b5d1e8f3a2c7"
down_revision: Union[str, Sequence[str], None] = "a7c3e9d2f5b8"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

COLUMNS = ("first_team_reply_at", "last_team_reply_at", "replies_read_at")


def upgrade() -> None:
    with op.batch_alter_table("support_request", schema=None) as batch_op:
        for name in COLUMNS:
            batch_op.add_column(sa.Column(name, sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("support_request", schema=None) as batch_op:
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
