"""Requests keep the id of the Zendesk ticket created for them.

Revision ID: 5c1e0a7d2b14
Revises: bd98e4a92a0e
Create Date: 2026-11-29 00:10:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = "5c1e0a7d2b14"
down_revision: Union[str, Sequence[str], None] = "bd98e4a92a0e"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("support_request", schema=None) as batch_op:
        batch_op.add_column(sa.Column("zendesk_ticket_id", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("support_request", schema=None) as batch_op:
        batch_op.drop_column("zendesk_ticket_id")
