"""Back and start-over controls, shown (by CSS) once a category is chosen."""

import reflex as rx

from alma_widget.content.models import Catalog
from alma_widget.page_calls import FOCUS_CATEGORY
from alma_widget.page_contract import DATA, action_attribute


def nav(content: Catalog) -> rx.Component:
    """ "Retour" and "Recommencer"; assets/client_flow.js carries them out at once."""
    ui = content.ui
    return rx.el.div(
        rx.el.button(ui.back, type="button", custom_attrs=action_attribute("back")),
        rx.el.button(
            ui.start_over,
            type="button",
            custom_attrs={
                **action_attribute("start_over"),
                DATA["reveals"]: FOCUS_CATEGORY,
                DATA["announce"]: ui.announce_start,
            },
        ),
        class_name="nav flow-nav",
    )
