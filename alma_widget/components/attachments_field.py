"""Optional files with a request or an answer; checked again on the server (attachments.py)."""

from __future__ import annotations

import dataclasses

import reflex as rx

from alma_widget.contact.attachments import ALLOWED, MAX_BYTES, MAX_FILES
from alma_widget.contact.state import ContactState
from alma_widget.content.models import Catalog
from alma_widget.page_calls import CARRIED_FLOW, FILES_KEY
from alma_widget.page_contract import ID_PREFIXES

UPLOAD_ID = "attachments"


@dataclasses.dataclass(frozen=True)
class FilesOf:
    """Whose files: the ids' stem (`name`: two forms may share the page), the files held,
    the errors, and the events that add and remove one."""

    name: str
    files: rx.Var
    errors: rx.Var
    on_drop: object
    remove: object


def contact_files() -> FilesOf:
    return FilesOf(
        name=UPLOAD_ID,
        files=ContactState.files,
        errors=ContactState.errors,
        # The upload carries the browser's flow: it may reach the server before the
        # snapshots that open the form (another worker, another queue).
        on_drop=ContactState.add_files(
            rx.upload_files(upload_id=UPLOAD_ID), CARRIED_FLOW, FILES_KEY
        ),
        remove=ContactState.remove_file,
    )


def _file_row(content: Catalog, of: FilesOf, file: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.el.span(file["original_name"]),
        rx.el.button(
            content.ui.attachments_remove,
            rx.el.span(" ", file["original_name"], class_name="visually-hidden"),
            type="button",
            on_click=of.remove(file["stored_name"]),
            class_name="link-button",
        ),
    )


def attachments_field(content: Catalog, of: FilesOf | None = None) -> rx.Component:
    """A button that opens the file picker (drop works too) and the list of accepted files."""
    of = of or contact_files()
    name = of.name
    has_error = of.errors.contains("attachments")
    return rx.el.div(
        rx.el.p(content.ui.attachments_label, class_name="label", id=f"label-{name}"),
        rx.el.p(content.ui.attachments_hint, id=f"hint-{name}", class_name="hint"),
        rx.cond(
            has_error,
            rx.el.p(of.errors["attachments"], id=f"error-{name}", class_name="field-error"),
        ),
        rx.upload.root(
            rx.el.button(
                content.ui.attachments_button,
                type="button",
                id=ID_PREFIXES["field"] + name,
                aria_describedby=rx.cond(has_error, f"hint-{name} error-{name}", f"hint-{name}"),
            ),
            id=name,
            multiple=True,
            max_files=MAX_FILES,
            max_size=MAX_BYTES,
            accept={mime: [] for mime in ALLOWED},
            # The button inside is the keyboard control; the drop zone itself is not a stop.
            no_keyboard=True,
            on_drop=of.on_drop,
            class_name="dropzone",
        ),
        rx.el.ul(
            rx.foreach(of.files, lambda file: _file_row(content, of, file)),
            class_name="files",
            aria_labelledby=f"label-{name}",
        ),
        class_name=rx.cond(has_error, "field field-invalid", "field"),
    )
