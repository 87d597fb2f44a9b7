"""The end: the request is stored and the customer has its reference."""

import reflex as rx

from alma_widget.components.reply_time import reply_time
from alma_widget.contact.state import FOCUS_CONFIRMATION, ContactState
from alma_widget.content.models import Catalog
from alma_widget.page_calls import FOCUS_CATEGORY
from alma_widget.page_contract import DATA, IDS, action_attribute


def confirmation_step(content: Catalog) -> rx.Component:
    """Title, reference, expected delay and a way to start a new request."""
    ui = content.ui
    return rx.el.section(
        rx.el.h2(ui.confirmation_title, id=FOCUS_CONFIRMATION, tab_index=-1),
        rx.el.p(
            ui.confirmation_reference,
            " ",
            rx.el.strong(ContactState.reference, id=IDS["reference"]),
        ),
        reply_time(content, "reply-time-confirmation"),
        rx.el.button(
            ui.new_request,
            type="button",
            on_click=ContactState.new_request,
            # The browser's flow starts over too (assets/client_flow.js).
            custom_attrs={
                **action_attribute("start_over"),
                DATA["reveals"]: FOCUS_CATEGORY,
                DATA["announce"]: ui.announce_start,
            },
        ),
        aria_labelledby=FOCUS_CONFIRMATION,
        class_name="confirmation",
    )
