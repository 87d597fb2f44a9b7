"""When each outbox row was queued: the age of the oldest pending row and the time to
deliver, for the operators' metrics (alma_widget/metrics.py).

Revision ID: e7c1a5d9b2f4
Revises: d4a8e2c6f0b3
Create Date: 2026-12-06 10:40:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = "e7c1a5d9b2f4"
down_revision: Union[str, Sequence[str], None] = "d4a8e2c6f0b3"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("queued_at", sa.DateTime(timezone=True), nullable=True))
    # Rows queued before: their first attempt was due when they were queued.
    op.execute("UPDATE outbox_message SET queued_at = next_attempt_at WHERE queued_at IS NULL")
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.alter_column("queued_at", existing_type=sa.DateTime(timezone=True), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_column("queued_at")
