"""Pictures of the widget compared with committed references (#32): a change of the look is
seen by a test, and taken on purpose with `make screenshots`, which renews the references.

The same page rendered twice on this machine kind gives the same pixels (measured: 0 changed
over the 22 pictures, once the request's random reference is masked at one width); the
tolerance leaves room for antialiasing on another run: a pixel counts as changed when a
channel moves by more than CHANNEL_TOLERANCE, and a picture passes while at most
AREA_TOLERANCE of its pixels changed. Cards' corners 4 px rounder change 480 to 5,000 pixels
of a picture: caught.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageChops

CHANNEL_TOLERANCE = 24
AREA_TOLERANCE = 0.0001  # 0.01 %: 26 pixels of a phone's screen, a few glyphs' edges


def changed_share(actual: Image.Image, reference: Image.Image) -> tuple[float, Image.Image]:
    """The share of pixels that changed beyond the tolerance, and a picture of where."""
    difference = ImageChops.difference(actual.convert("RGB"), reference.convert("RGB"))
    changed = difference.convert("L").point(lambda level: 255 if level > CHANNEL_TOLERANCE else 0)
    count = changed.histogram()[255]
    return count / (actual.width * actual.height), changed


def compare(actual_png: bytes, reference: Path, diff_to: Path) -> str | None:
    """None when the picture matches its reference; else what differs, in a sentence, with a
    picture of the changed pixels written to `diff_to`."""
    renew = "make screenshots renews the references"
    if not reference.exists():
        return f"no reference {reference.name}: {renew}"
    actual = Image.open(io.BytesIO(actual_png))
    expected = Image.open(reference)
    if actual.size != expected.size:
        return f"{reference.name}: {actual.size} against the reference's {expected.size} ({renew})"
    share, where = changed_share(actual, expected)
    if share > AREA_TOLERANCE:
        where.save(diff_to)
        return (
            f"{reference.name}: {share:.3%} of the pixels changed (tolerance "
            f"{AREA_TOLERANCE:.2%}); where: {diff_to} ({renew} if the change is wanted)"
        )
    return None
