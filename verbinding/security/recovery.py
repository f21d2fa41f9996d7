"""Recovery codes are stored as keyed digests, never as the codes themselves.

django-otp's static device keeps its tokens in clear in a 16-character column: whoever reads the
database (a backup, a support copy) could log in past the second factor. We store
``digest(code)`` instead: an HMAC-SHA256 under ``SECRET_KEY`` (8-digit codes are too few for an
unkeyed hash to protect anything), base32, cut to fit the column and starting with ``h``. A
digest is never accepted as a code: the form takes digits only. After a key rotation the codes
made under a key in ``SECRET_KEY_FALLBACKS`` keep working.
"""

from __future__ import annotations

import hashlib
import hmac
from base64 import b32encode

from django.conf import settings
from django_otp.plugins.otp_static.models import StaticDevice

PREFIX = "h"


def digest(code: str, key: str | None = None) -> str:
    secret = (key if key is not None else settings.SECRET_KEY).encode()
    mac = hmac.new(secret, f"verbinding.recovery:{code}".encode(), hashlib.sha256).digest()
    return PREFIX + b32encode(mac).decode().lower()[:15]


def use(user: object, code: str) -> StaticDevice | None:
    """The user's recovery device if ``code`` is one of its codes (then used up), else None.
    django-otp's throttling counts the failures."""
    if not code.isdigit():
        return None
    device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return None
    for key in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        if device.token_set.filter(token=digest(code, key)).exists():
            return device if device.verify_token(digest(code, key)) else None
    device.verify_token(digest(code))  # a wrong code: counted by the throttle
    return None
