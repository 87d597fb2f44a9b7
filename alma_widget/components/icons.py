"""The drawings on the category cards: inline SVG, written once here, nothing fetched.

Each is a few strokes on a 24-unit grid, drawn in the text's colour (CSS `.icon`); hidden
from assistive technologies, the card's label says what it is.
"""

from __future__ import annotations

import typing

import reflex as rx

from alma_widget.content.models import IconName

# Stroke paths of each drawing (24 × 24, round joins: widget.css).
DRAWINGS: dict[IconName, tuple[str, ...]] = {
    # A payment card: its outline, the magnetic band, the number.
    "card": ("M3 6h18v12H3z", "M3 10h18", "M7 15h4"),
    # A calendar page: the instalments' dates.
    "calendar": ("M4 6h16v14H4z", "M4 10h16", "M8 3v5", "M16 3v5", "M8 14h2", "M14 14h2"),
    # A parcel: the box and its flaps.
    "parcel": ("M3 8l9-4 9 4v9l-9 4-9-4z", "M3 8l9 4 9-4", "M12 12v9"),
    # A person: the head and the shoulders.
    "person": ("M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8z", "M4 21a8 8 0 0 1 16 0"),
    # A question in a bubble, for a category without a drawing of its own.
    "question": ("M4 4h16v12H9l-5 4z", "M10 8a2 2 0 1 1 3 1.7c-.6.4-1 .8-1 1.3", "M12 13h.01"),
}
assert set(DRAWINGS) == set(typing.get_args(IconName)), "every icon of the content is drawn"


def icon(name: IconName) -> rx.Component:
    """The drawing `name`, decorative (aria-hidden)."""
    return rx.el.svg(
        *[rx.el.svg.path(d=stroke) for stroke in DRAWINGS[name]],
        view_box="0 0 24 24",
        width="24",
        height="24",
        class_name="icon",
        aria_hidden="true",
    )
