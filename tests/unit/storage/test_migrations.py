"""The migrations are written by hand (docs/architecture.md): the committed ones must make
exactly the tables the models describe, or the app breaks on a database `make run` made."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel


def test_the_committed_migrations_make_the_models_tables(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []
