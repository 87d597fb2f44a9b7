"""The contact request model: a table of good and bad inputs, and properties."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from alma_widget.content.loading import catalog
from alma_widget.customer_request.model import (
    EMAIL_MAX,
    PHONE_INPUT_MAX,
    ContactRequestIn,
    field_errors,
)

GOOD = {
    "category_id": "payment",
    "topic_id": "payment-refused",
    "email": "client@exemple.fr",
    "phone": "06 12 34 56 78",
    "order_reference": "CMD-42",
    "message": "Mon paiement a été refusé deux fois hier soir.",
}


def errors_for(**changes) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        ContactRequestIn.model_validate({**GOOD, **changes})
    return field_errors(caught.value, "fr")


ACCEPTED = [
    ("email", "Client@Exemple.FR", "email", "Client@exemple.fr"),
    ("email", "  client@exemple.fr  ", "email", "client@exemple.fr"),
    ("email", "prenom.nom+alma@sous.domaine.fr", "email", "prenom.nom+alma@sous.domaine.fr"),
    ("email", "client@société.fr", "email", "client@société.fr"),
    ("email", "a" * 64 + "@" + "b" * 60 + ".fr", "email", "a" * 64 + "@" + "b" * 60 + ".fr"),
    ("phone", "06 12 34 56 78", "phone", "+33612345678"),
    ("phone", "+33 6 12 34 56 78", "phone", "+33612345678"),
    ("phone", "0033612345678", "phone", "+33612345678"),
    ("phone", "06.12.34.56.78", "phone", "+33612345678"),
    ("phone", "+44 20 7946 0958", "phone", "+442079460958"),
    ("phone", "+1 415 555 2671", "phone", "+14155552671"),
    ("phone", "01 23 45 67 89", "phone", "+33123456789"),
    ("order_reference", "", "order_reference", None),
    ("order_reference", "A-1_b/2", "order_reference", "A-1_b/2"),
    ("order_reference", "X" * 64, "order_reference", "X" * 64),
    ("message", "  " + "é" * 20 + "  ", "message", "é" * 20),
    ("message", "e\u0301" * 20, "message", "é" * 20),  # NFC
    (
        "message",
        "Ligne 1\r\nLigne 2\tavec tab, et 20+ car.",
        "message",
        "Ligne 1\nLigne 2\tavec tab, et 20+ car.",
    ),
    ("message", "x" * 5000, "message", "x" * 5000),
    (
        "message",
        "<script>alert('xss')</script> au secours",
        "message",
        "<script>alert('xss')</script> au secours",
    ),
    (
        "message",
        "' OR 1=1; DROP TABLE support_request; --",
        "message",
        "' OR 1=1; DROP TABLE support_request; --",
    ),
]


@pytest.mark.parametrize(("field", "value", "out_field", "expected"), ACCEPTED)
def test_accepted_and_normalized(field, value, out_field, expected):
    request = ContactRequestIn.model_validate({**GOOD, field: value})
    assert getattr(request, out_field) == expected


REFUSED = [
    ("email", "", "Indiquez votre adresse email."),
    ("email", "   ", "Indiquez votre adresse email."),
    ("email", "client", "Adresse email invalide"),
    ("email", "client@", "Adresse email invalide"),
    ("email", "@exemple.fr", "Adresse email invalide"),
    ("email", "client@@exemple.fr", "Adresse email invalide"),
    ("email", "client @exemple.fr", "Adresse email invalide"),
    ("email", "client@exemple", "Adresse email invalide"),
    ("email", "a" * 250 + "@x.fr", "254 caractères"),
    ("email", "client@gmаil.com", "mélange plusieurs alphabets"),  # Cyrillic а
    ("email", "сlient@exemple.fr", "Adresse email invalide"),  # Cyrillic с, non-ASCII local part
    ("email", "client@exemple.fr\nBcc: x@y.fr", "caractères de contrôle"),
    ("email", "client\u202e@exemple.fr", "sens d'écriture"),
    ("email", "<script>@exemple.fr", "Adresse email invalide"),
    ("email", 42, "doit être du texte"),
    ("email", ["client@exemple.fr"], "doit être du texte"),
    ("phone", "", "Indiquez le numéro de téléphone utilisé lors de votre commande."),
    ("phone", "06 12 34", "Numéro de téléphone invalide"),
    ("phone", "00 00 00 00 00", "Numéro de téléphone invalide"),
    ("phone", "+33 6 12 34 56 78 90", "Numéro de téléphone invalide"),
    ("phone", "téléphone", "Numéro de téléphone invalide"),
    ("phone", "+99 123 456 789", "Numéro de téléphone invalide"),
    ("phone", "0" * 41, "Numéro de téléphone invalide"),
    ("phone", "06 12 34 56 78\u202e", "sens d'écriture"),
    ("order_reference", "X" * 65, "64 caractères"),
    ("order_reference", "CMD 42", "lettres, des chiffres"),
    ("order_reference", "CMD-42<script>", "lettres, des chiffres"),
    ("order_reference", "СMD-42", "lettres, des chiffres"),  # Cyrillic С
    ("order_reference", "../../etc/passwd", "lettres, des chiffres"),
    ("message", "", "Décrivez votre demande."),
    ("message", "trop court", "trop court"),
    ("message", "x" * 19, "trop court"),
    ("message", "x" * 5001, "trop long"),
    ("message", "Bonjour\x00, voici ma demande complète.", "caractères de contrôle"),
    ("message", "Bonjour\x1b[31m, voici ma demande complète.", "caractères de contrôle"),
    ("message", "Remboursement \u202eexe.fdp svp merci", "sens d'écriture"),
    ("message", "Bonjour \u2066isolé\u2069 voici ma demande.", "sens d'écriture"),
    ("message", None, "Décrivez votre demande."),
    ("message", {"$gt": ""}, "doit être du texte"),
]


@pytest.mark.parametrize(("field", "value", "expected"), REFUSED)
def test_refused_with_a_french_message(field, value, expected):
    errors = errors_for(**{field: value})
    assert expected in errors[field]


def _address_of_length(length: int) -> str:
    """A well-formed address of exactly `length` characters (labels of 63 at most)."""
    labels, left = [], length - len("a" * 64 + "@") - len(".fr")
    while left > 0:
        labels.append("x" * min(63, left))
        left -= len(labels[-1]) + 1
    return "a" * 64 + "@" + ".".join(labels) + ".fr"


def _phone_of_length(length: int) -> str:
    """+33 6 12 34 56 78 spread with spaces to exactly `length` characters."""
    parts = ["+33", "6", "12", "34", "56", "78"]
    spaces = length - sum(map(len, parts))
    gaps = [spaces // 5 + (index < spaces % 5) for index in range(5)]
    return parts[0] + "".join(" " * gap + part for gap, part in zip(gaps, parts[1:], strict=True))


def test_an_address_and_a_phone_at_their_length_limit_are_accepted_one_more_is_not():
    at_limit = _address_of_length(EMAIL_MAX)
    assert len(at_limit) == EMAIL_MAX
    assert ContactRequestIn.model_validate({**GOOD, "email": at_limit}).email == at_limit
    assert str(EMAIL_MAX) in errors_for(email=_address_of_length(EMAIL_MAX + 1))["email"]
    phone = _phone_of_length(PHONE_INPUT_MAX)
    assert len(phone) == PHONE_INPUT_MAX
    assert ContactRequestIn.model_validate({**GOOD, "phone": phone}).phone == "+33612345678"
    assert "phone" in errors_for(phone=_phone_of_length(PHONE_INPUT_MAX + 1))


def test_phone_is_optional_for_account_questions():
    request = ContactRequestIn.model_validate(
        {**GOOD, "category_id": "account", "topic_id": "complaint", "phone": ""}
    )
    assert request.phone is None


def test_unknown_topic_is_a_form_error():
    assert "objet de votre demande" in errors_for(topic_id="refund")["form"]


def test_every_invalid_field_is_reported_at_once_in_form_order():
    errors = errors_for(email="x", phone="", message="court")
    assert list(errors) == ["email", "phone", "message"]


@pytest.mark.parametrize("locale", ["fr", "en"])
def test_a_refusal_without_wording_of_its_own_reads_the_generic_one(locale):
    # One of pydantic's own refusals (none is reachable today): the customer reads the
    # generic message in their language, never pydantic's English.
    refusal = ValidationError.from_exception_data(
        "ContactRequestIn",
        [{"type": "string_too_long", "loc": ("message",), "input": "x", "ctx": {"max_length": 1}}],
    )
    assert field_errors(refusal, locale) == {"message": catalog(locale).errors.invalid}


def test_missing_fields_are_reported():
    with pytest.raises(ValidationError) as caught:
        ContactRequestIn.model_validate({"category_id": "payment", "topic_id": "payment-refused"})
    errors = field_errors(caught.value, "fr")
    assert errors == {
        "email": "Ce champ est obligatoire.",
        # A purchase question asks for the order's phone in its own words.
        "phone": "Indiquez le numéro de téléphone utilisé lors de votre commande.",
        "message": "Ce champ est obligatoire.",
    }


values = st.one_of(
    st.text(max_size=300),
    st.none(),
    st.integers(),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
    st.binary(max_size=20),
)


@given(
    email=values,
    phone=values,
    order_reference=values,
    message=values,
    category=st.sampled_from(["payment", "account", "", "x"]),
    topic=st.sampled_from(["payment-refused", "complaint", "", "x"]),
)
def test_only_its_own_validation_error_ever_escapes(
    email, phone, order_reference, message, category, topic
):
    data = {
        "category_id": category,
        "topic_id": topic,
        "email": email,
        "phone": phone,
        "order_reference": order_reference,
        "message": message,
    }
    try:
        ContactRequestIn.model_validate(data)
    except ValidationError as exc:
        errors = field_errors(exc, "fr")
        assert errors and all(isinstance(m, str) and m for m in errors.values())


# Text a customer writes: letters, digits, punctuation, spaces and line breaks (no hidden
# control characters, which have their own refusal).
WRITTEN = st.characters(categories=("L", "N", "P", "S", "Zs"), exclude_characters="\u00a0")


@given(
    # The bounds themselves are in the tables above; drawing thousands of characters here
    # would trip Hypothesis' « data too large » health check now and then.
    core=st.text(alphabet=WRITTEN, min_size=20, max_size=600).filter(
        lambda text: len(text.strip()) >= 20
    ),
    margin=st.sampled_from(["", " ", "\n", "\r\n", "  \t"]),
)
def test_a_message_of_20_to_5000_characters_is_kept_as_written(core, margin):
    # Valid by construction: every example reaches the assertions.
    request = ContactRequestIn.model_validate({**GOOD, "message": margin + core + margin})
    expected = unicodedata.normalize("NFC", core.replace("\r\n", "\n")).strip()
    assert request.message == expected
    assert MESSAGE_BOUNDS[0] <= len(request.message) <= MESSAGE_BOUNDS[1]


@given(
    text=st.one_of(
        # Measured as stored (NFC), which may lengthen a text: « क़ » is two characters.
        st.text(alphabet=WRITTEN, max_size=19).filter(
            lambda text: len(unicodedata.normalize("NFC", text).strip()) < 20
        ),
        # Past the bound by construction: 5000 random characters each run would exceed
        # what Hypothesis draws comfortably (its « data too large » health check).
        st.builds(
            lambda head, tail: head + "é" * MESSAGE_BOUNDS[1] + tail,
            st.text(alphabet=WRITTEN, max_size=200),
            st.text(alphabet=WRITTEN, min_size=1, max_size=200).filter(str.strip),
        ),
    )
)
def test_a_message_too_short_or_too_long_is_refused_in_french(text):
    stripped = len(unicodedata.normalize("NFC", text).strip())
    assert stripped < MESSAGE_BOUNDS[0] or stripped > MESSAGE_BOUNDS[1]
    [(field, message)] = errors_for(message=text).items()
    assert field == "message"
    if stripped == 0:
        assert message == "Décrivez votre demande."
    elif stripped < MESSAGE_BOUNDS[0]:
        assert message.startswith("Votre message est trop court")
    else:
        assert message.startswith("Votre message est trop long")


MESSAGE_BOUNDS = (20, 5000)
