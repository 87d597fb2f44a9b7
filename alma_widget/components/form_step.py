"""The contact form, revealed when the help text was not enough."""

import reflex as rx

from alma_widget.components.attachments_field import attachments_field
from alma_widget.components.fields import field
from alma_widget.components.form_checks import (
    any_error,
    checks_address,
    shown_errors,
    verdict_bridge,
)
from alma_widget.components.link_button import link_button
from alma_widget.components.reply_time import reply_time
from alma_widget.components.search_step import message_suggestion
from alma_widget.contact.state import ContactState
from alma_widget.content.models import Catalog
from alma_widget.customer_request.details import DETAILS, Detail, texts_of
from alma_widget.flow.state import WidgetState
from alma_widget.identity.state import IdentityState
from alma_widget.page_calls import FOCUS_FORM
from alma_widget.page_contract import DATA, FORM_FIELDS, IDS


def _intro(content: Catalog) -> rx.Component:
    """Line 2 or 3 of the help centre page; CSS shows the one of the chosen category's kind."""
    return rx.fragment(
        rx.el.p(content.intros.purchase, class_name="if-purchase"),
        rx.el.p(content.intros.account, class_name="unless-purchase"),
    )


def _error_summary(content: Catalog) -> rx.Component:
    """The errors at the top, each linked to its field (GOV.UK's error summary)."""
    return rx.cond(
        any_error(),
        rx.el.div(
            rx.el.h3(content.ui.error_summary_title),
            rx.el.ul(
                rx.foreach(
                    shown_errors,
                    lambda item: rx.cond(
                        item[1] != "",
                        rx.el.li(
                            rx.cond(
                                item[0] == "form",
                                rx.el.span(item[1]),
                                rx.el.a(item[1], href="#field-" + item[0]),
                            )
                        ),
                    ),
                )
            ),
            id="form-error-summary",
            role="alert",
            tab_index=-1,
            class_name="error-summary",
        ),
    )


def _optional(label: str, content: Catalog, *, unless_purchase: bool = False) -> rx.Component:
    """The label with « (facultatif) »; outside purchase questions only, if asked (CSS)."""
    if not unless_purchase:
        return rx.fragment(f"{label} {content.ui.optional}")
    return rx.fragment(label, rx.el.span(f" {content.ui.optional}", class_name="unless-purchase"))


def _honeypot(content: Catalog) -> rx.Component:
    """A field people never see; bots fill it. Hidden from screen readers and keyboards."""
    return rx.el.div(
        rx.el.label(content.ui.honeypot_label, html_for="field-website"),
        rx.el.input(id="field-website", name="website", tab_index=-1, auto_complete="off"),
        aria_hidden="true",
        class_name="honeypot",
    )


def _signed_in_email(content: Catalog) -> rx.Component:
    """A signed-in customer's address: read-only (the server sends it whatever the page
    says), with the way out for someone else on the same device."""
    ui = content.ui
    return rx.el.div(
        rx.el.label(ui.email_label, html_for="field-email"),
        rx.el.p(ui.email_signed_in_hint, id="hint-email", class_name="hint"),
        rx.el.input(
            id="field-email",
            name="email",
            type="email",
            value=IdentityState.signed_in_email,
            read_only=True,
            aria_describedby="hint-email",
        ),
        link_button(ui.not_you, ContactState.not_me),
        class_name="field field-locked",
    )


def _email(content: Catalog) -> rx.Component:
    ui = content.ui
    return rx.cond(
        IdentityState.signed_in_email != "",
        _signed_in_email(content),
        field(
            "email",
            ui.email_label,
            ui.email_hint,
            input_type="email",
            autocomplete="email",
            required=True,
        ),
    )


def _detail(detail: Detail, content: Catalog) -> rx.Component:
    """A detail of the request (customer_request/details.py), always optional; one asked for
    purchase questions only is shown by CSS for them (the server ignores it for the others)."""
    texts = texts_of(detail, content)
    asked = field(detail.name, _optional(texts.label, content), texts.hint)
    return rx.el.div(asked, class_name="if-purchase") if detail.purchase_only else asked


def _form(content: Catalog) -> rx.Component:
    ui = content.ui
    asks_for_order = WidgetState.asks_for_order
    return rx.el.form(
        _error_summary(content),
        _email(content),
        field(
            "phone",
            _optional(ui.phone_label, content, unless_purchase=True),
            ui.phone_hint,
            input_type="tel",
            autocomplete="tel",
            required=asks_for_order,
        ),
        *(_detail(detail, content) for detail in DETAILS),
        field("message", ui.message_label, ui.message_hint, multiline=True, required=True),
        message_suggestion(content),
        rx.el.div(attachments_field(content), class_name="if-attachments"),
        _honeypot(content),
        # The browser's flow, kept here by assets/client_flow.js: a request sent to a server
        # that restarted while the page was offline still finds its topic.
        rx.el.input(type="hidden", name=FORM_FIELDS["browserFlow"]),
        # The page's key to the files chosen (contact/uploads.py), also by client_flow.js.
        rx.el.input(type="hidden", name=FORM_FIELDS["filesKey"]),
        reply_time(content, "reply-time-form"),
        rx.el.button(
            rx.cond(ContactState.sending, ui.sending, ui.submit),
            type="submit",
            disabled=ContactState.sending,
            aria_busy=rx.cond(ContactState.sending, "true", "false"),
            class_name="primary",
            id="submit-request",
        ),
        rx.el.p(
            ui.privacy_notice,
            " ",
            rx.el.a(
                ui.privacy_link,
                rx.el.span(f" ({ui.new_tab})", class_name="visually-hidden"),
                href=ui.privacy_url,
                target="_blank",
                rel="noopener noreferrer",
            ),
            class_name="hint privacy",
        ),
        on_submit=ContactState.submit,
        id=IDS["contactForm"],
        custom_attrs={
            # Handed back to a server that restarted (assets/client_flow.js): one request.
            DATA["submissionKey"]: WidgetState.submission_key,
            # Where the browser's checks are, in this language (assets/form_checks.js).
            DATA["checks"]: checks_address(content),
        },
        # A prefill from the host remounts the inputs so they show the new values.
        key="contact-form-" + ContactState.prefill_generation.to_string(),
        reset_on_submit=False,
        no_validate=True,
        # Never a GET: what was typed must not end up in an address (assets/client_flow.js
        # also stops the browser's own submission).
        method="post",
    )


def form_step(content: Catalog) -> rx.Component:
    """The contact step, in the page from the start; shown (by CSS) once asked for."""
    return rx.el.section(
        rx.el.h2(content.ui.contact_button, id=FOCUS_FORM, tab_index=-1),
        _intro(content),
        verdict_bridge(),
        _form(content),
        aria_labelledby=FOCUS_FORM,
        class_name="contact",
    )
