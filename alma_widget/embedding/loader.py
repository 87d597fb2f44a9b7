"""Writes the loader served to host pages from its source and the content.

The launcher's words come from each locale's [loader] texts, so a new language is a new
content file. Two builds of one source: the complete loader (inline and launcher modes) and
the inline-only one, which a checkout page loads without the launcher, its panel and their
styles (#34: under 3 KB compressed; the launcher cannot come later from the widget's origin:
a PCI page's Trusted Types refuse a script added by a script). Each build is two files, and
a manifest names them; each file is rewritten only when it would change:
- assets/embed.js and assets/embed-inline.js, the moving addresses for merchants who take
  every update;
- assets/embed/v1/embed.<hash>.js and embed-inline.<hash>.js, immutable addresses a page
  pins with Subresource Integrity. Committed, and never deleted: a page pinned to an older
  loader keeps working. A change of the loader (or of the launcher's words) is a new file, to
  commit with the change;
- assets/embed/manifest.json (/embed/manifest.json): the current immutable addresses and
  integrities (the complete loader's at the top, for the readers of the first manifest).
`alma-widget-embed-snippet [origin] [inline|launcher]` prints the script tag to paste.
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
INLINE_TARGET = ASSETS / "embed-inline.js"
VERSION = "v1"
_PLACEHOLDER = "/*TEXTS*/{}"
_PATTERNS_PLACEHOLDER = "/*PATTERNS*/{}"
_LAUNCHER_PLACEHOLDER = "/*WITH_LAUNCHER*/true"
# The texts only the launcher and its panel show; « Fermer » is the frame's own (the panel's
# header, components/widget.py).
_LAUNCHER_TEXTS = {"launcher", "dialog_label"}


def render(launcher: bool = True) -> str:
    """The loader's code with every locale's texts written in; without the launcher, the
    inline-only build."""
    left_out = {"close"} if launcher else {"close", *_LAUNCHER_TEXTS}
    texts = {name: catalog(name).loader.model_dump(exclude=left_out) for name in locales()}
    encoded = json.dumps(texts, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    patterns = json.dumps(LOADER_PATTERNS, separators=(",", ":"), sort_keys=True)
    source = SOURCE.read_text(encoding="utf-8").replace(_PLACEHOLDER, encoded)
    source = source.replace(_PATTERNS_PLACEHOLDER, patterns)
    source = source.replace(_LAUNCHER_PLACEHOLDER, "true" if launcher else "false")
    header, _, body = source.partition("\n")
    if not launcher:
        header = header.replace("loader:", "loader, inline only (embed.js has the launcher):")
    return header + "\n" + minified(body)


def integrity(code: str) -> str:
    """The value of the script tag's integrity attribute (SHA-384, as browsers expect)."""
    digest = hashlib.sha384(code.encode("utf-8")).digest()
    return "sha384-" + base64.b64encode(digest).decode("ascii")


def pinned(code: str, stem: str = "embed") -> dict[str, str]:
    """One immutable loader: its path on the widget's origin and its integrity."""
    name = f"{stem}.{hashlib.sha256(code.encode('utf-8')).hexdigest()[:16]}.js"
    return {"path": f"/embed/{VERSION}/{name}", "integrity": integrity(code)}


def manifest() -> dict:
    """The current immutable loaders: the complete one at the top, the inline-only one under
    "inline"."""
    return {
        "version": VERSION,
        **pinned(render()),
        "crossorigin": "anonymous",
        "inline": pinned(render(launcher=False), "embed-inline"),
    }


def _write_if_changed(target: Path, text: str) -> None:
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def write(target: Path = TARGET) -> Path:
    """Write both builds' moving and immutable files and the manifest (next to `target`, the
    complete moving loader); returns `target`."""
    current = manifest()
    for moving, code, immutable in (
        (target, render(), current["path"]),
        (target.with_name(INLINE_TARGET.name), render(launcher=False), current["inline"]["path"]),
    ):
        _write_if_changed(moving, code)
        _write_if_changed(target.parent / immutable.lstrip("/"), code)
    _write_if_changed(
        target.parent / "embed" / "manifest.json", json.dumps(current, indent=2) + "\n"
    )
    return target


def snippet(origin: str, mode: str = "inline") -> str:
    """The script tag a merchant pastes: the immutable loader of that mode, pinned by its
    integrity (inline: the loader without the launcher)."""
    current = manifest()
    chosen = current["inline"] if mode == "inline" else current
    return (
        f'<script src="{origin.rstrip("/")}{chosen["path"]}"\n'
        f'        integrity="{chosen["integrity"]}"\n'
        f'        crossorigin="anonymous"\n'
        f'        data-mode="{mode}"></script>'
    )


def snippet_main() -> int:
    """Console command: the manifest and the script tag for this loader ([origin] [mode])."""
    given = sys.argv[1:]
    origin = (given or os.environ.get("ALMA_WIDGET_ORIGIN", "http://localhost:3000").split())[0]
    mode = given[1] if len(given) > 1 else "inline"
    if mode not in ("inline", "launcher"):
        print(
            f"alma-widget-embed-snippet: mode {mode!r} inconnu (inline ou launcher)",
            file=sys.stderr,
        )
        return 2
    write()
    print(json.dumps(manifest(), indent=2))
    print(snippet(origin, mode))
    return 0


if __name__ == "__main__":
    print(write())
