"""The loader's immutable address: its file is the loader as rendered now, and it is
committed (a page pinned to it by integrity must keep finding it after every deploy)."""

import base64
import hashlib
import json
import shutil
import subprocess

import pytest

from alma_widget.embedding import loader


def test_the_pinned_file_in_assets_is_the_current_loader():
    # Read, never written here: a loader changed without its new pinned file fails.
    pinned = loader.manifest()
    path = loader.ASSETS / pinned["path"].lstrip("/")
    assert path.is_file(), f"{path} is missing: a loader change is a new immutable file"
    assert path.read_text(encoding="utf-8") == loader.render()


def test_write_puts_the_moving_loader_the_pinned_one_and_the_manifest(tmp_path):
    target = tmp_path / "embed.js"
    loader.write(target)
    pinned = json.loads((tmp_path / "embed" / "manifest.json").read_text(encoding="utf-8"))
    data = (tmp_path / pinned["path"].lstrip("/")).read_bytes()
    assert target.read_bytes() == data
    assert data.decode("utf-8") == loader.render()
    expected = "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()
    assert pinned["integrity"] == expected
    assert pinned["path"] == f"/embed/v1/embed.{hashlib.sha256(data).hexdigest()[:16]}.js"


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
