"""The network block on the household page; it pulls its own data through the selectors."""

from __future__ import annotations

from typing import Any

from django import template

from verbinding import clock
from verbinding.network import selectors

register = template.Library()


@register.inclusion_tag("network/_household_map.html", takes_context=True)
def household_network(context: Any, household: Any) -> dict[str, Any]:
    request = context["request"]
    today = clock.today()
    entries = selectors.network_on(user=request.user, household=household, on=today)
    return {
        "household": household,
        "entries": entries,
        "svg": selectors.ecomap_svg(household=household, entries=entries, on=today),
    }
