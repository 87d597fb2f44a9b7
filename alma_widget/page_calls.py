"""What the Python side calls in the page, in one place.

The page's own scripts (assets/host.js, widget.js, client_flow.js, form_checks.js,
search/page.js) put functions and values on `window`; the server reaches them by name
through `rx.call_script` and hidden bridges (components/bridge.py). Every such name is
declared in the page contract (page_contract.py, checked here); each call is guarded, so a
page without the script does nothing.
"""

from __future__ import annotations

import json
from typing import Any

import reflex as rx

from alma_widget.page_contract import GLOBALS, IDS

# Ids of the elements that take focus (see components/; topics and help texts have their own).
FOCUS_CATEGORY = IDS["categoryQuestion"]
FOCUS_FORM = "form-heading"


def _global(name: str) -> str:
    """A name the page's scripts put on `window`: one the contract declares."""
    if name not in GLOBALS:
        raise ValueError(f"window.{name} is not in the page contract (page_contract.py)")
    return f"window.{name}"


def _call(function: str, *arguments: str) -> rx.event.EventSpec:
    target = _global(function)
    return rx.call_script(f"{target} && {target}({', '.join(arguments)})")


def focus(element_id: str, *, after_choice: bool = False) -> rx.event.EventSpec:
    """Move keyboard focus to an element once React has rendered it (assets/widget.js).

    `after_choice`: the reveal follows a radio choice; arrow-key browsing keeps its focus.
    """
    return _call("almaFocus", json.dumps(element_id), "true" if after_choice else "false")


def emit(event: str, payload: dict[str, Any] | None = None) -> rx.event.EventSpec:
    """Tell the host page what happened (postMessage, assets/host.js); no personal data."""
    return _call("almaEmit", json.dumps(event), json.dumps(payload or {}))


def connected(flow_json: str) -> rx.event.EventSpec:
    """The page has (re)connected: it shows this flow, or hands back its own (client_flow.js)."""
    return _call("almaConnected", flow_json)


def correct(flow_json: str, seq: int) -> rx.event.EventSpec:
    """The server refused part of snapshot `seq`: the page shows this flow (client_flow.js)."""
    return _call("almaCorrect", flow_json, str(int(seq)))


def unavailable() -> rx.event.EventSpec:
    """The backend could not serve an event: the page says so plainly (widget.js)."""
    return _call("almaUnavailable")


def served() -> rx.event.EventSpec:
    """The backend serves events again: the page takes its « indisponible » message away."""
    return _call("almaServed")


def window_value(name: str, default: str) -> rx.Var:
    """A value a page script left on `window` for a bridge to send (`default` when absent)."""
    return rx.Var(f"({_global(name)} || {default})")


# The browser's flow, handed over after each choice (client_flow.js).
SNAPSHOT = rx.Var(f"({_global('almaSnapshot')} ? window.almaSnapshot() : {{}})")
# The same flow as JSON text, carried by an upload (an HTTP request, which may reach the
# server before the snapshots do).
CARRIED_FLOW = rx.Var(f"({_global('almaCarriedFlow')} ? window.almaCarriedFlow() : '')")
# A host page's prefill, a query the search did not answer, the browser's form verdict.
PREFILL = window_value("__almaPrefill", "{}")
SEARCH_MISS = window_value("__almaSearchMiss", "''")
# The page's own key to the files it chose (contact/uploads.py), made at the first choice.
FILES_KEY = rx.Var(f"({_global('almaFilesKey')} ? window.almaFilesKey() : '')")
# The host's identity token (alma_widget/identity), from its message to the bridge.
IDENTITY_TOKEN = window_value("__almaIdentityToken", "''")
FORM_VERDICT = window_value("almaFormChecks", "{}")
# The browser's time zone (an IANA name, checked on the server), for the dates of a
# conversation (alma_widget/conversation/thread.py).
TIME_ZONE = rx.Var("(Intl.DateTimeFormat().resolvedOptions().timeZone || '')")
