"""The scopes a client can hold (OAuth2 ``scope`` claim or the API key's list)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

SCOPES: dict[str, object] = {
    "register:read": _(
        "read households, persons, tenancies, payment details and contact preferences"
    ),
    "register:write": _("create and update households and tenancies (bulk, by ERP key)"),
    "ledger:read": _("read bank statements and their lines (as the functional administrator)"),
    "ledger:write": _("add rent ledger lines (bookings) in bulk and bank statements"),
    "casework:read": _(
        "read arrangements, external collections, contact moments, cases and the worklist"
    ),
    "feedback:read": _("read the contacts a tenant may rate (kwaliteitsmetingsverzoeken)"),
    "feedback:write": _("send tenants' grades (kwaliteitsmetingsresultaten)"),
    "signals:read": _("read early signals (vroegsignalering)"),
}
SCOPE_CHOICES = [(k, f"{k}: {v}") for k, v in SCOPES.items()]
