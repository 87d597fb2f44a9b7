"""Databases for the storage tests: SQLite and a real PostgreSQL, both migrated by Alembic."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel

import alma_widget.storage.tables  # noqa: F401 (the models' tables, in SQLModel.metadata)
from harness.postgres import TemporaryPostgres

ROOT = Path(__file__).resolve().parents[2]


def migrate(url: str) -> None:
    """Apply the committed migrations, the way `make run` does."""
    subprocess.run(
        [sys.executable, "-m", "reflex", "db", "migrate"],
        cwd=ROOT,
        env={**os.environ, "REFLEX_DB_URL": url},
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="session")
def postgresql_url() -> Iterator[str]:
    with TemporaryPostgres() as server:
        migrate(server.url)
        yield server.url


def migrated_sqlite_file() -> Path:
    """A SQLite file with the committed migrations applied, made once per set of migrations:
    `make mutation` starts a test session per mutant, and migrating each time cost it about
    four seconds a mutant. A copy is what the tests write to."""
    migrations = sorted((ROOT / "alembic").rglob("*.py"))
    digest = hashlib.sha256(b"".join(path.read_bytes() for path in migrations)).hexdigest()
    template = Path(tempfile.gettempdir()) / f"alma-widget-migrated-{digest[:16]}.db"
    if not template.exists():
        partial = template.with_name(f"{template.name}.{os.getpid()}")
        migrate(f"sqlite:///{partial}")
        partial.replace(template)  # whole or absent, whichever session made it
    return template


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("sqlite") / "store.db"
    shutil.copyfile(migrated_sqlite_file(), path)
    return f"sqlite:///{path}"


# Both backends in every run; `make mutation` asks for SQLite alone (ALMA_TEST_DATABASES):
# each mutant runs its tests anew, and a PostgreSQL per mutant made the run take hours.
DATABASES = os.environ.get("ALMA_TEST_DATABASES", "sqlite,postgresql").split(",")


@pytest.fixture(params=DATABASES)
def engine(request: pytest.FixtureRequest) -> Iterator[sa.Engine]:
    """An engine on each backend, emptied before the test."""
    url = request.getfixturevalue(f"{request.param}_url")
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        # Every table of the models, children first (a new table is emptied too).
        for table in reversed(SQLModel.metadata.sorted_tables):
            connection.execute(table.delete())
    yield engine
    engine.dispose()


@pytest.fixture
def session_factory(engine: sa.Engine):
    return lambda: Session(engine)


@pytest.fixture
def configure(monkeypatch: pytest.MonkeyPatch):
    """Set ALMA_* variables for one test, with settings re-read and rate counters emptied."""
    from alma_widget import rate_limits as abuse
    from alma_widget.settings import settings

    def apply(**variables: str) -> None:
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        settings.cache_clear()
        abuse.start_afresh()  # counters empty, the new limits read

    yield apply
    settings.cache_clear()
    abuse.start_afresh()
