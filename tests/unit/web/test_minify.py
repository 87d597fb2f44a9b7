"""The scripts and styles sent before the first touch, minified by terser and bun
(alma_widget/web/minify.py)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from alma_widget.web import minify

SOURCE = """(function () {
  "use strict";
  // Why this is here: a comment the browser never needs.
  var greeting = "Bonjour « Camille »";
  function shout(words) {
    return words.toUpperCase() + "!";
  }
  console.log(shout(greeting));
})();
"""


@pytest.fixture(autouse=True)
def fresh():
    """Each test minifies anew (the function keeps its results for the build)."""
    minify.minified.cache_clear()
    yield
    minify.minified.cache_clear()


def _run(code: str) -> str:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node is not installed")
    return subprocess.run([node, "-e", code], capture_output=True, text=True, check=True).stdout


def test_the_code_does_the_same_in_fewer_bytes_without_its_comments():
    code = minify.minified(SOURCE)
    assert _run(code) == _run(SOURCE) == "BONJOUR « CAMILLE »!\n"
    assert "Why this is here" not in code and "shout" not in code  # local names renamed
    assert len(code) < len(SOURCE) / 2
    assert code.endswith(";\n") and code.count("\n") == 1


def test_code_that_does_not_parse_stops_the_build():
    with pytest.raises(subprocess.CalledProcessError):
        minify.minified("(function () { var = ; })();")


def test_a_stylesheet_keeps_its_rules_in_fewer_bytes():
    css = ".a {\n  color: #ff0000;\n  margin: 0px 0px;\n}\n/* why */\n.b { color: red }\n"
    code = minify.minified(css, ".css")
    assert "why" not in code and len(code) < len(css) * 0.6
    assert ".a{color:red;margin:0}" in code and ".b{" in code


def test_without_its_tools_the_build_says_how_to_get_them(monkeypatch, tmp_path):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr(minify, "_PROJECT_BUN", Path(tmp_path / "no-bun"))
    monkeypatch.setattr(minify, "_PROJECT_TERSER", Path(tmp_path / "no-terser"))
    for suffix in (".js", ".css"):
        with pytest.raises(minify.MinifierMissing, match="make setup"):
            minify.minified(SOURCE if suffix == ".js" else ".a { color: red }", suffix)
