"""The page contract: every name and rule that crosses between the server's page and the
browser's scripts, owned here and nowhere else.

Python builds the page from these names (components/); the page carries them once, as JSON
on the widget's root (`data-contract`, the one name both sides write down), and the scripts
(assets/*.js, search/page.js) read them there through `window.almaContract()`
(assets/boot.js) instead of writing literals. The `window.alma*` functions are the scripts'
own API: declared here (the server calls them by these names, page_calls.py) and defined
in the scripts under the same names. tests/unit/test_page_contract.py fails on an `alma-*`
id, a `data-*` attribute or a `window.alma*` name used in assets/, search/ or components/
that is not declared here, and on a declared name nobody uses.
"""

from __future__ import annotations

import json
from functools import cache
from typing import get_args

from alma_widget.content.loading import catalog
from alma_widget.customer_request.files import FILES_KEY_FIELD
from alma_widget.customer_request.model import CONTACT_FIELDS
from alma_widget.flow.machine import Flow
from alma_widget.flow.snapshot import BROWSER_FLOW_FIELD, Action, browser_view

# Where the page carries the contract: the bootstrap, written on both sides.
ROOT_ATTRIBUTE = "data-contract"

# Elements the scripts look up by id.
IDS = {
    "contactForm": "contact-form",
    "reference": "request-reference",
    "search": "help-search",
    "searchInput": "search-input",
    "searchResults": "search-results",
    "searchSuggestion": "search-suggestion",
    "announcer": "announcer",
    "categoryQuestion": "category-question",
    "panelClose": "panel-close",
}
# Hidden buttons the scripts click to hand the browser's data to the server (bridge.py).
BRIDGES = {
    "sync": "alma-sync",
    "identify": "alma-identify",
    "logout": "alma-logout",
    "view": "alma-view",
    "files": "alma-files",
    "prefill": "alma-prefill",
    "prefillAgain": "alma-prefill-again",
    "formChecks": "alma-form-checks",
    "searchMiss": "alma-search-miss",
}
# Hidden fields of the contact form that the scripts fill as it is sent.
FORM_FIELDS = {"browserFlow": BROWSER_FLOW_FIELD, "filesKey": FILES_KEY_FIELD}
# Ids made of a prefix and a topic or a category id.
ID_PREFIXES = {
    "field": "field-",
    "help": "help-",
    "helpHeading": "help-heading-",
    "language": "language-",
    "topic": "topic-",
    "topicQuestion": "topic-question-",
}
# What the customer does, as a control's data-action names it and the snapshot carries it
# (flow/snapshot.py); client_flow.js's transitions answer each of them.
ACTIONS: tuple[str, ...] = get_args(Action)

# Attributes the page writes and the scripts read (or the reverse: data-step, the
# search's results).
DATA = {
    "action": "data-action",
    "afterConnect": "data-after-connect",
    "announce": "data-announce",
    "attachments": "data-attachments",
    "category": "data-category",
    "checks": "data-checks",
    "context": "data-context",
    "indexUrl": "data-index-url",
    "kind": "data-kind",
    "reveals": "data-reveals",
    "searchCategory": "data-search-category",
    "searchTopic": "data-search-topic",
    "step": "data-step",
    "submissionKey": "data-submission-key",
    "text": "data-text",
    "texts": "data-texts",
    "words": "data-words",
}
# What the scripts define on `window` (functions the server or another script calls) and
# the values they leave there for a bridge to send.
GLOBALS = (
    "almaCarriedFlow",
    "almaChoose",
    "almaConnected",
    "almaContract",
    "almaCorrect",
    "almaEarlyEvents",
    "almaEmit",
    "almaFilesKey",
    "almaFocus",
    "almaForget",
    "almaFormChecks",
    "almaIdentifyAgain",
    "almaIsConnected",
    "almaPrefillAgain",
    "almaRunConnectedWork",
    "almaServed",
    "almaShowResults",
    "almaSnapshot",
    "almaStart",
    "almaStorageRefused",
    "almaTransition",
    "almaUnavailable",
    "almaUnavailableShown",
    "almaWhenConnected",
    "__almaIdentityToken",
    "__almaPrefill",
    "__almaSearchMiss",
)

# Names the scripts keep to themselves (a storage key, a class, the light or dark mode and the
# launcher panel boot.js marks for widget.css before the page's body and its contract exist)
# or share with the loader
# on the host page (the messages' sources), not with the server: declared all the same, so a
# new one is a decision the scan sees.
SCRIPT_NAMES = (
    "alma-embedded",
    "alma-probe",
    "alma-support",
    "alma-widget",
    "data-mode",
    "data-panel",
)


def action_attribute(action: Action) -> dict[str, str]:
    """What marks a control as the customer's `action`: one the snapshot accepts, checked as
    the page is built (the components' calls are not type-checked: Reflex's Vars)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}: one of {', '.join(ACTIONS)}")
    return {DATA["action"]: action}


# The tab's storage key under which a reload finds where the customer was (client_flow.js
# writes it, boot.js reads it to start the page at once).
KEPT_IN_TAB = "alma-widget-kept"


# The search's first answer, from the page (boot.js): a typed word and a topic's words
# (data-words, help_search/index_files.py) compared on their first letters, a stem's rough
# stand-in (« rembourse » and « remboursement » alike).
FIRST_ANSWER_LETTERS = 6


# Where a question's announcement (data-announce on its fieldset) takes the label of the
# choice made (client_flow.js): one text per question in the page, not one per choice.
LABEL_SLOT = "{label}"


def purchase_categories() -> list[str]:
    """The categories whose form asks for the phone and the order (content/models.py)."""
    return [c.id for c in catalog().categories if c.asks_for_order]


@cache
def contract_attribute() -> str:
    """The contract as the page carries it (JSON, written once on the widget's root)."""
    return json.dumps(
        {
            "id": IDS,
            "bridge": BRIDGES,
            "prefix": ID_PREFIXES,
            "data": DATA,
            "field": FORM_FIELDS,
            # A flow at its start: Flow's fields, under Flow's names (client_flow.js).
            "flow": browser_view(Flow()),
            "rules": {
                "purchaseCategories": purchase_categories(),
                # What the browser checks, keeps for a reload and hands back (in form order).
                "contactFields": list(CONTACT_FIELDS),
                "keptInTab": KEPT_IN_TAB,
                "firstAnswerLetters": FIRST_ANSWER_LETTERS,
                "labelSlot": LABEL_SLOT,
            },
        },
        separators=(",", ":"),
        ensure_ascii=False,
    )
