"""`make setup` chooses its Python as a newcomer needs: the newest supported one on the PATH,
or the one named, and an unsupported one stops at once with a line saying which work. Run on
a copy of the scripts and pyproject.toml, so the project's own .venv is never touched."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUR_PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"


def project_copy(tmp_path: Path, requires_python: str) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(ROOT / "scripts", copy / "scripts")
    shutil.copytree(ROOT / "requirements", copy / "requirements")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    pyproject = re.sub(
        r'^requires-python = ".*"$',
        f'requires-python = "{requires_python}"',
        pyproject,
        flags=re.MULTILINE,
    )
    (copy / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    return copy


def setup(copy: Path, path: str, python: str | None = None) -> subprocess.CompletedProcess:
    env = {"PATH": path, "HOME": str(copy)}
    if python:
        env["PYTHON"] = python
    return subprocess.run(
        ["bash", str(copy / "scripts" / "setup.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def python_dir(tmp_path: Path, *names: str) -> str:
    """A folder of the PATH holding this Python under the names given."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for name in names:
        (folder / name).symlink_to(sys.executable)
    return f"{folder}:/usr/bin:/bin"


def test_no_supported_python_stops_with_the_range_and_how_to_name_one(tmp_path):
    copy = project_copy(tmp_path, ">=3.99")
    answer = setup(copy, python_dir(tmp_path, "python3"))
    assert answer.returncode == 2
    assert answer.stderr.splitlines()[0].startswith(
        f"setup: no supported Python on the PATH (python3 is {sys.version.split()[0]}); "
        "alma_widget needs Python >=3.99: install one, or name it with make run PYTHON="
    )
    assert not (copy / ".venv").exists()


def test_a_named_python_outside_the_range_is_refused(tmp_path):
    copy = project_copy(tmp_path, f">=3.11,<{OUR_PYTHON}")
    answer = setup(copy, python_dir(tmp_path, "python3"), python="python3")
    assert answer.returncode == 2
    assert f"PYTHON=python3 is Python {sys.version.split()[0]};" in answer.stderr
    assert f"needs Python >=3.11,<{OUR_PYTHON}" in answer.stderr
    assert not (copy / ".venv").exists()


def test_a_named_python_that_is_not_there_is_refused(tmp_path):
    copy = project_copy(tmp_path, ">=3.11")
    answer = setup(copy, "/usr/bin:/bin", python="/nowhere/python3.12")
    assert answer.returncode == 2
    assert "PYTHON=/nowhere/python3.12 is no working Python;" in answer.stderr


def test_a_supported_python3_x_on_the_path_makes_the_venv(tmp_path):
    """The install that follows is stopped at once by a lock pip cannot read (no network)."""
    copy = project_copy(tmp_path, ">=3.11")
    (copy / "requirements" / "dev.txt").write_text("--no-such-option\n", encoding="utf-8")
    answer = setup(copy, python_dir(tmp_path, f"python{OUR_PYTHON}"))
    chosen = tmp_path / "bin" / f"python{OUR_PYTHON}"
    assert f"Creating the virtual environment (.venv) with {chosen} (" in answer.stdout
    assert (copy / ".venv" / "bin" / "python").exists()
    assert answer.returncode != 0
