"""The loader's immutable address: its file is the loader as rendered now, and it is
committed (a page pinned to it by integrity must keep finding it after every deploy)."""

import base64
import hashlib
import json
import shutil
import subprocess

import pytest

from alma_widget.embedding import loader

BUILDS = {"complete": True, "inline": False}


def _pinned(build: str) -> dict[str, str]:
    current = loader.manifest()
    return current if build == "complete" else current["inline"]


@pytest.mark.parametrize("build", BUILDS)
def test_the_pinned_file_in_assets_is_the_current_loader(build):
    # Read, never written here: a loader changed without its new pinned file fails.
    path = loader.ASSETS / _pinned(build)["path"].lstrip("/")
    assert path.is_file(), f"{path} is missing: a loader change is a new immutable file"
    assert path.read_text(encoding="utf-8") == loader.render(launcher=BUILDS[build])


def test_write_puts_both_moving_loaders_the_pinned_ones_and_the_manifest(tmp_path):
    target = tmp_path / "embed.js"
    loader.write(target)
    current = json.loads((tmp_path / "embed" / "manifest.json").read_text(encoding="utf-8"))
    for moving, pinned, launcher, stem in (
        (target, current, True, "embed"),
        (tmp_path / "embed-inline.js", current["inline"], False, "embed-inline"),
    ):
        data = (tmp_path / pinned["path"].lstrip("/")).read_bytes()
        assert moving.read_bytes() == data
        assert data.decode("utf-8") == loader.render(launcher=launcher)
        expected = "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()
        assert pinned["integrity"] == expected
        assert pinned["path"] == f"/embed/v1/{stem}.{hashlib.sha256(data).hexdigest()[:16]}.js"


def test_the_inline_build_leaves_the_launcher_and_its_panel_out():
    complete, inline = loader.render(), loader.render(launcher=False)
    launcher_only = ("launcher{position:fixed", "panel[hidden]", '"dialog"', 'Aide Alma"')
    assert all(part in complete for part in launcher_only)
    assert not [part for part in launcher_only if part in inline]
    # What both modes need stays: the frame, its title, the API.
    for shared in ("Aide Alma : envoyer une demande", "prefill", "identify", "scrollIntoView"):
        assert shared in inline and shared in complete


@pytest.mark.parametrize("build", BUILDS)
def test_the_pinned_file_is_committed(build):
    if shutil.which("git") is None or not (loader.ASSETS.parent / ".git").exists():
        pytest.skip("not a git checkout")
    path = "assets" + _pinned(build)["path"]
    tracked = subprocess.run(
        ["git", "ls-files", "--error-unmatch", path],
        cwd=loader.ASSETS.parent,
        capture_output=True,
    )
    assert tracked.returncode == 0, (
        f"{path} is not committed: a loader change is a new immutable file (commit it)"
    )


@pytest.mark.parametrize(("mode", "build"), [("inline", "inline"), ("launcher", "complete")])
def test_the_snippet_pins_the_loader_of_its_mode(mode, build):
    tag = loader.snippet("https://widget.example/", mode)
    pinned = _pinned(build)
    assert f'src="https://widget.example{pinned["path"]}"' in tag
    assert f'integrity="{pinned["integrity"]}"' in tag and 'crossorigin="anonymous"' in tag
    assert f'data-mode="{mode}"' in tag


def test_the_snippet_command_refuses_an_unknown_mode(monkeypatch, capsys):
    monkeypatch.setattr("sys.argv", ["alma-widget-embed-snippet", "https://w.example", "popup"])
    assert loader.snippet_main() == 2
    assert "inline ou launcher" in capsys.readouterr().err
