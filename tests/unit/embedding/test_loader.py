"""The loader's immutable address: its file is the loader as rendered now, and it is
committed (a page pinned to it by integrity must keep finding it after every deploy)."""

import base64
import hashlib
import shutil
import subprocess

import pytest

from alma_widget.embedding import loader


def test_the_pinned_file_is_the_current_loader_and_its_integrity_matches():
    loader.write()
    pinned = loader.manifest()
    data = (loader.ASSETS / pinned["path"].lstrip("/")).read_bytes()
    assert data.decode("utf-8") == loader.render()
    expected = "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()
    assert pinned["integrity"] == expected
    assert pinned["path"].startswith("/embed/v1/embed.")


def test_the_pinned_file_is_committed():
    if shutil.which("git") is None or not (loader.ASSETS.parent / ".git").exists():
        pytest.skip("not a git checkout")
    path = "assets" + loader.manifest()["path"]
    tracked = subprocess.run(
        ["git", "ls-files", "--error-unmatch", path],
        cwd=loader.ASSETS.parent,
        capture_output=True,
    )
    assert tracked.returncode == 0, (
        f"{path} is not committed: a loader change is a new immutable file (commit it)"
    )


def test_the_snippet_pins_the_loader():
    tag = loader.snippet("https://widget.example/")
    pinned = loader.manifest()
    assert f'src="https://widget.example{pinned["path"]}"' in tag
    assert f'integrity="{pinned["integrity"]}"' in tag and 'crossorigin="anonymous"' in tag
