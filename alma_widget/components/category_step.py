"""First question: what the request is about."""

import reflex as rx

from alma_widget.catalog import Catalog
from alma_widget.components.choices import radio_group
from alma_widget.state import FOCUS_CATEGORY, WidgetState


def category_step(content: Catalog) -> rx.Component:
    """The categories as one radio group."""
    return radio_group(
        name="category",
        question=content.ui.category_question,
        question_id=FOCUS_CATEGORY,
        options=[(c.id, c.label) for c in content.categories],
        selected=WidgetState.category_id,
        on_choose=WidgetState.choose_category,
    )
