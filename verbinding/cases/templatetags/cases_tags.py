"""The 'open a case' block on the household page, pulling its own data."""

from __future__ import annotations

from typing import Any

from django import template

from verbinding.cases.forms import CaseOpenForm

register = template.Library()


@register.inclusion_tag("cases/_open_form.html", takes_context=True)
def case_open_form(context: Any, household: Any) -> dict[str, Any]:
    return {
        "household": household,
        "form": CaseOpenForm(auto_id="case_%s"),
        "request": context.get("request"),
    }
