"""The CSS that reveals each step from the checked radios, in the page from the first paint.

A checked category shows its topics, a checked topic (of the checked category) shows its
help. The rules name ids, so they are written from the content; the rules that do not
depend on the content are in assets/widget.css. CSS reacts in the frame of the click,
before the page's JavaScript has loaded or connected, and without JavaScript at all.
"""

import reflex as rx

from alma_widget.content.models import Catalog


def reveal_rules(content: Catalog) -> str:
    """One rule per category (its topics) and one per topic (its help).

    The categories, each category's topics and each topic's help are siblings, in that
    order: each :has() looks inside one fieldset, never through the whole widget
    (assets/widget.css says why)."""
    rules = []
    for category in content.categories:
        topics = f".categories:has(#category-{category.id}:checked) ~ #topics-{category.id}"
        rules.append(f"{topics}{{display:block}}")
        rules.extend(
            f"{topics}:has(#topic-{topic.id}:checked) ~ #help-{topic.id}{{display:block}}"
            for topic in category.topics
        )
    return "\n".join(rules)


def reveal_style(content: Catalog) -> rx.Component:
    """The rules as a style element of the prerendered page (no request, no JavaScript)."""
    return rx.el.style(reveal_rules(content))
