"""The contact form, revealed when the help text was not enough."""

import reflex as rx

from alma_widget.catalog import Catalog
from alma_widget.components.attachments_field import attachments_field
from alma_widget.components.fields import field
from alma_widget.contact import ContactState
from alma_widget.state import FOCUS_FORM, WidgetState


def _intro(content: Catalog) -> rx.Component:
    """Line 2 or 3 of the help centre page, depending on the category's kind."""
    return rx.match(
        WidgetState.category_id,
        *[(c.id, rx.el.p(getattr(content.intros, c.intro))) for c in content.categories],
        rx.fragment(),
    )


def _error_summary(content: Catalog) -> rx.Component:
    """The errors at the top, each linked to its field (GOV.UK's error summary)."""
    return rx.cond(
        ContactState.error_count > 0,
        rx.el.div(
            rx.el.h3(content.ui.error_summary_title),
            rx.el.ul(
                rx.foreach(
                    ContactState.errors,
                    lambda item: rx.el.li(
                        rx.cond(
                            item[0] == "form",
                            rx.el.span(item[1]),
                            rx.el.a(item[1], href="#field-" + item[0]),
                        )
                    ),
                )
            ),
            id="form-error-summary",
            role="alert",
            tab_index=-1,
            class_name="error-summary",
        ),
    )


def _optional(label: str, content: Catalog, required) -> rx.Component:
    return rx.fragment(label, rx.cond(required, "", f" {content.ui.optional}"))


def _honeypot(content: Catalog) -> rx.Component:
    """A field people never see; bots fill it. Hidden from screen readers and keyboards."""
    return rx.el.div(
        rx.el.label(content.ui.honeypot_label, html_for="field-website"),
        rx.el.input(id="field-website", name="website", tab_index=-1, autocomplete="off"),
        aria_hidden="true",
        class_name="honeypot",
    )


def _form(content: Catalog) -> rx.Component:
    ui = content.ui
    asks_for_order = WidgetState.asks_for_order
    return rx.el.form(
        _error_summary(content),
        field(
            "email",
            ui.email_label,
            ui.email_hint,
            input_type="email",
            autocomplete="email",
            required=True,
        ),
        field(
            "phone",
            _optional(ui.phone_label, content, asks_for_order),
            ui.phone_hint,
            input_type="tel",
            autocomplete="tel",
            required=asks_for_order,
        ),
        rx.cond(
            asks_for_order,
            field(
                "order_reference",
                _optional(ui.order_reference_label, content, False),
                ui.order_reference_hint,
            ),
        ),
        field("message", ui.message_label, ui.message_hint, multiline=True, required=True),
        rx.cond(WidgetState.accepts_attachments, attachments_field(content)),
        _honeypot(content),
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
        # A prefill from the host remounts the inputs so they show the new values.
        key="contact-form-" + ContactState.prefill_generation.to_string(),
        reset_on_submit=False,
        no_validate=True,
    )


def form_step(content: Catalog) -> rx.Component:
    """The contact step; only present once the customer asked for it."""
    return rx.cond(
        WidgetState.step == "form",
        rx.el.section(
            rx.el.h2(content.ui.contact_button, id=FOCUS_FORM, tab_index=-1),
            _intro(content),
            _form(content),
            aria_labelledby=FOCUS_FORM,
            class_name="contact",
        ),
    )
