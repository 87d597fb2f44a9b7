"""Flow events say how the topic was reached (radios, search, suggestion); searches that
found nothing are counted (without personal data) for the content team.

Revision ID: 8f3a6c2e9d71
Revises: 5c1e0a7d2b14
Create Date: 2026-11-29 00:30:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = "8f3a6c2e9d71"
down_revision: Union[str, Sequence[str], None] = "5c1e0a7d2b14"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("flow_event", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "source",
                sqlmodel.sql.sqltypes.AutoString(length=16),
                nullable=False,
                server_default="choice",
            )
        )
    op.create_table(
        "search_miss",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("query", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("search_miss", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_miss_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_search_miss_query"), ["query"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("search_miss", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_miss_query"))
        batch_op.drop_index(batch_op.f("ix_search_miss_created_at"))
    op.drop_table("search_miss")
    with op.batch_alter_table("flow_event", schema=None) as batch_op:
        batch_op.drop_column("source")
