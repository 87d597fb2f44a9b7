"""A button that reads as a link: the widget's secondary actions (show, hide, go back)."""

from __future__ import annotations

import reflex as rx


def link_button(text: str, on_click, *, expanded: rx.Var | None = None, **props) -> rx.Component:
    """`expanded`: the button opens and closes a part of the page (aria-expanded)."""
    if expanded is not None:
        props["aria_expanded"] = rx.cond(expanded, "true", "false")
    return rx.el.button(text, type="button", class_name="link-button", on_click=on_click, **props)
