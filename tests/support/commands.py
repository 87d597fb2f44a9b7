"""The project's console commands run as a person would, for the unit tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

# The installed scripts sit beside the interpreter running the tests (the project's venv,
# wherever the tests were copied to: mutmut runs them from mutants/).
SCRIPTS = Path(sys.executable).parent


ROOT = Path(__file__).resolve().parents[2]


def environment(engine: sa.Engine, upload_dir: Path) -> dict[str, str]:
    """The commands' environment: this test's database and upload folder."""
    return {
        **os.environ,
        "REFLEX_DB_URL": engine.url.render_as_string(hide_password=False),
        "ALMA_UPLOAD_DIR": str(upload_dir),
    }


def run(command: str, *args: str, engine: sa.Engine, upload_dir: Path):
    """The installed console script `command`, from the project's folder, as `make` runs it
    (nothing on its standard input)."""
    return subprocess.run(
        [str(SCRIPTS / command), *args],
        cwd=ROOT,
        env=environment(engine, upload_dir),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
