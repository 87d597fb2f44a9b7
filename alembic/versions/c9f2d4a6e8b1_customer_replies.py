"""Customers answer from the widget: their replies, the files with them, the outbox rows
that deliver them, and follow-ups of closed requests.

Revision ID: c9f2d4a6e8b1
Revises: b5d1e8f3a2c7
Create Date: 2026-12-06 07:20:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = "c9f2d4a6e8b1"
down_revision: Union[str, Sequence[str], None] = "b5d1e8f3a2c7"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "customer_reply",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("request_id", sa.Integer(), sa.ForeignKey("support_request.id"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("submission_key", sa.String(length=64), nullable=False, unique=True),
        sa.Column("comment_key", sa.String(length=32), nullable=False, unique=True),
    )
    op.create_index("ix_customer_reply_request_id", "customer_reply", ["request_id"])
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reply_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_attachment_reply_id", "customer_reply", ["reply_id"], ["id"]
        )
        batch_op.create_index("ix_attachment_reply_id", ["reply_id"])
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reply_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_outbox_message_reply_id", "customer_reply", ["reply_id"], ["id"]
        )
    with op.batch_alter_table("support_request", schema=None) as batch_op:
        batch_op.add_column(sa.Column("follows_up_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_support_request_follows_up_id", "support_request", ["follows_up_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("support_request", schema=None) as batch_op:
        batch_op.drop_constraint("fk_support_request_follows_up_id", type_="foreignkey")
        batch_op.drop_column("follows_up_id")
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_constraint("fk_outbox_message_reply_id", type_="foreignkey")
        batch_op.drop_column("reply_id")
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_index("ix_attachment_reply_id")
        batch_op.drop_constraint("fk_attachment_reply_id", type_="foreignkey")
        batch_op.drop_column("reply_id")
    op.drop_index("ix_customer_reply_request_id", table_name="customer_reply")
    op.drop_table("customer_reply")
