"""A button that reads as a link: the widget's secondary actions (show, hide, go back)."""

from __future__ import annotations

import reflex as rx

from alma_widget.page_contract import DATA


def link_button(text: str, on_click, *, expanded: rx.Var | None = None, **props) -> rx.Component:
    """`expanded`: the button opens and closes a part of the page (aria-expanded)."""
    if expanded is not None:
        props["aria_expanded"] = rx.cond(expanded, "true", "false")
    return rx.el.button(text, type="button", class_name="link-button", on_click=on_click, **props)


def view_toggle(text: str, on_click, *, expanded: rx.Var, id: str) -> rx.Component:
    """Opens and closes one of the widget's views (« Mes demandes », « Suivre une demande »).
    Pressed before the page connected, it is pressed again once it has (client_flow.js)."""
    return link_button(
        text, on_click, expanded=expanded, id=id, custom_attrs={DATA["afterConnect"]: ""}
    )
