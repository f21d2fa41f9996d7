"""The navigation, by role.

Each app may declare ``navigation`` on its AppConfig: a list of ``(url name, label, roles, order)``.
The menu is collected from all installed apps, so a new app adds its page without touching this file.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

NavEntry = tuple[str, Any, tuple[str, ...], int]


@cache
def _entries() -> list[NavEntry]:
    entries: list[NavEntry] = []
    for config in apps.get_app_configs():
        entries.extend(getattr(config, "navigation", []))
    return sorted(entries, key=lambda e: e[3])


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        current = request.resolver_match.view_name if request.resolver_match else ""
        role = getattr(user, "role", None)
        for name, label, roles, _order in _entries():
            if role in roles:
                items.append({"url": reverse(name), "label": label, "current": name == current})
    return {"nav_items": items, "association_name": settings.ASSOCIATION_NAME}
