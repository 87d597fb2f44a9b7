"""Second question: the precise topic inside the chosen category."""

import reflex as rx

from alma_widget.catalog import Catalog, Category
from alma_widget.components.choices import radio_group
from alma_widget.state import FOCUS_HELP, FOCUS_TOPIC, WidgetState


def _topics_of(content: Catalog, category: Category) -> rx.Component:
    return radio_group(
        name="topic",
        question=content.ui.topic_question,
        question_id=FOCUS_TOPIC,
        options=[(t.id, t.label) for t in category.topics],
        selected=WidgetState.topic_id,
        on_choose=WidgetState.choose_topic,
        reveals=FOCUS_HELP,
        scope=category.id,
    )


def topic_step(content: Catalog) -> rx.Component:
    """The topics of the chosen category; nothing before a category is chosen."""
    return rx.match(
        WidgetState.category_id,
        *[(c.id, _topics_of(content, c)) for c in content.categories],
        rx.fragment(),
    )
