"""``{{ value|cell:kind }}``: a dashboard number, formatted for its kind and the language."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from verbinding.outcomes.figure import DAYS, EURO, GRADE, INT, MONTHS, PCT
from verbinding.web.templatetags.verbinding import format_euro

register = template.Library()


def format_cell(value: Any, kind: str) -> str:
    if value is None:
        return _("fewer than 5") if kind == GRADE else "-"
    if kind == EURO:
        return format_euro(int(value), whole=True)
    if kind == INT:
        return number_format(value, force_grouping=True)
    if kind == MONTHS:
        return number_format(value, decimal_pos=1)
    if kind == PCT:
        return f"{number_format(value, decimal_pos=1)} %"
    if kind == GRADE:
        return number_format(value, decimal_pos=1)
    if kind == DAYS:
        return _("%(n)s days") % {"n": number_format(value, decimal_pos=0)}
    return str(value)


@register.filter
def cell(value: Any, kind: str) -> str:
    return format_cell(value, kind)


@register.filter
def zip_groups(rows: list[Any], groups: list[str]) -> list[tuple[Any, str]]:
    groups = list(groups) + [""] * (len(rows) - len(groups))
    return list(zip(rows, groups, strict=False))


@register.filter
def kinds(row: list[Any], columns: list[Any]) -> list[tuple[Any, str]]:
    return [(v, c.kind) for v, c in zip(row, columns, strict=False)]
