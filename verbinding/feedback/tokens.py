"""One-time feedback links: a random token, signed (so a mistyped or made-up link is refused
without a database look-up) and stored only as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core import signing

SALT = "verbinding.feedback.link"


def new_token() -> tuple[str, str]:
    """Return ``(url_token, token_hash)``: the first goes on the letter, the second in the db."""
    raw = secrets.token_urlsafe(18)
    return signing.Signer(salt=SALT).sign(raw), token_hash(raw)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def unsign(url_token: str) -> str | None:
    """The raw token inside a signed URL token, or ``None`` if the signature is wrong."""
    try:
        return signing.Signer(salt=SALT).unsign(url_token)
    except signing.BadSignature:
        return None


def client_key(address: str) -> str:
    """A keyed hash of the visitor's address: enough to count attempts, not to know who it was."""
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()
