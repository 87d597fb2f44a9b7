"""« Suivre une demande »: the link a customer not signed in sees, and its small form."""

from __future__ import annotations

import reflex as rx

from alma_widget.components.link_button import view_toggle
from alma_widget.content.models import Catalog
from alma_widget.identity.state import IdentityState
from alma_widget.tracking.state import FOCUS_TRACKING, TrackingState


def tracking_link(content: Catalog) -> rx.Component:
    return rx.cond(
        IdentityState.signed_in_email == "",
        view_toggle(
            content.requests.track_link,
            TrackingState.toggle,
            expanded=TrackingState.asking,
            id="track-link",
        ),
    )


def _field(name: str, label: str, hint: str, input_type: str, autocomplete: str) -> rx.Component:
    error = TrackingState.errors[name]
    invalid = TrackingState.errors.contains(name)
    return rx.el.div(
        rx.el.label(label, html_for=f"track-{name}"),
        rx.el.p(hint, id=f"track-hint-{name}", class_name="hint"),
        rx.cond(invalid, rx.el.p(error, id=f"track-error-{name}", class_name="field-error")),
        rx.el.input(
            id=f"track-{name}",
            name=name,
            type=input_type,
            auto_complete=autocomplete,
            aria_invalid=rx.cond(invalid, "true", "false"),
            aria_describedby=rx.cond(
                invalid, f"track-hint-{name} track-error-{name}", f"track-hint-{name}"
            ),
        ),
        class_name=rx.cond(invalid, "field field-invalid", "field"),
    )


def tracking_form(content: Catalog) -> rx.Component:
    texts, ui = content.requests, content.ui
    return rx.cond(
        TrackingState.asking,
        rx.el.section(
            rx.el.h2(texts.track_title, id=FOCUS_TRACKING, tab_index=-1),
            rx.el.p(texts.track_intro),
            rx.el.form(
                _field(
                    "reference",
                    texts.track_reference_label,
                    texts.track_reference_hint,
                    "text",
                    "off",
                ),
                _field("email", ui.email_label, ui.email_hint, "email", "email"),
                rx.el.button(texts.track_submit, type="submit", class_name="primary"),
                on_submit=TrackingState.ask,
                reset_on_submit=False,
                no_validate=True,
                method="post",
            ),
            # One answer whatever happened, said to screen readers too.
            rx.el.p(
                rx.cond(
                    TrackingState.sent,
                    texts.track_sent,
                    TrackingState.errors.get("form", ""),
                ),
                id="track-answer",
                role="status",
                tab_index=-1,
            ),
            aria_labelledby=FOCUS_TRACKING,
            class_name="tracking",
        ),
    )
