"""Second question: the precise topic inside the chosen category."""

import reflex as rx

from alma_widget.components.category_step import topic_question_id
from alma_widget.components.choices import radio_group
from alma_widget.components.help_step import help_heading_id
from alma_widget.content.models import Catalog, Category
from alma_widget.page_contract import DATA, ID_PREFIXES


def _topics_of(content: Catalog, category: Category) -> rx.Component:
    return radio_group(
        name=ID_PREFIXES["topic"] + category.id,
        id_prefix="topic",
        action="topic",
        question=content.ui.topic_question,
        question_id=topic_question_id(category.id),
        options=[(t.id, t.label) for t in category.topics],
        option_attrs=[
            {
                DATA["category"]: category.id,
                DATA["reveals"]: help_heading_id(t.id),
                DATA["announce"]: content.ui.announce_help.format(topic=t.label),
                **({DATA["attachments"]: "true"} if t.accepts_attachments else {}),
            }
            for t in category.topics
        ],
        id=f"topics-{category.id}",
        class_name="choice-group topics",
    )


def topic_step(content: Catalog) -> rx.Component:
    """The topics of every category, each group shown only while its category is chosen."""
    return rx.fragment(*[_topics_of(content, c) for c in content.categories])
