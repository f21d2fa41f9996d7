"""``{% load lessons %}{% write_lesson_link case %}``: a 'write a lesson' link on a closed case,
for the case page (shown only when the case is closed)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from verbinding.vera import codes

register = template.Library()


@register.simple_tag
def write_lesson_link(case: Any) -> str:
    if getattr(case, "status", None) not in codes.CLOSED_CASE_STATUSES:
        return ""
    url = f"{reverse('lessons:new')}?case={case.id}"
    return format_html('<a class="button secondary" href="{}">{}</a>', url, _("Write a lesson"))
