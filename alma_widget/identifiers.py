"""The shapes of the identifiers that the browser checks too, defined once.

Python matches them whole (`re.fullmatch`); the loader (embedding/loader.py) and the form's
checks (components/form_checks.py) hand the same sources to their scripts, which anchor
them. Each is written in the part of regular-expression syntax that Python and JavaScript
read alike.
"""

from __future__ import annotations

import re

# A content id (category, topic): lower-case letters without accents, digits and hyphens.
STABLE_ID = r"[a-z0-9][a-z0-9-]{0,63}"
# The merchant's own id for itself, as the host page gives it.
MERCHANT_ID = r"[A-Za-z0-9_-]{1,64}"
# An order reference as merchants print them: letters, digits, « _ », « / », « - ».
ORDER_REFERENCE = r"[A-Za-z0-9_/-]{1,64}"
# A request's public reference (storage/queries.py draws them): ALM- and 8 Crockford base32.
REQUEST_REFERENCE = r"ALM-[0-9A-HJKMNP-TV-Z]{8}"
# Alma's own id for a customer, as its signed identity token names them (server side only).
CUSTOMER_ID = r"[A-Za-z0-9_.:-]{1,64}"
# The host's accent colour.
HEX_COLOUR = r"#[0-9a-fA-F]{6}"

# What the loader's script checks, by option name (alma_widget/embedding/loader.js).
LOADER_PATTERNS = {
    "merchantId": MERCHANT_ID,
    "orderReference": ORDER_REFERENCE,
    "topic": STABLE_ID,
    "accent": HEX_COLOUR,
}


def matches(pattern: str, value: str) -> bool:
    """The whole value has the shape (as the scripts check it)."""
    return re.fullmatch(pattern, value) is not None
