"""`make run` applies the retention periods at each start (scripts/prepare_data.sh, which
scripts/run.sh runs before the widget): run as it runs, on a database of its own."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, select

from alma_widget.storage.tables import SupportRequest
from tests.support.records import add_request

ROOT = Path(__file__).resolve().parents[2]


def prepare(url: str, upload_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ROOT / "scripts" / "prepare_data.sh")],
        env={**os.environ, "REFLEX_DB_URL": url, "ALMA_UPLOAD_DIR": str(upload_dir)},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_each_start_migrates_then_purges_what_is_past_its_retention(tmp_path):
    url, uploads = f"sqlite:///{tmp_path / 'run.db'}", tmp_path / "uploads"
    first = prepare(url, uploads)  # a fresh database: migrated, nothing to purge
    assert first.returncode == 0, first.stderr
    assert "Purge : 0 request(s)," in first.stdout
    engine = sa.create_engine(url)
    factory = lambda: Session(engine)  # noqa: E731
    add_request(factory, uploads, email="ancien@exemple.fr", key="old", age_days=4 * 365)
    add_request(factory, uploads, email="recent@exemple.fr", key="new", age_days=3)
    second = prepare(url, uploads)
    assert second.returncode == 0, second.stderr
    with Session(engine) as session:
        kept = [row.email for row in session.exec(select(SupportRequest))]
    engine.dispose()
    assert kept == ["recent@exemple.fr"]
    assert "Purge : 1 request(s), 0 answer(s), 1 attachment(s), 1 file(s)," in second.stdout


def test_make_run_prepares_the_data_before_it_starts_the_widget():
    run = (ROOT / "scripts" / "run.sh").read_text(encoding="utf-8")
    assert run.index('"$ROOT/scripts/prepare_data.sh"') < run.index("reflex run")
