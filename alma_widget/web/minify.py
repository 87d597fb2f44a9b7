"""Scripts sent before the first touch, minified by bun (the project's pinned JavaScript tool).

Every byte before the first touch counts (#34: towards twice the static page): the loader a
merchant's page downloads, and the scripts inlined in the widget's page. bun's minifier
renames local names and drops what a browser does not need: about 30 % less than the
sources stripped of their comments, once compressed (`make bench-loader`, `make bench`).
Each script is a self-contained function expression, so nothing global is renamed.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

_PROJECT_BUN = Path(__file__).resolve().parents[2] / ".tools" / "node_modules" / ".bin" / "bun"


class MinifierMissing(RuntimeError):
    """bun is not installed (scripts/setup.sh installs it)."""


def _bun() -> str:
    found = shutil.which("bun") or (str(_PROJECT_BUN) if _PROJECT_BUN.exists() else None)
    if found is None:
        raise MinifierMissing("bun is needed to minify the page's scripts: run make setup")
    return found


@functools.cache
def minified(code: str, suffix: str = ".js") -> str:
    """`code` minified (whitespace, syntax, local names), ending with one line break; a
    stylesheet with `suffix` ".css"."""
    with tempfile.TemporaryDirectory(prefix="alma-minify-") as work:
        source = Path(work) / f"source{suffix}"
        source.write_text(code, encoding="utf-8")
        done = subprocess.run(
            [_bun(), "build", "--no-bundle", "--minify", "--target", "browser", str(source)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "NO_COLOR": "1"},
        )
    return done.stdout.strip() + "\n"
