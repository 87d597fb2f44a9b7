"""The request's details: short optional texts the contact form asks for besides the address,
the phone and the message (the order reference today). Each is declared here once; the form,
the checks in the page and on the server, storage, the mail to the team, the Zendesk ticket,
« Mes demandes » and the back office follow from the declaration. Its words are in each
content file (`[details.NAME]`: label, hint, invalid); its column in `storage/tables.py`, with
its migration, is written by hand (docs/architecture.md: « The page contract », the table of
the ordinary changes)."""

from __future__ import annotations

import dataclasses

from alma_widget.content.loading import catalog
from alma_widget.content.models import Catalog, DetailTexts
from alma_widget.identifiers import ORDER_REFERENCE


@dataclasses.dataclass(frozen=True)
class Detail:
    """One optional text of the request."""

    # The form's input, the request's attribute and the table's column.
    name: str
    # The whole of what it may be (a regular expression, checked in the page and here).
    pattern: str
    # Its column's length: the pattern allows no longer.
    max_length: int
    # Asked for purchase questions only (the categories whose `asks_for_order` is set).
    purchase_only: bool = False
    # A custom field of its own on the Zendesk ticket form (ALMA_ZENDESK_FIELD_IDS names it).
    ticket_field: bool = False


DETAILS: tuple[Detail, ...] = (
    Detail(
        "order_reference", ORDER_REFERENCE, max_length=64, purchase_only=True, ticket_field=True
    ),
)
DETAIL_NAMES = tuple(detail.name for detail in DETAILS)
# The details with a custom field of their own on the ticket.
TICKET_DETAILS = tuple(detail.name for detail in DETAILS if detail.ticket_field)


def texts_of(detail: Detail, content: Catalog) -> DetailTexts:
    """The detail's words in this content (`problems` refuses to start without them)."""
    return content.details[detail.name]


def problems(content: Catalog) -> list[str]:
    """The default content against the declaration: every detail has its words, and no words
    are left for a detail no longer declared (content/loading.py holds the other locales to
    the default one)."""
    declared, written = set(DETAIL_NAMES), set(content.details)
    return [
        *(f"[details.{name}] manque dans le contenu" for name in sorted(declared - written)),
        *(f"[details.{name}] : détail inconnu" for name in sorted(written - declared)),
    ]


def values_of(row: object) -> dict[str, str | None]:
    """Each detail's value on a request (the model, a stored row), by name."""
    return {detail.name: getattr(row, detail.name, None) for detail in DETAILS}


def team_lines(row: object) -> list[str]:
    """« Référence de commande : CMD-1 », one line per detail for the team's mail and ticket,
    in French (the team's language), « - » for a detail left empty."""
    team = catalog("fr")
    return [f"{texts_of(d, team).label} : {getattr(row, d.name, None) or '-'}" for d in DETAILS]
