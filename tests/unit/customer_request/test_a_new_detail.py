"""A new contact field is one declaration (docs/architecture.md): a detail added to
`customer_request/details.py`, with its words in each content file, is asked for by the form,
checked in the page and on the server in its own words, and read by the team in the mail,
the ticket (its custom field), the back office and the export. Played in a fresh process, the
declaration extended before the package reads it; its column and migration are the part
written by hand (tested by test_details.py and test_migrations.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

WITH_AN_INVOICE_NUMBER = r"""
import json, sys
from pathlib import Path

from alma_widget.content import loading

content = Path(sys.argv[1])
for path in loading.content_files():
    words = (
        '\n[details.invoice_number]\nlabel = "Numéro de facture"\n'
        'hint = "Sur la facture du marchand."\n'
        'invalid = "Le numéro de facture ne compte que des chiffres."\n'
    )
    (content / path.name).write_text(path.read_text(encoding="utf-8") + words, encoding="utf-8")
loading.CONTENT_DIR = content

from alma_widget.customer_request import details

invoice = details.Detail("invoice_number", r"[0-9]{1,12}", max_length=12, ticket_field=True)
details.DETAILS = (*details.DETAILS, invoice)
details.DETAIL_NAMES = (*details.DETAIL_NAMES, invoice.name)
details.TICKET_DETAILS = (*details.TICKET_DETAILS, invoice.name)

from pydantic import ValidationError

from alma_widget.admin.reporting import CSV_COLUMNS
from alma_widget.admin.views import detail_fields
from alma_widget.components.form_checks import checks_settings
from alma_widget.components.form_step import form_step
from alma_widget.contact.state import ContactState
from alma_widget.content.loading import catalog
from alma_widget.customer_request.model import CONTACT_FIELDS, ContactRequestIn, field_errors
from alma_widget.delivery.config import ZENDESK_FIELDS

request = {
    "category_id": "order",
    "topic_id": "order-not-received",
    "email": "client@exemple.fr",
    "phone": "06 12 34 56 78",
    "message": "Mon colis n'est jamais arrivé depuis trois semaines.",
}
try:
    ContactRequestIn.model_validate({**request, "invoice_number": "F-12"})
    refused = {}
except ValidationError as exc:
    refused = field_errors(exc, "fr")
given = ContactRequestIn.model_validate({**request, "invoice_number": " 4512 "})
print(json.dumps({
    "problems": details.problems(catalog()),
    "contact_fields": list(CONTACT_FIELDS),
    "refused": refused,
    "kept": details.values_of(given),
    "team_lines": details.team_lines(given),
    "page_checks": json.loads(checks_settings(catalog("en")))["details"].get("invoice_number"),
    "form": "field-invoice_number" in str(form_step(catalog())),
    "state": "invoice_number" in ContactState.__fields__,
    "zendesk_fields": list(ZENDESK_FIELDS),
    "back_office": [label for name, label in detail_fields() if name == "invoice_number"],
    "export": "invoice_number" in CSV_COLUMNS,
}))
"""


def test_a_new_detail_is_one_declaration_and_its_words(tmp_path):
    played = subprocess.run(
        [sys.executable, "-c", WITH_AN_INVOICE_NUMBER, str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert played.returncode == 0, played.stderr[-2000:]
    seen = json.loads(played.stdout.strip().splitlines()[-1])
    assert seen["problems"] == []
    assert seen["contact_fields"] == [
        "email",
        "phone",
        "order_reference",
        "invoice_number",
        "message",
    ]
    assert seen["refused"] == {"invoice_number": "Le numéro de facture ne compte que des chiffres."}
    assert seen["kept"] == {"order_reference": None, "invoice_number": "4512"}
    assert seen["team_lines"] == ["Référence de commande : -", "Numéro de facture : 4512"]
    assert seen["page_checks"] == {
        "pattern": "[0-9]{1,12}",
        "max_length": 12,
        "purchase_only": False,
        "invalid": "Le numéro de facture ne compte que des chiffres.",
    }
    assert seen["form"] and seen["state"] and seen["export"]
    assert seen["zendesk_fields"] == [
        "category",
        "topic",
        "order_reference",
        "invoice_number",
        "merchant",
    ]
    assert seen["back_office"] == ["Numéro de facture"]
