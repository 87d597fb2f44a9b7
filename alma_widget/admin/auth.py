"""Back-office credentials: a scrypt hash from the environment, never a default in production.

alma-widget-hash-password        prints the hash to put in ALMA_ADMIN_PASSWORD_HASH
"""

from __future__ import annotations

import base64
import getpass
import hashlib
import hmac
import os
import sys

_N, _R, _P = 2**14, 8, 1


def hash_password(password: str) -> str:
    """A salted scrypt hash: scrypt$N$r$p$salt$hash (base64)."""
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P)
    encode = lambda raw: base64.b64encode(raw).decode()  # noqa: E731
    return f"scrypt${_N}${_R}${_P}${encode(salt)}${encode(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """True when `password` matches `stored`; False for anything malformed."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        computed = hashlib.scrypt(
            password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p)
        )
        return hmac.compare_digest(computed, base64.b64decode(digest))
    except (ValueError, TypeError):
        return False


def main() -> int:
    """Console command: read a password (or stdin) and print its hash."""
    password = sys.stdin.readline().rstrip("\n") if not sys.stdin.isatty() else getpass.getpass()
    if len(password) < 12:
        print("Mot de passe trop court : 12 caractères au moins.", file=sys.stderr)
        return 2
    print(hash_password(password))
    return 0
