"""The 'open a case' block on the household page, pulling its own data."""

from __future__ import annotations

from typing import Any

from django import template

from verbinding.cases.forms import CaseOpenForm
from verbinding.web import formhtml

register = template.Library()


@register.inclusion_tag("cases/_open_form.html", takes_context=True)
def case_open_form(context: Any, household: Any) -> dict[str, Any]:
    fields = CaseOpenForm.base_fields
    return {
        "household": household,
        "fields": [  # (id, label, widget): the unbound form, drawn once per process
            (
                f"case_{name}",
                fields[name].label,
                formhtml.widget(CaseOpenForm, name, auto_id="case_%s"),
            )
            for name in ("detail", "summary")
        ],
        "request": context.get("request"),
    }
