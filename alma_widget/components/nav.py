"""Back and start-over controls, present from the second question on."""

import reflex as rx

from alma_widget.catalog import Catalog
from alma_widget.state import WidgetState


def nav(content: Catalog) -> rx.Component:
    """ "Retour" while there is a step to go back to; "Recommencer" once anything is chosen."""
    return rx.el.div(
        rx.cond(
            WidgetState.step != "category",
            rx.fragment(
                rx.cond(
                    WidgetState.step != "sent",
                    rx.el.button(content.ui.back, type="button", on_click=WidgetState.go_back),
                ),
                rx.el.button(content.ui.start_over, type="button", on_click=WidgetState.start_over),
            ),
        ),
        class_name="nav",
    )
