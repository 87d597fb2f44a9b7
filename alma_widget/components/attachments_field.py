"""Optional files with the request; checked again on the server (see attachments.py)."""

import reflex as rx

from alma_widget.contact.attachments import ALLOWED, MAX_BYTES, MAX_FILES
from alma_widget.contact.state import ContactState
from alma_widget.content.models import Catalog
from alma_widget.page_calls import CARRIED_FLOW

UPLOAD_ID = "attachments"


def _file_row(content: Catalog, file: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.el.span(file["original_name"]),
        rx.el.button(
            content.ui.attachments_remove,
            rx.el.span(" ", file["original_name"], class_name="visually-hidden"),
            type="button",
            on_click=ContactState.remove_file(file["stored_name"]),
            class_name="link-button",
        ),
    )


def attachments_field(content: Catalog) -> rx.Component:
    """A button that opens the file picker (drop works too) and the list of accepted files."""
    has_error = ContactState.errors.contains("attachments")
    return rx.el.div(
        rx.el.p(content.ui.attachments_label, class_name="label", id="label-attachments"),
        rx.el.p(content.ui.attachments_hint, id="hint-attachments", class_name="hint"),
        rx.cond(
            has_error,
            rx.el.p(
                ContactState.errors["attachments"],
                id="error-attachments",
                class_name="field-error",
            ),
        ),
        rx.upload(
            rx.el.button(
                content.ui.attachments_button,
                type="button",
                id="field-attachments",
                aria_describedby=rx.cond(
                    has_error, "hint-attachments error-attachments", "hint-attachments"
                ),
            ),
            id=UPLOAD_ID,
            multiple=True,
            max_files=MAX_FILES,
            max_size=MAX_BYTES,
            accept={mime: [] for mime in ALLOWED},
            # The button inside is the keyboard control; the drop zone itself is not a stop.
            no_keyboard=True,
            # The upload carries the browser's flow: it may reach the server before the
            # snapshots that open the form (another worker, another queue).
            on_drop=ContactState.add_files(rx.upload_files(upload_id=UPLOAD_ID), CARRIED_FLOW),
            class_name="dropzone",
        ),
        rx.el.ul(
            rx.foreach(ContactState.files, lambda file: _file_row(content, file)),
            class_name="files",
            aria_labelledby="label-attachments",
        ),
        class_name=rx.cond(has_error, "field field-invalid", "field"),
    )
