"""The contact form, revealed when the help text was not enough."""

import reflex as rx

from alma_widget.catalog import Catalog
from alma_widget.state import FOCUS_FORM, WidgetState


def _intro(content: Catalog) -> rx.Component:
    """Line 2 or 3 of the help centre page, depending on the category's kind."""
    return rx.match(
        WidgetState.category_id,
        *[(c.id, rx.el.p(getattr(content.intros, c.intro))) for c in content.categories],
        rx.fragment(),
    )


def form_step(content: Catalog) -> rx.Component:
    """The contact step; only present once the customer asked for it."""
    return rx.cond(
        WidgetState.step == "form",
        rx.el.section(
            rx.el.h2(content.ui.contact_button, id=FOCUS_FORM, tab_index=-1),
            _intro(content),
            aria_labelledby=FOCUS_FORM,
            class_name="contact",
        ),
    )
