"""The contact timeline block on the household page; it pulls its own data through the selector."""

from __future__ import annotations

from typing import Any

from django import template

from verbinding.contacts import selectors

register = template.Library()

HOUSEHOLD_PAGE_LIMIT = 5  # the latest five; the rest behind "All contact moments"


@register.inclusion_tag("contacts/_household_timeline.html", takes_context=True)
def contact_timeline(context: Any, household: Any) -> dict[str, Any]:
    request = context["request"]
    entries = selectors.timeline(
        user=request.user, household=household, limit=HOUSEHOLD_PAGE_LIMIT + 1
    )
    return {
        "household": household,
        "entries": entries[:HOUSEHOLD_PAGE_LIMIT],
        "more": len(entries) > HOUSEHOLD_PAGE_LIMIT,
        "compact": True,
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
