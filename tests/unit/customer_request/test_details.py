"""A detail of the request is declared once (alma_widget/customer_request/details.py): the
model checks it, storage has its column, the content its words in every language, and what
the team and the customer read of a request follows from the declaration."""

import dataclasses

import pytest
from pydantic import ValidationError

from alma_widget.content.loading import catalog, locales
from alma_widget.customer_request.details import DETAILS, problems, team_lines, values_of
from alma_widget.customer_request.model import ContactRequestIn, detail_cleaner, field_errors
from alma_widget.storage.tables import SupportRequest

REQUEST = {
    "category_id": "order",
    "topic_id": "order-not-received",
    "email": "client@exemple.fr",
    "phone": "06 12 34 56 78",
    "message": "Mon colis n'est jamais arrivé depuis trois semaines.",
}


@pytest.mark.parametrize("detail", DETAILS, ids=lambda d: d.name)
def test_each_detail_has_its_column_of_its_length(detail):
    column = SupportRequest.__table__.columns[detail.name]
    assert column.nullable
    assert column.type.length == detail.max_length


@pytest.mark.parametrize("locale", locales())
def test_each_detail_has_its_words_in_every_language(locale):
    assert set(catalog(locale).details) == {detail.name for detail in DETAILS}


def test_the_start_names_a_detail_without_words_and_words_without_a_detail():
    content = catalog("fr")
    words = content.details["order_reference"]
    moved = content.model_copy(update={"details": {"invoice_number": words}})
    assert problems(moved) == [
        "[details.order_reference] manque dans le contenu",
        "[details.invoice_number] : détail inconnu",
    ]
    assert problems(content) == []


@pytest.mark.parametrize("detail", DETAILS, ids=lambda d: d.name)
def test_a_wrong_detail_is_told_in_its_own_words_in_each_language(detail):
    with pytest.raises(ValidationError) as refused:
        ContactRequestIn.model_validate({**REQUEST, detail.name: "<" * 3})
    for locale in locales():
        said = field_errors(refused.value, locale)
        assert said == {detail.name: catalog(locale).details[detail.name].invalid}


@pytest.mark.parametrize("detail", DETAILS, ids=lambda d: d.name)
def test_a_detail_longer_than_its_column_is_refused(detail):
    loose = dataclasses.replace(detail, pattern=r".+")
    clean = detail_cleaner(loose)
    assert clean("x" * detail.max_length) == "x" * detail.max_length
    with pytest.raises(ValueError):
        clean("x" * (detail.max_length + 1))


def test_the_team_reads_each_detail_in_french_and_a_dash_for_none():
    given = ContactRequestIn.model_validate({**REQUEST, "order_reference": " CMD-118 "})
    assert values_of(given) == {"order_reference": "CMD-118"}
    assert team_lines(given) == ["Référence de commande : CMD-118"]
    empty = ContactRequestIn.model_validate(REQUEST)
    assert team_lines(empty) == ["Référence de commande : -"]
