"""Writes the loader served to host pages (assets/embed.js) from its source and the content.

The launcher's words come from each locale's [loader] texts, so a new language is a new
content file. The file is rewritten only when it would change.
"""

from __future__ import annotations

import json
from pathlib import Path

from alma_widget.content_loader import catalog, locales

SOURCE = Path(__file__).with_name("loader.js")
TARGET = Path(__file__).resolve().parent.parent / "assets" / "embed.js"
_PLACEHOLDER = "/*TEXTS*/{}"


def _compact(code: str) -> str:
    """Drop comment lines and indentation: the source is written to allow it (no multi-line
    strings, a statement never starts a line with an operator)."""
    lines = (line.strip() for line in code.splitlines())
    return "\n".join(line for line in lines if line and not line.startswith("//"))


def render() -> str:
    """The loader's code with every locale's texts written in."""
    texts = {name: catalog(name).loader.model_dump() for name in locales()}
    encoded = json.dumps(texts, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    source = SOURCE.read_text(encoding="utf-8").replace(_PLACEHOLDER, encoded)
    header, _, body = source.partition("\n")
    return header + "\n" + _compact(body) + "\n"


def write(target: Path = TARGET) -> Path:
    """Write assets/embed.js if it differs; returns its path."""
    code = render()
    if not target.exists() or target.read_text(encoding="utf-8") != code:
        target.write_text(code, encoding="utf-8")
    return target


if __name__ == "__main__":
    print(write())
