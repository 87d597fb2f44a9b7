"""One labelled form field with its hint and its error, linked for screen readers."""

from __future__ import annotations

import reflex as rx

from alma_widget.components.form_checks import has_error, shown_errors
from alma_widget.contact.state import ContactState
from alma_widget.page_contract import ID_PREFIXES


def field(
    name: str,
    label: rx.Component | str,
    hint: str,
    *,
    input_type: str = "text",
    autocomplete: str = "off",
    multiline: bool = False,
    required: bool | rx.Var = False,
) -> rx.Component:
    """Label, hint, error (when any) and input; the input says when it is invalid."""
    input_id = ID_PREFIXES["field"] + name
    invalid = has_error(name)
    described_by = rx.cond(invalid, f"hint-{name} error-{name}", f"hint-{name}")
    common = {
        "id": input_id,
        "name": name,
        "default_value": getattr(ContactState, name),
        "aria_invalid": rx.cond(invalid, "true", "false"),
        "aria_describedby": described_by,
        "aria_required": rx.cond(required, "true", "false"),
        "auto_complete": autocomplete,
        "on_blur": lambda value: ContactState.remember(name, value),
    }
    control = (
        rx.el.textarea(rows=6, **common) if multiline else rx.el.input(type=input_type, **common)
    )
    return rx.el.div(
        rx.el.label(label, html_for=input_id),
        rx.el.p(hint, id=f"hint-{name}", class_name="hint"),
        rx.cond(
            invalid,
            rx.el.p(shown_errors[name], id=f"error-{name}", class_name="field-error"),
        ),
        control,
        class_name=rx.cond(invalid, "field field-invalid", "field"),
    )
