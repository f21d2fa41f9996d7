"""Render the association's letter texts safely.

The texts use Django template syntax, but through an engine of their own: no template loaders
(no ``include``/``extends``), no ``{% load %}`` libraries, no ``debug``/``url``/``csrf_token`` tags,
and a fixed context of plain strings and numbers (``CONTEXT_FIELDS``). So an edited template can show
and arrange the facts it is given, and nothing else.
"""

from __future__ import annotations

from typing import Any

from django.template import (
    Context,
    Engine,
    Library,
    TemplateSyntaxError,
    defaultfilters,
    defaulttags,
)
from django.utils.translation import gettext_lazy as _

ALLOWED_TAGS = {
    "if", "for", "with", "comment", "firstof", "cycle", "filter", "spaceless",
    "verbatim", "templatetag", "widthratio", "autoescape", "ifchanged", "resetcycle",
}  # fmt: skip

register = Library()
for _name, _tag in defaulttags.register.tags.items():
    if _name in ALLOWED_TAGS:
        register.tags[_name] = _tag
register.filters.update(defaultfilters.register.filters)

# The fields a letter text may use, with what they mean (shown on the template page).
CONTEXT_FIELDS: dict[str, Any] = {
    "name": _("the tenant's name"),
    "address": _("the address of the home"),
    "association": _("the name of the housing association"),
    "date": _("the date of the letter"),
    "contract": _("the contract number"),
    "reference": _("the payment reference"),
    "rent": _("the monthly rent"),
    "arrears": _("the arrears"),
    "costs": _("the collection costs (14-day letter)"),
    "total": _("arrears plus costs"),
    "advisor": _("the advisor's name"),
    "advisor_phone": _("the advisor's phone number"),
    "advisor_email": _("the advisor's e-mail address"),
    "team_phone": _("the team's phone number"),
    "team_email": _("the team's e-mail address"),
    "iban": _("the association's bank account (IBAN)"),
    "months": _("14-day letter: a list of lines 'month: unpaid rent'"),
    "principal": _("14-day letter: the rent in default (the principal)"),
    "costs_vat": _("14-day letter: the VAT in the costs (empty when none)"),
    "vat_percent": _("14-day letter: the VAT percentage"),
    "other": _("14-day letter: other amounts owed, without costs (empty when none)"),
    "not_yet_due": _("14-day letter: rent not yet in default, left out"),
    "reminded": _("14-day letter: a reminder was sent in this arrears episode (yes/no)"),
    "waiting_days": _("reminder: the days the tenant has to object to the early signal"),
    "signal_data": _("reminder: the data passed on to the municipality, in words"),
    "amount": _("arrangement: the amount"),
    "instalment": _("arrangement: the monthly instalment"),
    "instalments": _("arrangement: the number of instalments"),
    "first_due": _("arrangement: the first due date"),
    "schedule": _("arrangement: a list of lines 'date: amount'"),
}


class SandboxEngine(Engine):
    default_builtins = ["verbinding.letters.sandbox"]


_engine = SandboxEngine(loaders=[], libraries={}, autoescape=False, string_if_invalid="")


class LetterTemplateError(ValueError):
    pass


def render(text: str, context: dict[str, Any]) -> str:
    unknown = set(context) - set(CONTEXT_FIELDS)
    if unknown:
        raise LetterTemplateError(f"Unknown context fields: {sorted(unknown)}")
    safe = {k: v for k, v in context.items() if isinstance(v, str | int | list)}
    try:
        return _engine.from_string(text).render(Context(safe, autoescape=False))
    except TemplateSyntaxError as error:
        raise LetterTemplateError(str(error)) from error
    except Exception as error:  # e.g. TemplateDoesNotExist for an include
        raise LetterTemplateError(str(error)) from error


def check(text: str) -> str | None:
    """``None`` if the text renders with sample values, else the error message."""
    sample: dict[str, Any] = {k: f"[{k}]" for k in CONTEXT_FIELDS}
    sample["schedule"] = ["[date]: [amount]"]
    sample["months"] = ["[month]: [amount]"]
    sample["not_yet_due"] = []
    sample["reminded"] = True
    try:
        render(text, sample)
    except LetterTemplateError as error:
        return str(error)
    return None
