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
from django.urls import get_script_prefix, reverse

NavEntry = tuple[str, Any, tuple[str, ...], int]


@cache
def _entries() -> list[NavEntry]:
    entries: list[NavEntry] = []
    for config in apps.get_app_configs():
        entries.extend(getattr(config, "navigation", []))
    return sorted(entries, key=lambda e: e[3])


@cache
def _menu(role: str | None, prefix: str) -> tuple[tuple[str, str, Any], ...]:
    """(url name, address, label) of a role's menu: the same for everyone with that role, so the
    addresses are reversed once per process, not on every page (labels stay lazy: translated
    when the page renders, in the page's language)."""
    return tuple(
        (name, reverse(name), label) for name, label, roles, _ in _entries() if role in roles
    )


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    items = []
    key: tuple[Any, ...] = ()
    if user is not None and user.is_authenticated:
        current = request.resolver_match.view_name if request.resolver_match else ""
        role, prefix = getattr(user, "role", None), get_script_prefix()
        for name, url, label in _menu(role, prefix):
            items.append({"url": url, "label": label, "current": name == current})
        # what the menu depends on besides the language: base.html draws it once per key
        key = (role, prefix, current if any(item["current"] for item in items) else "")
    return {"nav_items": items, "nav_key": key, "association_name": settings.ASSOCIATION_NAME}
