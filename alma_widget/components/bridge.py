"""Hidden buttons through which the page's scripts (assets/*.js) reach React and the server."""

import reflex as rx


def bridge(element_id: str, on_click) -> rx.Component:
    """A hidden button that assets/*.js clicks to hand the browser's data to a handler."""
    return rx.el.button(id=element_id, type="button", hidden=True, tab_index=-1, on_click=on_click)
