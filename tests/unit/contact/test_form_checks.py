"""The browser's form checks (assets/form_checks.js) against the server's model.

The browser may let through what the server refuses (the server has the last word), but
what it refuses, the server refuses too, with the same words. Run in Node, the very file the
page inlines.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from pydantic import ValidationError

from alma_widget.components.form_checks import checks_address, checks_files, checks_settings
from alma_widget.content.loading import catalog, locales
from alma_widget.customer_request.model import ContactRequestIn, field_errors

SCRIPT = Path(__file__).resolve().parents[3] / "assets" / "form_checks.js"
VALID = {
    "email": "client@exemple.fr",
    "phone": "06 12 34 56 78",
    "order_reference": "CMD-1",
    "message": "ma cb ne passe pas sur le site du marchand",
}
# (field, what a customer typed), written as customers type.
TYPED = [
    ("email", ""),
    ("email", "   "),
    ("email", "jean.dupont@gmail.com"),
    ("email", "jean.dupont@gmail"),
    ("email", "jean dupont@gmail.com"),
    ("email", "jeandupont.gmail.com"),
    ("email", "JEAN@Orange.FR "),
    ("email", "jean@@gmail.com"),
    ("email", "élodie@laposte.net"),
    ("email", "a" * 250 + "@x.fr"),
    ("phone", ""),
    ("phone", "0612345678"),
    ("phone", "06 12 34 56 78"),
    ("phone", "06.12.34.56.78"),
    ("phone", "+33 6 12 34 56 78"),
    ("phone", "+33\u00a06\u00a012\u00a034\u00a056\u00a078"),
    ("phone", "0033612345678"),
    ("phone", "06-12-34-56-78"),
    ("phone", "(0)6 12 34 56 78"),
    ("phone", "06 12 34 56"),
    ("phone", "mon tel 0612345678"),
    ("phone", "06l2345678"),
    ("phone", "12"),
    ("phone", "0612"),
    ("phone", "tel : ?"),
    ("phone", "mon numero est le 06 12 34 56 78 merci"),
    ("phone", "mon numero de portable est le 06 12 34 56 78"),
    ("phone", "+44 7911 123456"),
    ("order_reference", ""),
    ("order_reference", "CMD-2024/118"),
    ("order_reference", "commande 118"),
    ("order_reference", "#118"),
    ("message", ""),
    ("message", "cb refusee"),
    ("message", "colis pas recu depuis 3 semaines"),
    ("message", "  prelevement   "),
    ("message", "x" * 5000),
    ("message", "x" * 5001),
    ("message", "é" * 19),
    ("message", "e\u0301" * 19 + "e"),
    ("message", "ligne 1\r\nligne 2\r\nligne 3 et la suite"),
    ("message", "😀" * 20),
]
CATEGORIES = {"payment": True, "instalments": False}  # id: asks for the order's phone


def _browser_verdicts(locale: str) -> list[list[str]]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node is not installed")
    cases = [[name, text, purchase] for name, text in TYPED for purchase in CATEGORIES.values()]
    program = (
        f"const {{problem}} = require({json.dumps(str(SCRIPT))});"
        f"const c = JSON.parse({json.dumps(checks_settings(catalog(locale)))});"
        f"const cases = {json.dumps(cases)};"
        "console.log(JSON.stringify(cases.map(([n, t, p]) => problem(n, t, c, p) || '')));"
    )
    out = subprocess.run([node, "-e", program], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def _server_verdict(name: str, text: str, category: str, locale: str) -> str:
    try:
        ContactRequestIn.model_validate(
            {**VALID, name: text, "category_id": category, "topic_id": _topic(category)}
        )
    except ValidationError as exc:
        return field_errors(exc, locale).get(name, "")
    return ""


def _topic(category: str) -> str:
    return catalog().category(category).topics[0].id


@pytest.mark.parametrize("locale", ["fr", "en"])
def test_what_the_browser_refuses_the_server_refuses_in_the_same_words(locale):
    browser = iter(_browser_verdicts(locale))
    refused = 0
    for name, text in TYPED:
        for category in CATEGORIES:
            said = next(browser)
            if not said:
                continue
            refused += 1
            assert _server_verdict(name, text, category, locale) == said, (name, text, category)
    assert refused >= 15  # the browser does answer for itself


def test_the_browser_lets_through_what_the_server_accepts():
    browser = iter(_browser_verdicts("fr"))
    for name, text in TYPED:
        for category in CATEGORIES:
            said = next(browser)
            if not _server_verdict(name, text, category, "fr"):
                assert said == "", (name, text, category)


def test_each_language_s_checks_are_a_file_named_by_what_it_holds():
    """Not in the page (#34: bytes before the first touch): the form names its language's
    file, which the build writes among the public files."""
    files = dict(checks_files())
    for locale in locales():
        content = catalog(locale)
        written = files[Path("public") / checks_address(content).lstrip("/")]
        assert json.loads(written) == json.loads(checks_settings(content))
    assert len(set(files)) == len(locales())
