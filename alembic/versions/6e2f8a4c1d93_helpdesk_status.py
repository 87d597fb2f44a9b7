"""Requests keep the status Zendesk reports for their ticket, and when it said so.

Revision ID: 6e2f8a4c1d93
Revises: 3b7d9e1f4a20
Create Date: 2026-11-30 09:10:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = "6e2f8a4c1d93"
down_revision: Union[str, Sequence[str], None] = "3b7d9e1f4a20"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("support_request", schema=None) as batch_op:
        batch_op.add_column(sa.Column("helpdesk_status", sa.String(length=16), nullable=True))
        batch_op.add_column(
            sa.Column("helpdesk_status_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("support_request", schema=None) as batch_op:
        batch_op.drop_column("helpdesk_status_at")
        batch_op.drop_column("helpdesk_status")
