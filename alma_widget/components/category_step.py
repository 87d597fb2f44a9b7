"""First question: what the request is about."""

import reflex as rx

from alma_widget.components.choices import radio_group
from alma_widget.components.icons import icon
from alma_widget.content.models import Catalog, Category
from alma_widget.page_calls import FOCUS_CATEGORY
from alma_widget.page_contract import DATA, ID_PREFIXES, LABEL_SLOT
from alma_widget.web.page_variants import PageVariant


def topic_question_id(category_id: str) -> str:
    """Each category has its own topic question, revealed when the category is chosen."""
    return ID_PREFIXES["topicQuestion"] + category_id


def _ordered(content: Catalog, first_kind: str | None) -> list[Category]:
    """The categories with those of `first_kind` first, otherwise in the content's order."""
    return sorted(content.categories, key=lambda c: c.intro != first_kind if first_kind else 0)


def _group(categories: list[Category], content: Catalog) -> rx.Component:
    return radio_group(
        name="category",
        action="category",
        question=content.ui.category_question,
        question_id=FOCUS_CATEGORY,
        # What the reveals' :has() looks in (components/reveal.py).
        class_name="choice-group categories",
        custom_attrs={DATA["announce"]: content.ui.announce_topics.format(category=LABEL_SLOT)},
        options=[(c.id, c.label) for c in categories],
        option_icons=[icon(c.icon) for c in categories],
        option_attrs=[
            {
                # Forms differ by kind: purchase questions ask for the order (reveal.py).
                DATA["kind"]: c.intro,
                DATA["reveals"]: topic_question_id(c.id),
            }
            for c in categories
        ],
    )


def category_step(content: Catalog, variant: PageVariant) -> rx.Component:
    """The categories as one radio group, in the order that suits the host page.

    The order is in the DOM, not only on screen, so keyboard and screen reader order match.
    It is fixed for the page (alma_widget/web/page_variants.py): the prerendered page is already
    in it, and hydration changes nothing under a customer who clicks at once.
    """
    return _group(_ordered(content, variant.first_kind), content)
