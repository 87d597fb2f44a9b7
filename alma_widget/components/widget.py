"""The whole widget: every step stacked, each revealed under the previous one."""

import reflex as rx
from reflex.components.core.banner import has_connection_errors

from alma_widget.components.bridge import bridge
from alma_widget.components.category_step import category_step
from alma_widget.components.confirmation_step import confirmation_step
from alma_widget.components.form_step import form_step
from alma_widget.components.help_step import help_step
from alma_widget.components.my_requests import my_requests, my_requests_link
from alma_widget.components.nav import nav
from alma_widget.components.reply_time import reply_time
from alma_widget.components.reveal import reveal_style
from alma_widget.components.search_step import search_step
from alma_widget.components.topic_step import topic_step
from alma_widget.components.tracking import tracking_form, tracking_link
from alma_widget.contact.state import ContactState
from alma_widget.content.loading import catalog, locales
from alma_widget.content.models import Catalog
from alma_widget.conversation.answer_state import AnswerState
from alma_widget.embedding.host_state import HostState
from alma_widget.flow.state import WidgetState
from alma_widget.identity.my_requests import MyRequestsState
from alma_widget.identity.state import IdentityState
from alma_widget.page_calls import FILES_KEY, IDENTITY_TOKEN, PREFILL, SNAPSHOT
from alma_widget.page_contract import (
    BRIDGES,
    DATA,
    ID_PREFIXES,
    IDS,
    ROOT_ATTRIBUTE,
    contract_attribute,
)
from alma_widget.web.page_variants import PageVariant


def _flow_bridge() -> rx.Component:
    """assets/client_flow.js hands the browser's flow to the server through it."""
    return bridge(
        BRIDGES["sync"],
        WidgetState.sync(SNAPSHOT),
    )


def _host_bridges() -> rx.Component:
    """assets/host.js hands a host page's prefill and identity token to the backend."""
    return rx.fragment(
        bridge(BRIDGES["prefill"], HostState.apply_prefill(PREFILL)),
        bridge(BRIDGES["prefillAgain"], HostState.prefill_again(PREFILL)),
        bridge(BRIDGES["identify"], IdentityState.identify(IDENTITY_TOKEN)),
        bridge(BRIDGES["view"], MyRequestsState.show),
        bridge(BRIDGES["logout"], ContactState.forget_customer),
        # assets/client_flow.js: the files chosen before a reconnection, claimed again.
        bridge(
            BRIDGES["files"],
            [ContactState.files_again(FILES_KEY), AnswerState.files_again(FILES_KEY)],
        ),
    )


def _accent_style() -> rx.Component:
    """The host's accent colour as the widget's tokens (embedding/theme.py), already checked
    for contrast, in both modes."""
    return rx.cond(WidgetState.accent_css != "", rx.el.style(WidgetState.accent_css))


def _language_switch(locale: str) -> rx.Component:
    """One button per other language, named in that language."""
    others = [name for name in locales() if name != locale]
    return rx.el.div(
        *[
            rx.el.button(
                catalog(other).ui.locale_name,
                type="button",
                lang=other,
                id=ID_PREFIXES["language"] + other,
                on_click=WidgetState.set_locale(other),
                class_name="link-button",
                # Pressed before the page connected: pressed again once it has (client_flow.js).
                custom_attrs={DATA["afterConnect"]: ""},
            )
            for other in others
        ],
        role="group",
        aria_label=catalog(locale).ui.language_label,
        class_name="languages",
    )


def _panel_header(content: Catalog) -> rx.Component:
    """The launcher panel's header, drawn only there (boot.js marks the page from the frame's
    address): the panel's title, the expected reply time and « Fermer », which host.js
    turns into the loader's "escape" (the panel closes, focus goes back to the launcher)."""
    return rx.el.div(
        rx.el.div(
            rx.el.p(content.loader.dialog_label, class_name="panel-title"),
            reply_time(content, "reply-time-panel"),
        ),
        rx.el.button(
            content.loader.close, type="button", id=IDS["panelClose"], class_name="panel-close"
        ),
        class_name="panel-header",
    )


def widget(content: Catalog, locale: str, variant: PageVariant) -> rx.Component:
    """The page body of the widget in one language, categories in the page's order."""
    return rx.el.main(
        _panel_header(content),
        _language_switch(locale),
        _accent_style(),
        reveal_style(content),
        _host_bridges(),
        _flow_bridge(),
        rx.el.h1(content.ui.title, id="widget-title"),
        # Said plainly while the connection is down; events wait and are sent once it is back.
        # Filled by assets/widget.js when the backend cannot serve an event (Redis down...).
        rx.el.p(
            class_name="service-unavailable",
            role="alert",
            custom_attrs={DATA["text"]: content.ui.service_unavailable},
        ),
        rx.cond(
            has_connection_errors,
            rx.el.p(content.ui.connection_lost, role="alert", class_name="connection-lost"),
        ),
        # Polite live region: screen readers hear what each choice revealed (filled by
        # assets/client_flow.js from the choice's data-announce, in the frame of the choice).
        rx.el.div(
            aria_live="polite",
            role="status",
            class_name="visually-hidden",
            id=IDS["announcer"],
        ),
        rx.cond(
            WidgetState.step == "sent",
            confirmation_step(content),
            rx.fragment(
                search_step(content, locale),
                category_step(content, variant),
                topic_step(content, locale),
                help_step(content),
                form_step(content),
                nav(content),
            ),
        ),
        # Last, so nothing above moves when a signed-in customer's link appears (after the
        # first touch), and the questions stay first in the keyboard's path.
        rx.el.div(
            my_requests_link(content),
            tracking_link(content),
            my_requests(content),
            tracking_form(content),
            class_name="follow-up",
        ),
        aria_labelledby="widget-title",
        lang=locale,
        class_name="widget",
        # The browser's step (assets/client_flow.js); CSS shows the form while it is "form".
        # The page's context, for the host's `ready` before the page connects (host.js).
        custom_attrs={
            DATA["step"]: "category",
            DATA["context"]: variant.context or "standalone",
            # The page contract, once: the scripts read every name from it (page_contract.py).
            ROOT_ATTRIBUTE: contract_attribute(),
        },
        # Tests and the embed wait on this: the page is connected and its state loaded.
        data_hydrated=WidgetState.is_hydrated,
    )


def widget_page(variant: PageVariant) -> rx.Component:
    """The page of one variant: in its language until the customer switches.

    The state's locale is "" until the server has read the page's route, so the prerendered
    page and the hydrated one are both the variant's language (the match's default);
    a language switch renders the other branch in place, keeping the flow and what was typed.
    """
    return rx.match(
        WidgetState.locale,
        *[
            (name, widget(catalog(name), name, variant))
            for name in locales()
            if name != variant.locale
        ],
        widget(catalog(variant.locale), variant.locale, variant),
    )
