"""« Nous répondons en général sous … » before « Envoyer » and on the confirmation."""

import reflex as rx

from alma_widget.contact.state import ContactState
from alma_widget.content.models import Catalog


def reply_time(content: Catalog, element_id: str) -> rx.Component:
    """The expected reply time computed from stored replies once the page is connected; the
    content's own sentence until then (the first paint, a store out of reach)."""
    return rx.el.p(
        rx.cond(ContactState.reply_time != "", ContactState.reply_time, content.hours.few_replies),
        id=element_id,
        class_name="reply-time",
    )
