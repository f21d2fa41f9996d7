"""One-time feedback links.

New links carry a **short code** a tenant can type from a paper letter: 8 characters from an
alphabet without look-alikes (no 0/O, 1/I/L), shown as ``ABCD-EFGH``: 31^8 ≈ 8.5 × 10^11 codes,
guessed at most 20 times per 10 minutes per address (``services.attempt_allowed``). Only a keyed
hash (HMAC with the secret key) is stored, so a copy of the database does not give the codes.

Older links carry a long random token, signed (a made-up link is refused without a database
look-up) and stored as a SHA-256 hash; they keep working until they expire."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core import signing

SALT = "verbinding.feedback.link"


ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L
CODE_LENGTH = 8


def new_code() -> tuple[str, str]:
    """Return ``(code, code_hash)``: the code goes on the letter, the hash in the database."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return raw, code_hash(raw)


def code_hash(raw: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"code:{raw}".encode(), hashlib.sha256
    ).hexdigest()


def normalise_code(text: str) -> str | None:
    """A typed code as stored (upper case, without spaces or hyphens), or ``None`` if it cannot be
    one: then no database look-up is done."""
    raw = "".join(ch for ch in text.upper() if ch not in " -")
    if len(raw) != CODE_LENGTH or any(ch not in ALPHABET for ch in raw):
        return None
    return raw


def display_code(raw: str) -> str:
    return f"{raw[:4]}-{raw[4:]}"


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
