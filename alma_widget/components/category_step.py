"""First question: what the request is about."""

import reflex as rx

from alma_widget.catalog import Catalog, Category
from alma_widget.components.choices import radio_group
from alma_widget.state import FOCUS_CATEGORY, FOCUS_TOPIC, WidgetState

# Which kind of category comes first in each host context (see Category.intro).
FIRST_KIND = {"checkout": "purchase", "account": "account"}


def _ordered(content: Catalog, first_kind: str | None) -> list[Category]:
    """The categories with those of `first_kind` first, otherwise in the content's order."""
    return sorted(content.categories, key=lambda c: c.intro != first_kind if first_kind else 0)


def _group(categories: list[Category], content: Catalog) -> rx.Component:
    return radio_group(
        name="category",
        question=content.ui.category_question,
        question_id=FOCUS_CATEGORY,
        options=[(c.id, c.label) for c in categories],
        selected=WidgetState.category_id,
        on_choose=WidgetState.choose_category,
        reveals=FOCUS_TOPIC,
    )


def category_step(content: Catalog) -> rx.Component:
    """The categories as one radio group, in the order that suits the host page.

    The order is in the DOM, not only on screen, so keyboard and screen reader order match.
    """
    return rx.match(
        WidgetState.widget_context,
        *[
            (context, _group(_ordered(content, kind), content))
            for context, kind in FIRST_KIND.items()
        ],
        _group(_ordered(content, None), content),
    )
