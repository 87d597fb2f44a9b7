"""The errors the form shows: the server's, with the browser's newer verdict over them.

assets/form_checks.js judges the fields the browser can (same words, same limits as
alma_widget/customer_request/model.py) and hands its verdict over through a hidden button into a
client-side state: one entry per field it judged, "" for a field it found right. Shown: the server's
errors merged with that verdict, empty entries left out. Sending clears the verdict, so the
server's answer is what shows after it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import reflex as rx
from reflex.experimental.client_state import ClientStateVar

from alma_widget.components.bridge import bridge
from alma_widget.contact.state import ContactState
from alma_widget.content.loading import catalog, locales
from alma_widget.content.models import Catalog
from alma_widget.customer_request.details import DETAILS, texts_of
from alma_widget.customer_request.model import EMAIL_MAX, MESSAGE_MAX, MESSAGE_MIN, PHONE_INPUT_MAX
from alma_widget.page_calls import FORM_VERDICT
from alma_widget.page_contract import BRIDGES

BROWSER_VERDICT = ClientStateVar.create("form_checks", default={})
# Where the form's checks are served, one file per language (written among the public files
# at build: web/data_files.py). Needed only when the form is sent, they are not in the page:
# 0.35 KB less before the first touch (#34); assets/form_checks.js fetches them at the touch.
ADDRESS_PREFIX = "/form-checks/"
# The refusals the browser can see, in the content's words (the content's [errors] keys).
BROWSER_CHECKED_ERRORS = (
    "email_required",
    "email_invalid",
    "email_too_long",
    "phone_required",
    "phone_invalid",
    "message_required",
    "message_too_short",
    "message_too_long",
)

shown_errors = ContactState.errors.merge(BROWSER_VERDICT.value.to(dict[str, str]))


def has_error(name: str) -> rx.Var[bool]:
    """The field has an error to show (the browser's "" means it found it right)."""
    return shown_errors.contains(name) & (shown_errors[name] != "")


def any_error() -> rx.Var[bool]:
    return shown_errors.values().join("") != ""


def checks_settings(content: Catalog) -> str:
    """What assets/form_checks.js needs (JSON): the messages in this language, the limits, and
    each detail's rule and words."""
    return json.dumps(
        {
            "texts": {code: getattr(content.errors, code) for code in BROWSER_CHECKED_ERRORS},
            "details": {
                detail.name: {
                    "pattern": detail.pattern,
                    "max_length": detail.max_length,
                    "purchase_only": detail.purchase_only,
                    "invalid": texts_of(detail, content).invalid,
                }
                for detail in DETAILS
            },
            "limits": {
                "email_max": EMAIL_MAX,
                "phone_max": PHONE_INPUT_MAX,
                "message_min": MESSAGE_MIN,
                "message_max": MESSAGE_MAX,
            },
        },
        ensure_ascii=False,
    )


def verdict_bridge() -> rx.Component:
    """assets/form_checks.js hands its verdict to the page through it (no server call)."""
    return bridge(BRIDGES["formChecks"], BROWSER_VERDICT.set_value(FORM_VERDICT))


def checks_address(content: Catalog) -> str:
    """Where the page in this language fetches its checks: the name changes with them, so a
    browser keeps the file until then."""
    return _address_of(checks_settings(content))


def _address_of(settings: str) -> str:
    digest = hashlib.sha256(settings.encode("utf-8")).hexdigest()[:12]
    return f"{ADDRESS_PREFIX}{digest}.json"


def checks_files() -> list[tuple[Path, str]]:
    """(path under the web directory, content) of every page language's checks."""
    files = []
    for locale in locales():
        settings = checks_settings(catalog(locale))
        files.append((Path("public") / _address_of(settings).lstrip("/"), settings))
    return files
