"""Small helpers for the arrangement pages."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

# Notes the system writes on a status change (kept in English in the data), shown in Dutch.
SYSTEM_NOTES = {
    "inside the margins": _("inside the margins: agreed by the advisor"),
    "approved": _("approved by the team lead"),
    "declined": _("declined by the team lead"),
    "replaced by a new proposal": _("replaced by a new proposal"),
    "all instalments paid": _("all instalments paid"),
}


@register.filter
def history_note(note: str) -> str:
    label = SYSTEM_NOTES.get(note)
    return str(label) if label is not None else note
