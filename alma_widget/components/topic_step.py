"""Second question: the precise topic inside the chosen category."""

import reflex as rx

from alma_widget.components.category_step import topic_question_id
from alma_widget.components.choices import radio_group
from alma_widget.components.help_step import help_heading_id
from alma_widget.content.models import Catalog, Category
from alma_widget.help_search.index_files import page_words
from alma_widget.page_contract import DATA, ID_PREFIXES, LABEL_SLOT


def _topics_of(content: Catalog, category: Category, locale: str) -> rx.Component:
    words = page_words(locale)
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
                # What the search answers from before its index arrives (assets/boot.js).
                **({DATA["words"]: words[t.id]} if words.get(t.id) else {}),
                **({DATA["attachments"]: "true"} if t.accepts_attachments else {}),
            }
            for t in category.topics
        ],
        id=f"topics-{category.id}",
        class_name="choice-group topics",
        custom_attrs={DATA["announce"]: content.ui.announce_help.format(topic=LABEL_SLOT)},
    )


def topic_step(content: Catalog, locale: str) -> rx.Component:
    """The topics of every category, each group shown only while its category is chosen."""
    return rx.fragment(*[_topics_of(content, c, locale) for c in content.categories])
