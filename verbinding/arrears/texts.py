"""Plain-language reasons and suggested next steps for each signal (translated; Dutch first)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from verbinding.web.dates import day_text
from verbinding.web.templatetags.verbinding import format_euro


def months_text(value: Any) -> str:
    number = Decimal(str(value)).quantize(Decimal("0.1"))
    text = f"{number.normalize():f}" if number == number.to_integral() else f"{number:f}"
    from django.utils.translation import get_language

    return text.replace(".", ",") if (get_language() or "nl").startswith("nl") else text


def _day(value: str | dt.date) -> str:
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return day_text(day, "j M")


def reason(kind: str, params: dict[str, Any]) -> str:
    """Why this signal matters, with its figures, e.g. '2 months of rent in arrears (€ 1.412)'."""
    amount = format_euro(params.get("arrears_cents"), whole=True)
    months = months_text(params.get("months", 0))
    count = 1 if months == "1" else 2
    if kind == "arrears_3m":
        return ngettext(
            "%(months)s month of rent in arrears (%(amount)s): court threshold",
            "%(months)s months of rent in arrears (%(amount)s): court threshold",
            count,
        ) % {"months": months, "amount": amount}
    if kind in ("arrears_2m", "arrears_1m"):
        return ngettext(
            "%(months)s month of rent in arrears (%(amount)s)",
            "%(months)s months of rent in arrears (%(amount)s)",
            count,
        ) % {"months": months, "amount": amount}
    if kind == "missed":
        days = int(params.get("days", 0))
        return ngettext(
            "Rent due %(due)s not (fully) paid, %(days)d day late (%(amount)s)",
            "Rent due %(due)s not (fully) paid, %(days)d days late (%(amount)s)",
            days,
        ) % {"due": _day(params["due_on"]), "days": days, "amount": amount}
    if kind == "storno":
        text = _("Direct debit of %(amount)s reversed by the bank") % {
            "amount": format_euro(params.get("amount_cents"), whole=True)
        }
        if params.get("return_reason"):
            text += f" ({params['return_reason']})"
        return text
    if kind == "partial":
        return _("Paid %(paid)s of %(due)s this month") % {
            "paid": format_euro(params.get("paid_cents"), whole=True),
            "due": format_euro(params.get("due_cents"), whole=True),
        }
    if kind == "later":
        if params.get("paid_on"):
            return _("Paid on day %(paid)s this month; usually around day %(usual)s") % {
                "paid": params["paid_on"],
                "usual": params["usual_day"],
            }
        return _("Usually pays around day %(usual)s; nothing received yet this month") % {
            "usual": params["usual_day"]
        }
    if kind == "relapse":
        return _("Arrears growing again after being cleared on %(cleared)s") % {
            "cleared": _day(params["cleared_on"])
        }
    return kind


SUGGESTIONS = {
    "arrears_3m": gettext_lazy(
        "Visit before anything goes to court: has personal contact been tried? Discuss an "
        "arrangement or debt help."
    ),
    "arrears_2m": gettext_lazy(
        "A home visit is advised: most tenants see the problem themselves now."
    ),
    "relapse": gettext_lazy(
        "Ask what changed since the arrears were cleared; look at the old agreement."
    ),
    "storno": gettext_lazy(
        "Call or drop by: ask whether something changed, e.g. income or account."
    ),
    "arrears_1m": gettext_lazy(
        "Make personal contact: call or drop by, start with how they are doing."
    ),
    "partial": gettext_lazy("Ask whether paying the full rent is hard at the moment."),
    "missed": gettext_lazy("Call or send a friendly message; it may be a slip."),
    "later": gettext_lazy("Keep an eye on it; mention it at the next contact."),
}


def suggestion(kind: str) -> str:
    """A suggested next step: a suggestion, never a required action."""
    text = SUGGESTIONS.get(kind)
    return str(text) if text is not None else ""
