"""« Décrivez votre problème »: a search field above the categories (search/page.js).

The results, their announcement (in the widget's live region) and the reporting of
unanswered queries are the browser's (assets/search.js, built from search/); this renders
the field, the empty places they fill, and what they need: the address of the index of
every topic (written at build time) and the words to announce.
"""

from __future__ import annotations

import json

import reflex as rx

from alma_widget.components.bridge import bridge
from alma_widget.content.models import Catalog
from alma_widget.flow.state import WidgetState
from alma_widget.help_search.index_files import index_address
from alma_widget.page_calls import SEARCH_MISS
from alma_widget.page_contract import BRIDGES, DATA, IDS


def search_step(content: Catalog, locale: str) -> rx.Component:
    ui = content.ui
    announcements = {
        "many": ui.search_results,
        "one": ui.search_one_result,
        "none": ui.search_no_result,
    }
    return rx.el.div(
        rx.el.label(ui.search_label, html_for=IDS["searchInput"], class_name="search-label"),
        rx.el.input(
            type="search",
            id=IDS["searchInput"],
            name="search",
            auto_complete="off",
            spell_check=False,
            aria_controls=IDS["searchResults"],
            enter_key_hint="search",
        ),
        # Drawn by search/page.js from the first key, before React has taken the page over:
        # React leaves the inside of an element with dangerouslySetInnerHTML to the page.
        rx.el.ul(
            id=IDS["searchResults"],
            aria_label=ui.search_results_label,
            class_name="search-results",
            custom_attrs={"dangerouslySetInnerHTML": {"__html": ""}},
        ),
        # Queries that found nothing reach the content team's figures through it.
        bridge(
            BRIDGES["searchMiss"],
            WidgetState.search_missed(SEARCH_MISS),
        ),
        id=IDS["search"],
        role="search",
        class_name="search",
        custom_attrs={
            # Fetched when the field is first touched (assets/boot.js, search/page.js).
            DATA["indexUrl"]: index_address(locale),
            DATA["texts"]: json.dumps(announcements, ensure_ascii=False),
        },
    )


def message_suggestion(content: Catalog) -> rx.Component:
    """« Cette réponse pourrait vous aider : <topic> », shown once by search/page.js when the
    message being typed clearly speaks of another topic than the chosen one."""
    return rx.el.div(
        rx.el.p(content.ui.search_suggestion, " ", rx.el.a(href="#")),
        rx.el.button(content.ui.search_dismiss, type="button", class_name="link-button"),
        id=IDS["searchSuggestion"],
        role="status",
        hidden=True,
        class_name="search-suggestion",
    )
