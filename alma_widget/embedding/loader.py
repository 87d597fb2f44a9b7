"""Writes the loader served to host pages from its source and the content.

The launcher's words come from each locale's [loader] texts, so a new language is a new
content file. Three files, each rewritten only when it would change:
- assets/embed.js, the moving address (/embed.js) for merchants who take every update;
- assets/embed/v1/embed.<hash>.js, an immutable address a page pins with Subresource Integrity.
  Committed, and never deleted: a page pinned to an older loader keeps working. A change of
  the loader (or of the launcher's words) is a new file, to commit with the change;
- assets/embed/manifest.json (/embed/manifest.json): the current immutable address, integrity.
`alma-widget-embed-snippet` prints the script tag to paste.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import sys
from pathlib import Path

from alma_widget.content.loading import catalog, locales
from alma_widget.identifiers import LOADER_PATTERNS
from alma_widget.web.minify import minified

SOURCE = Path(__file__).with_name("loader.js")
ASSETS = Path(__file__).resolve().parents[2] / "assets"
TARGET = ASSETS / "embed.js"
VERSION = "v1"
_PLACEHOLDER = "/*TEXTS*/{}"
_PATTERNS_PLACEHOLDER = "/*PATTERNS*/{}"


def render() -> str:
    """The loader's code with every locale's texts written in."""
    # « Fermer » is the frame's own (the panel's header, components/widget.py).
    texts = {name: catalog(name).loader.model_dump(exclude={"close"}) for name in locales()}
    encoded = json.dumps(texts, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    patterns = json.dumps(LOADER_PATTERNS, separators=(",", ":"), sort_keys=True)
    source = SOURCE.read_text(encoding="utf-8").replace(_PLACEHOLDER, encoded)
    source = source.replace(_PATTERNS_PLACEHOLDER, patterns)
    header, _, body = source.partition("\n")
    return header + "\n" + minified(body)


def integrity(code: str) -> str:
    """The value of the script tag's integrity attribute (SHA-384, as browsers expect)."""
    digest = hashlib.sha384(code.encode("utf-8")).digest()
    return "sha384-" + base64.b64encode(digest).decode("ascii")


def manifest(code: str | None = None) -> dict[str, str]:
    """The current immutable loader: its path on the widget's origin and its integrity."""
    code = render() if code is None else code
    name = f"embed.{hashlib.sha256(code.encode('utf-8')).hexdigest()[:16]}.js"
    return {
        "version": VERSION,
        "path": f"/embed/{VERSION}/{name}",
        "integrity": integrity(code),
        "crossorigin": "anonymous",
    }


def _write_if_changed(target: Path, text: str) -> None:
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def write(target: Path = TARGET) -> Path:
    """Write the moving loader, the current immutable one and the manifest; returns the first."""
    code = render()
    _write_if_changed(target, code)
    current = manifest(code)
    _write_if_changed(target.parent / current["path"].lstrip("/"), code)
    _write_if_changed(
        target.parent / "embed" / "manifest.json", json.dumps(current, indent=2) + "\n"
    )
    return target


def snippet(origin: str) -> str:
    """The script tag a merchant pastes: the immutable loader, pinned by its integrity."""
    current = manifest()
    return (
        f'<script src="{origin.rstrip("/")}{current["path"]}"\n'
        f'        integrity="{current["integrity"]}"\n'
        f'        crossorigin="anonymous"\n'
        f'        data-mode="inline"></script>'
    )


def snippet_main() -> int:
    """Console command: the manifest and the script tag for this loader."""
    origin = (
        sys.argv[1:] or os.environ.get("ALMA_WIDGET_ORIGIN", "http://localhost:3000").split()
    )[0]
    write()
    print(json.dumps(manifest(), indent=2))
    print(snippet(origin))
    return 0


if __name__ == "__main__":
    print(write())
