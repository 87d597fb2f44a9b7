"""What the in-page search (search/search.js) indexes: every topic, in every language.

A customer may type English on the French page (and the reverse), so each topic carries its
labels and keywords of every locale; the help text of the page's language adds context.
"""

from __future__ import annotations

from alma_widget.content.loading import DEFAULT_LOCALE, catalog, locales


def search_topics(locale: str = DEFAULT_LOCALE) -> list[dict[str, object]]:
    """The index documents: id, category, labels and keywords of every locale, help text."""
    page = catalog(locale)
    others = [catalog(name) for name in locales()]
    documents: list[dict[str, object]] = []
    for category in page.categories:
        for topic in category.topics:
            found = [c.topic(category.id, topic.id) for c in others]
            versions = [v for v in found if v is not None]
            documents.append(
                {
                    "id": topic.id,
                    "category": category.id,
                    "labels": [v.label for v in versions],
                    "keywords": [word for v in versions for word in v.keywords],
                    "help": " ".join(topic.help),
                }
            )
    return documents


def filler_words() -> list[str]:
    """Every language's words that say nothing of a problem: a customer may write « hello » on
    the French page."""
    return sorted({word for name in locales() for word in catalog(name).search.filler_words})
