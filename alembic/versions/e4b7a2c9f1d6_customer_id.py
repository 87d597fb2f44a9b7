"""Requests keep the Alma id of the signed-in customer who sent them.

Revision ID: e4b7a2c9f1d6
Revises: c3e8b1f6a4d2
Create Date: 2026-11-30 14:40:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = "e4b7a2c9f1d6"
down_revision: Union[str, Sequence[str], None] = "c3e8b1f6a4d2"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("support_request", schema=None) as batch_op:
        batch_op.add_column(sa.Column("customer_id", sa.String(length=64), nullable=True))
        batch_op.create_index("ix_support_request_customer_id", ["customer_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("support_request", schema=None) as batch_op:
        batch_op.drop_index("ix_support_request_customer_id")
        batch_op.drop_column("customer_id")
