"""What the host page tells the widget: its context on load, and later prefills."""

from __future__ import annotations

import json
from typing import Any

import reflex as rx

from alma_widget.contact.state import ContactState
from alma_widget.content.loading import catalog
from alma_widget.embedding.host_config import EmbedConfig, parse_embed_config
from alma_widget.embedding.theme import accent_style
from alma_widget.flow.state import WidgetState, apply_transition
from alma_widget.page_calls import connected, emit
from alma_widget.storage.queries import PageContext
from alma_widget.tracking.links import TRACKING_PARAMETER
from alma_widget.tracking.state import TrackingState
from alma_widget.web.page_variants import variant_of

PREFILL_FIELDS = ("email", "phone", "order_reference")


def _fill_empty(form: ContactState, config: EmbedConfig, context: str) -> bool:
    """Prefill the form's empty fields; what the customer typed always wins. Checkout pages
    carry the order reference, the dashboard (`account`) only who the customer is."""
    if context == "account":
        config = EmbedConfig(email=config.email, phone=config.phone)
    changed = False
    for field in PREFILL_FIELDS:
        value = getattr(config, field)
        if value and not getattr(form, field):
            setattr(form, field, value)
            changed = True
    return changed


def _warn(config: EmbedConfig) -> list[rx.event.EventSpec]:
    if not config.ignored:
        return []
    names = ", ".join(config.ignored)
    message = json.dumps(f"Alma support widget: ignored invalid configuration: {names}")
    reasons = [json.dumps(f"Alma support widget: {reason}") for reason in config.reasons]
    return [
        rx.call_script(f"console.warn({message})"),
        *(rx.call_script(f"console.warn({reason})") for reason in reasons),
        emit("error", {"code": "invalid_config", "fields": list(config.ignored)}),
    ]


class HostState(WidgetState):  # pragma: no mutate block
    """Reads the host page's configuration (query string) and its prefill messages."""

    # The language of the page route last loaded (the host's choice, as its address says).
    _route_locale: str = ""

    @rx.event
    async def load_context(self):
        """On every (re)connection: context, merchant, prefill, accent, the deep-linked topic;
        then the browser and the server agree on the flow."""
        config = parse_embed_config(self.router.url.query_parameters)
        # The page's route says its language and context: the page shows them already.
        variant = variant_of(self.router.page.path)
        flow = await self.get_state(WidgetState)
        form = await self.get_state(ContactState)
        form._page_context = PageContext(
            widget_context=variant.context or None,
            merchant_id=config.merchant_id or None,
            merchant_name=config.merchant_name or None,
            page_url=config.page_url or None,
        )
        flow.accent_css = accent_style(config.accent) if config.accent else ""
        # Older pinned loaders still put the prefill (email, phone, order) in the frame's
        # address, where proxies and logs keep it: it is not applied, so that nothing
        # personal is worth putting there. Those loaders work on, without prefill.
        # A language the customer switched to stays across reconnections; a page of another
        # language (the host's setLocale()) is the host's new choice.
        if variant.locale != self._route_locale:
            flow.locale = self._route_locale = variant.locale
        found = catalog().find_topic(config.topic) if config.topic else None
        if found and flow.step == "category":
            category, topic = found
            apply_transition(flow, lambda f: f.choose_category(catalog(), category.id))
            apply_transition(flow, lambda f: f.choose_topic(catalog(), topic.id))
        # A one-time link « Suivre une demande » (read here, not by parse_embed_config: it
        # is the customer's own page, never a host's setting).
        # Loaded only then: every other connection is spared a substate (a Redis read).
        tracking_token = str(self.router.url.query_parameters.get(TRACKING_PARAMETER, ""))
        opened = []
        if tracking_token:
            tracking = await self.get_state(TrackingState)
            opened = await tracking.open_from_link(tracking_token, flow.language)
        return [
            # The browser shows this flow, or hands back its own (assets/client_flow.js).
            connected(flow.flow_json()),
            *_warn(config),
            *opened,
            ContactState.refresh_reply_time,
        ]

    @rx.event
    async def apply_prefill(self, payload: Any):
        """A prefill({...}) call from the host page, relayed by assets/host.js."""
        if not isinstance(payload, dict):
            return _warn(EmbedConfig(ignored=("prefill",)))
        config, form, changed = await self._prefill(payload)
        if changed:
            form.prefill_generation += 1  # the open form's fields drawn again with it
        return _warn(config)

    @rx.event
    async def prefill_again(self, payload: Any):
        """The same prefill, handed over again at each connection (the server forgot the form:
        alma_widget/web/connection_guard.py). Its empty fields get it back; the fields are
        not drawn again, so one the customer typed into keeps what they typed."""
        if isinstance(payload, dict):
            await self._prefill(payload)

    async def _prefill(self, payload: dict) -> tuple[EmbedConfig, ContactState, bool]:
        """The prefill's values checked and written into the form's empty fields: what was
        checked, the form, and whether a field changed."""
        config = parse_embed_config({k: payload.get(k) for k in PREFILL_FIELDS})
        form = await self.get_state(ContactState)
        return config, form, _fill_empty(form, config, variant_of(self.router.page.path).context)
