"""Satisfaction asked once per resolution: how many times a request was solved and when,
the customers' ratings, and the outbox rows that put them on the ticket.

Revision ID: d4a8e2c6f0b3
Revises: c9f2d4a6e8b1
Create Date: 2026-12-06 08:30:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = "d4a8e2c6f0b3"
down_revision: Union[str, Sequence[str], None] = "c9f2d4a6e8b1"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("support_request", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("resolutions", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("solved_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "satisfaction_rating",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("request_id", sa.Integer(), sa.ForeignKey("support_request.id"), nullable=False),
        sa.Column("resolution", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("good", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("comment_key", sa.String(length=32), nullable=False, unique=True),
        sa.UniqueConstraint("request_id", "resolution"),
    )
    op.create_index("ix_satisfaction_rating_request_id", "satisfaction_rating", ["request_id"])
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rating_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_outbox_message_rating_id", "satisfaction_rating", ["rating_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_constraint("fk_outbox_message_rating_id", type_="foreignkey")
        batch_op.drop_column("rating_id")
    op.drop_index("ix_satisfaction_rating_request_id", table_name="satisfaction_rating")
    op.drop_table("satisfaction_rating")
    with op.batch_alter_table("support_request", schema=None) as batch_op:
        batch_op.drop_column("solved_at")
        batch_op.drop_column("resolutions")
