"""Plan blocks on the household page and small helpers for plan templates."""

from __future__ import annotations

from typing import Any

from django import template

from verbinding import clock
from verbinding.plans import selectors
from verbinding.plans.models import Agreement, owner_label

register = template.Library()


@register.filter
def owner(agreement: Agreement, for_tenant: bool = False) -> str:
    return owner_label(agreement, for_tenant=bool(for_tenant))


@register.filter
def next_statuses(agreement: Agreement, transitions: dict[str, tuple[str, ...]]) -> list[str]:
    return list(transitions.get(agreement.status, ()))


@register.inclusion_tag("plans/_household_plan.html", takes_context=True)
def household_plan(context: Any, household: Any) -> dict[str, Any]:
    request = context["request"]
    return {
        "household": household,
        "view": selectors.plan_view(user=request.user, household=household, full=False),
        "today": clock.today(),
    }
