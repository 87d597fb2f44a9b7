"""What a host page pays for the loader: its size, raw and compressed, against the budget.

python -m bench.loader
"""

from __future__ import annotations

import gzip
from pathlib import Path

from alma_widget.embedding import loader

LOADER = loader.TARGET
# Bytes, compressed. 3 KB until the loader made the inline frame only when it comes near the
# viewport and chose the page of the visitor's language (3.2 KB); 3.5 KB until it carried the
# single-page API and the identity (#19: update, setLocale, hide/show, off, destroy, logout,
# identify; 4.2 KB); back to 3.5 KB since bun minifies it (alma_widget/web/minify.py: 3.4 KB).
# #34 asks for 3 KB: the launcher's styles and the rarely used API parts would have to come
# later, with the frame. The panel following a phone's keyboard (#32, about 100 bytes) was
# paid for by dropping the loader's own copy of the frame's event names (3.5 KB still).
BUDGET = int(3.5 * 1024)


def sizes(path: Path = LOADER) -> dict[str, int]:
    """Raw and gzip (level 9, as the production server precompresses) sizes in bytes."""
    raw = path.read_bytes()
    return {"raw": len(raw), "gzip": len(gzip.compress(raw, 9))}


def main() -> None:
    loader.write()
    figures = sizes()
    verdict = "pass" if figures["gzip"] <= BUDGET else "MISS"
    print(f"{'file':<16}{'raw':>10}{'gzip':>10}{'budget':>10}  verdict")
    print(
        f"{'assets/embed.js':<16}{figures['raw']:>10}{figures['gzip']:>10}{BUDGET:>10}  {verdict}"
    )


if __name__ == "__main__":
    main()
