"""The contact request as typed by the customer: the only place where it is validated.

Every refusal is a PydanticCustomError with a French message meant for the customer, so the
model only ever raises pydantic's ValidationError, whatever it is given.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    create_model,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from alma_widget.content.loading import catalog
from alma_widget.customer_request.details import DETAIL_NAMES, DETAILS, Detail, texts_of
from alma_widget.identifiers import matches

EMAIL_MAX = 254
MESSAGE_MIN, MESSAGE_MAX = 20, 5000
PHONE_INPUT_MAX = 40
# Bidirectional overrides and isolates can make a text read differently from what it is.
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
# The contact form's fields, in the form's order (the page contract carries them to the scripts).
CONTACT_FIELDS = ("email", "phone", *DETAIL_NAMES, "message")


def _refuse(code: str, **context: Any) -> PydanticCustomError:
    """A refusal named by its code in the content's [errors]; French as pydantic's message."""
    return PydanticCustomError(code, getattr(catalog().errors, code), context)


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _refuse("type")
    return value


def _no_hidden_controls(text: str, *, allowed: str = "") -> str:
    """Refuse bidirectional controls and control characters (but those in `allowed`)."""
    if any(c in _BIDI_CONTROLS for c in text):
        raise _refuse("bidi")
    if any(unicodedata.category(c) == "Cc" and c not in allowed for c in text):
        raise _refuse("control")
    return text


def _domain_is_one_script(domain: str) -> bool:
    """Refuse look-alike domains such as "gmаil.com" with a Cyrillic "а"."""
    for char in domain:
        if char.isascii():
            continue
        if not unicodedata.name(char, "").startswith("LATIN"):
            return False
    return True


def clean_email(value: Any) -> str:
    """The normalized email, or a refusal."""
    text = _no_hidden_controls(_as_text(value).strip())
    if not text:
        raise _refuse("email_required")
    if len(text) > EMAIL_MAX:
        raise _refuse("email_too_long", max=EMAIL_MAX)
    try:
        result = validate_email(text, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError:
        raise _refuse("email_invalid") from None
    if not _domain_is_one_script(result.domain):
        raise _refuse("email_mixed_script")
    # email_validator has checked the normalized address's length too (in UTF-8 bytes).
    return result.normalized


def clean_phone(value: Any) -> str | None:
    """The number in E.164, None when empty, or a refusal."""
    text = _no_hidden_controls(_as_text(value).strip())
    if not text:
        return None
    invalid = _refuse("phone_invalid")
    if len(text) > PHONE_INPUT_MAX:
        raise invalid
    try:
        number = phonenumbers.parse(text, "FR")
    except phonenumbers.NumberParseException:
        raise invalid from None
    if not phonenumbers.is_valid_number(number):
        raise invalid
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def detail_cleaner(detail: Detail) -> Callable[[Any], str | None]:
    """A detail's check (customer_request/details.py): None when empty, or a refusal in the
    content's words for it."""

    def clean(value: Any) -> str | None:
        text = _as_text(value).strip()
        if not text:
            return None
        if len(text) > detail.max_length or not matches(detail.pattern, text):
            raise PydanticCustomError("detail_invalid", texts_of(detail, catalog()).invalid)
        return text

    return clean


# The host page may prefill it (alma_widget/embedding/host_config.py).
clean_order_reference = detail_cleaner(next(d for d in DETAILS if d.name == "order_reference"))


def _message(value: Any, *, minimum: int = MESSAGE_MIN) -> str:
    text = unicodedata.normalize("NFC", _as_text(value).replace("\r\n", "\n")).strip()
    _no_hidden_controls(text, allowed="\n\t")
    if not text:
        raise _refuse("message_required")
    if len(text) < minimum:
        raise _refuse("message_too_short", min=minimum)
    if len(text) > MESSAGE_MAX:
        raise _refuse("message_too_long", max=MESSAGE_MAX, length=len(text))
    return text


def clean_answer(value: Any) -> str:
    """An answer under a conversation: the message's rules, but « Oui » or « Merci » is a
    whole answer (the request itself already says what it is about)."""
    return _message(value, minimum=1)


class _ContactRequest(BaseModel):
    """What the customer sent; fields are normalized (email lower-cased domain, phone E.164).
    The details (customer_request/details.py) are added to it below, one field each."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    category_id: Annotated[str, BeforeValidator(_as_text)]
    topic_id: Annotated[str, BeforeValidator(_as_text)]
    email: Annotated[str, BeforeValidator(clean_email)]
    phone: Annotated[str | None, BeforeValidator(clean_phone)] = Field(None, validate_default=True)
    message: Annotated[str, BeforeValidator(_message)]

    @field_validator("phone")
    @classmethod
    def _phone_required_for_purchases(cls, phone: str | None, info: ValidationInfo) -> str | None:
        """Purchase and order questions need the phone used for the order."""
        if phone is None and requires_phone(info.data.get("category_id", "")):
            raise _refuse("phone_required")
        return phone

    @model_validator(mode="after")
    def _fits_the_topic(self) -> _ContactRequest:
        if catalog().topic(self.category_id, self.topic_id) is None:
            raise _refuse("topic_required")
        return self


if TYPE_CHECKING:  # the details are fields of their own, read by name (details.values_of)
    ContactRequestIn = _ContactRequest
else:
    ContactRequestIn = create_model(
        "ContactRequestIn",
        __base__=_ContactRequest,
        __doc__=_ContactRequest.__doc__,
        **{
            detail.name: (Annotated[str | None, BeforeValidator(detail_cleaner(detail))], None)
            for detail in DETAILS
        },
    )


def requires_phone(category_id: str) -> bool:
    """Purchase and order categories ask for the phone used for the order."""
    category = catalog().category(category_id)
    return category is not None and category.asks_for_order


def field_errors(exc: ValidationError, locale: str) -> dict[str, str]:
    """One message per field in the customer's language, in form order; "form" for the rest."""
    texts = catalog(locale).errors
    errors: dict[str, str] = {}
    for error in exc.errors():
        loc = error["loc"]
        field = str(loc[0]) if loc and str(loc[0]) in CONTACT_FIELDS else "form"
        code = "required" if error["type"] == "missing" else error["type"]
        # A refusal with no wording of its own (one of pydantic's) gets the generic one, never
        # pydantic's English message.
        template = getattr(texts, code, texts.invalid)
        if code == "detail_invalid":
            template = catalog(locale).details[field].invalid
        errors.setdefault(field, template.format(**error.get("ctx", {})))
    order = {name: index for index, name in enumerate(("form", *CONTACT_FIELDS))}
    return dict(sorted(errors.items(), key=lambda item: order[item[0]]))
