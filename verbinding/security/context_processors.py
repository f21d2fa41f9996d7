from typing import Any

from django.conf import settings
from django.http import HttpRequest


def security(request: HttpRequest) -> dict[str, Any]:
    """``two_factor_off``: the header warns that two-step verification is switched off (the demo)."""
    return {
        "two_factor_off": not settings.TWO_FACTOR_REQUIRED and not settings.TESTING,
        "sso_enabled": settings.OIDC_ENABLED,
    }
