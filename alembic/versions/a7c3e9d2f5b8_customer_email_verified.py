"""Requests say whether the signed-in customer's address was verified by Alma.

Revision ID: a7c3e9d2f5b8
Revises: f2a9c4e7b3d1
Create Date: 2026-12-06 02:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = "a7c3e9d2f5b8"
down_revision: Union[str, Sequence[str], None] = "f2a9c4e7b3d1"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # Rows stored before: only verified identities could lock an address then (none asked).
    with op.batch_alter_table("support_request", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "customer_email_verified",
                sa.Boolean(),
                nullable=False,
                server_default=sa.true(),
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("support_request", schema=None) as batch_op:
        batch_op.drop_column("customer_email_verified")
